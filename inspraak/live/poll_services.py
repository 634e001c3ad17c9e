# SPDX-License-Identifier: EUPL-1.2
"""Quick votes in the room: a statement put to the phones, results hidden until revealed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations.models import Participant
from inspraak.consultations.services import attendance_record
from inspraak.live.events import event_append, serialised
from inspraak.live.models import LiveSession, Poll
from inspraak.live.selectors import poll_results
from inspraak.votes.models import Vote
from inspraak.votes.services import statement_create, vote_cast


@transaction.atomic
def poll_open(*, live: LiveSession, text: str, actor: Any) -> Poll:
    """Put a new statement to the room; an open poll before it closes."""
    if not live.is_open:
        raise ValidationError(_("This session is not open."))
    now = timezone.now()
    live.polls.filter(closed_at=None).update(closed_at=now)
    statement = statement_create(
        consultation=live.session.round.consultation,
        session=live.session,
        text=text,
        actor=actor,
    )
    poll = Poll.objects.create(live=live, statement=statement)
    event_append(live=live, kind="poll_opened", data={"id": poll.pk, "text": statement.text})
    return poll


@transaction.atomic
def poll_close(*, poll: Poll) -> None:
    if poll.closed_at is None:
        poll.closed_at = timezone.now()
        poll.save(update_fields=["closed_at"])
        event_append(live=poll.live, kind="poll_closed", data={"id": poll.pk})


@transaction.atomic
def poll_reveal(*, poll: Poll) -> dict[str, int]:
    """Show the results on the wall and the phones; the poll closes."""
    poll_close(poll=poll)
    poll.revealed_at = poll.revealed_at or timezone.now()
    poll.save(update_fields=["revealed_at"])
    results = poll_results(poll)
    event_append(live=poll.live, kind="poll_revealed", data={"id": poll.pk, **results})
    return results


@serialised
def poll_vote(*, poll: Poll, participant: Participant, value: str) -> Vote:
    """A phone's vote while the poll is open; voting again replaces it (one per person)."""
    if not poll.is_open or not poll.live.is_open:
        raise ValidationError(_("This vote is closed."))
    with transaction.atomic():
        vote = vote_cast(statement=poll.statement, participant=participant, value=value)
        attendance_record(participant=participant, session=poll.live.session, active=True)
        event_append(live=poll.live, kind="voted", data={"poll": poll.pk})
    return vote


@transaction.atomic
def opinions_reveal(*, live: LiveSession, actor: Any) -> None:
    """Compute the session's opinion groups from its votes and show them on the wall."""
    from inspraak.sensemaking.opinions import opinions_compute

    opinions_compute(
        consultation=live.session.round.consultation, session=live.session, actor=actor
    )
    live.opinions_revealed_at = timezone.now()
    live.save(update_fields=["opinions_revealed_at"])
    event_append(live=live, kind="opinions_revealed", data={})
