# SPDX-License-Identifier: EUPL-1.2
from django.urls import path, re_path

from inspraak.consultations import (
    home_views,
    invitation_views,
    participant_views,
    setup_views,
    views,
)

urlpatterns = [
    path("", home_views.dashboard, name="dashboard"),
    path("consultations/new/", home_views.consultation_new, name="consultation_new"),
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

# Setting up a consultation in the app (organisers), and facilitator invitations.
urlpatterns += [
    path("c/<slug:slug>/setup/", setup_views.setup_page, name="setup"),
    path("c/<slug:slug>/setup/details/", setup_views.consultation_edit, name="consultation_edit"),
    path("c/<slug:slug>/setup/rounds/new/", setup_views.round_edit, name="round_new"),
    path("c/<slug:slug>/setup/rounds/<int:round_id>/", setup_views.round_edit, name="round_edit"),
    path("c/<slug:slug>/setup/sessions/new/", setup_views.session_new, name="session_new"),
    path(
        "c/<slug:slug>/setup/sessions/<int:session_id>/",
        setup_views.session_setup,
        name="session_setup",
    ),
    path(
        "c/<slug:slug>/setup/sessions/<int:session_id>/facilitators/remove/",
        setup_views.facilitator_remove,
        name="facilitator_remove",
    ),
    path(
        "c/<slug:slug>/setup/sessions/<int:session_id>/prompts/new/",
        setup_views.prompt_new,
        name="prompt_new",
    ),
    path(
        "c/<slug:slug>/setup/prompts/<int:prompt_id>/", setup_views.prompt_edit, name="prompt_edit"
    ),
    *[
        path(
            f"c/<slug:slug>/setup/{kind}s/<int:{kind}_id>/delete/",
            setup_views.setup_delete_view,
            {"kind": kind},
            name=f"{kind}_delete",
        )
        for kind in ("round", "session", "prompt")
    ],
    path("c/<slug:slug>/setup/attributes/", setup_views.attributes_edit, name="attributes_edit"),
    path(
        "c/<slug:slug>/setup/invitations/new/",
        invitation_views.invitation_new,
        name="invitation_new",
    ),
    path(
        "c/<slug:slug>/setup/invitations/<int:invitation_id>/revoke/",
        invitation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invite/<str:token>/", invitation_views.invitation_accept, name="invitation_accept"),
]
