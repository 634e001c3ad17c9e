# SPDX-License-Identifier: EUPL-1.2
"""The one way contributions are written, whatever their channel.

Every channel — the phone, the web form, CSV and spreadsheet imports, e-mail files and
the IMAP mailbox, documents, the demo — parses its input into `ContributionDraft`s and
calls `contributions_add`. This module alone creates, edits, hides, withdraws and
erases contributions (a test enforces it), so one set of rules holds everywhere:

- text: Unicode NFC, no NUL or other control characters, line endings normalised,
  surrounding space trimmed; the length limit of its channel
  (`contribution_max_chars`), refused or shortened with "…" as the caller asks;
- idempotency: a draft's key is stored as `contribution_key(channel, key)`, and a
  draft whose key a round already holds is skipped, never stored twice;
- erased participants stay erased (their tombstone is checked for every draft);
- attendance: a draft written in the room (`present=True`) makes its writer present;
- one audit record per call, and a domain event per change (`inspraak.core.events`),
  published inside the transaction, which the live wall subscribes to.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations import services as cs
from inspraak.consultations.models import (
    Attendance,
    Consultation,
    Contribution,
    Participant,
    Prompt,
    Round,
    Session,
)
from inspraak.core.audit import audit_log
from inspraak.core.events import Event, publish

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")
Overflow = Literal["reject", "shorten"]


@dataclass
class ContributionDraft:
    """One contribution as a channel parsed it, before it is stored.

    Give `session` (its round follows) or `round`; the participant as an object or as
    the key the source names them by (`participant_key`: an e-mail address, a name in a
    spreadsheet), which is never stored — only its keyed hash.
    """

    text: str
    channel: str
    session: Session | None = None
    round: Round | None = None
    prompt: Prompt | None = None
    kind: str = Contribution.Kind.REMARK
    participant: Participant | None = None
    participant_key: str = ""
    participant_attributes: dict[str, str] = field(default_factory=dict)
    idempotency_key: str = ""
    created_at: datetime | None = None
    support_stated: str = ""
    discussed: bool = False
    present: bool = False
    source_name: str = ""
    source_line: int | None = None
    source_page: int | None = None
    source_detail: str = ""


@dataclass
class AddResult:
    created: list[Contribution] = field(default_factory=list)
    skipped: int = 0  # drafts whose key the round already held
    erased: int = 0  # drafts of participants erased on request
    existing: dict[int, int] = field(default_factory=dict)  # draft index → stored id


class ContributionRejected(ValueError):
    """Drafts that cannot be stored, as (draft index, message); nothing was written."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(message for _i, message in problems))
        self.problems = problems


def contribution_max_chars(channel: str) -> int:
    """The longest text a channel may store, in characters (settings, declared once)."""
    if channel == Contribution.Channel.POSTIT:
        return int(settings.INSPRAAK_LIVE_POSTIT_MAX_CHARS)
    if channel == Contribution.Channel.FORM:
        return int(settings.INSPRAAK_FORM_POINT_MAX_CHARS)
    return int(settings.INSPRAAK_CONTRIBUTION_MAX_CHARS)


def text_normalise(text: str, *, single_line: bool = False) -> str:
    """Text made storable and comparable: NFC, no control characters, tidy whitespace."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.replace("\t", " "))
    if single_line:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def contribution_text(
    text: str, *, channel: str, overflow: Overflow = "reject", single_line: bool = False
) -> str:
    """`text` cleaned by the rules of `channel`; raises ContributionRejected when unusable.

    `single_line` for text typed into one field on a phone, where a line break is a slip.
    """
    cleaned = text_normalise(text, single_line=single_line)
    if not cleaned:
        raise ContributionRejected([(0, _("The contribution has no text."))])
    limit = contribution_max_chars(channel)
    if len(cleaned) > limit:
        if overflow == "shorten":
            return cleaned[: limit - 1].rstrip() + "…"
        raise ContributionRejected(
            [
                (
                    0,
                    _("The text has %(n)d characters; the limit is %(limit)d.")
                    % {"n": len(cleaned), "limit": limit},
                )
            ]
        )
    return cleaned


def contribution_key(channel: str, key: str) -> str:
    """How a channel's idempotency key is stored: one scheme, 64 hex characters."""
    return hashlib.sha256(f"{channel}\x1f{key}".encode()).hexdigest()


