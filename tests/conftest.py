# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: small factories that build data through the services."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from inspraak.consultations import services as cs
from inspraak.consultations.models import Consultation, Contribution

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-9"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    # Tests marked postgres only run when DATABASE_URL points at PostgreSQL.
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def make_user(db: Any) -> Any:
    def make(username: str = "", **extra: Any) -> Any:
        name = username or f"user{next(_counter)}"
        return get_user_model().objects.create_user(username=name, password=PASSWORD, **extra)

    return make


@pytest.fixture
def make_consultation(db: Any) -> Any:
    def make(
        *, organiser: Any = None, title: str = "", sessions: tuple[str, ...] = ("Zorg",)
    ) -> Consultation:
        n = next(_counter)
        consultation = cs.consultation_create(
            title=title or f"Consultatie {n}", slug=f"consultatie-{n}", actor=organiser
        )
        round_ = cs.round_get_or_create(consultation=consultation, title="Ronde 1")
        for title_ in sessions:
            cs.session_get_or_create(round=round_, title=title_)
        return consultation

    return make


@pytest.fixture
def add_contribution(db: Any) -> Any:
    def add(
        consultation: Consultation,
        text: str,
        *,
        session: str = "Zorg",
        who: str = "p1",
        **extra: Any,
    ) -> Contribution:
        round_ = consultation.rounds.first()
        session_ = cs.session_get_or_create(round=round_, title=session)
        participant, _ = cs.participant_get_or_create(consultation=consultation, key=who)
        cs.attendance_record(participant=participant, session=session_)
        return Contribution.objects.create(
            round=round_,
            session=session_,
            participant=participant,
            text=text,
            created_at=timezone.now(),
            **extra,
        )

    return add


@pytest.fixture
def organiser(make_user: Any) -> Any:
    return make_user("organiser", is_staff=True)


@pytest.fixture
def two_consultations(
    make_user: Any, make_consultation: Any, add_contribution: Any
) -> dict[str, Any]:
    """Consultation A organised by `alice`, B by `bob`, each with one contribution."""
    alice = make_user("alice", is_staff=True)
    bob = make_user("bob", is_staff=True)
    a = make_consultation(organiser=alice, title="A")
    b = make_consultation(organiser=bob, title="B")
    return {
        "alice": alice,
        "bob": bob,
        "a": a,
        "b": b,
        "a_contribution": add_contribution(a, "Meer groen in de wijk"),
        "b_contribution": add_contribution(b, "Geheime inbreng van B"),
    }


@pytest.fixture(autouse=True)
def _english_messages() -> Any:
    """Service messages in English for assertions; pages pick their language per request."""
    from django.utils import translation

    with translation.override("en"):
        yield
