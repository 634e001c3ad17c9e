# SPDX-License-Identifier: EUPL-1.2
"""Hierarchical grouping of L2-normalised rows into leaf and parent themes.

Up to ``max_exact`` rows: exact average linkage (UPGMA) on cosine distance,
cut at ``distance_threshold`` for leaves and ``parent_distance_threshold``
for parents, so leaves nest in parents by construction.

Above it (100,000 post-its): rows are partitioned into cells of similar
texts (truncated SVD + mini-batch k-means, re-split until a cell has at
most ``cell_size`` rows), each cell is grouped exactly, and leaves from
different cells meet again in a second UPGMA over the leaves, whose
similarity is the dot product of their mean rows (exactly the average
pairwise similarity of their members). Parents come from that second tree.
"""

from __future__ import annotations

from typing import Self

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from inspraak_analysis.themes.graph import renumber


def cosine_similarity_dense(matrix: sp.csr_matrix) -> np.ndarray:
    """Row-by-row cosine similarity of L2-normalised rows, dense float32."""
    sim = np.asarray((matrix @ matrix.T).toarray(), dtype=np.float32)
    np.clip(sim, 0.0, 1.0, out=sim)
    np.fill_diagonal(sim, 1.0)
    return sim


def average_linkage(sim: np.ndarray) -> np.ndarray:
    """SciPy linkage matrix of UPGMA on ``1 - sim``."""
    dist = 1.0 - sim.astype(np.float64)
    np.fill_diagonal(dist, 0.0)
    return np.asarray(linkage(squareform(dist, checks=False), method="average"))


def cut(tree: np.ndarray, n: int, threshold: float) -> np.ndarray:
    """Flat clusters of a linkage tree at a distance, numbered by first row."""
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    return renumber(fcluster(tree, t=threshold, criterion="distance"))


