# SPDX-License-Identifier: EUPL-1.2
"""Semantic grouping: pair probabilities from the learned model, average linkage on 1 − p.

All texts of all sessions are clustered together, so a point made in two
sessions forms one theme by itself; the same-session flag in the pair
model keeps the usual "same evening, same words" pairs from dominating.
The cut and the parent cut are the ones shipped with the model (chosen by
cross-validation on the labelled sets, scripts/fit_pair_model.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from inspraak_analysis.themes import pairs
from inspraak_analysis.themes.encoders import Embedder
from inspraak_analysis.themes.grouping import _parents_from_rows, average_linkage, cut


@dataclass(frozen=True)
class Grouping:
    """Leaf per row, parent per leaf (-1: none), similar row pairs, probability matrix."""

    labels: np.ndarray
    parents: np.ndarray
    similar_pairs: np.ndarray
    probability: np.ndarray


def dense_views(
    texts: Sequence[str],
    terms: Sequence[Sequence[str]],
    sessions: Sequence[str],
    views: Sequence[str],
    embed: Embedder,
) -> dict[str, np.ndarray]:
    """The centred embeddings each non-lexical view needs."""
    out: dict[str, np.ndarray] = {}
    for view in views:
        if view == "lex":
            continue
        model, kind = view.split("_")
        raw = kind.startswith("raw")
        kind = kind.removeprefix("raw")
        source = (
            list(texts)
            if kind == "text"
            else [" ".join(t) or x for t, x in zip(terms, texts, strict=True)]
        )
        vectors = embed(model, source)
        out[view] = vectors if raw else pairs.centred(vectors, sessions)
    return out


def pair_probability(
    model: pairs.PairModel,
    lexical: sp.csr_matrix,
    dense: dict[str, np.ndarray],
    sessions: Sequence[str],
) -> np.ndarray:
    sims = pairs.view_similarities(lexical, dense, model.views)
    feats = pairs.features(sims, pairs.same_session_matrix(sessions))
    prob = pairs.probability(model, feats)
    np.fill_diagonal(prob, 1.0)
    return prob


def group(
    model: pairs.PairModel,
    lexical: sp.csr_matrix,
    dense: dict[str, np.ndarray],
    sessions: Sequence[str],
    pair_similarity: float,
) -> Grouping:
    """Leaves and parents by average linkage on 1 − p; near-duplicates by lexical similarity."""
    n = lexical.shape[0]
    prob = pair_probability(model, lexical, dense, sessions)
    tree = average_linkage(prob) if n > 1 else np.zeros(0)
    labels = cut(tree, n, model.leaf_distance)
    parents = _parents_from_rows(labels, cut(tree, n, model.parent_distance))
    lex = np.asarray((lexical @ lexical.T).toarray(), dtype=np.float32)
    close = np.argwhere(np.triu(lex, k=1) >= pair_similarity).astype(np.int64)
    return Grouping(labels, parents, close.reshape(-1, 2), prob)
