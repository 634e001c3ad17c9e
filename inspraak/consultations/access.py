# SPDX-License-Identifier: EUPL-1.2
"""Who may see and do what. Views get objects only through these helpers.

Each `access_*` helper fetches an object *and* checks the user's right to it, and
raises Http404 when either fails, so nobody learns what exists elsewhere.

Rights:
- a superuser (site administrator) may do everything;
- an organiser of a consultation may see and manage all of it;
- a facilitator of a session may see that session and its consultation's page,
  and manage nothing else;
- everyone else sees nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from inspraak.consultations.models import Consultation, Contribution, Participant, Session


def _is_active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def consultations_visible_to(user: Any) -> QuerySet[Consultation]:
    if not _is_active(user):
        return Consultation.objects.none()
    if user.is_superuser:
        return Consultation.objects.all()
    return Consultation.objects.filter(
        Q(organiser_grants__user=user) | Q(rounds__sessions__facilitator_grants__user=user)
    ).distinct()


def consultations_managed_by(user: Any) -> QuerySet[Consultation]:
    if not _is_active(user):
        return Consultation.objects.none()
    if user.is_superuser:
        return Consultation.objects.all()
    return Consultation.objects.filter(organiser_grants__user=user)


def can_manage(user: Any, consultation: Consultation) -> bool:
    return consultations_managed_by(user).filter(pk=consultation.pk).exists()


def sessions_visible_to(user: Any, consultation: Consultation) -> QuerySet[Session]:
    sessions = Session.objects.filter(round__consultation=consultation)
    if can_manage(user, consultation):
        return sessions
    if not _is_active(user):
        return sessions.none()
    return sessions.filter(facilitator_grants__user=user)


def access_consultation(user: Any, slug: str, *, manage: bool = False) -> Consultation:
    """The consultation `slug` if the user may see it (or manage it, with manage=True)."""
    visible = consultations_managed_by(user) if manage else consultations_visible_to(user)
    try:
        return visible.get(slug=slug)
    except Consultation.DoesNotExist:
        raise Http404("No such consultation.") from None


def access_session(user: Any, slug: str, session_id: int) -> Session:
    consultation = access_consultation(user, slug)
    try:
        return sessions_visible_to(user, consultation).select_related("round").get(pk=session_id)
    except Session.DoesNotExist:
        raise Http404("No such session.") from None


def access_contribution(user: Any, slug: str, contribution_id: int) -> Contribution:
    """A contribution, if the user may see its session (or its round, for organisers)."""
    consultation = access_consultation(user, slug)
    contributions = Contribution.objects.filter(round__consultation=consultation)
    if not can_manage(user, consultation):
        contributions = contributions.filter(session__in=sessions_visible_to(user, consultation))
    try:
        return contributions.select_related("session", "round", "participant", "prompt").get(
            pk=contribution_id
        )
    except Contribution.DoesNotExist:
        raise Http404("No such contribution.") from None


def access_participant(user: Any, slug: str, participant_id: int) -> Participant:
    consultation = access_consultation(user, slug, manage=True)
    try:
        return consultation.participants.get(pk=participant_id)
    except Participant.DoesNotExist:
        raise Http404("No such participant.") from None


# How each model reaches its consultation; used to scope the admin to what a user manages.
CONSULTATION_PATHS: dict[str, str] = {
    "consultations.consultation": "",
    "consultations.round": "consultation",
    "consultations.session": "round__consultation",
    "consultations.prompt": "session__round__consultation",
    "consultations.participant": "consultation",
    "consultations.attendance": "session__round__consultation",
    "consultations.contribution": "round__consultation",
    "consultations.note": "session__round__consultation",
    "consultations.consultationorganiser": "consultation",
    "consultations.sessionfacilitator": "session__round__consultation",
    "votes.statement": "consultation",
    "votes.vote": "statement__consultation",
    "sensemaking.analysisrun": "consultation",
    "sensemaking.theme": "run__consultation",
    "core.auditevent": "consultation",
}


def scope_managed(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Only the rows of `queryset` that belong to consultations `user` manages.

    A model without a known path to a consultation is visible to superusers only.
    """
    if _is_active(user) and user.is_superuser:
        return queryset
    path = CONSULTATION_PATHS.get(queryset.model._meta.label_lower)
    if path is None:
        return queryset.none()
    managed = consultations_managed_by(user)
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: managed})


# --- Set-up pages: what organisers build, and what a facilitator's role allows. ---


def can_create_consultations(user: Any) -> bool:
    """Staff accounts (organisers made by an operator) and site administrators."""
    return _is_active(user) and bool(user.is_superuser or user.is_staff)


def access_create_consultation(user: Any) -> None:
    """Raise PermissionDenied unless `user` may start a new consultation."""
    if not can_create_consultations(user):
        raise PermissionDenied


def access_contribution_filter(user: Any, consultation: Consultation, f: Any) -> Any:
    """The filter `f` cut to what the user's role allows.

    Only organisers see hidden input and filter by participant attributes: for a
    facilitator an attribute filter would recover each author's attributes one value at
    a time, so both are ignored for them.
    """
    if can_manage(user, consultation):
        return f
    return replace(f, show_hidden=False, attribute="", value="")


def managed_get(queryset: QuerySet[Any], message: str, **lookup: Any) -> Any:
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(message) from None


def access_round(user: Any, slug: str, round_id: int) -> Any:
    """A round of a consultation the user manages."""
    consultation = access_consultation(user, slug, manage=True)
    return managed_get(
        consultation.rounds.select_related("consultation"), "No such round.", pk=round_id
    )


def access_session_manage(user: Any, slug: str, session_id: int) -> Session:
    """A session of a consultation the user manages (facilitators may run, not edit it)."""
    consultation = access_consultation(user, slug, manage=True)
    sessions = Session.objects.filter(round__consultation=consultation)
    return managed_get(
        sessions.select_related("round__consultation"), "No such session.", pk=session_id
    )


def access_prompt(user: Any, slug: str, prompt_id: int) -> Any:
    from inspraak.consultations.models import Prompt

    consultation = access_consultation(user, slug, manage=True)
    prompts = Prompt.objects.filter(session__round__consultation=consultation)
    return managed_get(
        prompts.select_related("session__round__consultation"), "No such prompt.", pk=prompt_id
    )


def access_invitation(user: Any, slug: str, invitation_id: int) -> Any:
    consultation = access_consultation(user, slug, manage=True)
    return managed_get(
        consultation.facilitator_invitations.all(), "No such invitation.", pk=invitation_id
    )


def access_invitation_token(token: str) -> Any:
    """The invitation a link's token opens, for anyone holding it: only unused and unexpired.

    A used, expired or unknown token all give the same 404, so a guess learns nothing.
    """
    from inspraak.consultations.invitations import invitation_token_hash, invitation_usable
    from inspraak.consultations.models import FacilitatorInvitation

    invitation = (
        FacilitatorInvitation.objects.filter(token_hash=invitation_token_hash(token))
        .select_related("consultation")
        .first()
    )
    if invitation is None or not invitation_usable(invitation):
        raise Http404("No such invitation.")
    return invitation
