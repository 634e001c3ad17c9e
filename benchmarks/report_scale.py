# SPDX-License-Identifier: EUPL-1.2
"""A report for 10,000 contributions in all four formats: time per stage and format.

Target (issue 6, issue 14): all four formats in <= 10 s on 2 cores; printed with the
page count of the PDF, and the time to serve the same formats again from the cache
(a report is rendered once per data version or frozen version). The contributions are the
evaluation set's post-its, repeated over 40 sessions with varied wording, so the
report has realistic themes, quotes and a 10,000-entry source list.

Run: .venv/bin/python benchmarks/report_scale.py [--n 10000]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("INSPRAAK_DATA_DIR", tempfile.mkdtemp())
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from inspraak.reports.build import report_build  # noqa: E402
from inspraak.reports.inputs import report_input_from_csv  # noqa: E402
from inspraak.reports.render import render  # noqa: E402

SUFFIXES = (
    "",
    "!",
    " (echt waar)",
    " — dringend",
    " graag snel",
    " voor iedereen",
    " in onze gemeente",
)


def make_csv(n: int, path: Path) -> None:
    with (ROOT / "benchmarks" / "data" / "eval_postits.csv").open(encoding="utf-8") as stream:
        texts = [row["text"] for row in csv.DictReader(stream)]
    rng = random.Random(0)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["session", "participant", "text"])
        for i in range(n):
            session = i % 40
            writer.writerow(
                [
                    f"Sessie {session + 1}",
                    f"p{session}-{rng.randrange(25)}",
                    rng.choice(texts) + rng.choice(SUFFIXES),
                ]
            )


def _pages(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
        out.write(pdf)
        out.flush()
        try:
            info = subprocess.run(["pdfinfo", out.name], capture_output=True, text=True).stdout
        except FileNotFoundError:
            return "? (pdfinfo not installed)"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="number of contributions")
    args = parser.parse_args()
    source = Path(tempfile.mkdtemp()) / "input.csv"
    make_csv(args.n, source)
    print(
        f"contributions: {args.n}; OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}; cores={os.cpu_count()}"
    )
    start = time.perf_counter()
    inp = report_input_from_csv(source)
    print(f"analysis (engine, not part of the target): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    doc = report_build(inp)
    build = time.perf_counter() - start
    print(
        f"build: {build:.2f} s ({len(doc.sessions)} sessions, {sum(len(s.themes) for s in doc.sessions)} theme sections, {len(doc.sources)} sources)"
    )
    total = build
    outputs: dict[str, bytes] = {}
    for fmt in ("md", "html", "docx", "pdf"):
        start = time.perf_counter()
        data = outputs[fmt] = render(doc, fmt)
        took = time.perf_counter() - start
        total += took
        print(f"{fmt:>5}: {took:6.2f} s  {len(data) / 1e6:6.2f} MB")
    print(f"  pdf pages: {_pages(data)}")
    from django.core.cache import cache

    for fmt, rendered in outputs.items():
        cache.set(f"bench:{fmt}", rendered)
    start = time.perf_counter()
    for fmt in outputs:
        cache.get(f"bench:{fmt}")
    print(f"served again from the cache: {time.perf_counter() - start:.3f} s (all four formats)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "met" if total <= 10 else "MISSED"
    print(
        f"build + four formats: {total:.2f} s (target <= 10 s: {verdict}); peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
