# SPDX-License-Identifier: EUPL-1.2
"""Pol.is's PCA of the vote matrix, with its handling of missing votes.

Port of compdemocracy/polis math/src/polismath/math/pca.clj and the ``:mat``/``:pca``/
``:proj`` steps of ``small-conv-update-graph`` in conversation.clj:

* missing votes are imputed with the column mean over the votes cast (``:mat``);
* moderated-out statements are zeroed for everyone (``nm/zero-out-columns`` on
  ``:rating-mat``), which happens *before* imputation but replaces missing entries
  too, so the column is all zeros and imputation leaves it so;
* PCA centres on the column means of that imputed matrix and takes the first two
  principal components (Pol.is finds them by power iteration; we solve the same
  eigenproblem exactly);
* participants are projected from their own votes only and the projection is scaled by
  ``sqrt(n_comments / n_votes)`` (``sparsity-aware-project-ptpt``), which pushes
  participants who saw few statements out from the centre. A zeroed moderated-out
  column counts as "voted" for everyone there, as in Pol.is.

Because imputed entries equal the column mean, the centred matrix is zero exactly where
votes are missing: it has the sparsity of the vote matrix and is never densified.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.linalg
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.extmath import randomized_svd
from sklearn.utils.validation import check_is_fitted

__all__ = ["SparsityAwarePCA"]

# Sparse Gram products cost about sum(votes per row ** 2); above this, iterate instead.
_GRAM_MAX_WORK = 4e6
_RANDOMIZED_ITERS = 10
# Small matrices: a dense Gram product through BLAS is fastest.
_DENSE_MAX_CELLS = 1_000_000


class SparsityAwarePCA(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """PCA of a sparse vote matrix with Pol.is's imputation and projection.

    Parameters
    ----------
    n_components:
        Number of principal components (Pol.is: 2).
    random_state:
        Seed for the start vector of the iterative eigensolver (large matrices only).

    ``fit(X, moderated_out=None)`` takes a CSR matrix whose stored entries are the
    votes cast (passes stored as explicit zeros) and an optional boolean mask over
    columns. Learned: ``mean_`` (per column, 0 for moderated-out columns),
    ``components_`` (n_components x n_columns, unit rows, sign fixed so each sums
    >= 0), ``explained_variance_``, ``moderated_out_``.
    """

    def __init__(self, n_components: int = 2, random_state: int | None = 0) -> None:
        self.n_components = n_components
        self.random_state = random_state

    def fit(
        self, X: sp.csr_array, y: Any = None, moderated_out: NDArray[np.bool_] | None = None
    ) -> SparsityAwarePCA:
        X = sp.csr_array(X)
        n_rows, n_cols = X.shape
        mod = np.zeros(n_cols, dtype=bool) if moderated_out is None else np.asarray(moderated_out)
        if mod.shape != (n_cols,):
            raise ValueError("moderated_out must have one entry per column")
        counts = np.bincount(X.indices, minlength=n_cols)
        sums = np.bincount(X.indices, weights=X.data, minlength=n_cols)
        mean = np.divide(sums, counts, out=np.zeros(n_cols), where=counts > 0)
        mean[mod] = 0.0
        self.mean_ = mean
        self.moderated_out_ = mod
        centred = self._centre(X)
        k = max(0, min(self.n_components, n_rows, n_cols))
        comps, var = _top_components(centred, k, self.random_state)
        if k < self.n_components:  # degenerate input: pad with zero components
            comps = np.vstack([comps, np.zeros((self.n_components - k, n_cols))])
            var = np.concatenate([var, np.zeros(self.n_components - k)])
        self.components_ = comps
        self.explained_variance_ = var / max(n_rows - 1, 1)
        self.n_features_in_ = n_cols
        return self

    def _centre(self, X: sp.csr_array) -> sp.csr_array:
        data = X.data - self.mean_[X.indices]
        data[self.moderated_out_[X.indices]] = 0.0
        return sp.csr_array((data, X.indices, X.indptr), shape=X.shape)

    def transform(self, X: sp.csr_array) -> NDArray[np.float64]:
        """Sparsity-aware projection of each row (``sparsity-aware-project-ptpts``)."""
        check_is_fitted(self, "components_")
        X = sp.csr_array(X)
        proj = np.asarray(self._centre(X) @ self.components_.T)
        # Votes on moderated-out columns are already counted in nnz; every other row
        # "saw" the zeroed columns too.
        seen_mod = np.zeros(X.shape[0])
        if self.moderated_out_.any():
            on_mod = sp.csr_array(
                (self.moderated_out_[X.indices].astype(np.float64), X.indices, X.indptr),
                shape=X.shape,
            ).sum(axis=1)
            seen_mod = float(self.moderated_out_.sum()) - np.asarray(on_mod)
        n_votes = np.diff(X.indptr) + seen_mod
        scale = np.sqrt(X.shape[1] / np.maximum(n_votes, 1.0))
        return np.asarray(proj * scale[:, None], dtype=np.float64)

    def fit_transform(
        self, X: sp.csr_array, y: Any = None, moderated_out: NDArray[np.bool_] | None = None
    ) -> NDArray[np.float64]:
        return self.fit(X, moderated_out=moderated_out).transform(X)


def _top_components(
    centred: sp.csr_array, k: int, random_state: int | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Top-k right singular vectors of the centred matrix and their squared values.

    Small problems: exact eigendecomposition of the Gram matrix. Large ones: randomized
    subspace iteration (Halko et al. 2011), which needs only sparse products; Pol.is
    itself uses (non-randomized) power iteration, capped at 100 iterations.
    """
    n_rows, n_cols = centred.shape
    if k == 0:
        return np.zeros((0, n_cols)), np.zeros(0)
    per_row = np.diff(centred.indptr).astype(np.float64)
    if n_rows * n_cols <= _DENSE_MAX_CELLS:
        dense = centred.toarray()
        gram = dense.T @ dense
        vals, vecs = scipy.linalg.eigh(gram, subset_by_index=(n_cols - k, n_cols - 1))
        vals, vecs = vals[::-1], vecs[:, ::-1]
    elif float(per_row @ per_row) <= _GRAM_MAX_WORK or k >= min(n_rows, n_cols) - 1:
        gram = (centred.T @ centred).toarray()
        vals, vecs = scipy.linalg.eigh(gram, subset_by_index=(n_cols - k, n_cols - 1))
        vals, vecs = vals[::-1], vecs[:, ::-1]
    else:
        _, s, vt = randomized_svd(
            centred, k, n_oversamples=10, n_iter=_RANDOMIZED_ITERS, random_state=random_state
        )
        vals, vecs = s**2, vt.T
    comps = vecs.T.copy()
    signs = np.where(comps.sum(axis=1) < 0, -1.0, 1.0)
    return comps * signs[:, None], np.maximum(vals, 0.0)
