# SPDX-License-Identifier: EUPL-1.2
"""Degenerate and tricky inputs give a clear, sane result and never crash."""

from __future__ import annotations

import json

import numpy as np
import pytest

from inspraak_analysis.opinions import compute_opinions, result_to_json


def _two_camps(n_per_camp: int = 20, n_statements: int = 10) -> list[tuple[int, int, int, int]]:
    """Two camps that disagree on every statement, with a shared statement 99."""
    votes = []
    t = 0
    for p in range(2 * n_per_camp):
        camp = 1 if p < n_per_camp else -1
        for s in range(n_statements):
            votes.append((p, s, camp if s % 2 == 0 else -camp, t))
            t += 1
        votes.append((p, 99, 1, t))
        t += 1
    return votes


def test_empty_input_gives_an_empty_result() -> None:
    result = compute_opinions([])
    out = result_to_json(result)
    assert out["participants"] == {} and out["groups"] == [] and out["consensus"] == []
    assert out["summary"]["votes"] == 0


def test_one_participant_is_one_group_of_one() -> None:
    out = result_to_json(compute_opinions([("ann", "s1", 1), ("ann", "s2", -1)]))
    assert out["participants"] == {"ann": 0}
    assert [g["size"] for g in out["groups"]] == [1]
    assert out["statements"]["s1"]["agree"] == 1.0
    json.dumps(out)  # serialisable


def test_everyone_agreeing_on_everything_is_one_group_with_consensus() -> None:
    votes = [(p, s, 1, p * 10 + s) for p in range(30) for s in range(8)]
    out = result_to_json(compute_opinions(votes))
    assert [g["size"] for g in out["groups"]] == [30]
    assert set(out["participants"].values()) == {0}
    assert len(out["consensus"]) == 5  # pick_max statements, all unanimous
    assert out["division"] == []
    assert all(v["agree"] == 1.0 for v in out["statements"].values())


def test_all_passes_gives_no_division_and_no_crash() -> None:
    votes = [(p, s, 0, p * 10 + s) for p in range(25) for s in range(8)]
    out = result_to_json(compute_opinions(votes))
    assert len(out["groups"]) == 1
    assert out["consensus"] == [] and out["division"] == []
    assert out["statements"]["0"]["pass"] == 1.0


def test_a_statement_nobody_saw_is_reported_with_no_votes() -> None:
    statements = [{"id": s, "moderated": 1} for s in [*range(10), 99, 500]]
    out = result_to_json(compute_opinions(_two_camps(), statements=statements))
    assert out["statements"]["500"]["votes"] == 0
    assert out["statements"]["500"]["agree"] is None
    assert all(500 not in [r["statement"] for r in g["representative"]] for g in out["groups"])


def test_two_camps_are_found_and_share_the_common_statement() -> None:
    out = result_to_json(compute_opinions(_two_camps()))
    assert sorted(g["size"] for g in out["groups"]) == [20, 20]
    camp_a = {out["participants"][str(p)] for p in range(20)}
    camp_b = {out["participants"][str(p)] for p in range(20, 40)}
    assert len(camp_a) == len(camp_b) == 1 and camp_a != camp_b
    assert out["consensus"][0] == 99
    assert 99 not in [d["statement"] for d in out["division"]]
    assert len(out["division"]) == 10  # every camp statement splits the groups


def test_moderated_out_statements_are_never_representative_or_consensus() -> None:
    statements = [{"id": s, "moderated": -1 if s in (0, 99) else 1} for s in [*range(10), 99]]
    out = result_to_json(compute_opinions(_two_camps(), statements=statements))
    picked = {r["statement"] for g in out["groups"] for r in g["representative"]}
    assert not picked & {0, 99}
    assert 99 not in out["consensus"] and out["statements"]["99"]["moderated_out"] is True


def test_repeated_votes_by_one_participant_count_once_latest_wins() -> None:
    votes = _two_camps()
    # Participant 0 casts statement 1 three times "in parallel": only the latest counts.
    votes += [(0, 1, 1, 10**6), (0, 1, 0, 10**6 + 1), (0, 1, -1, 10**6 + 2)]
    result = compute_opinions(votes)
    assert result.n_votes == 40 * 11
    out = result_to_json(result)
    assert out["statements"]["1"]["votes"] == 40


def test_equal_timestamps_keep_the_vote_given_last() -> None:
    out = result_to_json(compute_opinions([(1, 1, 1, 5), (1, 1, -1, 5)]))
    assert out["statements"]["1"]["disagree"] == 1.0


def test_invalid_vote_value_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="1 \\(agree\\), -1 \\(disagree\\) or 0"):
        compute_opinions([(1, 1, 2)])


def test_records_as_mappings_and_objects_give_the_same_result() -> None:
    tuples = _two_camps()
    dicts = [
        {"participant_id": p, "statement_id": s, "vote": v, "timestamp_ms": t}
        for p, s, v, t in tuples
    ]
    a = result_to_json(compute_opinions(tuples))
    b = result_to_json(compute_opinions(dicts))
    assert a == b


def test_participants_below_the_vote_minimum_are_not_placed() -> None:
    votes = _two_camps()
    votes += [(500, 0, 1, 10**7), (500, 1, -1, 10**7 + 1)]  # arrives late with 2 votes
    out = result_to_json(compute_opinions(votes))
    assert out["participants"]["500"] is None
    assert "500" in out["pca"] and all(np.isfinite(out["pca"]["500"]))
