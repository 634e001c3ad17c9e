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
from inspraak.consultations.contributions import (
    ContributionDraft,
    ContributionRejected,
    contributions_add,
)
from inspraak.consultations.models import Consultation, Contribution, Round
from inspraak.intake.csv.forms import ContributionRowForm
from inspraak.intake.files import FileRejected, Problem, decode, records, size_checked

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
    return contributions_import_rows(
        rows=contributions_csv_validate(data, file_name),
        file_name=file_name,
        consultation=consultation,
        consultation_slug=consultation_slug,
        round_title=round_title,
        actor=actor,
    )


def contributions_import_rows(
    *,
    rows: list[Row],
    file_name: str,
    consultation: Consultation | None = None,
    consultation_slug: str = "",
    round_title: str = "",
    actor: Any = None,
    place: str = "",
) -> ImportResult:
    """Store validated rows (of a CSV or a mapped spreadsheet) in one transaction.

    `place` says where in the file the rows stood (a sheet's name), kept as provenance.
    """
    if consultation is None and consultation_slug:
        consultation = Consultation.objects.filter(slug=consultation_slug).first()
    fallback_round = round_title.strip() or default_round_title(consultation, rows, file_name)
    with transaction.atomic():
        consultation = cs.consultation_for_import(
            consultation=consultation, slug=consultation_slug, actor=actor
        )
        return _rows_store(consultation, rows, fallback_round, file_name, actor, place)


def contributions_csv_validate(data: bytes, file_name: str) -> list[Row]:
    """Every row of a CSV checked through the import form, nothing stored; raises FileRejected."""
    size_checked(data, file_name)
    text = decode(data, file_name)
    all_records = list(records(text, file_name))
    if not all_records:
        raise FileRejected(file_name, [Problem(1, "-", _("the file is empty"))])
    header = all_records[0]
    body = [(record.line, record.fields) for record in all_records[1:]]
    return rows_validate(
        header_line=header.line, names=header.fields, records=body, file_name=file_name
    )


def rows_validate(
    *, header_line: int, names: list[str], records: list[tuple[int, list[str]]], file_name: str
) -> list[Row]:
    """Records under a header checked through the import form; raises FileRejected."""
    columns = _columns_checked(header_line, names, file_name)
    rows: list[Row] = []
    problems: list[Problem] = []
    for line, fields in records:
        row = _row_validated(line, fields, columns, problems)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        problems.append(Problem(header_line, "-", _("the file has a header but no rows")))
    if problems:
        raise FileRejected(file_name, problems)
    return rows


# Dutch headers a spreadsheet export is likely to carry, read as the import's own names.
DUTCH_COLUMNS = {
    "sessie": "session",
    "deelnemer": "participant",
    "tekst": "text",
    "inbreng": "text",
    "soort": "kind",
    "kanaal": "channel",
    "datum": "created_at",
    "geschreven": "created_at",
    "ronde": "round",
    "vraag": "prompt",
    "besproken": "discussed",
}


def _columns_checked(line: int, names: list[str], file_name: str) -> list[str]:
    columns = [name.strip().lower() for name in names]
    columns = [DUTCH_COLUMNS.get(name, name) for name in columns]
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


def default_round_title(consultation: Consultation | None, rows: list[Row], file_name: str) -> str:
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
                    "the consultation has several rounds (%(titles)s): choose the round, or add a column round (ronde)"
                )
                % {"titles": ", ".join(titles)},
            )
        ],
    )


class _Places:
    """Rounds, sessions and prompts of one import, each looked up (or made) once."""

    def __init__(self, consultation: Consultation) -> None:
        self.consultation = consultation
        self.rounds: dict[str, Round] = {}
        self.sessions: dict[tuple[int, str], Any] = {}
        self.prompts: dict[tuple[int, str], Any] = {}

    def round(self, title: str) -> Round:
        if title not in self.rounds:
            self.rounds[title] = cs.round_get_or_create(consultation=self.consultation, title=title)
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


def rows_drafts(
    consultation: Consultation, rows: list[Row], fallback_round: str, file_name: str, place: str
) -> tuple[list[ContributionDraft], list[str]]:
    """The rows as drafts for the one write path, and the sessions they name."""
    places = _Places(consultation)
    seen: Counter[str] = Counter()
    drafts: list[ContributionDraft] = []
    for row in rows:
        d = row.data
        session = places.session(places.round(d["round"] or fallback_round), d["session"])
        fingerprint = _fingerprint(consultation, d)
        seen[fingerprint] += 1
        drafts.append(
            ContributionDraft(
                text=d["text"],
                channel=d["channel"],
                session=session,
                prompt=places.prompt(session, d["prompt"]),
                kind=d["kind"],
                participant_key=d["participant"],
                participant_attributes=row.attributes,
                idempotency_key=f"{fingerprint}:{seen[fingerprint]}",
                created_at=_aware(d["created_at"]),
                discussed=bool(d["discussed"]),
                # Writing a post-it means being in the room; a spreadsheet or e-mail does not.
                present=d["channel"] == Contribution.Channel.POSTIT,
                source_name=file_name,
                source_line=row.line,
                source_detail=place,
            )
        )
    return drafts, sorted({title for _pk, title in places.sessions})


def _rows_store(
    consultation: Consultation,
    rows: list[Row],
    fallback_round: str,
    file_name: str,
    actor: Any,
    place: str,
) -> ImportResult:
    cs.consultation_attributes_add(
        consultation=consultation, names=sorted({k for row in rows for k in row.attributes})
    )
    drafts, sessions = rows_drafts(consultation, rows, fallback_round, file_name, place)
    try:
        added = contributions_add(
            consultation=consultation,
            drafts=drafts,
            actor=actor,
            source="contributions_import",
            detail={"file": file_name},
        )
    except ContributionRejected as rejected:
        problems = [Problem(rows[i].line, "text", message) for i, message in rejected.problems]
        raise FileRejected(file_name, problems) from None
    return ImportResult(
        consultation=consultation,
        rows=len(rows),
        created=len(added.created),
        skipped=added.skipped,
        erased=added.erased,
        sessions=sessions,
    )


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
