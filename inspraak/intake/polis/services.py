# SPDX-License-Identifier: EUPL-1.2
"""Importing a Pol.is export folder: statements, participants and their votes.

Idempotent: statements and participants are recognised by their Pol.is ids, and
a vote that changed in a newer export is updated, never doubled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from inspraak.consultations import services as cs
from inspraak.consultations.models import Consultation
from inspraak.core.audit import audit_log
from inspraak.core.text import text_clean
from inspraak.votes.models import Statement, Vote
from inspraak_analysis.polis_export import PolisExport, PolisExportError, read_polis_export

_LATEST_MS = 253_402_300_799_999  # 9999-12-31 23:59:59.999 UTC, the last moment a datetime holds


@dataclass
class PolisImportResult:
    statements_created: int = 0
    participants_created: int = 0
    votes_created: int = 0
    votes_updated: int = 0


def polis_import(*, consultation: Consultation, path: Path, actor: Any = None) -> PolisImportResult:
    """Import the export folder `path` into `consultation` (raises PolisExportError when unreadable)."""
    export = read_polis_export(path, with_participants=False)
    _votes_checked(path, export)
    result = PolisImportResult()
    with transaction.atomic():
        statements = _statements_store(consultation, export, result)
        participants = _participants_store(consultation, export, result)
        _votes_store(export, statements, participants, result)
        audit_log(
            actor=actor,
            action="polis_import",
            target=consultation,
            consultation=consultation,
            detail={"folder": path.name, **result.__dict__},
        )
    return result


def _votes_checked(path: Path, export: PolisExport) -> None:
    """Refuse, before anything is stored, votes on comments the export does not hold."""
    known = {s.id for s in export.statements}
    unknown = sorted({int(sid) for sid in export.votes.statement_ids} - known)
    if unknown:
        shown = ", ".join(str(sid) for sid in unknown[:5])
        raise PolisExportError(
            f"{path / 'votes.csv'}: votes on comments that comments.csv does not list ({shown})"
        )
    times = export.votes.timestamps_ms
    if times.size and (int(times.min()) < 0 or int(times.max()) > _LATEST_MS):
        raise PolisExportError(f"{path / 'votes.csv'}: a vote's timestamp is not a real time")


def _statements_store(
    consultation: Consultation, export: PolisExport, result: PolisImportResult
) -> dict[int, int]:
    existing = {
        s.source_key: s
        for s in Statement.objects.filter(
            consultation=consultation, source_key__startswith="polis:"
        )
    }
    ids: dict[int, int] = {}
    for s in export.statements:
        key = f"polis:{s.id}"
        statement = existing.get(key)
        if statement is None:
            statement = Statement.objects.create(
                consultation=consultation,
                text=text_clean(s.text),
                moderation=s.moderated,
                source_key=key,
            )
            result.statements_created += 1
        elif statement.moderation != s.moderated:
            statement.moderation = s.moderated
            statement.save(update_fields=["moderation"])
        ids[s.id] = statement.pk
    return ids


def _participants_store(
    consultation: Consultation, export: PolisExport, result: PolisImportResult
) -> dict[int, int]:
    taken = set(consultation.participants.values_list("pseudonym", flat=True))
    ids: dict[int, int] = {}
    for voter in sorted({int(v) for v in export.votes.participant_ids}):
        participant, created = cs.participant_get_or_create(
            consultation=consultation, key=f"polis:{voter}", taken_pseudonyms=taken
        )
        result.participants_created += int(created)
        ids[voter] = participant.pk
    return ids


def _votes_store(
    export: PolisExport,
    statements: dict[int, int],
    participants: dict[int, int],
    result: PolisImportResult,
) -> None:
    table = export.votes
    existing = {
        (v.participant_id, v.statement_id): v
        for v in Vote.objects.filter(statement_id__in=statements.values())
    }
    new, changed = [], []
    rows = zip(
        table.participant_ids, table.statement_ids, table.votes, table.timestamps_ms, strict=True
    )
    for pid, sid, value, ms in rows:
        key = (participants[int(pid)], statements[int(sid)])
        when = datetime.fromtimestamp(int(ms) / 1000, tz=UTC)
        vote = existing.get(key)
        if vote is None:
            new.append(
                Vote(
                    participant_id=key[0],
                    statement_id=key[1],
                    value=int(value),
                    created_at=when,
                    updated_at=when,
                )
            )
        elif vote.value != int(value):
            vote.value, vote.updated_at = int(value), when
            changed.append(vote)
    Vote.objects.bulk_create(new, batch_size=1000)
    Vote.objects.bulk_update(changed, ["value", "updated_at"], batch_size=1000)
    result.votes_created, result.votes_updated = len(new), len(changed)
