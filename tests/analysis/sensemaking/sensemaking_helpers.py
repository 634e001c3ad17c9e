# SPDX-License-Identifier: EUPL-1.2
"""Shared helpers for the sensemaking tests (plain functions, no Django)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from inspraak_analysis.csvinput import read_analysis_csv
from inspraak_analysis.sensemaking import analyse, result_to_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_fixture(name: str) -> dict[str, Any]:
    """The JSON result for ``fixtures/<name>/input.csv``, rows as in the CSV."""
    contributions = read_analysis_csv(FIXTURES / name / "input.csv")
    return result_to_json(analyse(contributions), row_of=lambda cid: int(cid))


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
