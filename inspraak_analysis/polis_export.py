# SPDX-License-Identifier: EUPL-1.2
"""Read a Pol.is open-data export folder into plain dataclasses.

An export folder holds ``comments.csv``, ``votes.csv`` and ``participants-votes.csv``
(see https://github.com/compdemocracy/openData). Sign convention of the *export*:
``vote`` is 1 = agree, -1 = disagree, 0 = pass (Pol.is's live API and its math use
the opposite sign; we always use the export's). ``comments.csv`` ``moderated`` is
1 accepted, 0 unmoderated, -1 moderated out.

Votes are revised in Pol.is: only the latest vote per (participant, comment) counts.
Votes are kept as a column table of numpy arrays (:class:`VoteTable`) because a
large conversation has hundreds of thousands of them; :meth:`VoteTable.records`
yields them as :class:`Vote` records.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Participant",
    "PolisExport",
    "PolisExportError",
    "Statement",
    "Vote",
    "VoteTable",
    "read_polis_export",
]

COMMENTS_FILE = "comments.csv"
VOTES_FILE = "votes.csv"
PARTICIPANTS_FILE = "participants-votes.csv"
_VOTE_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")


class PolisExportError(ValueError):
    """A Pol.is export folder or one of its files is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One Pol.is comment. ``moderated``: 1 accepted, 0 unmoderated, -1 moderated out."""

    id: int
    text: str
    author_id: int | None
    moderated: int
    created_ms: int | None
    agrees: int
    disagrees: int

    @property
    def moderated_out(self) -> bool:
        return self.moderated == -1


@dataclass(frozen=True, slots=True)
class Participant:
    """One participant row of ``participants-votes.csv``.

    ``group_id`` is the opinion group Pol.is itself assigned (None when not placed).
    """

    id: int
    group_id: int | None
    n_comments: int
    n_votes: int


@dataclass(frozen=True, slots=True)
class Vote:
    """One vote: 1 agree, -1 disagree, 0 pass; ``timestamp_ms`` since the epoch."""

    participant_id: int
    statement_id: int
    vote: int
    timestamp_ms: int


@dataclass(frozen=True)
class VoteTable:
    """Votes as parallel arrays, one vote per (participant, statement), time-ordered."""

    participant_ids: NDArray[np.int64]
    statement_ids: NDArray[np.int64]
    votes: NDArray[np.int8]
    timestamps_ms: NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.votes.shape[0])

    def records(self) -> Iterator[Vote]:
        for p, s, v, t in zip(
            self.participant_ids.tolist(),
            self.statement_ids.tolist(),
            self.votes.tolist(),
            self.timestamps_ms.tolist(),
            strict=True,
        ):
            yield Vote(p, s, v, t)


@dataclass(frozen=True)
class PolisExport:
    """The contents of one export folder. ``votes`` holds only each latest vote."""

    path: Path
    statements: list[Statement]
    participants: list[Participant]
    votes: VoteTable
    n_raw_votes: int = field(default=0)

    @property
    def moderated_out_ids(self) -> list[int]:
        return [s.id for s in self.statements if s.moderated_out]

    def polis_groups(self) -> dict[int, int | None]:
        """Pol.is's own group per participant (None when Pol.is did not place them)."""
        return {p.id: p.group_id for p in self.participants}