def contributions_add(
    *,
    consultation: Consultation,
    drafts: Sequence[ContributionDraft],
    actor: Any,
    source: str,
    detail: dict[str, Any] | None = None,
    overflow: Overflow = "reject",
    audit: bool = True,
) -> AddResult:
    """Store `drafts` in one transaction; raises ContributionRejected before writing anything.

    `source` names the caller in the audit record (`contributions_import`, `form_submit`,
    …); `detail` is added to it and must hold nothing personal. A phone's single post-it
    is not audited (`audit=False`): its row is its own record, and an audit row per
    post-it would double the writes of a full room.
    """
    texts = _texts_checked(drafts, overflow)
    with transaction.atomic():
        result = AddResult()
        people = _People(consultation)
        keys = _stored_keys(drafts)
        rows: list[Contribution] = []
        attending: set[tuple[int, int]] = set()
        for index, (draft, text) in enumerate(zip(drafts, texts, strict=True)):
            row = _row(draft, text, people, keys, index, result)
            if row is None:
                continue
            rows.append(row)
            if draft.present and row.session_id is not None and row.participant_id is not None:
                attending.add((row.participant_id, row.session_id))
        result.created = _rows_insert(rows)
        _attendance_record(attending)
        if audit:
            _audit(consultation, actor, source, result, detail)
        if result.created:
            publish(_event("contribution.added", result.created))
    return result


def _texts_checked(drafts: Sequence[ContributionDraft], overflow: Overflow) -> list[str]:
    texts: list[str] = []
    problems: list[tuple[int, str]] = []
    for index, draft in enumerate(drafts):
        if draft.session is None and draft.round is None:
            problems.append((index, _("The contribution has no round or session.")))
        try:
            texts.append(contribution_text(draft.text, channel=draft.channel, overflow=overflow))
        except ContributionRejected as rejected:
            problems.extend((index, message) for _i, message in rejected.problems)
            texts.append("")
    if problems:
        raise ContributionRejected(problems)
    return texts


class _People:
    """Participants of one call, each looked up once; erased ones recognised."""

    def __init__(self, consultation: Consultation) -> None:
        self.consultation = consultation
        self.by_key: dict[str, Participant] = {}
        self.erased: set[str] | None = None
        self.pseudonyms: set[str] | None = None

    def resolve(self, draft: ContributionDraft) -> Participant | None | Literal[False]:
        """The draft's participant, None for none, False when they were erased."""
        if draft.participant is not None or not draft.participant_key:
            return draft.participant
        source_key = cs.participant_source_key(
            consultation=self.consultation, key=draft.participant_key
        )
        if self.erased is None:
            self.erased = set(self.consultation.erasures.values_list("source_key", flat=True))
        if source_key in self.erased:
            return False
        known = self.by_key.get(source_key)
        if known is None or any(
            value and known.attributes.get(name) != value
            for name, value in draft.participant_attributes.items()
        ):
            if self.pseudonyms is None:
                self.pseudonyms = set(
                    self.consultation.participants.values_list("pseudonym", flat=True)
                )
            known, _created = cs.participant_get_or_create(
                consultation=self.consultation,
                key=draft.participant_key,
                attributes=draft.participant_attributes,
                taken_pseudonyms=self.pseudonyms,
            )
            self.by_key[source_key] = known
        return known


def _round_id(draft: ContributionDraft) -> int:
    if draft.session is not None:
        return int(draft.session.round_id)
    assert draft.round is not None  # checked in _texts_checked
    return int(draft.round.pk)


def _stored_keys(drafts: Sequence[ContributionDraft]) -> dict[tuple[int, str], int]:
    """The keys among `drafts` that their rounds already hold, with the stored ids."""
    wanted = {contribution_key(d.channel, d.idempotency_key) for d in drafts if d.idempotency_key}
    if not wanted:
        return {}
    rounds = {_round_id(d) for d in drafts}
    stored = Contribution.objects.filter(round_id__in=rounds, import_key__in=wanted)
    return {(r, k): pk for r, k, pk in stored.values_list("round_id", "import_key", "pk")}


