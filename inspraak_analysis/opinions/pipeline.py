# SPDX-License-Identifier: EUPL-1.2
"""The whole Pol.is opinion-group computation: votes in, :class:`OpinionResult` out.

Order follows ``small-conv-update-graph`` in compdemocracy/polis
math/src/polismath/math/conversation.clj: vote matrix -> in-conversation participants ->
PCA with imputation and moderated-out statements zeroed -> sparsity-aware projection ->
base clusters -> groups (k by silhouette, smoothed) -> repness, consensus.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from threadpoolctl import ThreadpoolController

from .clusters import GroupingState, OpinionGroups
from .consensus import divisive_statements, group_informed_consensus, overall_consensus
from .matrix import VoteMatrix, build_vote_matrix
from .pca import SparsityAwarePCA
from .repness import group_vote_counts, repness_stats, select_representative
from .result import OpinionGroup, OpinionResult

__all__ = ["compute_opinions", "statement_moderation"]


def statement_moderation(statements: Iterable[Any]) -> dict[Any, bool]:
    """Map statement id -> moderated out, from records with ``id`` and either
    ``moderated_out`` (bool) or Pol.is's ``moderated`` (-1 = out); ``is_meta`` statements
    count as moderated out, as in Pol.is's ``mod-update``. Mappings work as records.
    """
    out: dict[Any, bool] = {}
    for s in statements:
        if isinstance(s, Mapping):
            sid, out_flag = s.get("id"), s.get("moderated_out")
            moderated, meta = s.get("moderated", 0), s.get("is_meta", False)
        else:
            sid, out_flag = getattr(s, "id", None), getattr(s, "moderated_out", None)
            moderated, meta = getattr(s, "moderated", 0), getattr(s, "is_meta", False)
        if sid is None:
            raise ValueError("every statement needs an id")
        mod = bool(out_flag) if out_flag is not None else moderated == -1
        out[sid.item() if isinstance(sid, np.generic) else sid] = mod or bool(meta)
    return out


def compute_opinions(
    votes: Any,
    *,
    statements: Iterable[Any] | None = None,
    random_state: int | None = 0,
    min_votes: int = 7,
    base_k: int = 100,
    max_k: int = 5,
    k_buffer: int = 4,
    init: str = "polis",
    pick_max: int = 5,
    previous: GroupingState | None = None,
    n_threads: int | None = 1,
) -> OpinionResult:
    """Opinion groups, representative statements and consensus from votes.

    ``votes``: records ``(participant id, statement id, vote[, timestamp ms])`` (tuples,
    mappings or objects with ``participant_id``, ``statement_id``, ``vote``,
    ``timestamp_ms``) or a :class:`~inspraak_analysis.polis_export.VoteTable`; vote 1
    agree, -1 disagree, 0 pass. Repeated votes by one participant on one statement count
    once (the latest). ``statements``: optional records with moderation state (see
    :func:`statement_moderation`); unvoted statements are reported with zero counts.
    ``previous``: ``result.state`` of an earlier run on the same conversation, to warm
    start k-means and smooth the number of groups as Pol.is does over updates.
    ``n_threads``: BLAS/OpenMP thread limit during the computation (None leaves the
    pools alone; 1 avoids oversubscription on small machines).

    Never raises on degenerate input (no votes, one participant, unanimous votes): the
    result then has zero or one group.
    """
    settings = {
        "min_votes": min_votes,
        "base_k": base_k,
        "max_k": max_k,
        "k_buffer": k_buffer,
        "init": init,
        "pick_max": pick_max,
        "random_state": random_state,
        "n_threads": n_threads,
    }
    moderation = statement_moderation(statements) if statements is not None else {}
    with _thread_limit(n_threads):
        matrix = build_vote_matrix(votes, min_votes=min_votes)
        return _compute(matrix, moderation, settings, previous)


_CONTROLLER: list[ThreadpoolController] = []


def _thread_limit(n_threads: int | None) -> AbstractContextManager[Any]:
    """Limit BLAS/OpenMP pools; the library scan is done once per process."""
    if n_threads is None:
        return nullcontext()
    if not _CONTROLLER:
        _CONTROLLER.append(ThreadpoolController())
    limiter: AbstractContextManager[Any] = _CONTROLLER[0].limit(limits=n_threads)
    return limiter


def _orientation(
    previous: GroupingState | None, sids: NDArray[Any], components: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Signs that keep each component pointing as in the previous run.

    Principal components have no intrinsic sign; Pol.is keeps its orientation by
    starting power iteration from the previous components. Without this, warm-started
    cluster centres could land in a mirrored plane.
    """
    signs = np.ones(components.shape[0])
    if previous is None or previous.components is None or previous.statement_ids is None:
        return signs
    shared, here, there = np.intersect1d(sids, previous.statement_ids, return_indices=True)
    if shared.size:
        dots = (components[:, here] * previous.components[:, there]).sum(axis=1)
        signs[dots < 0] = -1.0
    return signs


