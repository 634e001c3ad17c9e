# SPDX-License-Identifier: EUPL-1.2
from django.urls import path, re_path

from inspraak.consultations import participant_views, views

urlpatterns = [
    path("c/<slug:slug>/", views.consultation_page, name="consultation"),
    path("c/<slug:slug>/sessions/<int:session_id>/", views.session_page, name="session"),
    path(
        "c/<slug:slug>/contributions/<int:contribution_id>/",
        views.contribution_page,
        name="contribution",
    ),
    path(
        "c/<slug:slug>/contributions/<int:contribution_id>/hide/",
        views.contribution_hide,
        name="contribution_hide",
    ),
    re_path(r"^c/(?P<slug>[-\w]+)/export\.(?P<fmt>csv|json)$", views.export, name="export"),
]

urlpatterns += [
    path("c/<slug:slug>/participants/", participant_views.participants_page, name="participants"),
    path(
        "c/<slug:slug>/participants/<int:participant_id>/",
        participant_views.participant_page,
        name="participant",
    ),
    path(
        "c/<slug:slug>/participants/<int:participant_id>/data.json",
        participant_views.participant_data_download,
        name="participant_data",
    ),
    path(
        "c/<slug:slug>/participants/<int:participant_id>/erase/",
        participant_views.participant_erase_view,
        name="participant_erase",
    ),
]
