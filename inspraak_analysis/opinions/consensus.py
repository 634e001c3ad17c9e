# SPDX-License-Identifier: EUPL-1.2
"""Consensus across groups and division between them.

* Group-informed consensus: port of ``:group-aware-consensus`` in
  compdemocracy/polis math/src/polismath/math/conversation.clj, the product over groups
  of each group's agree probability ``(1 + A) / (2 + S)`` ("+1 acts as a dumb prior").
  The disagree analogue is red-dwarf's ``group-aware-consensus-disagree``.
* Overall consensus: port of ``consensus-stats`` / ``select-consensus-comments`` in
  repness.clj: statements whose overall agree (disagree) share ``p > 0.5`` is
  significant at 90 %, best ``p x z`` first, at most 5 each.
* Division (ours, not in Pol.is): statements on which one group's smoothed majority
  agrees and another group's disagrees, ranked by the spread of net agreement
  ``pa - pd`` between groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from .repness import Z_90, GroupVoteCounts, prop_test

__all__ = [
    "ConsensusStatement",
    "DivisiveStatement",
    "GroupConsensus",
    "divisive_statements",
    "group_aware_consensus",
    "group_informed_consensus",
    "overall_consensus",
]

Floats = NDArray[np.float64]


def group_aware_consensus(counts: GroupVoteCounts) -> tuple[Floats, Floats]:
    """Per statement: product over groups of (1 + A)/(2 + S), and of (1 + D)/(2 + S)."""
    seen = counts.seen + 2.0
    agree = np.prod((counts.agree + 1.0) / seen, axis=0)
    disagree = np.prod((counts.disagree + 1.0) / seen, axis=0)
    return np.asarray(agree), np.asarray(disagree)


@dataclass(frozen=True)
class GroupConsensus:
    """A statement every group agrees with (column index, value, per-group shares)."""

    statement: int
    group_aware_consensus: float
    agree_by_group: tuple[float, ...]


def group_informed_consensus(
    counts: GroupVoteCounts, eligible: NDArray[np.bool_], pick_max: int = 5
) -> list[GroupConsensus]:
    """Statements with an agree majority in every group, by group-aware consensus.

    A group's majority is judged with the same prior as the consensus value,
    ``(1 + A) / (2 + S) > 0.5``. At most ``pick_max``, highest value first.
    """
    if counts.seen.shape[0] == 0:
        return []
    gac, _ = group_aware_consensus(counts)
    pa = (counts.agree + 1.0) / (counts.seen + 2.0)
    ok = eligible & (pa > 0.5).all(axis=0) & (counts.seen > 0).all(axis=0)
    cols = np.flatnonzero(ok)
    cols = cols[np.argsort(-gac[cols], kind="stable")][:pick_max]
    return [GroupConsensus(int(j), float(gac[j]), tuple(float(x) for x in pa[:, j])) for j in cols]


@dataclass(frozen=True)
class ConsensusStatement:
    """``select-consensus-comments`` entry (column index)."""

    statement: int
    direction: Literal["agree", "disagree"]
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


def overall_consensus(
    agree: NDArray[np.int64],
    disagree: NDArray[np.int64],
    seen: NDArray[np.int64],
    eligible: NDArray[np.bool_],
    pick_max: int = 5,
) -> dict[str, list[ConsensusStatement]]:
    """Pol.is's overall consensus over every participant's votes (1-D counts)."""
    result: dict[str, list[ConsensusStatement]] = {}
    for direction, n in (("agree", agree), ("disagree", disagree)):
        p = (1.0 + n) / (2.0 + seen)
        z = prop_test(n, seen)
        cols = np.flatnonzero(eligible & (p > 0.5) & (z > Z_90))
        cols = cols[np.argsort(-(p * z)[cols], kind="stable")][:pick_max]
        result[direction] = [
            ConsensusStatement(
                int(j),
                "agree" if direction == "agree" else "disagree",
                int(n[j]),
                int(seen[j]),
                float(p[j]),
                float(z[j]),
            )
            for j in cols
        ]
    return result


@dataclass(frozen=True)
class DivisiveStatement:
    """A statement the groups split on (column index, spread, per-group shares)."""

    statement: int
    spread: float
    agree_by_group: tuple[float, ...]
    disagree_by_group: tuple[float, ...]


def divisive_statements(
    counts: GroupVoteCounts, eligible: NDArray[np.bool_], pick_max: int = 10
) -> list[DivisiveStatement]:
    """Statements with an agree majority in one group and a disagree majority in another.

    Shares use Pol.is's prior, ``(1 + A) / (2 + S)``; ranked by the spread of net
    agreement ``pa - pd`` between the most and least supportive group.
    """
    if counts.seen.shape[0] < 2:
        return []
    pa = (counts.agree + 1.0) / (counts.seen + 2.0)
    pd = (counts.disagree + 1.0) / (counts.seen + 2.0)
    net = pa - pd
    spread = net.max(axis=0) - net.min(axis=0)
    ok = eligible & (pa > 0.5).any(axis=0) & (pd > 0.5).any(axis=0)
    cols = np.flatnonzero(ok)
    cols = cols[np.argsort(-spread[cols], kind="stable")][:pick_max]
    return [
        DivisiveStatement(
            int(j),
            float(spread[j]),
            tuple(float(x) for x in pa[:, j]),
            tuple(float(x) for x in pd[:, j]),
        )
        for j in cols
    ]
