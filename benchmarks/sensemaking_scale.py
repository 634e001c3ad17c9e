# SPDX-License-Identifier: EUPL-1.2
"""Speed and memory of the sensemaking engine: 1k, 10k and 100k contributions.

Synthetic input: post-its from the labelled evaluation set, varied (words
dropped, typos, a place name or filler added) and spread over 200
sessions of about 15 participants, plus 15% texts of random words that
belong to no theme. Each size runs in its own process so that peak RSS is
that size's own. Target (issue 4): 100,000 contributions in <= 60 s wall
and <= 4 GB peak on 2 cores; each row says which grouping route ran (above
``max_semantic_texts`` distinct texts the lexical fast route). Also the
wall's "Groepen voorstellen" on 100 post-its, with vectors computed and
then cached (target <= 2 s).

    .venv/bin/python benchmarks/sensemaking_scale.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLACES = ["in Zwolle", "in ons dorp", "in de wijk", "bij ons", "in Kampen", "in de stad", "hier"]
FILLERS = ["echt", "graag", "nu", "dringend", "!!", "al jaren", "volgens mij", "vooral"]
SESSIONS = 200


def _vary(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) > 4 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4:
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    if rng.random() < 0.5:
        words.append(rng.choice(PLACES))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), rng.choice(FILLERS))
    return " ".join(words)


def synthetic(n: int, seed: int = 0, noise: float = 0.15) -> tuple[list, list[str]]:
    from inspraak_analysis.themes.model import Contribution

    with (ROOT / "benchmarks" / "data" / "eval_postits.csv").open(encoding="utf-8") as f:
        seeds = [(r["text"], r["gold_theme"]) for r in csv.DictReader(f)]
    vocabulary = sorted({w for text, _ in seeds for w in text.lower().split() if w.isalpha()})
    rng = random.Random(seed)
    items, gold = [], []
    for i in range(n):
        session = f"sessie {i % SESSIONS:03d}"
        if rng.random() < noise:
            text, label = " ".join(rng.sample(vocabulary, 4)), f"noise{i}"
        else:
            base, label = rng.choice(seeds)
            text = _vary(base, rng)
        items.append(Contribution(i + 1, session, f"p{rng.randrange(15)}", text))
        gold.append(label)
    return items, gold


def run_one(n: int, noise: float) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    from inspraak_analysis.sensemaking import analyse

    items, gold = synthetic(n, noise=noise)
    stages: dict[str, float] = {}
    start = time.perf_counter()
    last = [start]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        stages[stage] = round(now - last[0], 2)
        last[0] = now

    result = analyse(items, progress=progress)
    wall = time.perf_counter() - start
    leaf = {
        cid: k
        for k, t in enumerate(t for t in result.themes if t.is_leaf)
        for cid in t.contribution_ids
    }
    return {
        "n": n,
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "route": result.route,
        "themes": sum(t.is_leaf for t in result.themes),
        "duplicate_pairs": len(result.duplicates),
        "ari": round(adjusted_rand_score(gold, [leaf[c.id] for c in items]), 3),
        **{f"{k}_s": v for k, v in stages.items()},
    }


def run_wall(n: int = 100) -> dict[str, float]:
    """The wall's "Groepen voorstellen": n post-its of one session, vectors cold and cached."""
    from inspraak_analysis.sensemaking import analyse
    from inspraak_analysis.themes.encoders import encode

    items, _ = synthetic(n, noise=0.0)
    items = [c.__class__(c.id, "live", c.participant, c.text) for c in items]
    store: dict[tuple[str, str], np.ndarray] = {}

    def cached(model: str, texts: list[str]) -> np.ndarray:
        missing = [t for t in texts if (model, t) not in store]
        if missing:
            store.update(
                {(model, t): v for t, v in zip(missing, encode(model, missing), strict=True)}
            )
        return np.stack([store[(model, t)] for t in texts])

    from dataclasses import replace

    from inspraak_analysis.sensemaking import SensemakingConfig

    start = time.perf_counter()
    encode("e5", ["opwarmen"])  # the process-wide model loads, once per server process
    encode("use", ["opwarmen"])
    load = time.perf_counter() - start
    medium = replace(SensemakingConfig(), route="medium")
    start = time.perf_counter()
    analyse(items, embed=cached, config=medium)  # nothing stored yet: the wall's medium route
    cold = time.perf_counter() - start
    start = time.perf_counter()
    analyse(items, embed=cached, config=replace(medium, route="full"))  # fills the e5 cache
    fill = time.perf_counter() - start
    start = time.perf_counter()
    result = analyse(items, embed=cached)
    warm = time.perf_counter() - start
    return {
        "wall_postits": n,
        "models_load_s": round(load, 2),
        "medium_uncached_s": round(cold, 2),
        "full_computing_e5_s": round(fill, 2),
        "full_cached_s": round(warm, 2),
        "route": result.route,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--noise", type=float, default=0.15, help="share of random-word texts")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--wall", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.noise)))
        return
    if args.wall:
        print(json.dumps(run_wall()))
        return
    from inspraak_analysis.sensemaking import SensemakingConfig

    print(
        f"thread pools: threadpoolctl limit n_threads={SensemakingConfig().n_threads}, "
        f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}; cpus={os.cpu_count()}; "
        f"noise share {args.noise}"
    )
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--noise", str(args.noise)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        rows.append(json.loads(out.stdout))
        print(json.dumps(rows[-1]))
    for a, b in zip(rows, rows[1:], strict=False):
        print(
            f"{a['n']} -> {b['n']}: time x{b['wall_s'] / a['wall_s']:.1f}, "
            f"peak RSS x{b['peak_rss_mb'] / a['peak_rss_mb']:.1f}"
        )
    wall = subprocess.run(
        [sys.executable, __file__, "--wall"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    print("wall suggest (target <= 2 s with cached vectors):", wall.stdout.strip())
    big = rows[-1]
    if big["n"] >= 100_000:
        ok = big["wall_s"] <= 60 and big["peak_rss_mb"] <= 4096
        print(f"target 100k <= 60 s and <= 4096 MB: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
