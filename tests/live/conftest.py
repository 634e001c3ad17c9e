# SPDX-License-Identifier: EUPL-1.2
"""Live-session fixtures: a session opened live, phones that joined it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from inspraak.consultations import services as cs
from inspraak.live import services
from inspraak.live.tokens import cookie_name, token_make


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def live(make_consultation: Any, organiser: Any) -> Any:
    """A live session organised by `organiser`, with its prompt open (limit 3)."""
    consultation = make_consultation(organiser=organiser)
    session = consultation.rounds.get().sessions.get()
    cs.prompt_get_or_create(session=session, text="Schrijf drie problemen op")
    return services.live_open(session=session, actor=organiser)


@pytest.fixture
def make_phone(live: Any) -> Any:
    """A test client that joined `live` (or another live session) as a new participant."""

    def make(target: Any = None) -> tuple[Client, Any]:
        target = target or live
        participant = services.participant_join(live=target)
        client = Client(enforce_csrf_checks=False)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.cookies[cookie_name(target)] = token_make(live=target, participant=participant)
        return client, participant

    return make


@pytest.fixture
def wall_client(organiser: Any) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(organiser)
    return client


def new_id() -> str:
    return str(uuid.uuid4())
