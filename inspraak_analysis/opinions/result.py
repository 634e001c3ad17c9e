# SPDX-License-Identifier: EUPL-1.2
"""The result of an opinion analysis and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .clusters import GroupingState
from .consensus import ConsensusStatement, DivisiveStatement, GroupConsensus
from .repness import GroupVoteCounts, RepStatement

__all__ = ["RESULT_FORMAT", "OpinionGroup", "OpinionResult", "result_to_json"]

RESULT_FORMAT = "inspraak.opinions/1"


@dataclass(frozen=True)
class OpinionGroup:
    """One opinion group: its size and representative statements (column indices)."""

    size: int
    representative: list[RepStatement]


@dataclass(frozen=True)
class OpinionResult:
    """Everything :func:`compute_opinions` found.

    Statement references inside (``RepStatement.statement`` etc.) are indices into
    ``statement_ids``; participants are indexed like ``participant_ids``.
    ``group_of`` is -1 for participants not placed in a group. ``counts`` holds
    per-group vote counts (group members only), ``overall`` the counts over everyone.
    """

    participant_ids: NDArray[Any]
    statement_ids: NDArray[Any]
    moderated_out: NDArray[np.bool_]
    group_of: NDArray[np.intp]
    projection: NDArray[np.float64]
    groups: list[OpinionGroup]
    consensus: list[GroupConsensus]
    polis_consensus: dict[str, list[ConsensusStatement]]
    division: list[DivisiveStatement]
    counts: GroupVoteCounts
    overall: GroupVoteCounts
    n_votes: int
    silhouettes: dict[int, float]
    best_k: int
    state: GroupingState
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def n_groups(self) -> int:
        return len(self.groups)


def _id(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _r(x: float, digits: int = 6) -> float:
    return round(float(x), digits)


def _shares(agree: int, disagree: int, seen: int) -> dict[str, Any]:
    if seen == 0:
        return {"votes": 0, "agree": None, "disagree": None, "pass": None}
    return {
        "votes": seen,
        "agree": _r(agree / seen),
        "disagree": _r(disagree / seen),
        "pass": _r((seen - agree - disagree) / seen),
    }


def _rep_json(rep: RepStatement, sids: NDArray[Any]) -> dict[str, Any]:
    return {
        "statement": _id(sids[rep.statement]),
        "direction": rep.direction,
        "n_success": rep.n_success,
        "n_trials": rep.n_trials,
        "p_success": _r(rep.p_success),
        "p_test": _r(rep.p_test),
        "repness": _r(rep.repness),
        "repness_test": _r(rep.repness_test),
        "best_agree": rep.best_agree,
    }


def result_to_json(result: OpinionResult) -> dict[str, Any]:
    """A JSON-ready dict (documented in docs/opinions.md).

    Keys: ``participants`` (participant id -> group index or None), ``groups`` (size and
    representative statements with direction and stats), ``consensus`` (statement ids,
    group-informed), ``pca`` (participant id -> [x, y]), ``statements`` (agree / disagree
    / pass shares overall and per group), ``division``, plus details and a summary.
    JSON object keys are strings, so participant and statement ids become strings there;
    statement ids inside lists keep their type.
    """
    pids, sids = result.participant_ids, result.statement_ids
    groups = [
        {
            "id": g,
            "size": group.size,
            "representative": [_rep_json(r, sids) for r in group.representative],
        }
        for g, group in enumerate(result.groups)
    ]
    statements: dict[str, Any] = {}
    ov, gc = result.overall, result.counts
    for j, sid in enumerate(sids.tolist()):
        entry = _shares(int(ov.agree[0, j]), int(ov.disagree[0, j]), int(ov.seen[0, j]))
        entry["moderated_out"] = bool(result.moderated_out[j])
        entry["groups"] = [
            _shares(int(gc.agree[g, j]), int(gc.disagree[g, j]), int(gc.seen[g, j]))
            for g in range(result.n_groups)
        ]
        statements[str(sid)] = entry
    return {
        "format": RESULT_FORMAT,
        "summary": {
            "participants": int(pids.shape[0]),
            "participants_in_groups": int((result.group_of >= 0).sum()),
            "statements": int(sids.shape[0]),
            "votes": result.n_votes,
            "groups": result.n_groups,
            "best_k": result.best_k,
            "silhouettes": {str(k): _r(v) for k, v in sorted(result.silhouettes.items())},
        },
        "settings": dict(result.settings),
        "participants": {
            str(p): (int(g) if g >= 0 else None)
            for p, g in zip(pids.tolist(), result.group_of.tolist(), strict=True)
        },
        "pca": {
            str(p): [_r(x, 5), _r(y, 5)]
            for p, (x, y) in zip(pids.tolist(), result.projection.tolist(), strict=True)
        },
        "groups": groups,
        "consensus": [_id(sids[c.statement]) for c in result.consensus],
        "consensus_detail": [
            {
                "statement": _id(sids[c.statement]),
                "group_aware_consensus": _r(c.group_aware_consensus),
                "agree_by_group": [_r(x) for x in c.agree_by_group],
            }
            for c in result.consensus
        ],
        "polis_consensus": {
            direction: [
                {
                    "statement": _id(sids[c.statement]),
                    "n_success": c.n_success,
                    "n_trials": c.n_trials,
                    "p_success": _r(c.p_success),
                    "p_test": _r(c.p_test),
                }
                for c in items
            ]
            for direction, items in result.polis_consensus.items()
        },
        "division": [
            {
                "statement": _id(sids[d.statement]),
                "spread": _r(d.spread),
                "agree_by_group": [_r(x) for x in d.agree_by_group],
                "disagree_by_group": [_r(x) for x in d.disagree_by_group],
            }
            for d in result.division
        ],
        "statements": statements,
    }