def read_polis_export(path: str | Path, *, with_participants: bool = True) -> PolisExport:
    """Read a Pol.is export folder.

    Raises :class:`PolisExportError` (a ``ValueError``) with a readable message when the
    folder or a required file is missing or a file is malformed.
    ``participants-votes.csv`` is optional (it only carries Pol.is's own groups); with
    ``with_participants=False`` it is not read at all.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise PolisExportError(f"{folder}: not a folder (expected a Pol.is export folder)")
    statements = _read_comments(folder / COMMENTS_FILE)
    votes, n_raw = _read_votes(folder / VOTES_FILE)
    participants_file = folder / PARTICIPANTS_FILE
    participants = (
        _read_participants(participants_file)
        if with_participants and participants_file.exists()
        else []
    )
    return PolisExport(folder, statements, participants, votes, n_raw)


def _require(file: Path) -> bytes:
    if not file.is_file():
        raise PolisExportError(f"{file}: missing (a Pol.is export folder needs {file.name})")
    return file.read_bytes()


def _text(file: Path) -> str:
    try:
        return _require(file).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise PolisExportError(f"{file}, line {line}: not UTF-8 text") from None


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() else (int(float(text)) if text.strip() else None)


def _read_comments(file: Path) -> list[Statement]:
    text = _text(file)
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None) or []
    except csv.Error as exc:
        raise PolisExportError(f"{file}, line 1: malformed header ({exc})") from None
    if not {"comment-id", "moderated"} <= set(header):
        raise PolisExportError(f"{file}: header must contain comment-id and moderated")
    col = {name: i for i, name in enumerate(header)}
    absent = len(header)  # index of an empty cell appended to every row

    def at(name: str) -> int:
        return col.get(name, absent)

    i_id, i_mod, i_text, i_author = (
        at("comment-id"),
        at("moderated"),
        at("comment-body"),
        at("author-id"),
    )
    i_time, i_agree, i_disagree = at("timestamp"), at("agrees"), at("disagrees")
    statements: list[Statement] = []
    line = 1
    try:
        for number, row in enumerate(rows, start=2):
            line = number
            if not row:
                continue
            cells = [*row, ""]
            statement = Statement(
                id=int(cells[i_id]),
                text=cells[i_text],
                author_id=_int_or_none(cells[i_author]),
                moderated=int(cells[i_mod] or 0),
                created_ms=_int_or_none(cells[i_time]),
                agrees=_int_or_none(cells[i_agree]) or 0,
                disagrees=_int_or_none(cells[i_disagree]) or 0,
            )
            if statement.moderated not in (-1, 0, 1):
                raise ValueError("moderated must be 1, 0 or -1")
            statements.append(statement)
    except csv.Error as exc:
        raise PolisExportError(f"{file}, line {rows.line_num}: unreadable CSV ({exc})") from None
    except (IndexError, ValueError, OverflowError) as exc:
        raise PolisExportError(f"{file}, line {line}: malformed row ({exc})") from None
    statements.sort(key=lambda s: s.id)
    return statements


def _read_votes(file: Path) -> tuple[VoteTable, int]:
    data = _require(file)
    header = data.split(b"\n", 1)[0].replace(b"\r", b"")
    columns = tuple(c.strip().decode("utf-8-sig", "replace") for c in header.split(b","))
    if columns != _VOTE_COLUMNS:
        raise PolisExportError(f"{file}: header must be {','.join(_VOTE_COLUMNS)}")
    try:
        table = np.loadtxt(
            io.BytesIO(data),
            delimiter=",",
            quotechar='"',
            skiprows=1,
            usecols=(0, 2, 3, 4),
            dtype=np.int64,
            ndmin=2,
        )
    except ValueError:
        return _read_votes_slow(file)  # e.g. votes written as 1.0: parse row by row
    ts, tid, pid, vote = table[:, 0], table[:, 1], table[:, 2], table[:, 3]
    return _latest_votes(file, pid, tid, vote.astype(np.float64), ts), int(table.shape[0])


def _read_votes_slow(file: Path) -> tuple[VoteTable, int]:
    text = _text(file)
    try:
        rows = list(csv.reader(text.splitlines()))[1:]
        ts = np.array([int(r[0]) for r in rows], dtype=np.int64)
        tid = np.array([int(r[2]) for r in rows], dtype=np.int64)
        pid = np.array([int(r[3]) for r in rows], dtype=np.int64)
        vote = np.array([float(r[4]) for r in rows], dtype=np.float64)
    except (IndexError, ValueError, OverflowError, csv.Error) as exc:
        raise PolisExportError(f"{file}: malformed vote row ({exc})") from None
    return _latest_votes(file, pid, tid, vote, ts), len(rows)


def _latest_votes(
    file: Path,
    pid: NDArray[np.int64],
    tid: NDArray[np.int64],
    vote: NDArray[np.float64],
    ts: NDArray[np.int64],
) -> VoteTable:
    bad = ~np.isin(vote, (-1.0, 0.0, 1.0))
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 2
        raise PolisExportError(f"{file}, line {row}: vote must be 1, -1 or 0")
    # Keep the latest vote per (participant, comment): after a stable sort by time,
    # the last row of each pair wins (ties keep file order).
    if ts.size and not bool((ts[1:] >= ts[:-1]).all()):
        order = np.argsort(ts, kind="stable")
        pid, tid, vote, ts = pid[order], tid[order], vote[order], ts[order]
    keep = _last_per_pair(pid, tid)
    return VoteTable(pid[keep], tid[keep], vote[keep].astype(np.int8), ts[keep])


def _last_per_pair(pid: NDArray[np.int64], tid: NDArray[np.int64]) -> NDArray[np.int64]:
    """Positions of the last row of each (pid, tid) pair, in increasing position."""
    n = pid.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    n_p, n_t = int(pid.max()) + 1, int(tid.max()) + 1
    pos = np.arange(n, dtype=np.int64)
    if pid.min() >= 0 and tid.min() >= 0 and n_p * n_t <= 25_000_000:
        last = np.full(n_p * n_t, -1, dtype=np.int64)
        np.maximum.at(last, pid * n_t + tid, pos)
        seen = last >= 0
        mask = np.zeros(n, dtype=bool)
        mask[last[seen]] = True
        return pos[mask]
    key = (pid - pid.min()) * (n_t - int(tid.min()) + 1) + (tid - tid.min())
    order = np.argsort(key, kind="stable")
    k = key[order]
    ends = np.ones(n, dtype=bool)
    ends[:-1] = k[1:] != k[:-1]
    return np.sort(order[ends])


def _read_participants(file: Path) -> list[Participant]:
    lines = _text(file).replace("\r", "").split("\n")
    head = lines[0].split(",", 6)
    if head[:4] != ["participant", "group-id", "n-comments", "n-votes"]:
        raise PolisExportError(
            f"{file}: header must start with participant,group-id,n-comments,n-votes"
        )
    participants: list[Participant] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        cells = line.split(",", 4)
        try:
            participants.append(
                Participant(
                    int(cells[0]),
                    int(cells[1]) if cells[1] else None,
                    int(cells[2]) if cells[2] else 0,
                    int(cells[3]) if cells[3] else 0,
                )
            )
        except (IndexError, ValueError) as exc:
            raise PolisExportError(f"{file}, line {number}: malformed row ({exc})") from None
    return participants
