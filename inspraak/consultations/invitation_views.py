# SPDX-License-Identifier: EUPL-1.2
"""Inviting a facilitator by a one-time link, and accepting it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations import invitations
from inspraak.consultations.access import (
    access_consultation,
    access_invitation,
    access_invitation_token,
)
from inspraak.consultations.setup_forms import AccountForm, InvitationForm


@login_required
def invitation_new(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    initial = (
        {"sessions": [request.GET["session"]]} if request.GET.get("session", "").isdigit() else {}
    )
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        consultation=consultation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = invitations.invitation_create(
                consultation=consultation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The token is known only now: show the link once, never store it.
            link = request.build_absolute_uri(reverse("invitation_accept", args=[token]))
            response = render(
                request,
                "consultations/invitation_created.html",
                {"consultation": consultation, "invitation": invitation, "link": link},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "consultations/invitation_new.html",
        {"consultation": consultation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    invitation = access_invitation(request.user, slug, invitation_id)
    invitations.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(request, _("The link no longer works."))
    return redirect("setup", slug=slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding the link: log in and accept, or make an account here."""
    invitation = access_invitation_token(token)
    form = AccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            user = _accept(request, invitation, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if user is not None:
                return _accepted(request, invitation)
    response = render(
        request,
        "consultations/invitation_accept.html",
        {
            "invitation": invitation,
            "sessions": invitation.sessions.select_related("round"),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
    # The token is in the URL: keep it out of other sites' Referer headers and caches
    # ("no-referrer" would also blank the Origin of our own form post and fail CSRF).
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


def _accept(request: HttpRequest, invitation: Any, form: AccountForm) -> Any:
    if request.user.is_authenticated and request.POST.get("as_me") == "1":
        invitations.invitation_accept(invitation=invitation, user=request.user)
        return request.user
    if not form.is_valid():
        return None
    user = invitations.invitation_accept_new_user(
        invitation=invitation,
        username=form.cleaned_data["username"],
        password=form.cleaned_data["password"],
    )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return user


def _accepted(request: HttpRequest, invitation: Any) -> HttpResponse:
    messages.success(request, _("Welcome. You can now open your sessions."))
    sessions = list(invitation.sessions.all())
    if len(sessions) == 1:
        return redirect("session", slug=invitation.consultation.slug, session_id=sessions[0].pk)
    return redirect("consultation", slug=invitation.consultation.slug)
