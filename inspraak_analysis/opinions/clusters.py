# SPDX-License-Identifier: EUPL-1.2
"""Base clusters and opinion groups, as Pol.is builds them.

Port of compdemocracy/polis math/src/polismath/math/clusters.clj (``kmeans``,
``init-clusters``, ``cluster-step``, ``weighted-mean``, ``silhouette``) and of the
``:base-clusters`` ... ``:group-clusters`` steps of ``small-conv-update-graph`` in
conversation.clj:

1. k-means with k = 100 (``:base-k``) on the projected in-conversation participants
   gives *base clusters*;
2. weighted k-means (weights = base cluster sizes) on the base cluster centres, for every
   k in 2..``max-k-fn`` (``min(5, 2 + n_base // 12)``), gives candidate groupings;
3. each candidate is scored by the silhouette coefficient over base clusters (distances
   between base centres, unweighted) and the best k wins, ties to the larger k
   (Clojure's ``max-key`` returns the last maximum);
4. Pol.is smooths k over successive updates (``:group-k-smoother``, ``:group-k-buffer``
   4): a new best k replaces the current one only after it has been the best that many
   updates in a row. :func:`smooth_k` is that rule; :class:`OpinionGroups` applies it
   when given the state of a previous run.

Pol.is's k-means starts from the first k distinct points in data order
(``init-clusters``), drops clusters that end up empty, and stops when no centre moves
by 0.01 or more (``same-clustering?``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import kmeans_plusplus
from sklearn.utils.validation import check_is_fitted

__all__ = [
    "KSmootherState",
    "OpinionGroups",
    "PolisKMeans",
    "group_k_range",
    "polis_silhouette",
    "smooth_k",
]

Float2D = NDArray[np.float64]


def _first_distinct_rows(X: Float2D, k: int) -> Float2D:
    """``init-clusters``: the first k distinct rows, in data order."""
    _, first = np.unique(X, axis=0, return_index=True)
    return X[np.sort(first)[:k]].copy()


def _clean_start(X: Float2D, w: NDArray[np.float64], previous: Float2D, k: int) -> Float2D:
    """Warm start from a previous run's centres (``clean-start-clusters``).

    Recentre the previous clusters on the current points, drop empty and duplicate
    ones, then, while more clusters are possible, split off the point farthest from
    every centre as a new cluster.
    """
    labels = _assign(X, previous)
    mass = np.bincount(labels, weights=w, minlength=previous.shape[0])
    keep = mass > 0
    sums = (
        np.stack(
            [
                np.bincount(labels, weights=w * X[:, j], minlength=previous.shape[0])
                for j in range(2)
            ],
            axis=1,
        )
        if X.shape[1] == 2
        else (np.eye(previous.shape[0])[labels].T * w) @ X
    )
    centers = np.unique(sums[keep] / mass[keep, None], axis=0)
    possible = min(k, np.unique(X, axis=0).shape[0])
    while centers.shape[0] < possible:
        d2 = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=-1).min(axis=1)
        far = int(np.argmax(d2))
        if d2[far] <= 0:
            break
        centers = np.vstack([centers, X[far]])
    return centers[:k]


def _assign(X: Float2D, centers: Float2D) -> NDArray[np.intp]:
    # argmin |x - c|^2 = argmin (|c|^2 - 2 x.c); ties go to the lower index.
    scores = (centers * centers).sum(axis=1)[None, :] - 2.0 * (X @ centers.T)
    return np.asarray(np.argmin(scores, axis=1))


def _lloyd(
    X: Float2D, w: NDArray[np.float64], centers: Float2D, max_iter: int, tol: float
) -> tuple[Float2D, NDArray[np.intp], int]:
    labels = _assign(X, centers)
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 - n_iter is reported
        k = centers.shape[0]
        mass = np.bincount(labels, weights=w, minlength=k)
        keep = mass > 0  # ``cluster-step`` drops clusters without members
        sums = np.stack(
            [np.bincount(labels, weights=w * X[:, j], minlength=k) for j in range(X.shape[1])],
            axis=1,
        )
        new = sums[keep] / mass[keep, None]
        converged = new.shape == centers.shape and bool(
            (np.sqrt(((new - centers) ** 2).sum(axis=1)) < tol).all()
        )
        centers = new
        labels = _assign(X, centers)
        if converged:
            break
    return centers, labels, n_iter


class PolisKMeans(ClusterMixin, BaseEstimator):  # type: ignore[misc]
    """Weighted Lloyd k-means as in Pol.is's ``clusters/kmeans``.

    Parameters
    ----------
    n_clusters:
        Upper bound on the number of clusters (fewer when there are fewer distinct
        points or a cluster empties).
    init:
        ``"polis"`` (first ``n_clusters`` distinct points in data order, Pol.is's
        ``init-clusters``), ``"k-means++"`` (seeded by ``random_state``) or an array of
        starting centres (a warm start from a previous run, as Pol.is does with
        ``:last-clusters``).
    max_iter, tol:
        Stop after ``max_iter`` steps or when no centre moves by ``tol`` or more.
    random_state:
        Seed for ``init="k-means++"``.

    Learned: ``cluster_centers_``, ``labels_``, ``n_iter_``.
    """

    def __init__(
        self,
        n_clusters: int = 2,
        *,
        init: str | Float2D = "polis",
        max_iter: int = 20,
        tol: float = 0.01,
        random_state: int | None = 0,
    ) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(
        self, X: Float2D, y: Any = None, sample_weight: NDArray[np.float64] | None = None
    ) -> PolisKMeans:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] == 0:
            raise ValueError("PolisKMeans needs a non-empty 2-D array")
        w = np.ones(X.shape[0]) if sample_weight is None else np.asarray(sample_weight, float)
        centers = self._initial_centers(X, w)
        self.cluster_centers_, self.labels_, self.n_iter_ = _lloyd(
            X, w, centers, self.max_iter, self.tol
        )
        return self

    def _initial_centers(self, X: Float2D, w: NDArray[np.float64]) -> Float2D:
        if isinstance(self.init, np.ndarray):
            return _clean_start(X, w, np.asarray(self.init, dtype=np.float64), self.n_clusters)
        if self.init == "polis":
            return _first_distinct_rows(X, self.n_clusters)
        if self.init == "k-means++":
            distinct = np.unique(X, axis=0).shape[0]
            k = min(self.n_clusters, distinct)
            centers, _ = kmeans_plusplus(
                X, k, sample_weight=w, random_state=np.random.RandomState(self.random_state)
            )
            return np.asarray(centers, dtype=np.float64)
        raise ValueError(f"unknown init {self.init!r}")

    def predict(self, X: Float2D) -> NDArray[np.intp]:
        check_is_fitted(self, "cluster_centers_")
        return _assign(np.asarray(X, dtype=np.float64), self.cluster_centers_)


def polis_silhouette(dist: Float2D, labels: NDArray[np.intp]) -> float:
    """Mean silhouette over points, as Pol.is's ``clusters/silhouette``.

    ``dist`` is the full distance matrix; a point alone in its cluster scores 0.
    """
    n = labels.shape[0]
    ks = np.unique(labels)
    if n < 2 or ks.shape[0] < 2:
        return 0.0
    onehot = (labels[:, None] == ks[None, :]).astype(np.float64)
    sizes = onehot.sum(axis=0)
    sums = dist @ onehot  # n x k: summed distance from each point to each cluster
    own = np.searchsorted(ks, labels)
    own_size = sizes[own]
    a = np.divide(sums[np.arange(n), own], own_size - 1, out=np.zeros(n), where=own_size > 1)
    means = sums / sizes[None, :]
    means[np.arange(n), own] = np.inf
    b = means.min(axis=1)
    denom = np.maximum(a, b)
    s = np.divide(b - a, denom, out=np.zeros(n), where=denom > 0)
    s[own_size <= 1] = 0.0
    return float(s.mean())


def group_k_range(n_base: int, max_k: int = 5) -> range:
    """Candidate group counts: 2..``min(max_k, 2 + n_base // 12)`` (``max-k-fn``)."""
    return range(2, min(max_k, 2 + n_base // 12) + 1)


@dataclass(frozen=True)
class KSmootherState:
    """Pol.is's ``:group-k-smoother`` state carried from one update to the next."""

    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None


def smooth_k(state: KSmootherState, this_k: int, buffer: int = 4) -> KSmootherState:
    """One step of ``:group-k-smoother`` (conversation.clj).

    The new best k only replaces the smoothed k once it has been best ``buffer`` updates
    in a row; the first update takes it directly.
    """
    same = state.last_k is not None and this_k == state.last_k
    count = state.last_k_count + 1 if same else 1
    smoothed = this_k if count >= buffer or state.smoothed_k is None else state.smoothed_k
    return KSmootherState(last_k=this_k, last_k_count=count, smoothed_k=smoothed)


@dataclass(frozen=True)
class GroupingState:
    """What one :class:`OpinionGroups` fit hands to the next (warm starts, k smoothing)."""

    base_centers: Float2D | None = None
    group_centers: dict[int, Float2D] = field(default_factory=dict)
    k_smoother: KSmootherState = field(default_factory=KSmootherState)
    # The PCA frame the centres live in, so a later run can keep its orientation.
    components: Float2D | None = None
    statement_ids: NDArray[Any] | None = None


class OpinionGroups(ClusterMixin, BaseEstimator):  # type: ignore[misc]
    """Opinion groups from projected participants: base clusters, then groups.

    Parameters
    ----------
    base_k:
        Number of base clusters (Pol.is ``:base-k`` 100).
    max_k:
        Largest number of groups (Pol.is ``:max-k`` 5).
    base_iters, group_iters:
        k-means iteration caps (Pol.is ``:base-iters`` / ``:group-iters`` 100).
    k_buffer:
        Updates a new best k must persist before it is used (``:group-k-buffer`` 4).
    init:
        k-means initialisation, ``"polis"`` or ``"k-means++"`` (see :class:`PolisKMeans`).
    random_state:
        Seed for ``init="k-means++"``.

    ``fit(X, previous=None)``: ``X`` are the projections of the participants to group,
    in the order they joined; ``previous`` a :class:`GroupingState` from the last run.
    Learned: ``labels_`` (group per row, groups numbered by decreasing size),
    ``n_groups_``, ``base_labels_``, ``base_centers_``, ``base_sizes_``,
    ``base_groups_``, ``silhouettes_`` ({k: score}), ``best_k_``, ``state_``.
    """

    def __init__(
        self,
        *,
        base_k: int = 100,
        max_k: int = 5,
        base_iters: int = 100,
        group_iters: int = 100,
        k_buffer: int = 4,
        init: str = "polis",
        random_state: int | None = 0,
    ) -> None:
        self.base_k = base_k
        self.max_k = max_k
        self.base_iters = base_iters
        self.group_iters = group_iters
        self.k_buffer = k_buffer
        self.init = init
        self.random_state = random_state

    def fit(
        self, X: Float2D, y: Any = None, previous: GroupingState | None = None
    ) -> OpinionGroups:
        X = np.asarray(X, dtype=np.float64)
        prev = previous or GroupingState()
        if X.shape[0] == 0:
            return self._set_empty(prev)
        base = PolisKMeans(
            self.base_k,
            init=self._init_for(prev.base_centers),
            max_iter=self.base_iters,
            random_state=self.random_state,
        ).fit(X)
        centers, base_labels = base.cluster_centers_, base.labels_
        sizes = np.bincount(base_labels, minlength=centers.shape[0]).astype(np.float64)
        dist = np.sqrt(((centers[:, None, :] - centers[None, :, :]) ** 2).sum(axis=-1))
        candidates: dict[int, NDArray[np.intp]] = {}
        group_centers: dict[int, Float2D] = {}
        silhouettes: dict[int, float] = {}
        for k in group_k_range(centers.shape[0], self.max_k):
            km = PolisKMeans(
                k,
                init=self._init_for(prev.group_centers.get(k)),
                max_iter=self.group_iters,
                random_state=self.random_state,
            ).fit(centers, sample_weight=sizes)
            candidates[k], group_centers[k] = km.labels_, km.cluster_centers_
            silhouettes[k] = polis_silhouette(dist, km.labels_)
        if candidates:
            best = max(silhouettes.values())
            best_k = max(k for k, s in silhouettes.items() if s == best)
            smoother = smooth_k(prev.k_smoother, best_k, self.k_buffer)
            k_used = smoother.smoothed_k if smoother.smoothed_k in candidates else best_k
            base_groups = candidates[int(k_used)]
        else:  # fewer than 12 base clusters' worth of data: one group
            best_k, smoother = 1, smooth_k(prev.k_smoother, 1, self.k_buffer)
            base_groups = np.zeros(centers.shape[0], dtype=np.intp)
        base_groups = _relabel_by_size(base_groups, sizes)
        self.base_centers_ = centers
        self.base_labels_ = base_labels
        self.base_sizes_ = sizes.astype(np.int64)
        self.base_groups_ = base_groups
        self.labels_ = base_groups[base_labels]
        self.n_groups_ = int(base_groups.max()) + 1
        self.silhouettes_ = silhouettes
        self.best_k_ = best_k
        self.state_ = GroupingState(centers, group_centers, smoother)
        return self

    def _init_for(self, previous: Float2D | None) -> str | Float2D:
        return previous if previous is not None and previous.shape[0] > 0 else self.init

    def _set_empty(self, prev: GroupingState) -> OpinionGroups:
        self.base_centers_ = np.zeros((0, 2))
        self.base_labels_ = np.zeros(0, dtype=np.intp)
        self.base_sizes_ = np.zeros(0, dtype=np.int64)
        self.base_groups_ = np.zeros(0, dtype=np.intp)
        self.labels_ = np.zeros(0, dtype=np.intp)
        self.n_groups_ = 0
        self.silhouettes_ = {}
        self.best_k_ = 0
        self.state_ = prev
        return self


def _relabel_by_size(groups: NDArray[np.intp], weights: NDArray[np.float64]) -> NDArray[np.intp]:
    """Number groups 0.. by decreasing total weight (ties: first appearance)."""
    ids, first = np.unique(groups, return_index=True)
    mass = np.bincount(groups, weights=weights)[ids]
    order = np.lexsort((first, -mass))
    new = np.empty(ids.max() + 1 if ids.size else 0, dtype=np.intp)
    new[ids[order]] = np.arange(ids.shape[0])
    return new[groups]
