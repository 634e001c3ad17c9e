# SPDX-License-Identifier: EUPL-1.2
"""Our sensemaking engine and BERTopic side by side: time and ARI on the same input.

Issue 4's goal: at least 5x faster than BERTopic at equal or better ARI.
Data sets: the labelled evaluation set, the founding sessions, and a
synthetic 10,000-contribution set built as ``report_scale.py`` builds its
input (evaluation post-its with a random suffix over 40 sessions; the gold
theme is the chosen post-it's).

The same features: BERTopic gets no sentence-transformer (``embedding_model
=None``, nothing is downloaded) but precomputed embeddings from our own
pipeline: ``ContributionVectoriser`` TF-IDF (the engine's analyzer) reduced
with ``TruncatedSVD`` to a dense matrix, passed as ``embeddings=``. Otherwise
BERTopic's defaults: UMAP (15 neighbours, 5 components, min_dist 0, cosine)
with a fixed ``random_state``, and HDBSCAN (min_cluster_size 10, eom),
written out only to pin the seed and the thread counts. BERTopic's outlier
topic -1 is scored as singletons (each outlier its own theme); ARI with -1
as one cluster is printed too.

Timing: our time is the whole ``analyse`` (features, themes, duplicates,
labels, support, claims); BERTopic's is our features + SVD + ``fit_transform``
(its fit alone is printed too). Both run after a warm-up (numba compiles
UMAP's and pynndescent's kernels on first use; simplemma loads its
dictionary), median of ``--repeat`` runs, in one process with the same
thread limits.

    .venv/bin/python benchmarks/sensemaking_vs_bertopic.py   # ours only, if bertopic missing
    uv run --group bench python benchmarks/sensemaking_vs_bertopic.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
SUFFIXES = (
    "",
    "!",
    " (echt waar)",
    " — dringend",
    " graag snel",
    " voor iedereen",
    " in onze gemeente",
)


def limit_threads(n: int) -> None:
    """Before numpy/numba load: every pool to ``n`` threads; no hub downloads."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        os.environ[var] = str(n)
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["TOKENIZERS_PARALLELISM"] = "false"


