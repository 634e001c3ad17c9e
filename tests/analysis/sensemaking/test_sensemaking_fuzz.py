# SPDX-License-Identifier: EUPL-1.2
"""Any input gives a consistent result, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspraak_analysis.sensemaking import Contribution, analyse, result_to_json, result_to_markdown
from inspraak_analysis.support import LEVELS

WORDS = ["bus", "woning", "starters", "ov", "Bestaanszekerheid", "75%", "één", "!!", "coöperatie"]
texts = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=6).map(" ".join)
contribution = st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(["p", "q", ""]), texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(contribution, max_size=25))
def test_any_input_gives_a_consistent_result(rows: list[tuple[str, str, str]]) -> None:
    items = [Contribution(i, s, p, t) for i, (s, p, t) in enumerate(rows)]
    result = analyse(items)
    data = result_to_json(result)
    leaves = [t for t in data["themes"] if t["id"] not in {x["parent"] for x in data["themes"]}]
    assert sorted(r for t in leaves for r in t["contributions"]) == list(range(1, len(items) + 1))
    for theme in data["themes"]:
        assert theme["support"] in LEVELS
        assert 0 < theme["participants"] <= theme["present"]
        assert theme["label"]
    result_to_markdown(result)
