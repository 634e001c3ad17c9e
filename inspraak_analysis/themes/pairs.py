# SPDX-License-Identifier: EUPL-1.2
"""The learned pair model: how likely two contributions share a theme.

Each pair gets one similarity per view — lexical TF-IDF over the content
terms, e5 and USE on the normalised text, e5 and USE on the content terms
(lemmas, compound parts, expanded abbreviations) — plus a same-session flag
and each similarity times that flag. A logistic regression over those
features, fitted on the pairs of labelled post-it sets by
``scripts/fit_pair_model.py`` and shipped as ``pair_model.json``, turns them
into a probability. Nothing is fitted at run time.

Embeddings are *centred* first: raw sentence-encoder similarities are
dominated by what all post-its of an evening share, so the mean of the
whole input and the (shrunk) mean of the contribution's own session are
removed before the cosine (MEASUREMENTS.md: +0.05-0.1 ARI).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

MODEL_FILE = Path(__file__).with_name("pair_model.json")
# A session mean counts as this many texts of the corpus mean (small sessions
# would otherwise lose all their content to their own mean).
SESSION_SHRINK_TEXTS = 5.0
SESSION_WEIGHT = 1.0
# Held out (fit on two labelled sets, scored on the third), adding USE to
# lexical + e5 lowered ARI on all three sets; the medium route (no e5) is
# for interactive use where e5 would be too slow.
FULL_VIEWS = ("lex", "e5_text", "e5_terms")
MEDIUM_VIEWS = ("lex", "use_text", "use_terms")


@dataclass(frozen=True)
class PairModel:
    views: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    leaf_distance: float
    parent_distance: float

    def to_json(self) -> dict[str, Any]:
        return {
            "views": list(self.views),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "leaf_distance": self.leaf_distance,
            "parent_distance": self.parent_distance,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PairModel:
        return cls(
            tuple(data["views"]),
            tuple(float(c) for c in data["coef"]),
            float(data["intercept"]),
            float(data["leaf_distance"]),
            float(data["parent_distance"]),
        )


@lru_cache(maxsize=1)
def shipped_models() -> dict[str, PairModel]:
    """The fitted models by route name ("full", "fast")."""
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return {route: PairModel.from_json(m) for route, m in data["models"].items()}


def centred(
    vectors: np.ndarray, sessions: Sequence[str], session_weight: float = SESSION_WEIGHT
) -> np.ndarray:
    """Rows minus the corpus mean and ``session_weight`` × their session's (shrunk) offset."""
    corpus = vectors.mean(axis=0)
    out = np.empty_like(vectors)
    names = np.asarray(sessions)
    for name in sorted(set(sessions)):
        rows = np.flatnonzero(names == name)
        mean = (vectors[rows].sum(axis=0) + SESSION_SHRINK_TEXTS * corpus) / (
            len(rows) + SESSION_SHRINK_TEXTS
        )
        out[rows] = vectors[rows] - corpus - session_weight * (mean - corpus)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(out / norms, dtype=np.float32)


def view_similarities(
    lexical: sp.csr_matrix, dense: dict[str, np.ndarray], views: Sequence[str]
) -> list[np.ndarray]:
    """One square similarity matrix per view (float32)."""
    sims = []
    for view in views:
        if view == "lex":
            sims.append(np.asarray((lexical @ lexical.T).toarray(), dtype=np.float32))
        else:
            v = dense[view]
            sims.append(np.asarray(v @ v.T, dtype=np.float32))
    return sims


def features(sims: Sequence[np.ndarray], same_session: np.ndarray) -> list[np.ndarray]:
    """The model's inputs in order: each similarity, the flag, each similarity × flag."""
    flag = same_session.astype(np.float32)
    return [*sims, flag, *(s * flag for s in sims)]


def probability(model: PairModel, feats: Sequence[np.ndarray]) -> np.ndarray:
    """Same-theme probability per pair (same shape as each feature)."""
    logit = np.full_like(feats[0], model.intercept, dtype=np.float64)
    for weight, f in zip(model.coef, feats, strict=True):
        logit += weight * f
    return np.asarray(1.0 / (1.0 + np.exp(-logit)), dtype=np.float32)


def same_session_matrix(sessions: Sequence[str]) -> np.ndarray:
    codes = {name: i for i, name in enumerate(sorted(set(sessions)))}
    s = np.asarray([codes[x] for x in sessions])
    return np.asarray(s[:, None] == s[None, :])
