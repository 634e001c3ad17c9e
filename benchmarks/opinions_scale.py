# SPDX-License-Identifier: EUPL-1.2
"""Scale: the opinion pipeline on synthetic votes, time and peak memory.

Default: 10,000 participants x 1,000 statements at 30 % density (3 million votes) drawn
from three latent opinion groups. Prints the thread-pool setting, the time of
``compute_opinions`` (input arrays already built) and the process's peak RSS.
Targets (issue 8): <= 1.4 s and <= 0.5 GB.
Run: python benchmarks/opinions_scale.py [--participants N] [--statements M] [--density D]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

from inspraak_analysis.opinions import compute_opinions  # noqa: E402
from inspraak_analysis.polis_export import VoteTable  # noqa: E402

THREADS = 1


def synthetic_votes(
    n_ptpts: int, n_stmts: int, density: float, seed: int = 0, shuffle: bool = False
) -> VoteTable:
    """Votes from 3 latent groups, generated block by block to bound memory."""
    rng = np.random.default_rng(seed)
    leaning = rng.uniform(-0.8, 0.8, size=(3, n_stmts))  # each group's net agreement
    group = rng.integers(0, 3, size=n_ptpts)
    pids, sids, vals = [], [], []
    block = 1000
    for start in range(0, n_ptpts, block):
        stop = min(start + block, n_ptpts)
        seen = rng.random((stop - start, n_stmts)) < density
        r, c = np.nonzero(seen)
        lean = leaning[group[start + r], c]
        u = rng.random(r.shape[0])
        vote = np.where(u < 0.15, 0, np.where(u < 0.15 + 0.85 * (1 + lean) / 2, 1, -1))
        pids.append((start + r).astype(np.int64))
        sids.append(c.astype(np.int64))
        vals.append(vote.astype(np.int8))
    pid, sid, val = np.concatenate(pids), np.concatenate(sids), np.concatenate(vals)
    ts = np.arange(pid.shape[0], dtype=np.int64)
    if shuffle:  # votes arrive interleaved, in random order (the harder case)
        ts = rng.permutation(pid.shape[0]).astype(np.int64)
    # Otherwise participants arrive one after another and vote in a burst.
    return VoteTable(pid, sid, val, ts)


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=1_000)
    parser.add_argument("--density", type=float, default=0.30)
    parser.add_argument("--shuffle", action="store_true", help="votes arrive in random order")
    args = parser.parse_args()
    with threadpool_limits(limits=THREADS):
        pools = sorted({f"{i['internal_api']}={i['num_threads']}" for i in threadpool_info()})
    print(f"thread pools: compute_opinions(n_threads={THREADS}) -> {', '.join(pools)}")
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '(unset)')}, cores={os.cpu_count()}")
    votes = synthetic_votes(args.participants, args.statements, args.density, shuffle=args.shuffle)
    print(
        f"input: {args.participants} participants x {args.statements} statements, "
        f"density {args.density:.0%}, {len(votes):,} votes, "
        f"{'random arrival order' if args.shuffle else 'participants arrive one by one'}; "
        f"peak RSS after generating input {peak_rss_gb():.3f} GB"
    )
    start = time.perf_counter()
    result = compute_opinions(votes, n_threads=THREADS)
    elapsed = time.perf_counter() - start
    sizes = [g.size for g in result.groups]
    print(f"compute_opinions: {elapsed:.2f} s, groups {sizes}, best k {result.best_k}")
    print(f"peak RSS (whole process, input included): {peak_rss_gb():.3f} GB")
    print(
        f"targets: time <= 1.4 s {'met' if elapsed <= 1.4 else 'MISSED'}; "
        f"memory <= 0.5 GB {'met' if peak_rss_gb() <= 0.5 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
