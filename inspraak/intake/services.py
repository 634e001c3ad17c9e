# SPDX-License-Identifier: EUPL-1.2
"""The contributions import that every channel shares.

An import is atomic (a file with one bad row imports nothing and lists every bad
row as `file:line: column: problem`) and idempotent (importing the same file
twice adds nothing: each row's content fingerprint is stored per round).
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations import services as cs
from inspraak.consultations.models import Attendance, Consultation, Contribution, Round
from inspraak.core.audit import audit_log
from inspraak.intake.csvfile import FileRejected, Problem, decode, records, size_checked
from inspraak.intake.forms import ContributionRowForm

REQUIRED_COLUMNS = ("session", "participant", "text")
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, "kind", "channel", "created_at", "round", "prompt", "discussed")
DEFAULT_ROUND_TITLE = "Ronde 1"


@dataclass
class Row:
    line: int
    data: dict[str, Any]
    attributes: dict[str, str]


@dataclass
class ImportResult:
    consultation: Consultation
    rows: int = 0
    created: int = 0
    skipped: int = 0
    erased: int = 0  # rows of participants whose data was erased on request
    sessions: list[str] = field(default_factory=list)


def contributions_import_csv(
    *,
    data: bytes,
    file_name: str,
    consultation: Consultation | None = None,
    consultation_slug: str = "",
    round_title: str = "",
    actor: Any = None,
) -> ImportResult:
    """Import a CSV of contributions into `consultation` (or one created as `consultation_slug`).

    Raises FileRejected, listing every problem, before anything is written.
    """
    rows = contributions_csv_validate(data, file_name)
    if consultation is None and consultation_slug:
        consultation = Consultation.objects.filter(slug=consultation_slug).first()
    fallback_round = round_title.strip() or _default_round_title(consultation, rows, file_name)
    with transaction.atomic():
        if consultation is None:
            consultation = cs.consultation_create(
                title=consultation_slug.replace("-", " ").capitalize(),
                slug=consultation_slug,
                actor=actor,
            )
        result = _rows_store(consultation, rows, fallback_round, file_name)
        audit_log(
            actor=actor,
            action="contributions_import",
            target=consultation,
            consultation=consultation,
            detail={
                "file": file_name,
                "created": result.created,
                "skipped": result.skipped,
                "erased": result.erased,
            },
        )
    return result


def contributions_csv_validate(data: bytes, file_name: str) -> list[Row]:
    """Every row of a CSV checked through the import form, nothing stored; raises FileRejected."""
    size_checked(data, file_name)
    text = decode(data, file_name)
    all_records = list(records(text, file_name))
    if not all_records:
        raise FileRejected(file_name, [Problem(1, "-", _("the file is empty"))])
    header = all_records[0]
    columns = _columns_checked(header.line, header.fields, file_name)
    rows: list[Row] = []
    problems: list[Problem] = []
    for record in all_records[1:]:
        row = _row_validated(record.line, record.fields, columns, problems)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        problems.append(Problem(header.line, "-", _("the file has a header but no rows")))
    if problems:
        raise FileRejected(file_name, problems)
    return rows


def _columns_checked(line: int, names: list[str], file_name: str) -> list[str]:
    columns = [name.strip().lower() for name in names]
    problems = [
        Problem(line, name, _("required column is missing"))
        for name in REQUIRED_COLUMNS
        if name not in columns
    ]
    problems += [
        Problem(line, name or "-", _("column name appears more than once or is empty"))
        for name, count in Counter(columns).items()
        if count > 1 or not name
    ]
    if problems:
        raise FileRejected(file_name, problems)
    return columns


def _row_validated(
    line: int, fields: list[str], columns: list[str], problems: list[Problem]
) -> Row | None:
    if len(fields) > len(columns):
        problems.append(
            Problem(
                line,
                "-",
                _("the row has %(n)d fields but the header has %(m)d")
                % {"n": len(fields), "m": len(columns)},
            )
        )
        return None
    values = dict(zip(columns, [*fields, *[""] * (len(columns) - len(fields))], strict=True))
    form = ContributionRowForm(data={k: v for k, v in values.items() if k in KNOWN_COLUMNS})
    if not form.is_valid():
        for column, errors in form.errors.items():
            problems.extend(Problem(line, column, str(error)) for error in errors)
        return None
    attributes = {k: v.strip()[:200] for k, v in values.items() if k not in KNOWN_COLUMNS}
    return Row(line, form.cleaned_data, attributes)


def _default_round_title(consultation: Consultation | None, rows: list[Row], file_name: str) -> str:
    """The round for rows that name none: the consultation's only round, or a first one."""
    if all(row.data["round"] for row in rows) or consultation is None:
        return DEFAULT_ROUND_TITLE
    titles = list(consultation.rounds.values_list("title", flat=True))
    if len(titles) == 1:
        return titles[0]
    if not titles:
        return DEFAULT_ROUND_TITLE
    raise FileRejected(
        file_name,
        [
            Problem(
                0,
                "round",
                _(
                    "the consultation has several rounds (%(titles)s): name one with --round or a round column"
                )
                % {"titles": ", ".join(titles)},
            )
        ],
    )


