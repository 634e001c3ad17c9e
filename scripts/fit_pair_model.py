# SPDX-License-Identifier: EUPL-1.2
"""Fit the shipped pair models on all labelled sets and write inspraak_analysis/themes/pair_model.json.

Run after changing a labelled set or the features (never at run time):

    OMP_NUM_THREADS=1 .venv/bin/python scripts/fit_pair_model.py

The held-out quality of this recipe (fit on two sets, score on the third)
is printed by benchmarks/sensemaking_quality.py.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from themes_sets import SETS, FileCache, fit, load  # noqa: E402

from inspraak_analysis.themes import pairs  # noqa: E402

ROUTES = {"full": pairs.FULL_VIEWS, "medium": pairs.MEDIUM_VIEWS}


def main() -> None:
    cache = FileCache()
    sets = [load(name, cache) for name in SETS]
    cache.save()
    models = {route: fit(sets, views).to_json() for route, views in ROUTES.items()}
    data = {
        "fitted_on": sorted(SETS),
        "fitted_by": "scripts/fit_pair_model.py",
        "models": models,
    }
    pairs.MODEL_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    for route, m in models.items():
        print(route, "cut", m["leaf_distance"], "coef", [round(c, 3) for c in m["coef"]])


if __name__ == "__main__":
    main()
