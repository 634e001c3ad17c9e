# SPDX-License-Identifier: EUPL-1.2
"""The participant x statement vote matrix and Pol.is's in-conversation rule.

Votes are 1 agree, -1 disagree, 0 pass (Pol.is *export* sign convention); a statement a
participant never saw is missing. The matrix is a CSR array whose stored entries are
exactly the seen votes, passes included as explicit zeros, so ``indptr`` counts votes.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

__all__ = ["VoteMatrix", "build_vote_matrix", "in_conversation", "normalize_votes"]

IdArray = NDArray[Any]


@dataclass(frozen=True)
class VoteMatrix:
    """Votes as a sparse matrix, one latest vote per (participant, statement).

    Rows are participants in order of their first vote, columns the statements that
    received at least one vote, sorted by id. ``in_conversation`` is Pol.is's rule
    for which participants are clustered (see :func:`in_conversation`).
    """

    participant_ids: IdArray
    statement_ids: IdArray
    values: sp.csr_array
    in_conversation: NDArray[np.bool_]

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.participant_ids.shape[0]), int(self.statement_ids.shape[0]))

    @property
    def n_votes(self) -> int:
        return int(self.values.nnz)

    def votes_per_participant(self) -> NDArray[np.int64]:
        counts: NDArray[np.int64] = np.diff(self.values.indptr).astype(np.int64)
        return counts


def _ids(values: Sequence[Hashable] | NDArray[Any], what: str) -> IdArray:
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind in "UO" or arr.dtype.kind == "S":
        if arr.dtype.kind == "O" and all(isinstance(v, (int, np.integer)) for v in arr.tolist()):
            return arr.astype(np.int64)
        return arr.astype(str)
    raise TypeError(f"{what} ids must be integers or strings, got {arr.dtype}")


def normalize_votes(
    votes: Any,
) -> tuple[IdArray, IdArray, NDArray[np.int8], NDArray[np.int64] | None]:
    """Turn vote input into arrays ``(participant, statement, vote, timestamp-or-None)``.

    Accepts a table with array attributes ``participant_ids``, ``statement_ids``,
    ``votes`` (and optionally ``timestamps_ms``), or an iterable of records: tuples
    ``(participant, statement, vote[, timestamp])``, mappings or objects with
    ``participant_id``, ``statement_id``, ``vote`` (and optionally ``timestamp_ms``).
    """
    if hasattr(votes, "participant_ids") and hasattr(votes, "statement_ids"):
        pids = _ids(votes.participant_ids, "participant")
        sids = _ids(votes.statement_ids, "statement")
        vals = np.asarray(votes.votes)
        stamps = getattr(votes, "timestamps_ms", None)
        ts = None if stamps is None else np.asarray(stamps, dtype=np.int64)
        return pids, sids, _vote_values(vals), ts
    rows = list(votes) if isinstance(votes, Iterable) else None
    if rows is None:
        raise TypeError("votes must be an iterable of vote records or a vote table")
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.int8), None
    first = rows[0]
    if isinstance(first, Mapping):
        cols = [[r[k] for r in rows] for k in ("participant_id", "statement_id", "vote")]
        tkey = next((k for k in ("timestamp_ms", "timestamp") if k in first), None)
        stamp_list = [r[tkey] for r in rows] if tkey else None
    elif isinstance(first, tuple | list):
        cols = [[r[i] for r in rows] for i in range(3)]
        stamp_list = [r[3] for r in rows] if len(first) > 3 else None
    else:
        cols = [[getattr(r, k) for r in rows] for k in ("participant_id", "statement_id", "vote")]
        stamp_list = [r.timestamp_ms for r in rows] if hasattr(first, "timestamp_ms") else None
    ts = None if stamp_list is None else np.asarray(stamp_list, dtype=np.int64)
    return (
        _ids(cols[0], "participant"),
        _ids(cols[1], "statement"),
        _vote_values(np.asarray(cols[2])),
        ts,
    )


def _vote_values(vals: NDArray[Any]) -> NDArray[np.int8]:
    as_float = vals.astype(np.float64)
    if not np.isin(as_float, (-1.0, 0.0, 1.0)).all():
        raise ValueError("every vote must be 1 (agree), -1 (disagree) or 0 (pass)")
    return as_float.astype(np.int8)


# Above this many (participant, statement) cells, deduplicate by sorting instead of
# through a dense per-cell index (which costs 4 bytes per cell).
_DENSE_CELLS_MAX = 25_000_000


def _factorize(ids: IdArray) -> tuple[IdArray, NDArray[np.intp]]:
    """Sorted distinct ids and each id's index among them."""
    if ids.dtype.kind == "i" and ids.size and ids.min() >= 0 and ids.max() < 4 * ids.size + 4096:
        present = np.bincount(ids) > 0  # small non-negative ids: no sort needed
        codes = np.cumsum(present) - 1
        return np.flatnonzero(present).astype(ids.dtype), codes[ids]
    uniq, inverse = np.unique(ids, return_inverse=True)
    return uniq, inverse.reshape(-1)


def _last_per_cell(key: NDArray[np.int64], n_cells: int) -> NDArray[Any]:
    """Position of the last occurrence of each distinct key, in increasing key order."""
    n = key.shape[0]
    if n == 0 or bool((key[1:] > key[:-1]).all()):
        return np.arange(n)  # already one vote per cell, in cell order
    if n_cells <= _DENSE_CELLS_MAX:
        small = np.int32 if n < 2**31 - 1 else np.int64  # halves the per-cell index
        last: NDArray[Any] = np.full(n_cells, -1, dtype=small)
        np.maximum.at(last, key, np.arange(n, dtype=small))
        return last[last >= 0]
    order = np.argsort(key, kind="stable")
    k = key[order]
    ends = np.ones(n, dtype=bool)
    ends[:-1] = k[1:] != k[:-1]
    return order[ends]


