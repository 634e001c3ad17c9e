# SPDX-License-Identifier: EUPL-1.2
"""The opinion page's numbers agree: plain shares everywhere, the smoothed estimate labelled."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from inspraak.consultations import services as cs
from inspraak.sensemaking.models import AnalysisRun
from inspraak.sensemaking.opinion_views import opinion_groups_context
from inspraak.votes.services import statement_create, vote_cast


def test_division_shows_plain_shares_beside_the_estimate_and_who_leans_where(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    a = two_consultations["a"]
    statements = [statement_create(consultation=a, text=f"Stelling {n}") for n in range(4)]
    for n in range(12):
        participant, _ = cs.participant_get_or_create(consultation=a, key=f"v{n}")
        for i, statement in enumerate(statements):
            agrees = (n < 6) == (i % 2 == 0)
            vote_cast(statement=statement, participant=participant, value=1 if agrees else -1)
    client.force_login(two_consultations["alice"])
    client.post(reverse("opinions_recompute", args=[a.slug]))
    result = AnalysisRun.objects.get(kind="opinions").result
    context = opinion_groups_context(result)
    assert context["division"], "the two camps split on every statement"
    for row in context["division"]:
        for g in row["groups"]:
            # Each group voted unanimously: the plain share is 0 or 100, the estimate is not.
            assert g["agree"] in (0, 100) and g["votes"] == 6
            assert g["smoothed"] not in (0, 100)
            assert g["lean"] == ("agree" if g["agree"] == 100 else "disagree")
        assert {g["lean"] for g in row["groups"]} == {"agree", "disagree"}
    page = client.get(reverse("opinions", args=[a.slug])).content.decode()
    assert "leans to agree" in page or "neigt naar eens" in page
    shown = {int(p) for p in re.findall(r"(\d+)% (?:agree|disagree|eens|oneens)", page)}
    assert shown <= {0, 100}, "the representative statements use the same plain shares"
    assert "<table" in page.split('class="opinion-map"')[1], "the map has a table alternative"
