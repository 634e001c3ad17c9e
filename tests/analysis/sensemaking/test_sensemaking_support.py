# SPDX-License-Identifier: EUPL-1.2
"""Support words follow from counts and never contradict them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspraak_analysis.support import (
    BROAD,
    DIVIDED,
    NONE,
    ONE,
    SEVERAL,
    UNANIMOUS,
    SupportThresholds,
    Votes,
    is_divided,
    support_level,
)


@st.composite
def counts(draw: st.DrawFn) -> tuple[int, int]:
    present = draw(st.integers(min_value=0, max_value=500))
    return draw(st.integers(min_value=0, max_value=present)), present


thresholds = st.builds(
    SupportThresholds,
    unanimous_min_present=st.integers(1, 10),
    broad_min_share=st.floats(0.51, 1.0),
    broad_min_participants=st.integers(2, 10),
    divided_min_votes=st.integers(1, 20),
    divided_min_share=st.floats(0.05, 0.5),
)
votes = st.none() | st.builds(Votes, st.integers(0, 300), st.integers(0, 300), st.integers(0, 50))


@given(counts(), votes, thresholds)
def test_no_support_word_contradicts_its_counts(
    c: tuple[int, int], v: Votes | None, t: SupportThresholds
) -> None:
    participants, present = c
    word = support_level(participants, present, v, t)
    if word == DIVIDED:
        assert is_divided(v, t)
        return
    assert not is_divided(v, t)
    if word == UNANIMOUS:
        assert participants == present >= t.unanimous_min_present
    elif word == BROAD:
        assert participants >= t.broad_min_participants
        assert participants >= t.broad_min_share * present
        assert participants < present or present < t.unanimous_min_present
    elif word == SEVERAL:
        assert participants >= 2
    elif word == ONE:
        assert participants == 1
    else:
        assert word == NONE and participants == 0
    if participants == present >= t.unanimous_min_present:
        assert word == UNANIMOUS


def test_unanimous_requires_every_present_participant() -> None:
    assert support_level(8, 8) == UNANIMOUS
    assert support_level(7, 8) == BROAD
    assert support_level(3, 8) == SEVERAL
    assert support_level(1, 8) == ONE


def test_one_of_one_is_not_called_unanimous() -> None:
    assert support_level(1, 1) == ONE


def test_split_votes_make_a_point_divided() -> None:
    assert support_level(5, 8, Votes(agree=5, disagree=4)) == DIVIDED
    assert support_level(5, 8, Votes(agree=9, disagree=1)) == BROAD


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="impossible"):
        support_level(9, 8)


def test_a_broad_share_below_a_majority_is_refused() -> None:
    with pytest.raises(ValueError, match="majority"):
        SupportThresholds(broad_min_share=0.4)
