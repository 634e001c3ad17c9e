# SPDX-License-Identifier: EUPL-1.2
"""The issue's "done when", on the founding document rebuilt as post-its."""

from __future__ import annotations

import os

import pytest
from sensemaking_helpers import FIXTURES, dumps, run_fixture


@pytest.fixture(scope="module")
def founding() -> dict:
    return run_fixture("founding")


def _theme_with(result: dict, row: int) -> dict:
    leaves = [t for t in result["themes"] if t["id"] not in {x["parent"] for x in result["themes"]}]
    (theme,) = [t for t in leaves if row in t["contributions"]]
    return theme


def test_bestaanszekerheid_is_unanimous_with_its_count(founding: dict) -> None:
    theme = _theme_with(founding, 1)
    assert "bestaanszekerheid" in theme["label"].lower()
    assert theme["support"] == "unaniem"
    assert (theme["participants"], theme["present"]) == (8, 8)
    assert theme["by_session"] == {"Werk en inkomen": {"participants": 8, "present": 8}}


def test_verhuurdersheffing_is_one_theme_across_two_sessions(founding: dict) -> None:
    groen, samenleving = 44, 71  # the two post-its naming it
    theme = _theme_with(founding, groen)
    assert samenleving in theme["contributions"]
    assert theme["sessions"] == ["Eén samenleving", "Groen"]
    assert [groen, samenleving] in founding["duplicates"]


def test_buig_is_named_but_not_discussed(founding: dict) -> None:
    theme = _theme_with(founding, 15)
    assert "BUIG" in theme["label"]
    assert theme["contributions"] == [15, 21]
    assert founding["not_discussed"] == [theme["id"]]


def test_seventy_five_percent_is_a_claim_to_verify(founding: dict) -> None:
    assert {
        "row": 5,
        "text": "Rond de 75% van mijn inwoners kampt met problematische schulden",
    } in (founding["claims"])


@pytest.mark.parametrize("case", ["founding", "small"])
def test_result_matches_golden_fixture(case: str) -> None:
    expected_path = FIXTURES / case / "expected.json"
    actual = dumps(run_fixture(case))
    if os.environ.get("UPDATE_GOLDEN") == "1" or not expected_path.exists():
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")
