# SPDX-License-Identifier: EUPL-1.2
"""Semantic route, vector cache, extra input and endorsements (issue 13)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from inspraak_analysis.sensemaking import Contribution, SensemakingConfig, analyse
from inspraak_analysis.themes.encoders import encode, text_key
from inspraak_analysis.themes.pairs import shipped_models

ROOM = [
    Contribution(1, "Wonen", "a", "Te weinig starterswoningen voor jongeren"),
    Contribution(2, "Wonen", "b", "Bouw meer starterswoningen voor jongeren"),
    Contribution(3, "Wonen", "c", "De huurprijzen stijgen veel te hard"),
    Contribution(4, "Wonen", "d", "Huurprijzen zijn onbetaalbaar geworden"),
]


def theme_of(result: object, cid: object) -> object:
    return next(t for t in result.themes if t.is_leaf and cid in t.contribution_ids)  # type: ignore[attr-defined]


def test_the_semantic_route_runs_and_says_so() -> None:
    result = analyse(ROOM)
    assert result.route == "full"
    assert theme_of(result, 1) is theme_of(result, 2)
    assert theme_of(result, 1) is not theme_of(result, 3)


def test_larger_inputs_take_the_cheaper_routes() -> None:
    medium = replace(SensemakingConfig(), max_full_texts=3)
    assert analyse(ROOM, config=medium).route == "medium"
    fast = replace(medium, max_semantic_texts=3)
    assert analyse(ROOM, config=fast).route == "fast"


def test_a_cache_is_used_and_gives_the_same_result() -> None:
    seen: list[str] = []

    def cached(model: str, texts: Sequence[str]) -> np.ndarray:
        seen.extend(f"{model}:{t}" for t in texts)
        return encode(model, texts)

    assert analyse(ROOM, embed=cached).themes == analyse(ROOM).themes
    assert "e5:Te weinig starterswoningen voor jongeren" in seen


def test_text_key_ignores_spacing_but_not_the_model() -> None:
    assert text_key("e5", "Meer  groen\n") == text_key("e5", "Meer groen")
    assert text_key("e5", "Meer groen") != text_key("use", "Meer groen")


def test_shipped_model_grows_with_similarity() -> None:
    model = shipped_models()["full"]
    assert model.views[0] == "lex" and all(c > 0 for c in model.coef[:3])
    assert 0.0 < model.leaf_distance < model.parent_distance < 1.0


def test_extra_input_is_counted_beside_the_theme_never_as_present() -> None:
    text = ROOM[0].text  # one text: the test is about counting, not grouping
    mails = [Contribution(10 + i, "Wonen", f"m{i}", text, channel="email") for i in range(3)]
    room = [replace(ROOM[0]), replace(ROOM[1], text=text)]
    result = analyse([*room, *mails, *ROOM[2:]], present={"Wonen": 4})
    theme = theme_of(result, 1)
    assert (theme.participants, theme.present) == (2, 4)  # type: ignore[attr-defined]
    assert theme.extra == {"email": 3}  # type: ignore[attr-defined]


def test_endorsers_carry_a_point() -> None:
    endorsed = replace(ROOM[0], endorsed_by=("c", "d"))
    result = analyse([endorsed, *ROOM[1:]])
    theme = theme_of(result, 1)
    assert (theme.participants, theme.present, theme.support) == (4, 4, "unaniem")  # type: ignore[attr-defined]


def test_summary_is_a_sentence_of_the_theme() -> None:
    result = analyse(ROOM)
    for theme in result.themes:
        assert any(
            theme.summary in text for text in theme.quote_texts + tuple(c.text for c in ROOM)
        )