def load_csv(path: Path) -> tuple[list[Any], list[str]]:
    from inspraak_analysis.csvinput import read_analysis_csv

    contributions = read_analysis_csv(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        gold = [row["gold_theme"] for row in csv.DictReader(handle)]
    return contributions, gold


def synthetic(n: int) -> tuple[list[Any], list[str]]:
    """``report_scale.make_csv``'s input (same seed, same texts), with gold themes."""
    from inspraak_analysis.themes.model import Contribution

    with (DATA / "eval_postits.csv").open(encoding="utf-8") as stream:
        rows = [(r["text"], r["gold_theme"]) for r in csv.DictReader(stream)]
    rng = random.Random(0)
    items, gold = [], []
    for i in range(n):
        session = i % 40
        participant = f"p{session}-{rng.randrange(25)}"
        text, theme = rng.choice(rows)
        items.append(
            Contribution(i + 1, f"Sessie {session + 1}", participant, text + rng.choice(SUFFIXES))
        )
        gold.append(theme)
    return items, gold


def scores(gold: list[str], pred: Any, sessions: list[str]) -> tuple[float, float]:
    """Pooled ARI and per-session mean ARI, as ``sensemaking_quality.py`` computes them."""
    import numpy as np
    from sklearn.metrics import adjusted_rand_score

    per_session = []
    for s in sorted(set(sessions)):
        idx = [i for i, x in enumerate(sessions) if x == s]
        per_session.append(adjusted_rand_score([gold[i] for i in idx], pred[idx]))
    return adjusted_rand_score(gold, pred), float(np.mean(per_session))


def ours(contributions: list[Any]) -> tuple[Any, int]:
    import numpy as np

    from inspraak_analysis.sensemaking import SensemakingConfig, analyse

    result = analyse(contributions, config=SensemakingConfig())
    position = {cid: i for i, cid in enumerate(result.order)}
    labels = np.full(len(contributions), -1)
    leaves = [t for t in result.themes if t.is_leaf]
    for k, theme in enumerate(leaves):
        for cid in theme.contribution_ids:
            labels[position[cid]] = k
    assert (labels >= 0).all(), "every contribution must be in a leaf theme"
    return labels, len(leaves)


def features(texts: list[str], dims: int) -> Any:
    """Our TF-IDF (the engine's analyzer) -> TruncatedSVD -> L2-normalised dense rows."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    from inspraak_analysis.sensemaking import SensemakingConfig
    from inspraak_analysis.themes.features import ContributionVectoriser

    cfg = SensemakingConfig()
    tfidf = ContributionVectoriser(analyzer=cfg.analyzer, thesaurus=cfg.thesaurus).fit_transform(
        texts
    )
    k = max(2, min(dims, tfidf.shape[1] - 1, tfidf.shape[0] - 1))
    return normalize(TruncatedSVD(n_components=k, random_state=0).fit_transform(tfidf))


def bertopic_model(args: argparse.Namespace) -> Any:
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from umap import UMAP

    # BERTopic's own defaults, written out only to fix the seed and the thread counts.
    umap = UMAP(
        n_neighbors=15,
        n_components=5,
        min_dist=0.0,
        metric="cosine",
        low_memory=False,
        random_state=0,
        n_jobs=args.threads,
    )
    hdbscan = HDBSCAN(
        min_cluster_size=args.min_topic_size,
        metric="euclidean",
        cluster_selection_method="eom",
        prediction_data=True,
        core_dist_n_jobs=args.threads,
    )
    return BERTopic(embedding_model=None, umap_model=umap, hdbscan_model=hdbscan)


def bertopic(texts: list[str], args: argparse.Namespace) -> tuple[Any, Any, float, float]:
    import numpy as np

    start = time.perf_counter()
    embeddings = features(texts, args.svd_dims)
    feature_s = time.perf_counter() - start
    topics, _ = bertopic_model(args).fit_transform(texts, embeddings=embeddings)
    topics = np.asarray(topics)
    singletons = topics.copy()
    outliers = np.flatnonzero(topics == -1)
    singletons[outliers] = topics.max() + 1 + np.arange(len(outliers))
    return singletons, topics, feature_s, time.perf_counter() - start - feature_s


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float, list[float]]:
    runs, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - start)
    return out, statistics.median(runs), runs


def spread(runs: list[float]) -> str:
    return f"[{min(runs):.2f}-{max(runs):.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per set (median)")
    parser.add_argument("--threads", type=int, default=1, help="thread limit for both")
    parser.add_argument("--n", type=int, default=10_000, help="synthetic set size (0: skip)")
    parser.add_argument(
        "--svd-dims", type=int, default=64, help="SVD dimensions of BERTopic's input"
    )
    parser.add_argument("--min-topic-size", type=int, default=10, help="HDBSCAN min_cluster_size")
    args = parser.parse_args()
    limit_threads(args.threads)
    sys.path.insert(0, str(ROOT))

    import numpy as np
    from sklearn.metrics import adjusted_rand_score
    from threadpoolctl import threadpool_info, threadpool_limits

    from inspraak_analysis.sensemaking import SensemakingConfig

    try:
        import bertopic as bertopic_package
    except ImportError as exc:
        print(f"BERTopic not installed: {exc} (uv sync --group bench); printing our figures only")
        bertopic_package = None

    cfg = SensemakingConfig()
    pools = sorted({f"{p['internal_api']}={p['num_threads']}" for p in threadpool_info()})
    print(
        f"thread pools: threadpoolctl limit {args.threads} around both; engine n_threads={cfg.n_threads}; "
        + " ".join(
            f"{v}={os.environ[v]}"
            for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMBA_NUM_THREADS")
        )
        + f"; cpus={os.cpu_count()}; loaded pools: {', '.join(pools) or 'none'}"
    )
    print(
        f"ours: analyse() with defaults (analyzer={cfg.analyzer}, leaf_distance={cfg.leaf_distance})"
    )
    if bertopic_package is not None:
        from importlib.metadata import version

        print(
            f"BERTopic {version('bertopic')} (umap-learn {version('umap-learn')}, "
            f"hdbscan {version('hdbscan')}): embedding_model=None, embeddings= our TF-IDF -> "
            f"TruncatedSVD({args.svd_dims}) -> L2; UMAP(n_neighbors=15, n_components=5, "
            f"min_dist=0.0, metric=cosine, random_state=0, n_jobs={args.threads}); "
            f"HDBSCAN(min_cluster_size={args.min_topic_size}, eom, "
            f"core_dist_n_jobs={args.threads}); outlier topic -1 -> singletons"
        )
    print(
        f"times: median of {args.repeat} runs after a warm-up; BERTopic time includes our features + SVD"
    )

    sets: list[tuple[str, Callable[[], tuple[list[Any], list[str]]]]] = [
        ("eval", lambda: load_csv(DATA / "eval_postits.csv")),
        ("founding", lambda: load_csv(DATA / "founding_sessions.csv")),
    ]
    if args.n:
        sets.append((f"synthetic {args.n}", lambda: synthetic(args.n)))

    with threadpool_limits(limits=args.threads):
        warm_items, _ = load_csv(DATA / "eval_postits.csv")
        start = time.perf_counter()
        ours(warm_items)
        line = f"warm-up (not timed): ours {time.perf_counter() - start:.2f} s"
        if bertopic_package is not None:
            # Below and above 4096 rows: UMAP's exact and its approximate (pynndescent)
            # nearest neighbours compile different numba kernels.
            rng = np.random.default_rng(0)
            start = time.perf_counter()
            for n in (300, 4200):
                bertopic_model(args).fit_transform(
                    [f"tekst {i}" for i in range(n)], embeddings=rng.normal(size=(n, args.svd_dims))
                )
            line += f", BERTopic {time.perf_counter() - start:.2f} s (numba JIT)"
        print(line)

        summary = []
        for name, build in sets:
            items, gold = build()
            texts = [c.text for c in items]
            sessions = [c.session for c in items]
            (pred, n_themes), our_s, our_runs = timed(lambda items=items: ours(items), args.repeat)
            our_ari, our_sari = scores(gold, pred, sessions)
            print(
                f"\n== {name}: {len(items)} contributions, {len(set(sessions))} sessions, "
                f"{len(set(gold))} gold themes"
            )
            print(
                f"  ours      {our_s:7.2f} s {spread(our_runs)} ARI {our_ari:.3f}  per-session mean ARI {our_sari:.3f}"
                f"  ({n_themes} leaf themes)"
            )
            if bertopic_package is None:
                continue
            out, bt_s, bt_runs = timed(lambda texts=texts: bertopic(texts, args), args.repeat)
            singletons, topics, feature_s, fit_s = out
            bt_ari, bt_sari = scores(gold, singletons, sessions)
            n_out = int((topics == -1).sum())
            print(
                f"  BERTopic  {bt_s:7.2f} s {spread(bt_runs)} ARI {bt_ari:.3f}  per-session mean ARI {bt_sari:.3f}"
                f"  ({int(topics.max()) + 1} topics, {n_out} outliers as singletons; "
                f"last run: features+SVD {feature_s:.2f} s, fit_transform {fit_s:.2f} s; "
                f"ARI with -1 as one cluster {adjusted_rand_score(gold, topics):.3f})"
            )
            ratio = bt_s / our_s
            ok = ratio >= 5 and our_ari >= bt_ari
            print(
                f"  speed ratio BERTopic/ours {ratio:.1f}x; ARI ours - BERTopic {our_ari - bt_ari:+.3f}"
                f" -> goal (>= 5x faster, ARI >= BERTopic's): {'met' if ok else 'MISSED'}"
            )
            summary.append((name, ok))
    if summary:
        print(
            "\ngoal over all sets: "
            + (
                "met"
                if all(ok for _, ok in summary)
                else "MISSED on " + ", ".join(n for n, ok in summary if not ok)
            )
        )


if __name__ == "__main__":
    main()
