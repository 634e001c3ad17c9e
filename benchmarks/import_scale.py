# SPDX-License-Identifier: EUPL-1.2
"""A CSV just under the import size limit through the one write path: time and memory.

Prints the rows, the time to validate and store them (and to recognise all of them
on a second import), and the peak memory. The file is written like a spreadsheet
export of post-its: 40 sessions, 1,500 participants, one post-it a row.

Run: .venv/bin/python benchmarks/import_scale.py [--fraction 0.98]
"""

from __future__ import annotations

import argparse
import os
import resource
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from inspraak.consultations import services as cs  # noqa: E402
from inspraak.intake.csv.services import contributions_import_csv  # noqa: E402

POSTIT = "De bus naar het ziekenhuis rijdt in het weekend niet vaak genoeg"


def csv_bytes(fraction: float) -> tuple[bytes, int]:
    lines = ["session,participant,text"]
    size, n = len(lines[0]) + 1, 0
    while size < settings.INSPRAAK_IMPORT_MAX_BYTES * fraction:
        line = f'Sessie {n % 40},deelnemer {n % 1500},"Punt {n}: {POSTIT}"'
        lines.append(line)
        size += len(line.encode()) + 1
        n += 1
    return ("\n".join(lines) + "\n").encode(), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=0.98, help="of the size limit")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    consultation = cs.consultation_create(title="Groot", slug="groot")
    data, rows = csv_bytes(args.fraction)
    print(
        f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}; database {settings.DATABASES['default']['ENGINE']}"
    )
    print(
        f"file: {len(data) / 1e6:.1f} MB, {rows} rows (limit {settings.INSPRAAK_IMPORT_MAX_BYTES / 1e6:.1f} MB)"
    )
    for label in ("first import", "same file again"):
        started = time.perf_counter()
        result = contributions_import_csv(
            data=data, file_name="groot.csv", consultation=consultation
        )
        print(
            f"{label}: {time.perf_counter() - started:.1f} s "
            f"({result.created} created, {result.skipped} recognised)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