class ThemeClusterer:
    """Leaf and parent themes for L2-normalised rows (scikit-learn contract).

    After ``fit(X)``: ``labels_`` (leaf per row, numbered by first row),
    ``parents_`` (parent per leaf, or -1 when the parent would hold a single
    leaf) and ``similar_pairs_`` (row pairs ``i < j`` with cosine similarity
    at least ``pair_similarity``, found in the same similarity matrices;
    above ``max_exact`` only pairs within one cell are seen).
    """

    def __init__(
        self,
        distance_threshold: float = 0.75,
        parent_distance_threshold: float = 0.9,
        max_exact: int = 4000,
        cell_size: int = 1500,
        pair_similarity: float = 0.55,
        random_state: int = 0,
    ) -> None:
        self.distance_threshold = distance_threshold
        self.parent_distance_threshold = parent_distance_threshold
        self.max_exact = max_exact
        self.cell_size = cell_size
        self.pair_similarity = pair_similarity
        self.random_state = random_state

    def fit(self, X: sp.csr_matrix) -> Self:
        n = X.shape[0]
        self._pairs: list[np.ndarray] = [np.zeros((0, 2), dtype=np.int64)]
        if n == 0:
            self.labels_, self.parents_ = np.zeros(0, np.int64), np.zeros(0, np.int64)
        elif n <= self.max_exact:
            self._fit_exact(X)
        else:
            self._fit_cells(X)
        self.similar_pairs_ = np.unique(np.concatenate(self._pairs), axis=0)
        return self

    def _linkage(self, X: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
        """UPGMA tree of ``X[rows]``; records the similar pairs on the way."""
        sim = cosine_similarity_dense(X[rows])
        close = np.argwhere(np.triu(sim, k=1) >= self.pair_similarity)
        self._pairs.append(rows[close])
        return average_linkage(sim)

    def _fit_exact(self, X: sp.csr_matrix) -> None:
        rows = np.arange(X.shape[0])
        tree = self._linkage(X, rows) if X.shape[0] > 1 else np.zeros(0)
        self.labels_ = cut(tree, X.shape[0], self.distance_threshold)
        parent_of_row = cut(tree, X.shape[0], self.parent_distance_threshold)
        self.parents_ = _parents_from_rows(self.labels_, parent_of_row)

    def _fit_cells(self, X: sp.csr_matrix) -> None:
        reduced = self._reduce(X)
        labels = np.empty(X.shape[0], dtype=np.int64)
        offset = 0
        for cell in self._partition(reduced, np.arange(X.shape[0])):
            tree = self._linkage(X, cell) if len(cell) > 1 else np.zeros(0)
            local = cut(tree, len(cell), self.distance_threshold)
            labels[cell] = local + offset
            offset += int(local.max()) + 1
        self.labels_, self.parents_ = self._merge_leaves(X, reduced, labels)

    def _reduce(self, X: sp.csr_matrix) -> np.ndarray:
        dims = max(2, min(64, X.shape[1] - 1))
        svd = TruncatedSVD(
            n_components=dims, algorithm="randomized", n_iter=3, random_state=self.random_state
        )
        return np.asarray(normalize(svd.fit_transform(X)), dtype=np.float32)

    def _partition(self, reduced: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
        """Split ``rows`` into cells of similar rows of at most ``cell_size``."""
        if len(rows) <= self.cell_size:
            return [rows]
        k = int(np.ceil(2 * len(rows) / self.cell_size))
        km = MiniBatchKMeans(
            n_clusters=k, random_state=self.random_state, n_init=1, batch_size=4096
        )
        assign = km.fit_predict(reduced[rows])
        if len(np.unique(assign)) == 1:  # identical rows: cut arbitrarily
            return [rows[i : i + self.cell_size] for i in range(0, len(rows), self.cell_size)]
        return [
            c
            for label in np.unique(assign)
            for c in self._partition(reduced, rows[assign == label])
        ]

    def _merge_leaves(
        self, X: sp.csr_matrix, reduced: np.ndarray, labels: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Second level: UPGMA over the leaves of all cells, on their mean rows.

        The similarity of two leaves is the dot product of their mean rows,
        which is exactly the average pairwise similarity of their members
        (rows are L2-normalised), so leaves that one theme left in two cells
        meet again at the same threshold. Leaves are themselves partitioned
        into cells when there are too many of them.
        """
        n_leaves = int(labels.max()) + 1
        member = sp.csr_matrix(
            (np.ones(len(labels), np.float32), (labels, np.arange(len(labels)))),
            shape=(n_leaves, len(labels)),
        )
        sizes = np.asarray(member.sum(axis=1)).ravel()
        means = sp.csr_matrix(sp.diags(1.0 / sizes).astype(np.float32) @ member @ X)
        centres = np.asarray(normalize(member @ reduced), dtype=np.float32)
        merged = np.zeros(n_leaves, dtype=np.int64)
        parent = np.zeros(n_leaves, dtype=np.int64)
        offset = 0
        for cell in self._partition(centres, np.arange(n_leaves)):
            sim = np.asarray((means[cell] @ means[cell].T).toarray(), dtype=np.float32)
            np.fill_diagonal(sim, 1.0)
            tree = average_linkage(np.clip(sim, 0.0, 1.0)) if len(cell) > 1 else np.zeros(0)
            merged[cell] = cut(tree, len(cell), self.distance_threshold) + offset
            parent[cell] = cut(tree, len(cell), self.parent_distance_threshold) + offset
            offset += len(cell)
        new_labels = renumber(merged[labels])
        return new_labels, _parents_from_rows(new_labels, parent[labels])


def _parents_from_rows(
    leaf: np.ndarray, parent: np.ndarray, max_children: int = 10**9
) -> np.ndarray:
    """Parent per leaf; -1 where a parent holds one leaf only (or too many)."""
    n_leaves = int(leaf.max()) + 1 if len(leaf) else 0
    parent_of_leaf = np.full(n_leaves, -1, dtype=np.int64)
    parent_of_leaf[leaf] = parent
    children = np.bincount(parent_of_leaf, minlength=int(parent_of_leaf.max(initial=0)) + 1)
    keep = (children[parent_of_leaf] > 1) & (children[parent_of_leaf] <= max_children)
    result = np.where(keep, parent_of_leaf, -1)
    return _renumber_keep_negative(result)


def _renumber_keep_negative(values: np.ndarray) -> np.ndarray:
    out = np.full_like(values, -1)
    mask = values >= 0
    if mask.any():
        out[mask] = renumber(values[mask])
    return out
