# SPDX-License-Identifier: EUPL-1.2
"""Quality of the sensemaking engine on the labelled Dutch evaluation set.

Prints, per data set: pooled and per-session adjusted Rand index (ARI) and
NMI of the leaf themes against the gold themes, precision and recall of
cross-session near-duplicate pairs against the gold points, and the share
of contributions whose theme's support word equals the word the gold theme
would get. ``--sweep`` also prints a grid over the leaf distance threshold
and the feature analyzers.

    .venv/bin/python benchmarks/sensemaking_quality.py [--sweep]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from inspraak_analysis.csvinput import read_analysis_csv  # noqa: E402
from inspraak_analysis.sensemaking import SensemakingConfig, analyse  # noqa: E402
from inspraak_analysis.support import support_level  # noqa: E402
from inspraak_analysis.themes.model import Contribution, SensemakingResult  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
SETS = {"eval": DATA / "eval_postits.csv", "founding": DATA / "founding_sessions.csv"}


def load(path: Path) -> tuple[list[Contribution], list[str], list[str]]:
    contributions = read_analysis_csv(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return contributions, [r["gold_theme"] for r in rows], [r["gold_point"] for r in rows]


def leaf_labels(result: SensemakingResult, n: int) -> np.ndarray:
    labels = np.full(n, -1)
    position = {cid: i for i, cid in enumerate(result.order)}
    for k, theme in enumerate(t for t in result.themes if t.is_leaf):
        for cid in theme.contribution_ids:
            labels[position[cid]] = k
    assert (labels >= 0).all(), "every contribution must be in a leaf theme"
    return labels


def cross_pairs(groups: dict[object, list[int]], sessions: list[str]) -> set[tuple[int, int]]:
    pairs = set()
    for members in groups.values():
        for a, b in itertools.combinations(sorted(members), 2):
            if sessions[a] != sessions[b]:
                pairs.add((a, b))
    return pairs


def duplicate_scores(result: SensemakingResult, points: list[str], sessions: list[str]):
    gold: dict[object, list[int]] = defaultdict(list)
    for i, point in enumerate(points):
        if point:
            gold[point].append(i)
    position = {cid: i for i, cid in enumerate(result.order)}
    found: dict[object, list[int]] = defaultdict(list)
    root: dict[int, int] = {}
    for a, b in result.duplicates:
        ia, ib = position[a], position[b]
        r = root.setdefault(ia, ia)
        root[ib] = r
        found[r] = sorted({*found[r], ia, ib})
    g, p = cross_pairs(gold, sessions), cross_pairs(found, sessions)
    precision = len(g & p) / len(p) if p else float("nan")
    recall = len(g & p) / len(g) if g else float("nan")
    return precision, recall, len(p), len(g)


def support_accuracy(result: SensemakingResult, contributions, gold: list[str], cfg) -> float:
    present: dict[str, set[str]] = defaultdict(set)
    carried: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for c, g in zip(contributions, gold, strict=True):
        present[c.session].add(c.participant)
        carried[g][c.session].add(c.participant)
    gold_word = {
        g: support_level(
            sum(len(p) for p in by.values()),
            sum(len(present[s]) for s in by),
            thresholds=cfg.support,
        )
        for g, by in carried.items()
    }
    word_of = {cid: t.support for t in result.themes if t.is_leaf for cid in t.contribution_ids}
    hits = [word_of[c.id] == gold_word[g] for c, g in zip(contributions, gold, strict=True)]
    return float(np.mean(hits))


def evaluate(name: str, cfg: SensemakingConfig, verbose: bool) -> dict[str, float]:
    contributions, gold, points = load(SETS[name])
    start = time.perf_counter()
    result = analyse(contributions, config=cfg)
    seconds = time.perf_counter() - start
    sessions = [c.session for c in contributions]
    pred = leaf_labels(result, len(contributions))
    per_session = {}
    for s in sorted(set(sessions)):
        idx = [i for i, x in enumerate(sessions) if x == s]
        g, p = [gold[i] for i in idx], pred[idx]
        per_session[s] = (adjusted_rand_score(g, p), normalized_mutual_info_score(g, p))
    prec, rec, n_pred, n_gold = duplicate_scores(result, points, sessions)
    scores = {
        "ari": adjusted_rand_score(gold, pred),
        "nmi": normalized_mutual_info_score(gold, pred),
        "session_ari": float(np.mean([v[0] for v in per_session.values()])),
        "session_nmi": float(np.mean([v[1] for v in per_session.values()])),
        "dup_p": prec,
        "dup_r": rec,
        "support": support_accuracy(result, contributions, gold, cfg),
    }
    if verbose:
        print(
            f"\n== {name}: {len(contributions)} contributions, {len(set(sessions))} sessions, "
            f"{len(set(gold))} gold themes, {int(pred.max()) + 1} leaf themes, {seconds:.2f} s"
        )
        print(f"pooled      ARI {scores['ari']:.3f}  NMI {scores['nmi']:.3f}")
        for s, (a, m) in per_session.items():
            print(f"  {s:<28} ARI {a:.3f}  NMI {m:.3f}")
        print(f"per-session mean ARI {scores['session_ari']:.3f}  NMI {scores['session_nmi']:.3f}")
        print(
            f"cross-session duplicates: precision {prec:.3f}  recall {rec:.3f} "
            f"({n_pred} predicted pairs, {n_gold} gold pairs)"
        )
        print(f"support-level accuracy {scores['support']:.3f}")
    return scores


def sweep() -> None:
    print(
        "\nanalyzer       leaf_d  | eval ARI sesARI NMI dupP dupR supp | founding ARI sesARI dupP dupR"
    )
    for analyzer in ("char_wb", "word", "char_wb+word"):
        for d in (0.7, 0.75, 0.8, 0.85, 0.9):
            cfg = replace(SensemakingConfig(), analyzer=analyzer, leaf_distance=d)
            e, f = evaluate("eval", cfg, False), evaluate("founding", cfg, False)
            print(
                f"{analyzer:<14} {d:.2f}    | {e['ari']:.3f} {e['session_ari']:.3f} {e['nmi']:.3f} "
                f"{e['dup_p']:.2f} {e['dup_r']:.2f} {e['support']:.2f} | {f['ari']:.3f} "
                f"{f['session_ari']:.3f} {f['dup_p']:.2f} {f['dup_r']:.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="grid over thresholds and analyzers")
    args = parser.parse_args()
    cfg = SensemakingConfig()
    print(
        f"thread pools: n_threads={cfg.n_threads} (threadpoolctl), "
        f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}"
    )
    print(
        f"config: analyzer={cfg.analyzer} leaf_distance={cfg.leaf_distance} "
        f"parent_distance={cfg.parent_distance} duplicate_similarity={cfg.duplicate_similarity}"
    )
    for name in SETS:
        evaluate(name, cfg, True)
    if args.sweep:
        sweep()


if __name__ == "__main__":
    main()
