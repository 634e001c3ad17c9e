# SPDX-License-Identifier: EUPL-1.2
from django.urls import path, re_path

from inspraak.decisions import public_views, views

urlpatterns = [
    path("c/<slug:slug>/decisions/", views.decisions_page, name="decisions"),
    path("c/<slug:slug>/decisions/decide/", views.decisions_decide, name="decisions_decide"),
    path("c/<slug:slug>/decisions/publish/", views.decisions_publish, name="decisions_publish"),
    path(
        "c/<slug:slug>/decisions/theme/<int:theme_id>/",
        views.decisions_theme,
        name="decisions_theme",
    ),
    re_path(
        r"^c/(?P<slug>[-\w]+)/decisions/export\.(?P<fmt>csv|xlsx)$",
        views.decisions_export,
        name="decisions_export",
    ),
    path("c/<slug:slug>/chapters/", views.chapters_page, name="decision_chapters"),
    path(
        "c/<slug:slug>/participants/<int:participant_id>/link/",
        views.participant_link_page,
        name="decision_participant_link",
    ),
    path(
        "c/<slug:slug>/participants/<int:participant_id>/link/new/",
        views.participant_link_make,
        name="decision_participant_link_make",
    ),
    path("mijn/<str:token>/", public_views.own_page, name="own_page"),
    path("mijn/<str:token>/revoke/", public_views.own_revoke, name="own_revoke"),
    path("mijn/<str:token>/language/", public_views.own_language, name="own_language"),
    path("verantwoording/<slug:slug>/", public_views.public_page, name="decisions_public"),
]
