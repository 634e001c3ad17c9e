# SPDX-License-Identifier: EUPL-1.2
"""Regenerate the golden fixtures from the shared Pol.is exports.

Run from the repository root: ``python tests/analysis/opinions/make_golden.py``.
Writes ``fixtures/<conversation>/expected.json``: derived outputs only (groups,
representative statements in order, consensus, division), never the export itself.
Review the diff before committing: a change means the method's output changed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

from inspraak_analysis.opinions import compute_opinions, result_to_json  # noqa: E402
from inspraak_analysis.polis_export import read_polis_export  # noqa: E402

DATA = REPO / "tests" / "fixtures" / "polis"
CASES = ("scoop-hivemind.biodiversity", "vtaiwan.uberx")


def golden(case: str) -> dict[str, Any]:
    export = read_polis_export(DATA / case)
    out = result_to_json(compute_opinions(export.votes, statements=export.statements))
    return {
        "source": f"derived from the Pol.is export {case} (CC BY 4.0, see README.md)",
        "summary": {k: v for k, v in out["summary"].items() if k != "silhouettes"},
        "group_sizes": [g["size"] for g in out["groups"]],
        "representative": [
            [[r["statement"], r["direction"]] for r in g["representative"]] for g in out["groups"]
        ],
        "consensus": out["consensus"],
        "polis_consensus_agree": [c["statement"] for c in out["polis_consensus"]["agree"]],
        "division": [d["statement"] for d in out["division"]],
        "groups": {
            str(g): sorted(int(p) for p, gg in out["participants"].items() if gg == g)
            for g in range(len(out["groups"]))
        },
    }


def main() -> None:
    for case in CASES:
        target = HERE / "fixtures" / case / "expected.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(golden(case), separators=(",", ":")) + "\n")
        print("wrote", target.relative_to(REPO))


if __name__ == "__main__":
    main()
