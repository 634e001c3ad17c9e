# SPDX-License-Identifier: EUPL-1.2
"""Session names in a CSV that are almost, but not quite, a session the round has.

A typo ("Werk en inkomenn") would silently make a second session beside "Werk en
inkomen"; the upload page asks instead. Names that differ only in case, spacing or
one or two letters count as near misses.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from inspraak.consultations.models import Consultation
from inspraak.intake.csv.services import Row

NEAR = 0.85


@dataclass(frozen=True)
class NearMiss:
    typed: str  # as the file names it
    existing: str  # the session the round already has
    rows: int  # how many rows name it


def _folded(title: str) -> str:
    return " ".join(title.casefold().split())


def session_near_misses(
    *, consultation: Consultation, rows: list[Row], round_title: str
) -> list[NearMiss]:
    """Each session name of `rows` that the round lacks but nearly has, with its best match."""
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.data["round"] or round_title, row.data["session"])
        counts[key] = counts.get(key, 0) + 1
    found = []
    for (title, typed), n in sorted(counts.items()):
        known = list(
            consultation.rounds.filter(title=title).values_list("sessions__title", flat=True)
        )
        known = [k for k in known if k]
        if typed in known:
            continue
        best = max(
            known,
            default="",
            key=lambda k: SequenceMatcher(None, _folded(typed), _folded(k)).ratio(),
        )
        if best and SequenceMatcher(None, _folded(typed), _folded(best)).ratio() >= NEAR:
            found.append(NearMiss(typed=typed, existing=best, rows=n))
    return found


def rows_renamed(rows: list[Row], renames: dict[str, str]) -> list[Row]:
    """The rows with each session name in `renames` replaced (the organiser's choice)."""
    for row in rows:
        if row.data["session"] in renames:
            row.data["session"] = renames[row.data["session"]]
    return rows
