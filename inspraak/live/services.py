# SPDX-License-Identifier: EUPL-1.2
"""Writes of a live session: opening and closing it, prompts, joining, post-its.

Every write runs in one transaction and appends its event to the session's log
(events.event_append), which wakes the wall and the phones after the commit.
Wall work on clusters is in cluster_services, votes in poll_services.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations import services as cs
from inspraak.consultations.contributions import (
    ContributionDraft,
    ContributionRejected,
    contribution_edit,
    contribution_key,
    contribution_text,
    contribution_withdraw,
    contributions_add,
)
from inspraak.consultations.models import Contribution, Participant, Prompt, Session
from inspraak.core.audit import audit_log
from inspraak.live.events import event_append, serialised
from inspraak.live.models import LiveSession

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G: a code read off a projector is typed right.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6


def code_normalise(code: str) -> str:
    """A typed code as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:12]


def _code_new() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not LiveSession.objects.filter(code=code).exists():
            return code


@transaction.atomic
def live_open(*, session: Session, actor: Any) -> LiveSession:
    """Open `session` for phones (again): it gets a join code once and keeps it."""
    live, _created = LiveSession.objects.get_or_create(
        session=session, defaults={"code": _code_new()}
    )
    live.opened_at, live.closed_at, live.opened_by = timezone.now(), None, actor
    if live.prompt is None:
        live.prompt, live.prompt_open = session.prompts.first(), True
    live.save()
    Session.objects.filter(pk=session.pk).update(state=Session.State.LIVE)
    session.state = Session.State.LIVE
    audit_log(actor=actor, action="live_open", target=session, consultation=_consultation(live))
    event_append(live=live, kind="session_opened", data={})
    return live


@transaction.atomic
def live_close(*, live: LiveSession, actor: Any) -> None:
    """Close the session: phones can no longer post or vote; open polls close too."""
    live.closed_at, live.prompt_open = timezone.now(), False
    live.save(update_fields=["closed_at", "prompt_open"])
    live.polls.filter(closed_at=None).update(closed_at=live.closed_at)
    Session.objects.filter(pk=live.session_id).update(state=Session.State.CLOSED)
    audit_log(
        actor=actor, action="live_close", target=live.session, consultation=_consultation(live)
    )
    event_append(live=live, kind="session_closed", data={})


@transaction.atomic
def prompt_open(*, live: LiveSession, prompt: Prompt | None = None, text: str = "") -> Prompt:
    """Open a prompt of the session for post-its; `text` creates one when new."""
    if prompt is None:
        text = text.strip()
        if not text:
            raise ValidationError(_("A prompt needs a question."))
        prompt = cs.prompt_get_or_create(session=live.session, text=text)
    if prompt.session_id != live.session_id:
        raise ValidationError(_("The prompt belongs to another session."))
    live.prompt, live.prompt_open = prompt, True
    live.save(update_fields=["prompt", "prompt_open"])
    event_append(live=live, kind="prompt_opened", data={"prompt": prompt.pk, "text": prompt.text})
    return prompt


@transaction.atomic
def prompt_close(*, live: LiveSession) -> None:
    """Stop post-its for the current prompt; those written stay."""
    live.prompt_open = False
    live.save(update_fields=["prompt_open"])
    event_append(live=live, kind="prompt_closed", data={"prompt": live.prompt_id})


@serialised
@transaction.atomic
def participant_join(
    *,
    live: LiveSession,
    display_name: str = "",
    name_consent: bool = False,
    attributes: dict[str, str] | None = None,
) -> Participant:
    """A new pseudonymous participant from a phone, counted present in the session."""
    if not live.is_open:
        raise ValidationError(_("This session is not open."))
    consultation = _consultation(live)
    allowed = set(consultation.attribute_names)
    given = {k: v.strip()[:100] for k, v in (attributes or {}).items() if k in allowed}
    participant, _created = cs.participant_get_or_create(
        consultation=consultation,
        key=f"live:{uuid.uuid4()}",
        attributes=given,
        display_name=display_name.strip()[:150] if name_consent else "",
        name_consent=name_consent and bool(display_name.strip()),
    )
    cs.attendance_record(participant=participant, session=live.session)
    event_append(live=live, kind="joined", data={"present": cs.session_present(live.session)})
    return participant