def _all_statement_ids(matrix: VoteMatrix, moderation: dict[Any, bool]) -> NDArray[Any]:
    voted = matrix.statement_ids
    if not moderation:
        return voted
    known = np.asarray(list(moderation), dtype=voted.dtype if voted.size else None)
    if voted.size and known.dtype.kind != voted.dtype.kind:
        known = known.astype(voted.dtype)
    return np.union1d(voted, known)


def _compute(
    matrix: VoteMatrix,
    moderation: dict[Any, bool],
    settings: dict[str, Any],
    previous: GroupingState | None,
) -> OpinionResult:
    sids = _all_statement_ids(matrix, moderation)
    mod_out = np.array([moderation.get(s, False) for s in sids.tolist()], dtype=bool)
    cols = np.searchsorted(sids, matrix.statement_ids)  # voted columns within sids
    values = sp.csr_array(
        (matrix.values.data, cols[matrix.values.indices].astype(np.int32), matrix.values.indptr),
        shape=(matrix.shape[0], sids.shape[0]),
    )
    n_rows = matrix.shape[0]
    projection = np.zeros((n_rows, 2))
    components = np.zeros((2, matrix.shape[1]))
    if matrix.n_votes:
        pca = SparsityAwarePCA(n_components=2, random_state=settings["random_state"])
        projection = pca.fit_transform(matrix.values, moderated_out=mod_out[cols])
        components = pca.components_
        flip = _orientation(previous, matrix.statement_ids, components)
        projection, components = projection * flip, components * flip[:, None]
    in_conv = np.flatnonzero(matrix.in_conversation)
    grouping = OpinionGroups(
        base_k=settings["base_k"],
        max_k=settings["max_k"],
        k_buffer=settings["k_buffer"],
        init=settings["init"],
        random_state=settings["random_state"],
    ).fit(projection[in_conv], previous=previous)
    group_of = np.full(n_rows, -1, dtype=np.intp)
    group_of[in_conv] = grouping.labels_
    n_groups = grouping.n_groups_
    counts = group_vote_counts(values, group_of, n_groups)
    overall = group_vote_counts(values, np.zeros(n_rows, dtype=np.intp), 1)
    voted = np.zeros(sids.shape[0], dtype=bool)
    voted[cols] = True
    eligible = voted & ~mod_out
    stats = repness_stats(counts)
    groups = [
        OpinionGroup(
            size=int((group_of == g).sum()),
            representative=select_representative(stats, g, eligible, settings["pick_max"]),
        )
        for g in range(n_groups)
    ]
    return OpinionResult(
        participant_ids=matrix.participant_ids,
        statement_ids=sids,
        moderated_out=mod_out,
        group_of=group_of,
        projection=projection,
        groups=groups,
        consensus=group_informed_consensus(counts, eligible, settings["pick_max"]),
        polis_consensus=overall_consensus(
            overall.agree[0], overall.disagree[0], overall.seen[0], eligible, settings["pick_max"]
        ),
        division=divisive_statements(counts, eligible),
        counts=counts,
        overall=overall,
        n_votes=matrix.n_votes,
        silhouettes=grouping.silhouettes_,
        best_k=grouping.best_k_,
        state=replace(grouping.state_, components=components, statement_ids=matrix.statement_ids),
        settings=settings,
    )