def _row(
    draft: ContributionDraft,
    text: str,
    people: _People,
    keys: dict[tuple[int, str], int],
    index: int,
    result: AddResult,
) -> Contribution | None:
    participant = people.resolve(draft)
    if participant is False:
        result.erased += 1
        return None
    round_id = _round_id(draft)
    key = contribution_key(draft.channel, draft.idempotency_key) if draft.idempotency_key else ""
    if key and (round_id, key) in keys:
        result.skipped += 1
        if keys[round_id, key]:
            result.existing[index] = keys[round_id, key]
        return None
    if key:
        keys[round_id, key] = 0  # a second draft with this key in the same call
    return Contribution(
        round_id=round_id,
        session=draft.session,
        prompt=draft.prompt,
        participant=participant,
        text=text,
        kind=draft.kind or Contribution.Kind.REMARK,
        channel=draft.channel,
        created_at=draft.created_at or timezone.now(),
        support_stated=draft.support_stated,
        discussed=draft.discussed,
        source_name=text_normalise(draft.source_name, single_line=True)[:255],
        source_line=draft.source_line,
        source_page=draft.source_page,
        source_detail=text_normalise(draft.source_detail, single_line=True)[:255],
        import_key=key,
    )


def _rows_insert(rows: list[Contribution]) -> list[Contribution]:
    if len(rows) == 1:
        rows[0].save(force_insert=True)
        return rows
    return Contribution.objects.bulk_create(rows, batch_size=500)


def _attendance_record(attending: set[tuple[int, int]]) -> None:
    if not attending:
        return
    now = timezone.now()
    Attendance.objects.bulk_create(
        [Attendance(participant_id=p, session_id=s, active_at=now) for p, s in sorted(attending)],
        ignore_conflicts=True,
    )
    by_session: dict[int, list[int]] = {}
    for participant_id, session_id in attending:
        by_session.setdefault(session_id, []).append(participant_id)
    for session_id, participant_ids in by_session.items():  # a handful of sessions
        Attendance.objects.filter(
            session_id=session_id, participant_id__in=participant_ids, active_at=None
        ).update(active_at=now)


def _audit(
    consultation: Consultation,
    actor: Any,
    source: str,
    result: AddResult,
    detail: dict[str, Any] | None,
) -> None:
    counts = {"created": len(result.created), "skipped": result.skipped, "erased": result.erased}
    audit_log(
        actor=actor,
        action=source,
        target=consultation,
        consultation=consultation,
        detail={**(detail or {}), **counts},
    )


def _event(kind: str, contributions: Iterable[Contribution], **data: Any) -> Event:
    rows = list(contributions)
    return Event(
        kind=kind,
        contribution_ids=tuple(int(c.pk) for c in rows),
        session_ids=tuple(sorted({int(c.session_id) for c in rows if c.session_id})),
        data=data,
        rows=tuple(rows),
    )


@transaction.atomic
def contribution_set_hidden(
    *, contribution: Contribution, hidden: bool, actor: Any, reason: str = ""
) -> None:
    """Hide or show a contribution; hidden input is kept, and the change is audited."""
    if contribution.hidden == hidden:
        return
    contribution.hidden = hidden
    contribution.save(update_fields=["hidden"])
    audit_log(
        actor=actor,
        action="contribution_hide" if hidden else "contribution_show",
        target=contribution,
        consultation=contribution.round.consultation,
        detail={"reason": reason},
    )
    publish(_event("contribution.hidden" if hidden else "contribution.shown", [contribution]))


@transaction.atomic
def contribution_edit(*, contribution: Contribution, text: str) -> None:
    """Its author changes a contribution's text, by the rules of its channel."""
    contribution.text = contribution_text(text, channel=contribution.channel)
    contribution.save(update_fields=["text"])
    publish(_event("contribution.edited", [contribution]))


@transaction.atomic
def contribution_withdraw(*, contribution: Contribution) -> None:
    """Its author takes a contribution back: it is deleted, and every copy of its text goes."""
    event = _event("contribution.withdrawn", [contribution])
    contribution.delete()
    publish(event)


def contributions_erase(*, contributions: Iterable[Contribution]) -> int:
    """Delete contributions on an erasure request, after their copies are told to go."""
    rows = list(contributions)
    if rows:
        publish(_event("contribution.erased", rows))
        Contribution.objects.filter(pk__in=[c.pk for c in rows]).delete()
    return len(rows)
