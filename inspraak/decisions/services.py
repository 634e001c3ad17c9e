# SPDX-License-Identifier: EUPL-1.2
"""Writes: chapters, meetings, dispositions and their history, publishing, own links.

Every write is keyword-only, validates, runs in one transaction and is audited.
Active theme dispositions of a round never share a contribution: deciding on a
theme takes its contributions over from any disposition that held them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations.models import Consultation, Contribution, Participant, Round
from inspraak.core.audit import audit_log
from inspraak.decisions.models import (
    REASON_REQUIRED,
    Chapter,
    Disposition,
    DispositionChange,
    Meeting,
    Notification,
    ParticipantLink,
    Publication,
    Status,
)
from inspraak.reports.selectors import report_generation_bump


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def chapter_save(
    *,
    consultation: Consultation,
    number: int,
    title: str,
    description: str = "",
    chapter: Chapter | None = None,
    actor: Any,
) -> Chapter:
    """Create a chapter, or change `chapter`; numbers are unique per consultation."""
    title = title.strip()
    if not title:
        raise ValidationError(_("A chapter needs a title."))
    if number < 1:
        raise ValidationError(_("A chapter number is 1 or more."))
    taken = consultation.chapters.filter(number=number)
    if chapter is not None:
        taken = taken.exclude(pk=chapter.pk)
    if taken.exists():
        raise ValidationError(_("Chapter %(n)d exists already.") % {"n": number})
    chapter = chapter or Chapter(consultation=consultation)
    chapter.number, chapter.title, chapter.description = number, title[:200], description.strip()
    chapter.save()
    audit_log(
        actor=actor,
        action="chapter_save",
        target=chapter,
        consultation=consultation,
        detail={"number": number, "title": chapter.title},
    )
    return chapter


@transaction.atomic
def chapter_delete(*, chapter: Chapter, actor: Any) -> None:
    audit_log(
        actor=actor,
        action="chapter_delete",
        target=chapter,
        consultation=chapter.consultation,
        detail={"number": chapter.number, "title": chapter.title},
    )
    chapter.delete()


@transaction.atomic
def meeting_get_or_create(
    *, consultation: Consultation, title: str, when: date, actor: Any
) -> Meeting:
    title = title.strip()
    if not title:
        raise ValidationError(_("A meeting needs a title."))
    meeting, created = Meeting.objects.get_or_create(
        consultation=consultation, title=title[:200], date=when
    )
    if created:
        audit_log(actor=actor, action="meeting_create", target=meeting, consultation=consultation)
    return meeting


@dataclass(frozen=True)
class Decision:
    """What the committee decided; the same for one theme or several at once."""

    status: str
    explanation: str = ""
    note: str = ""
    chapters: tuple[Chapter, ...] = ()
    meeting: Meeting | None = None


def decision_check(*, consultation: Consultation, decision: Decision) -> None:
    if decision.status not in Status.values:
        raise ValidationError(_("Unknown decision."))
    if decision.status in REASON_REQUIRED and not decision.explanation.strip():
        raise ValidationError(
            _("Give the reason for “%(status)s” in the explanation.")
            % {"status": Status(decision.status).label}
        )
    if decision.status == Status.IN_CHAPTER and not decision.chapters:
        raise ValidationError(_("Choose the chapter or chapters it is included in."))
    if any(c.consultation_id != consultation.pk for c in decision.chapters):
        raise ValidationError(_("That chapter belongs to another consultation."))
    if decision.meeting and decision.meeting.consultation_id != consultation.pk:
        raise ValidationError(_("That meeting belongs to another consultation."))


def _record(disposition: Disposition, actor: Any) -> None:
    # The report's section on decisions is built from these: a new draft, once committed.
    consultation_id = disposition.round.consultation_id
    transaction.on_commit(lambda: report_generation_bump(consultation_id))
    DispositionChange.objects.create(
        disposition=disposition,
        status=disposition.status,
        explanation=disposition.explanation,
        note=disposition.note,
        chapters=[str(c) for c in disposition.chapters.all()],
        meeting=str(disposition.meeting) if disposition.meeting else "",
        contribution_ids=sorted(disposition.contribution_ids),
        changed_by=_user(actor),
    )


def _live_ids(round_: Round, ids: set[int]) -> set[int]:
    return set(
        Contribution.objects.filter(round=round_, pk__in=ids, hidden=False).values_list(
            "pk", flat=True
        )
    )


def _take_over(round_: Round, ids: set[int], actor: Any) -> Disposition | None:
    """Free `ids` from other theme dispositions; return one that lay wholly inside them.

    A disposition lying wholly inside the theme (same theme after a re-run, or one
    of several merged) is reused or retired; one reaching beyond it (the theme was
    split off) keeps the rest of its contributions, and so its decision.
    """
    reused = None
    holders = Disposition.objects.filter(round=round_, scope=Disposition.Scope.THEME).filter(
        retired_at=None
    )
    for d in sorted(holders, key=lambda d: -len(ids & set(d.contribution_ids))):
        mine = set(d.contribution_ids)
        if not mine & ids:
            continue
        if not _live_ids(round_, mine - ids) and reused is None:
            reused = d
            continue
        d.contribution_ids = sorted(mine - ids)
        if not _live_ids(round_, set(d.contribution_ids)):
            d.retired_at = timezone.now()
        d.save(update_fields=["contribution_ids", "retired_at"])
        _record(d, actor)
    return reused


@transaction.atomic
def disposition_decide(
    *,
    round: Round,
    contribution_ids: set[int],
    label: str,
    decision: Decision,
    actor: Any,
    scope: str = Disposition.Scope.THEME,
) -> Disposition:
    """Decide on the contributions of one theme (or one contribution, scope=contribution)."""
    consultation = round.consultation
    decision_check(consultation=consultation, decision=decision)
    ids = set(
        Contribution.objects.filter(round=round, pk__in=contribution_ids).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        raise ValidationError(_("Choose the contributions this concerns."))
    if scope == Disposition.Scope.THEME:
        disposition = _take_over(round, ids, actor) or Disposition(round=round, scope=scope)
    else:
        disposition = Disposition.objects.filter(
            round=round, scope=scope, retired_at=None, contribution_ids=sorted(ids)
        ).first() or Disposition(round=round, scope=scope)
    disposition.contribution_ids = sorted(ids)
    disposition.label = label.strip()[:200]
    disposition.status = decision.status
    disposition.explanation = decision.explanation.strip()
    disposition.note = decision.note.strip()
    disposition.meeting = decision.meeting
    disposition.decided_by, disposition.decided_at = _user(actor), timezone.now()
    disposition.save()
    disposition.chapters.set(decision.chapters)
    _record(disposition, actor)
    audit_log(
        actor=actor,
        action="disposition_decide",
        target=disposition,
        consultation=consultation,
        detail={
            "status": disposition.status,
            "label": disposition.label,
            "contributions": len(ids),
        },
    )
    return disposition


def dispositions_decide(
    *, round: Round, themes: list[Any], decision: Decision, actor: Any
) -> list[Disposition]:
    """The same decision on several themes at once: one transaction, all or none."""
    with transaction.atomic():
        return [
            disposition_decide(
                round=round,
                contribution_ids={c.pk for c in t.members.all()},
                label=t.label,
                decision=decision,
                actor=actor,
            )
            for t in themes
        ]


def contributions_decide(
    *, round: Round, contributions: list[Contribution], decision: Decision, actor: Any
) -> list[Disposition]:
    """A decision on single contributions, apart from their theme's: all or none."""
    with transaction.atomic():
        return [
            disposition_decide(
                round=round,
                contribution_ids={c.pk},
                label=c.text[:200],
                decision=decision,
                actor=actor,
                scope=Disposition.Scope.CONTRIBUTION,
            )
            for c in contributions
        ]


