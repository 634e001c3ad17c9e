# SPDX-License-Identifier: EUPL-1.2
"""Dispositions follow their contributions through re-analysis, merge and split."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from inspraak.core.models import AuditEvent
from inspraak.decisions import selectors, services
from inspraak.decisions.models import Disposition, DispositionChange
from inspraak.decisions.services import Decision
from tests.decisions.conftest import fake_run, rejected, themes_of


def decide(world: Any, theme: Any, decision: Decision) -> Disposition:
    return services.disposition_decide(
        round=world.round,
        contribution_ids={c.pk for c in theme.members.all()},
        label=theme.label,
        decision=decision,
        actor=world.organiser,
    )


def row(world: Any, label: str) -> Any:
    return next(r for r in selectors.round_decisions(world.round).rows if r.theme.label == label)


@pytest.mark.parametrize("status", ["rejected", "out_of_scope"])
def test_not_adopted_and_out_of_scope_need_a_reason(world: Any, status: str) -> None:
    wonen = themes_of(world)[0]
    with pytest.raises(ValidationError, match="reason"):
        decide(world, wonen, Decision(status=status, explanation="  "))
    assert not Disposition.objects.exists()
    decide(world, wonen, Decision(status=status, explanation="Valt buiten het programma."))
    assert row(world, "Wonen").disposition.status == status


def test_in_chapter_needs_a_chapter_of_this_consultation(
    world: Any, make_consultation: Any
) -> None:
    wonen = themes_of(world)[0]
    with pytest.raises(ValidationError, match="chapter"):
        decide(world, wonen, Decision(status="in_chapter"))
    elsewhere = make_consultation(title="Ander")
    foreign = services.chapter_save(consultation=elsewhere, number=1, title="Elders", actor=None)
    with pytest.raises(ValidationError, match="another consultation"):
        decide(world, wonen, Decision(status="in_chapter", chapters=(foreign,)))
    own = services.chapter_save(
        consultation=world.consultation, number=3, title="Bestaanszekerheid", actor=None
    )
    decide(world, wonen, Decision(status="in_chapter", chapters=(own,)))
    assert [str(c) for c in row(world, "Wonen").disposition.chapters.all()] == [
        "3. Bestaanszekerheid"
    ]


def test_every_change_is_kept_and_audited(world: Any) -> None:
    wonen = themes_of(world)[0]
    first = decide(world, wonen, Decision(status="adopted", note="intern"))
    second = decide(world, wonen, rejected())
    assert first.pk == second.pk
    history = list(DispositionChange.objects.filter(disposition=first))
    assert [h.status for h in history] == ["adopted", "rejected"]
    assert history[0].note == "intern" and history[1].explanation == "Past niet in de begroting."
    assert AuditEvent.objects.filter(action="disposition_decide").count() == 2


def test_a_disposition_survives_a_new_analysis(world: Any) -> None:
    decide(world, themes_of(world)[0], rejected())
    themes_of(world)  # the analysis is run again: new theme rows, same contributions
    wonen = row(world, "Wonen")
    assert wonen.disposition.status == "rejected" and not wonen.needs_review
    assert selectors.round_decisions(world.round).decided == 1


def test_merged_themes_keep_the_decision_and_flag_two_decisions(world: Any) -> None:
    wonen, ov, _zorg = themes_of(world)
    decide(world, wonen, Decision(status="adopted"))
    c = world.c
    fake_run(world.round, {"Wonen en vervoer": [c["huur"], c["huur2"], c["ov"], c["ov2"]]})
    merged = row(world, "Wonen en vervoer")
    assert merged.disposition.status == "adopted" and not merged.conflict
    # With both parts decided differently, the merged theme asks for review.
    fake_run(world.round, {"Wonen": [c["huur"], c["huur2"]], "OV": [c["ov"], c["ov2"]]})
    decide(world, row(world, "OV").theme, rejected())
    fake_run(world.round, {"Wonen en vervoer": [c["huur"], c["huur2"], c["ov"], c["ov2"]]})
    merged = row(world, "Wonen en vervoer")
    assert merged.conflict and not merged.decided
    # Deciding on the merged theme settles it; the older decision is retired, not deleted.
    decide(world, merged.theme, Decision(status="partly"))
    merged = row(world, "Wonen en vervoer")
    assert merged.disposition.status == "partly" and not merged.needs_review
    assert Disposition.objects.filter(retired_at__isnull=False).count() == 1
    assert DispositionChange.objects.count() == 4


def test_split_contributions_are_flagged_never_dropped(world: Any) -> None:
    decide(world, themes_of(world)[0], rejected())
    c = world.c
    fake_run(world.round, {"Huurprijs": [c["huur"]], "Nieuwbouw": [c["huur2"]]})
    rows = selectors.round_decisions(world.round).rows
    assert [r.split for r in rows] == [True, True]
    assert all(r.disposition.status == "rejected" for r in rows)
    # Deciding on one part gives it its own disposition; the other part keeps the old one.
    decide(world, row(world, "Nieuwbouw").theme, Decision(status="adopted"))
    assert row(world, "Nieuwbouw").disposition.status == "adopted"
    rest = row(world, "Huurprijs")
    assert rest.disposition.status == "rejected" and not rest.split
    assert rest.disposition.contribution_ids == [c["huur"].pk]


def test_a_disposition_reaching_no_theme_is_listed_as_left_over(world: Any) -> None:
    decide(world, themes_of(world)[0], rejected())
    c = world.c
    fake_run(world.round, {"Zorg dichtbij": [c["zorg"], c["geheim"]]})
    overview = selectors.round_decisions(world.round)
    assert [d.label for d in overview.leftover] == ["Wonen"]


def test_several_themes_at_once_all_or_none(world: Any) -> None:
    wonen, ov, zorg = themes_of(world)
    with pytest.raises(ValidationError):
        services.dispositions_decide(
            round=world.round, themes=[wonen, ov], decision=rejected(""), actor=world.organiser
        )
    assert not Disposition.objects.exists()
    services.dispositions_decide(
        round=world.round,
        themes=[wonen, ov],
        decision=Decision(status="existing"),
        actor=world.organiser,
    )
    overview = selectors.round_decisions(world.round)
    assert (overview.decided, overview.total) == (2, 3)


def test_a_single_contribution_can_be_decided_apart_from_its_theme(world: Any) -> None:
    wonen = themes_of(world)[0]
    decide(world, wonen, Decision(status="adopted"))
    services.disposition_decide(
        round=world.round,
        contribution_ids={world.c["huur"].pk},
        label="Huren moeten omlaag",
        decision=Decision(status="out_of_scope", explanation="Landelijk beleid."),
        actor=world.organiser,
        scope=Disposition.Scope.CONTRIBUTION,
    )
    found = selectors.disposition_for_contributions(world.round)
    assert found[world.c["huur"].pk].status == "out_of_scope"
    assert found[world.c["huur2"].pk].status == "adopted"
    assert row(world, "Wonen").disposition.status == "adopted"


def test_with_the_real_analysis_and_organisers_split(world: Any, add_contribution: Any) -> None:
    from inspraak.sensemaking.edits import theme_split
    from inspraak.sensemaking.themes import themes_analyse

    run = themes_analyse(consultation=world.consultation, round=world.round, actor=None)
    theme = max(run.themes.filter(is_leaf=True), key=lambda t: t.members.count())
    ids = {c.pk for c in theme.members.all()}
    decide(world, theme, rejected())
    again = themes_analyse(consultation=world.consultation, round=world.round, actor=None)
    holder = next(
        t for t in again.themes.filter(is_leaf=True) if ids & {c.pk for c in t.members.all()}
    )
    assert row(world, holder.label).disposition.status == "rejected"
    if len(ids) > 1:
        theme_split(
            theme=holder,
            contribution_ids={sorted(ids)[0]},
            label="Afgesplitst",
            actor=world.organiser,
        )
        assert row(world, "Afgesplitst").split
        assert row(world, "Afgesplitst").disposition.status == "rejected"
