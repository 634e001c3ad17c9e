# SPDX-License-Identifier: EUPL-1.2
"""Who may see decisions. Organiser pages go through core.access; public pages through here.

Each helper fetches the object and checks the right to it, and raises Http404
when either fails, so nobody learns what exists elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from inspraak.consultations.access import access_consultation, access_participant
from inspraak.consultations.models import Consultation, Round
from inspraak.decisions.models import Chapter, ParticipantLink


def access_decision_round(user: Any, slug: str, round_id: str | int | None) -> tuple[Any, Any]:
    """(consultation, round) for an organiser: the given round, or the consultation's first."""
    consultation = access_consultation(user, slug, manage=True)
    rounds = consultation.rounds.all()
    raw = str(round_id or "")
    found = rounds.filter(pk=raw).first() if raw.isdigit() else rounds.first()
    if found is None:
        raise Http404("No such round.")
    return consultation, found


def access_chapter(user: Any, slug: str, chapter_id: int) -> Chapter:
    consultation = access_consultation(user, slug, manage=True)
    try:
        return consultation.chapters.get(pk=chapter_id)
    except Chapter.DoesNotExist:
        raise Http404("No such chapter.") from None


def access_participant_link(user: Any, slug: str, participant_id: int) -> Any:
    """A participant of a consultation the user organises (to show or revoke their link)."""
    return access_participant(user, slug, participant_id)


def access_own_link(token: str) -> ParticipantLink:
    """The participant's own link, for anyone holding it, while it is not revoked."""
    link = (
        ParticipantLink.objects.filter(token=token, revoked_at=None)
        .select_related("participant__consultation")
        .first()
        if token
        else None
    )
    if link is None:
        raise Http404("No such link.")
    return link


def access_public_decisions(slug: str) -> tuple[Consultation, list[Round]]:
    """A consultation and its rounds whose decisions are published; 404 when none are."""
    consultation = Consultation.objects.filter(slug=slug).first()
    if consultation is None:
        raise Http404("No such consultation.")
    rounds = list(consultation.rounds.filter(decisions_publication__isnull=False))
    if not rounds:
        raise Http404("Nothing published.")
    return consultation, rounds
