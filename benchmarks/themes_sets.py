# SPDX-License-Identifier: EUPL-1.2
"""The labelled post-it sets and the pair-model fitting shared by the fit script and benchmark.

Three sets, each with a hand-written ``gold_theme`` per post-it:
``eval`` (benchmarks/data/eval_postits.csv, ten policy sessions),
``founding`` (the founding document's four sessions of aldermen) and
``oosterveen`` (residents of a fictional municipality, three sessions,
tests/fixtures/themes/oosterveen). A model is fitted on the pairs of some
sets and its cut chosen on those same sets; it is scored only on a set it
never saw (leave one set out).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score

from inspraak_analysis.csvinput import read_analysis_csv
from inspraak_analysis.themes import pairs
from inspraak_analysis.themes.encoders import Embedder, encode, text_key
from inspraak_analysis.themes.features import ContributionVectoriser
from inspraak_analysis.themes.grouping import average_linkage
from inspraak_analysis.themes.model import Contribution
from inspraak_analysis.themes.semantic import dense_views

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "eval": ROOT / "benchmarks/data/eval_postits.csv",
    "founding": ROOT / "benchmarks/data/founding_sessions.csv",
    "oosterveen": ROOT / "tests/fixtures/themes/oosterveen/postits.csv",
}
CACHE = ROOT / "benchmarks/out/embeddings.npz"
CUTS = np.round(np.arange(0.30, 0.96, 0.025), 3)


class FileCache:
    """Embeddings by text key in one .npz, so re-running the benchmark skips the encoders."""

    def __init__(self, path: Path = CACHE) -> None:
        self.path = path
        self.store: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                self.store = {k: data[k] for k in data.files}
        self.dirty = False

    def __call__(self, model: str, texts: list[str]) -> np.ndarray:
        keys = [text_key(model, t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self.store}.items()
        )
        if missing:
            vectors = encode(model, [t for _, t in missing], int(os.environ.get("N_THREADS", "1")))
            self.store.update({k: v for (k, _), v in zip(missing, vectors, strict=True)})
            self.dirty = True
        return np.stack([self.store[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        if self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(self.path, **self.store)


@dataclass
class LabelledSet:
    name: str
    contributions: list[Contribution]
    gold: list[str]
    sessions: list[str]
    lexical: sp.csr_matrix
    dense: dict[str, np.ndarray]

    def features(self, views: tuple[str, ...]) -> list[np.ndarray]:
        sims = pairs.view_similarities(self.lexical, self.dense, views)
        return pairs.features(sims, pairs.same_session_matrix(self.sessions))


def load(name: str, embed: Embedder) -> LabelledSet:
    path = SETS[name]
    contributions = read_analysis_csv(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        gold = [r["gold_theme"] for r in csv.DictReader(handle)]
    texts = [c.text for c in contributions]
    sessions = [c.session for c in contributions]
    vectoriser = ContributionVectoriser(analyzer="char_wb+word")
    lexical = vectoriser.fit_transform(texts)
    views = sorted(set(pairs.FULL_VIEWS) | set(pairs.MEDIUM_VIEWS))
    dense = dense_views(texts, vectoriser.terms_, sessions, views, embed)
    return LabelledSet(name, contributions, gold, sessions, lexical, dense)


def _pair_rows(s: LabelledSet, views: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    iu = np.triu_indices(len(s.gold), k=1)
    X = np.stack([f[iu] for f in s.features(views)], axis=1)
    g = np.asarray(s.gold)
    return X, (g[iu[0]] == g[iu[1]]).astype(np.int64)


def cluster(s: LabelledSet, model: pairs.PairModel, cut: float) -> np.ndarray:
    prob = pairs.probability(model, s.features(model.views))
    np.fill_diagonal(prob, 1.0)
    return np.asarray(fcluster(average_linkage(prob), t=cut, criterion="distance"))


def fit(train: list[LabelledSet], views: tuple[str, ...]) -> pairs.PairModel:
    """Logistic regression on the training sets' pairs (each set weighs the same), then the cut."""
    blocks = [_pair_rows(s, views) for s in train]
    X = np.concatenate([b[0] for b in blocks])
    y = np.concatenate([b[1] for b in blocks])
    w = np.concatenate([np.full(len(b[1]), 1.0 / len(b[1])) for b in blocks]) * len(X)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(X, y, sample_weight=w)
    model = pairs.PairModel(
        views, tuple(float(c) for c in lr.coef_[0]), float(lr.intercept_[0]), 0.5, 0.8
    )
    scores = [
        np.mean([adjusted_rand_score(s.gold, cluster(s, model, c)) for s in train]) for c in CUTS
    ]
    leaf = float(CUTS[int(np.argmax(scores))])
    parent = round(leaf + 0.5 * (1.0 - leaf), 3)
    return pairs.PairModel(views, model.coef, model.intercept, leaf, parent)