@transaction.atomic
def decisions_publish(*, round: Round, actor: Any) -> Publication:
    """Make the round's decisions public and queue one notice per consenting participant."""
    publication, created = Publication.objects.get_or_create(
        round=round, defaults={"published_by": _user(actor)}
    )
    transaction.on_commit(lambda: report_generation_bump(round.consultation_id))
    if created:
        queued = notifications_queue(round=round)
        audit_log(
            actor=actor,
            action="decisions_publish",
            target=round,
            consultation=round.consultation,
            detail={"notices": queued},
        )
    return publication


@transaction.atomic
def decisions_unpublish(*, round: Round, actor: Any) -> None:
    """Take the decisions out of public view again; notices already sent stay sent."""
    deleted, _rows = Publication.objects.filter(round=round).delete()
    transaction.on_commit(lambda: report_generation_bump(round.consultation_id))
    Notification.objects.filter(round=round, state=Notification.State.PENDING).delete()
    if deleted:
        audit_log(
            actor=actor, action="decisions_unpublish", target=round, consultation=round.consultation
        )


def notifications_queue(*, round: Round) -> int:
    """One queued notice per participant with an e-mail address and input in the round.

    An e-mail address is only stored with consent to be contacted (web form,
    e-mail senders), so having one is the consent. Never queues anyone twice.
    """
    people = Participant.objects.filter(
        contributions__round=round, contributions__hidden=False
    ).exclude(email="")
    queued = 0
    for participant in people.distinct():
        _notice, created = Notification.objects.get_or_create(participant=participant, round=round)
        queued += int(created)
    return queued


def participant_link(participant: Participant) -> str:
    """The path of the participant's own page, made on first use; the same path after that."""
    link = participant_link_get(participant=participant)
    return f"/mijn/{link.token}/"


def participant_link_get(*, participant: Participant) -> ParticipantLink:
    with transaction.atomic():
        link = participant.decision_links.filter(revoked_at=None).first()
        return link or ParticipantLink.objects.create(participant=participant)


@transaction.atomic
def participant_link_revoke(*, link: ParticipantLink, actor: Any) -> None:
    """Revoke a link for good; a later participant_link() makes a new, different one."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor,
            action="participant_link_revoke",
            consultation=link.participant.consultation,
        )


@transaction.atomic
def participant_link_language(*, link: ParticipantLink, language: str) -> None:
    if language in {"nl", "en"}:
        link.language = language
        link.save(update_fields=["language"])


def participant_links_erased(event: Any) -> None:
    """On `participant.erased`: their links and notices go with them."""
    participant = Participant.objects.filter(pk=event.data["participant"]).first()
    if participant is not None:
        decisions_erase_participant(participant)


@transaction.atomic
def decisions_erase_participant(participant: Participant) -> None:
    """Remove the participant's links and notices (called by the erasure service)."""
    participant.decision_links.all().delete()
    participant.decision_notices.all().delete()