def _postit_text(text: str) -> str:
    try:
        return contribution_text(text, channel=Contribution.Channel.POSTIT, single_line=True)
    except ContributionRejected as rejected:
        raise ValidationError(str(rejected)) from None


def _writable(live: LiveSession) -> Prompt:
    if not live.is_open or not live.prompt_open or live.prompt is None:
        raise ValidationError(_("The prompt is closed."))
    return live.prompt


@serialised
def postit_create(
    *, live: LiveSession, participant: Participant, text: str, client_id: str
) -> tuple[Contribution, bool]:
    """Post a post-it; a retry with the same client id returns the first one (created False).

    Raises ValidationError for an empty or long text, a closed prompt, or a full limit.
    """
    try:
        key = f"live:{uuid.UUID(client_id)}"
    except (ValueError, TypeError):
        raise ValidationError(_("The post-it lacks a valid id.")) from None
    try:
        return _postit_insert(live, participant, _postit_text(text), key), True
    except IntegrityError:  # a parallel retry won the race: same post-it
        pass
    except _Duplicate:
        pass
    existing = Contribution.objects.exclude(import_key="").get(
        round_id=live.session.round_id,
        import_key=contribution_key(Contribution.Channel.POSTIT, key),
    )
    if existing.participant_id != participant.pk:
        raise ValidationError(_("The post-it lacks a valid id."))
    return existing, False


class _Duplicate(Exception):
    pass


@transaction.atomic
def _postit_insert(
    live: LiveSession, participant: Participant, text: str, key: str
) -> Contribution:
    if connection.features.has_select_for_update:
        # Lock the participant (PostgreSQL) so two parallel posts cannot both pass the limit.
        # SQLite has no row locks (this was a plain read): one writer at a time serialises.
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
    live.refresh_from_db(fields=["prompt", "prompt_open", "closed_at"])
    round_id = live.session.round_id
    # One read for the retry check and the limit: a post-it with this id (the partial
    # unique index serves only a query that excludes the empty key; without it SQLite
    # scans the round), and this participant's own contributions (a handful).
    stored_key = contribution_key(Contribution.Channel.POSTIT, key)
    same_id = Q(round_id=round_id, import_key=stored_key) & ~Q(import_key="")
    rows = list(
        Contribution.objects.filter(same_id | Q(participant=participant)).values_list(
            "round_id", "import_key", "prompt_id"
        )
    )
    if any(r == round_id and k == stored_key for r, k, _p in rows):
        raise _Duplicate
    prompt = _writable(live)
    mine = sum(1 for _r, _k, p in rows if p == prompt.pk)
    if mine >= prompt.per_participant_limit:
        raise ValidationError(
            _("You have written %(limit)d post-its for this question: the limit.")
            % {"limit": prompt.per_participant_limit}
        )
    added = contributions_add(
        consultation=_consultation(live),
        drafts=[
            ContributionDraft(
                text=text,
                channel=Contribution.Channel.POSTIT,
                session=live.session,
                prompt=prompt,
                participant=participant,
                idempotency_key=key,
                present=True,
                source_name="live",
            )
        ],
        actor=None,
        source="postit_create",
        audit=False,
    )
    if not added.created:
        raise _Duplicate
    return added.created[0]


@serialised
@transaction.atomic
def postit_edit(
    *, live: LiveSession, postit: Contribution, participant: Participant, text: str
) -> None:
    """The author changes their post-it while its prompt is open."""
    _own_and_open(live, postit, participant)
    contribution_edit(contribution=postit, text=_postit_text(text))


@serialised
@transaction.atomic
def postit_withdraw(*, live: LiveSession, postit: Contribution, participant: Participant) -> None:
    """The author takes their post-it back while its prompt is open: it is deleted."""
    _own_and_open(live, postit, participant)
    contribution_withdraw(contribution=postit)


def _own_and_open(live: LiveSession, postit: Contribution, participant: Participant) -> None:
    if postit.participant_id != participant.pk or postit.session_id != live.session_id:
        raise ValidationError(_("That is not your post-it."))
    if postit.hidden or postit.prompt_id != _writable(live).pk:
        raise ValidationError(_("The prompt is closed."))


def _consultation(live: LiveSession) -> Any:
    return live.session.round.consultation