def build_vote_matrix(
    votes: Any,
    *,
    min_votes: int = 7,
    greedy_n: int = 15,
) -> VoteMatrix:
    """Build the vote matrix from vote input (see :func:`normalize_votes`).

    A participant's repeated votes on one statement count once: the latest by
    timestamp wins, and among equal timestamps (or without timestamps) the one given
    last wins.
    """
    pids, sids, vals, ts = normalize_votes(votes)
    n = pids.shape[0]
    if not (sids.shape[0] == n and vals.shape[0] == n and (ts is None or ts.shape[0] == n)):
        raise ValueError("vote columns differ in length")
    if ts is not None and n and not bool((ts[1:] >= ts[:-1]).all()):
        order = np.argsort(ts, kind="stable")  # from here on, position = time order
        pids, sids, vals = pids[order], sids[order], vals[order]
    row_ids, rows = _factorize(pids)
    col_ids, cols = _factorize(sids)
    n_rows, n_cols = row_ids.shape[0], col_ids.shape[0]
    # Rows in order of first vote (Pol.is appends participants as their votes arrive).
    row_first = np.full(n_rows, n, dtype=np.int64)
    np.minimum.at(row_first, rows, np.arange(n, dtype=np.int64))
    row_order = np.argsort(row_first, kind="stable")
    rank = np.empty(n_rows, dtype=np.intp)
    rank[row_order] = np.arange(n_rows)
    rows = rank[rows]
    key = rows.astype(np.int64) * max(n_cols, 1) + cols
    keep = _last_per_cell(key, n_rows * n_cols)  # row-major, ready for CSR
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[keep], minlength=n_rows), out=indptr[1:])
    values = sp.csr_array(
        (vals[keep].astype(np.float64), cols[keep].astype(np.int32), indptr),
        shape=(n_rows, n_cols),
    )
    in_conv = in_conversation(
        rows,
        cols,
        n_rows,
        min_votes=min_votes,
        greedy_n=greedy_n,
        replay=ts is not None,
        totals=np.diff(indptr),
    )
    return VoteMatrix(row_ids[row_order], col_ids, values, in_conv)


def in_conversation(
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    n_rows: int,
    *,
    min_votes: int = 7,
    greedy_n: int = 15,
    replay: bool = True,
    totals: NDArray[np.int64] | None = None,
) -> NDArray[np.bool_]:
    """Pol.is's in-conversation rule, replayed over the order in which votes arrived.

    Port of ``:in-conv`` in compdemocracy/polis math/src/polismath/math/conversation.clj:
    a participant joins once they have voted on ``min(7, n-cmts)`` statements, where
    n-cmts counts the statements voted on so far, and never leaves; while fewer than 15
    participants are in, the most active others are added. Replayed vote by vote, that
    greedy rule puts the first ``greedy_n`` participants in, as in a live conversation.

    ``rows``/``cols``: every vote (revisions included) in the order cast; rows are
    numbered in order of arrival. With ``replay=False`` (no timestamps) the rule is
    applied once, as a single Pol.is update over all votes. ``totals``: distinct
    statements each participant voted on, when the caller already knows them.
    """
    n = rows.shape[0]
    if n == 0:
        return np.zeros(n_rows, dtype=bool)
    # One event per (participant, statement): the first time it was voted on.
    n_cols = int(cols.max()) + 1
    key = rows.astype(np.int64) * n_cols + cols
    col_first = np.full(n_cols, n, dtype=np.int64)
    np.minimum.at(col_first, cols, np.arange(n, dtype=np.int64))
    opened = np.sort(col_first[col_first < n])  # when each statement got its first vote
    if totals is None:
        totals = np.bincount(np.unique(key) // n_cols, minlength=n_rows)
    if not replay:
        in_conv: NDArray[np.bool_] = totals >= min(min_votes, opened.shape[0])
        missing = greedy_n - int(in_conv.sum())
        if missing > 0:
            others = np.flatnonzero(~in_conv & (totals > 0))
            in_conv[others[np.argsort(-totals[others], kind="stable")][:missing]] = True
        return in_conv
    # Once ``min_votes`` statements have votes the threshold stays ``min_votes`` and
    # counts only grow: after that point exactly the participants with that many votes
    # in total qualify. Before it, replay the running counts.
    in_conv = np.asarray(totals >= min_votes)
    cut = int(opened[min_votes - 1]) if opened.shape[0] >= min_votes else n
    if cut:
        _, first = np.unique(key[:cut], return_index=True)
        events = np.sort(first)
        r = rows[events]
        n_cmts = np.searchsorted(opened, events, side="right")
        by_row = np.argsort(r, kind="stable")
        starts = np.ones(r.shape[0], dtype=bool)
        starts[1:] = r[by_row][1:] != r[by_row][:-1]
        idx = np.arange(r.shape[0])
        run_start = np.maximum.accumulate(np.where(starts, idx, 0))
        count = np.empty(r.shape[0], dtype=np.int64)
        count[by_row] = idx - run_start + 1
        in_conv[r[count >= n_cmts]] = True
    in_conv[: min(greedy_n, n_rows)] = True
    return in_conv
