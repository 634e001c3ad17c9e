# SPDX-License-Identifier: EUPL-1.2
"""A round with themes stored as an analysis would store them, and a participant on three channels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from inspraak.consultations import services as cs
from inspraak.consultations.models import Consultation, Contribution, Participant, Round
from inspraak.decisions.services import Decision
from inspraak.sensemaking.models import AnalysisRun, Theme


def fake_run(round_: Round, groups: dict[str, list[Contribution]]) -> list[Theme]:
    """A finished theme run with one leaf per group, as sensemaking stores it."""
    run = AnalysisRun.objects.create(
        consultation=round_.consultation, round=round_, status=AnalysisRun.Status.DONE
    )
    themes = []
    for position, (label, members) in enumerate(groups.items()):
        people = {c.participant_id for c in members}
        theme = Theme.objects.create(
            run=run,
            label=label,
            support="breed gedragen" if len(people) > 1 else "door één deelnemer genoemd",
            participants=len(people),
            present=4,
            by_session={"Zorg": {"participants": len(people), "present": 4}},
            position=position,
        )
        theme.members.set(members)
        themes.append(theme)
    return themes


@dataclass
class World:
    consultation: Consultation
    round: Round
    organiser: Any
    mine: Participant
    other: Participant
    c: dict[str, Contribution]


def _add(
    world_round: Round, who: Participant, text: str, channel: str, session: Any
) -> Contribution:
    return Contribution.objects.create(
        round=world_round,
        session=session,
        participant=who,
        text=text,
        channel=channel,
        created_at=timezone.now(),
    )


@pytest.fixture
def world(make_user: Any, make_consultation: Any) -> World:
    organiser = make_user("organisator", is_staff=True)
    consultation = make_consultation(organiser=organiser, title="Programma")
    round_ = consultation.rounds.get()
    zorg = round_.sessions.get(title="Zorg")
    mine, _ = cs.participant_get_or_create(consultation=consultation, key="ik")
    other, _ = cs.participant_get_or_create(consultation=consultation, key="ander")
    mine.email = "ik@example.org"
    mine.save()
    cs.attendance_record(participant=mine, session=zorg)
    cs.attendance_record(participant=other, session=zorg)
    P, F, E = Contribution.Channel.POSTIT, Contribution.Channel.FORM, Contribution.Channel.EMAIL
    c = {
        "huur": _add(round_, mine, "Huren moeten omlaag", P, zorg),
        "huur2": _add(round_, other, "Betaalbare huurwoningen bouwen", P, zorg),
        "ov": _add(round_, mine, "Gratis bus voor ouderen", F, None),
        "ov2": _add(round_, other, "Buslijnen op het platteland terug", P, zorg),
        "zorg": _add(round_, mine, "Wijkverpleging terug in de buurt", E, None),
        "geheim": _add(round_, other, "Geheime tekst van een ander", P, zorg),
    }
    return World(consultation, round_, organiser, mine, other, c)


def themes_of(world: World) -> list[Theme]:
    c = world.c
    return fake_run(
        world.round,
        {
            "Wonen": [c["huur"], c["huur2"]],
            "Openbaar vervoer": [c["ov"], c["ov2"]],
            "Zorg dichtbij": [c["zorg"], c["geheim"]],
        },
    )


def rejected(reason: str = "Past niet in de begroting.") -> Decision:
    return Decision(status="rejected", explanation=reason)
