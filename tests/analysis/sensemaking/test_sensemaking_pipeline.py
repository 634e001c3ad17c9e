# SPDX-License-Identifier: EUPL-1.2
"""The pipeline's contract: plain data in, consistent themes out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sensemaking_helpers import FIXTURES

from inspraak_analysis.csvinput import read_analysis_csv
from inspraak_analysis.sensemaking import (
    Contribution,
    Note,
    SensemakingConfig,
    Votes,
    analyse,
    result_to_json,
    result_to_markdown,
)
from inspraak_analysis.text import content_terms

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def founding() -> list[Contribution]:
    return read_analysis_csv(FIXTURES / "founding" / "input.csv")


def test_every_contribution_is_in_exactly_one_leaf_theme(founding: list[Contribution]) -> None:
    result = analyse(founding)
    leaf_ids = [cid for t in result.themes if t.is_leaf for cid in t.contribution_ids]
    assert sorted(leaf_ids) == sorted(c.id for c in founding)


def test_parents_hold_exactly_their_children(founding: list[Contribution]) -> None:
    result = analyse(founding)
    for parent in (t for t in result.themes if not t.is_leaf):
        kids = [t for t in result.themes if t.parent == parent.id]
        assert len(kids) >= 2
        assert sorted(parent.contribution_ids) == sorted(
            c for k in kids for c in k.contribution_ids
        )


def test_labels_quotes_and_counts_come_from_the_theme_itself(founding: list[Contribution]) -> None:
    text_of = {c.id: c.text.lower() for c in founding}
    for theme in analyse(founding).themes:
        texts = " ".join(text_of[c] for c in theme.contribution_ids)
        assert all(word.lower() in texts for word in theme.label.split())
        assert 1 <= len(theme.quote_ids) <= 3
        assert set(theme.quote_ids) <= set(theme.contribution_ids)
        assert theme.participants == sum(s.participants for s in theme.by_session.values())
        assert theme.present == sum(s.present for s in theme.by_session.values())


def test_same_input_gives_byte_identical_json_across_processes() -> None:
    script = (
        "import json;from inspraak_analysis.csvinput import read_analysis_csv as r;"
        "from inspraak_analysis.sensemaking import analyse,result_to_json as j;"
        f"print(json.dumps(j(analyse(r({str(FIXTURES / 'founding' / 'input.csv')!r})))))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            check=True,
            cwd=ROOT,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_the_engine_never_imports_django() -> None:
    script = (
        "import sys, inspraak_analysis.sensemaking, inspraak_analysis.csvinput;"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == b"False"


def test_empty_input_gives_an_empty_result() -> None:
    assert result_to_json(analyse([])) == {
        "themes": [],
        "duplicates": [],
        "claims": [],
        "not_discussed": [],
        "route": "",
    }


def test_duplicate_ids_are_refused() -> None:
    c = Contribution(1, "A", "a", "x")
    with pytest.raises(ValueError, match="more than once"):
        analyse([c, c])


def test_present_defaults_to_contributors_and_too_small_a_number_is_raised() -> None:
    items = [Contribution(i, "A", f"p{i}", "Meer bomen in de stad") for i in range(3)]
    assert analyse(items).themes[0].present == 3
    assert analyse(items, present={"A": 10}).themes[0].support == "door meerdere deelnemers"
    result = analyse(items, present={"A": 2})
    assert result.themes[0].present == 3 and "2 present given" in result.warnings[0]


def test_a_note_marks_what_it_resembles_as_discussed() -> None:
    items = [
        Contribution(1, "A", "a", "Bomen planten in de wijk"),
        Contribution(2, "A", "b", "Verhuurdersheffing afschaffen"),
    ]
    result = analyse(items, notes=[Note("A", "Gesprek over bomen in de wijk")])
    (theme,) = [t for t in result.themes if 2 in t.contribution_ids]
    assert result.not_discussed == (theme.id,)
    named = analyse(items, notes=[Note("A", "besproken", (2,))])
    assert [t.contribution_ids for t in named.themes if t.id in named.not_discussed] == [(1,)]


def test_sessions_without_discussion_records_are_not_called_undiscussed() -> None:
    assert analyse([Contribution(1, "A", "a", "Bomen planten")]).not_discussed == ()


def test_split_votes_make_the_theme_divided() -> None:
    items = [Contribution(i, "A", f"p{i}", "Vuurwerkverbod invoeren") for i in range(4)]
    result = analyse(items, votes={0: Votes(agree=3, disagree=3)})
    assert result.themes[0].support == "verdeeld"


def test_progress_is_reported_per_stage() -> None:
    seen: list[tuple[str, int, int]] = []
    analyse([Contribution(1, "A", "a", "x")], progress=lambda *a: seen.append(a))
    assert [s[0] for s in seen] == ["features", "grouping", "duplicates", "themes", "claims"]
    assert seen[-1][1:] == (5, 5)


def test_markdown_escapes_user_text_and_states_counts(founding: list[Contribution]) -> None:
    items = [
        Contribution(1, "A", "a", "<script>alert(1)</script> **vet** [link](http://x)"),
        Contribution(2, "A", "b", "<script>alert(1)</script> **vet** [link](http://x)"),
    ]
    md = result_to_markdown(analyse(items))
    assert "<script>" not in md and "**vet**" not in md and "](http" not in md
    assert "2 van 2 aanwezigen" in result_to_markdown(analyse(items))
    assert "unaniem* — 8 van 8" in result_to_markdown(analyse(founding))


def test_json_uses_row_numbers_and_the_documented_keys(founding: list[Contribution]) -> None:
    data = result_to_json(analyse(founding), row_of=lambda cid: int(cid))
    assert list(data) == ["themes", "duplicates", "claims", "not_discussed", "route"]
    assert data["route"] == "full"
    assert list(data["themes"][0]) == [
        "id", "label", "parent", "sessions", "contributions", "participants",
        "present", "support", "by_session", "keywords", "quotes", "summary", "extra",
    ]  # fmt: skip
    json.dumps(data)


def test_config_can_switch_the_analyzer(founding: list[Contribution]) -> None:
    for analyzer in ("char_wb", "word"):
        result = analyse(founding[:20], config=SensemakingConfig(analyzer=analyzer))
        assert sum(len(t.contribution_ids) for t in result.themes if t.is_leaf) == 20


def test_a_postit_without_content_words_still_gets_a_theme() -> None:
    result = analyse([Contribution(1, "A", "a", "??"), Contribution(2, "A", "b", "100%")])
    assert sorted(c for t in result.themes for c in t.contribution_ids) == [1, 2]
    assert content_terms("??") == []