class _Store:
    """Caches for one import so each round, session and participant is looked up once."""

    def __init__(self, consultation: Consultation) -> None:
        self.consultation = consultation
        self.rounds: dict[str, Round] = {}
        self.sessions: dict[tuple[int, str], Any] = {}
        self.prompts: dict[tuple[int, str], Any] = {}
        self.participants: dict[str, Any] = {}
        self.pseudonyms = set(consultation.participants.values_list("pseudonym", flat=True))
        self.keys: dict[int, set[str]] = {}

    def round(self, title: str) -> Round:
        if title not in self.rounds:
            round_ = cs.round_get_or_create(consultation=self.consultation, title=title)
            self.rounds[title] = round_
            self.keys[round_.pk] = set(
                round_.contributions.exclude(import_key="").values_list("import_key", flat=True)
            )
        return self.rounds[title]

    def session(self, round_: Round, title: str) -> Any:
        if (round_.pk, title) not in self.sessions:
            self.sessions[round_.pk, title] = cs.session_get_or_create(round=round_, title=title)
        return self.sessions[round_.pk, title]

    def prompt(self, session: Any, text: str) -> Any:
        if not text:
            return None
        if (session.pk, text) not in self.prompts:
            self.prompts[session.pk, text] = cs.prompt_get_or_create(session=session, text=text)
        return self.prompts[session.pk, text]

    def participant(self, key: str, attributes: dict[str, str]) -> Any:
        source_key = cs.participant_source_key(consultation=self.consultation, key=key)
        known = self.participants.get(source_key)
        if known is not None and all(
            not value or known.attributes.get(name) == value for name, value in attributes.items()
        ):
            return known  # the service would find this participant and change nothing
        participant, _created = cs.participant_get_or_create(
            consultation=self.consultation,
            key=key,
            attributes=attributes,
            taken_pseudonyms=self.pseudonyms,
        )
        self.participants[source_key] = participant
        return participant


def _rows_store(
    consultation: Consultation, rows: list[Row], fallback_round: str, file_name: str
) -> ImportResult:
    store = _Store(consultation)
    cs.consultation_attributes_add(
        consultation=consultation, names=sorted({k for row in rows for k in row.attributes})
    )
    result = ImportResult(consultation=consultation, rows=len(rows))
    seen: Counter[str] = Counter()
    new: list[Contribution] = []
    attendance: set[tuple[int, int]] = set()
    now = timezone.now()
    erased = set(consultation.erasures.values_list("source_key", flat=True))
    for row in rows:
        d = row.data
        if (
            erased
            and cs.participant_source_key(consultation=consultation, key=d["participant"]) in erased
        ):
            result.erased += 1
            continue
        round_ = store.round(d["round"] or fallback_round)
        session = store.session(round_, d["session"])
        participant = store.participant(d["participant"], row.attributes)
        if d["channel"] == Contribution.Channel.POSTIT:
            # Writing a post-it means being in the room; a spreadsheet or e-mail does not.
            attendance.add((participant.pk, session.pk))
        fingerprint = _fingerprint(consultation, d)
        seen[fingerprint] += 1
        key = f"{fingerprint}:{seen[fingerprint]}"[:64]
        if key in store.keys[round_.pk]:
            result.skipped += 1
            continue
        store.keys[round_.pk].add(key)
        new.append(
            Contribution(
                round=round_,
                session=session,
                prompt=store.prompt(session, d["prompt"]),
                participant=participant,
                text=d["text"],
                kind=d["kind"],
                channel=d["channel"],
                created_at=_aware(d["created_at"]) or now,
                discussed=bool(d["discussed"]),
                source_name=file_name[:255],
                source_line=row.line,
                import_key=key,
            )
        )
    Contribution.objects.bulk_create(new, batch_size=500)
    Attendance.objects.bulk_create(
        [Attendance(participant_id=p, session_id=s, active_at=now) for p, s in sorted(attendance)],
        ignore_conflicts=True,
    )
    result.created = len(new)
    result.sessions = sorted({title for _pk, title in store.sessions})
    return result


def _fingerprint(consultation: Consultation, d: dict[str, Any]) -> str:
    """What makes a row the same row on a second import (keyed: it hashes a participant's name)."""
    created = d["created_at"].isoformat() if d["created_at"] else ""
    parts = [
        d["session"],
        d["participant"].casefold(),
        d["text"],
        d["kind"],
        d["channel"],
        created,
        d["prompt"],
    ]
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(consultation.salt.encode(), message, hashlib.sha256).hexdigest()[:56]


def _aware(value: datetime | None) -> datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)
