# SPDX-License-Identifier: EUPL-1.2
"""Writes for statements and votes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations.models import Consultation, Participant, Session
from inspraak.core.audit import audit_log
from inspraak.votes.models import Statement, Vote

VOTE_WORDS = {"agree": 1, "disagree": -1, "pass": 0, "eens": 1, "oneens": -1, "pas": 0}


@transaction.atomic
def statement_create(
    *,
    consultation: Consultation,
    text: str,
    session: Session | None = None,
    actor: Any = None,
    moderation: int = Statement.Moderation.ACCEPTED,
) -> Statement:
    text = text.strip()
    if not text:
        raise ValidationError(_("A statement needs text."))
    if session is not None and session.round.consultation_id != consultation.pk:
        raise ValidationError(_("The session belongs to another consultation."))
    if moderation not in Statement.Moderation.values:
        raise ValidationError(_("Unknown moderation."))
    statement = Statement.objects.create(
        consultation=consultation, session=session, text=text, moderation=moderation
    )
    audit_log(actor=actor, action="statement_create", target=statement, consultation=consultation)
    return statement


def vote_cast(*, statement: Statement, participant: Participant, value: int | str) -> Vote:
    """Record the participant's vote, replacing an earlier one: one vote per statement.

    The database's unique constraint decides between two simultaneous first votes;
    the loser of that race retries as an update, so both requests succeed and one
    vote remains.
    """
    number = VOTE_WORDS.get(value, value) if isinstance(value, str) else value
    if number not in (-1, 0, 1):
        raise ValidationError(_("A vote is agree, disagree or pass."))
    if participant.consultation_id != statement.consultation_id:
        raise ValidationError(_("The participant belongs to another consultation."))
    for attempt in range(3):
        try:
            with transaction.atomic():
                vote, _created = Vote.objects.update_or_create(
                    statement=statement,
                    participant=participant,
                    defaults={"value": number, "updated_at": timezone.now()},
                )
                return vote
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    text: str,
    session: Session | None,
    actor: Any,
    moderation: int | None = None,
) -> Statement:
    """Change a statement's text, session or moderation. Votes already cast stay with it.

    Changing the text after votes were cast changes what those votes agreed to, so the
    audit log records that it changed and how many votes it had (not the text: a Pol.is
    statement may be a participant's words, and erasure must not have to chase it).
    """
    text = text.strip()
    if not text:
        raise ValidationError(_("A statement needs text."))
    if session is not None and session.round.consultation_id != statement.consultation_id:
        raise ValidationError(_("The session belongs to another consultation."))
    if moderation is not None and moderation not in Statement.Moderation.values:
        raise ValidationError(_("Unknown moderation."))
    text_changed = statement.text != text
    statement.text, statement.session = text, session
    if moderation is not None:
        statement.moderation = moderation
    statement.save(update_fields=["text", "session", "moderation"])
    audit_log(
        actor=actor,
        action="statement_update",
        target=statement,
        consultation=statement.consultation,
        detail={
            "text_changed": text_changed,
            "votes": statement.votes.count(),
            "moderation": statement.moderation,
        },
    )
    return statement


@transaction.atomic
def statement_delete(*, statement: Statement, actor: Any) -> None:
    """Delete a statement made by mistake; refused once anyone voted on it."""
    if statement.votes.exists():
        raise ValidationError(_("This is in use and cannot be deleted: change it instead."))
    audit_log(
        actor=actor,
        action="statement_delete",
        target=statement,
        consultation=statement.consultation,
    )
    statement.delete()
