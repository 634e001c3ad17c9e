# SPDX-License-Identifier: EUPL-1.2
"""Our Pol.is opinion groups against red-dwarf and against Pol.is's own groups.

For every export folder under ../shared/data/polis (beside the repository), prints
participants, statements, votes, our time and red-dwarf's time (each: loading the export
plus the pipeline, imports excluded, best of several runs), their ratio, and the
adjusted Rand index (ARI) of each method's groups against Pol.is's ``group-id`` column
in participants-votes.csv, over the participants both placed in a group.

red-dwarf is optional (``uv sync --group bench``); without it only our figures print.
Run: python benchmarks/opinions_vs_polis.py [DATA_DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sklearn.metrics import adjusted_rand_score  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

from inspraak_analysis.opinions import compute_opinions  # noqa: E402
from inspraak_analysis.polis_export import read_polis_export  # noqa: E402

THREADS = 1
# Older Pol.is math (2014-2018 exports) is not always reproducible by any method.
UNMATCHABLE_ARI = 0.5


def best_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def ours(folder: Path) -> dict[int, int | None]:
    # Like red-dwarf's loader below, read only what the pipeline needs.
    export = read_polis_export(folder, with_participants=False)
    result = compute_opinions(export.votes, statements=export.statements, n_threads=THREADS)
    return {
        int(p): (int(g) if g >= 0 else None)
        for p, g in zip(result.participant_ids.tolist(), result.group_of.tolist(), strict=True)
    }


def load_reddwarf() -> Callable[[Path], dict[int, int | None]] | None:
    try:
        from reddwarf.implementations.polis import run_pipeline
    except ImportError:
        return None

    def run(folder: Path) -> dict[int, int | None]:
        # red-dwarf's own loader cannot read local export files: build its records.
        with open(folder / "votes.csv", newline="", encoding="utf-8") as fh:
            votes = [
                {
                    "participant_id": int(r["voter-id"]),
                    "statement_id": int(r["comment-id"]),
                    "vote": int(r["vote"]),
                    "modified": int(r["timestamp"]),
                }
                for r in csv.DictReader(fh)
            ]
        with open(folder / "comments.csv", newline="", encoding="utf-8") as fh:
            mod_out = [int(r["comment-id"]) for r in csv.DictReader(fh) if r["moderated"] == "-1"]
        votes.sort(key=lambda v: v["modified"])  # the latest vote per pair counts
        latest = {(v["participant_id"], v["statement_id"]): v for v in votes}
        result = run_pipeline(
            votes=list(latest.values()), mod_out_statement_ids=mod_out, random_state=0
        )
        labels = result.participants_df["cluster_id"]
        return {int(p): (None if str(g) == "<NA>" else int(g)) for p, g in labels.items()}

    return run


def ari(gold: dict[int, int | None], found: dict[int, int | None]) -> tuple[float, int]:
    both = [p for p, g in gold.items() if g is not None and found.get(p) is not None]
    if not both:
        return float("nan"), 0
    return float(adjusted_rand_score([gold[p] for p in both], [found[p] for p in both])), len(both)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", default=str(REPO / "tests" / "fixtures" / "polis"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    folders = sorted(p for p in Path(args.data).iterdir() if (p / "votes.csv").is_file())
    start = time.perf_counter()
    reddwarf = load_reddwarf()
    rd_import = time.perf_counter() - start
    with threadpool_limits(limits=THREADS):
        pools = sorted({f"{i['internal_api']}={i['num_threads']}" for i in threadpool_info()})
    print(f"thread pools: threadpool_limits({THREADS}) around every run -> {', '.join(pools)}")
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset)')}, cores={os.cpu_count()}")
    if reddwarf is None:
        print("red-dwarf not installed (uv sync --group bench): printing our figures only")
    else:
        print(f"red-dwarf import: {rd_import:.2f} s (excluded from its times below)")
    header = (
        f"{'conversation':32} {'ptpts':>6} {'stmts':>6} {'votes':>7} {'ours s':>8} "
        f"{'red-dwarf s':>11} {'ratio':>6} {'ARI ours':>9} {'ARI rd':>7}  note"
    )
    print(header)
    for folder in folders:
        export = read_polis_export(folder)
        gold = export.polis_groups()
        with threadpool_limits(limits=THREADS):
            t_ours, found = best_time(lambda f=folder: ours(f), args.repeat)
            t_rd, found_rd = (
                best_time(lambda f=folder: reddwarf(f), args.repeat) if reddwarf else (None, None)
            )
        a_ours, _ = ari(gold, found)
        a_rd = ari(gold, found_rd)[0] if found_rd is not None else None
        n_ptpts = len({int(p) for p in export.votes.participant_ids.tolist()})
        note = ""
        if a_ours < UNMATCHABLE_ARI and (a_rd is None or a_rd < UNMATCHABLE_ARI):
            note = "Pol.is's groups not reproducible (older Pol.is math?)"
        print(
            f"{folder.name:32} {n_ptpts:6d} {len(export.statements):6d} {len(export.votes):7d} "
            f"{t_ours:8.4f} "
            + (f"{t_rd:11.4f} {t_rd / t_ours:5.1f}x" if t_rd else f"{'-':>11} {'-':>6}")
            + f" {a_ours:9.3f} "
            + (f"{a_rd:7.3f}" if a_rd is not None else f"{'-':>7}")
            + f"  {note}"
        )


if __name__ == "__main__":
    main()
