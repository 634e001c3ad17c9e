# SPDX-License-Identifier: EUPL-1.2
"""Quality of the sensemaking engine on the labelled Dutch post-it sets, held out.

For each labelled set (benchmarks/themes_sets.py) the pair model and its
cut are fitted on the *other* sets only (leave one set out), then the whole
engine runs on the set with that model. Printed per set: pooled and
per-session adjusted Rand index (ARI) of the leaf themes against the gold
themes, number of themes against gold, for how many gold themes the
engine's theme (the one holding most of its post-its) has exactly the gold
number of distinct participants, how many unanimous gold session-themes
the engine finds unanimous in that session, and the lexical (fast) route
beside it. Then the shipped model (fitted on all sets) in-sample, marked as
such.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/sensemaking_quality.py
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import numpy as np  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402
from themes_sets import SETS, FileCache, LabelledSet, fit, load  # noqa: E402

from inspraak_analysis.sensemaking import SensemakingConfig, analyse  # noqa: E402
from inspraak_analysis.themes import pairs  # noqa: E402
from inspraak_analysis.themes.encoders import thread_settings  # noqa: E402
from inspraak_analysis.themes.model import SensemakingResult  # noqa: E402


def leaf_of(result: SensemakingResult, ids: list[object]) -> np.ndarray:
    where = {
        cid: k
        for k, t in enumerate(t for t in result.themes if t.is_leaf)
        for cid in t.contribution_ids
    }
    return np.asarray([where[cid] for cid in ids])


def counts(s: LabelledSet, result: SensemakingResult) -> tuple[int, int, int]:
    """(exact participant counts, unanimous session-themes found, unanimous in gold)."""
    ids = [c.id for c in s.contributions]
    pred = leaf_of(result, ids)
    leaves = [t for t in result.themes if t.is_leaf]
    present: dict[str, set[str]] = defaultdict(set)
    carried: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    rows: dict[str, list[int]] = defaultdict(list)
    for i, (c, g) in enumerate(zip(s.contributions, s.gold, strict=True)):
        present[c.session].add(c.participant)
        carried[g][c.session].add(c.participant)
        rows[g].append(i)
    exact = found = gold_unanimous = 0
    for g, by in carried.items():
        theme = leaves[Counter(pred[rows[g]].tolist()).most_common(1)[0][0]]
        exact += theme.participants == sum(len(p) for p in by.values())
        for session, people in by.items():
            if len(people) == len(present[session]) >= 2:
                gold_unanimous += 1
                got = theme.by_session.get(session)
                found += got is not None and got.participants == got.present
    return exact, found, gold_unanimous


def score(s: LabelledSet, cfg: SensemakingConfig, cache: FileCache, tag: str) -> float:
    start = time.perf_counter()
    result = analyse(s.contributions, config=cfg, embed=cache)
    seconds = time.perf_counter() - start
    pred = leaf_of(result, [c.id for c in s.contributions])
    pooled = adjusted_rand_score(s.gold, pred)
    sessions = sorted(set(s.sessions))
    per = []
    for name in sessions:
        idx = [i for i, x in enumerate(s.sessions) if x == name]
        per.append(adjusted_rand_score([s.gold[i] for i in idx], pred[idx]))
    exact, found, gold_u = counts(s, result)
    n_gold = len(set(s.gold))
    print(
        f"  {tag:<30} route {result.route:<6} pooled ARI {pooled:.3f}  per-session ARI "
        f"{np.mean(per):.3f}  themes {int(pred.max()) + 1} vs {n_gold} gold  "
        f"counts exact {exact}/{n_gold}  unanimous found {found}/{gold_u}  {seconds:.1f} s"
    )
    return pooled


def main() -> None:
    cache = FileCache()
    sets = {name: load(name, cache) for name in SETS}
    cache.save()
    print(f"thread pools: OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}; {thread_settings()}")
    base = SensemakingConfig()
    held: dict[str, list[float]] = defaultdict(list)
    for name, s in sets.items():
        train = [other for n, other in sets.items() if n != name]
        print(
            f"\n== {name}: {len(s.gold)} post-its, {len(set(s.sessions))} sessions, "
            f"{len(set(s.gold))} gold themes; models fitted on {[t.name for t in train]}"
        )
        for route, views in (("full", pairs.FULL_VIEWS), ("medium", pairs.MEDIUM_VIEWS)):
            model = fit(train, views)
            cfg = replace(base, route=route, pair_model=model)
            held[route].append(
                score(s, cfg, cache, f"{route} held out (cut {model.leaf_distance})")
            )
        held["fast"].append(score(s, replace(base, route="fast"), cache, "fast (lexical, no fit)"))
        score(s, base, cache, "shipped model (IN-SAMPLE)")
    print("\nheld-out pooled ARI, mean over sets:")
    for route, values in held.items():
        print(
            f"  {route:<7} "
            + "  ".join(f"{n} {v:.3f}" for n, v in zip(SETS, values, strict=True))
            + f"  mean {np.mean(values):.3f}"
        )
    cache.save()


if __name__ == "__main__":
    main()
