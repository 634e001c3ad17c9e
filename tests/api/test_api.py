# SPDX-License-Identifier: EUPL-1.2
"""The read API: published data for anyone, the rest only with the consultation's token.

schemathesis drives the served schema through Django's WSGI application: no
server errors, and every response matches the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings

from inspraak.api.services import api_token_create, api_token_revoke
from inspraak.decisions import services as ds
from inspraak.decisions.services import Decision
from tests.decisions.conftest import themes_of


@pytest.fixture
def published(world: Any) -> Any:
    wonen, ov, _zorg = themes_of(world)
    ds.dispositions_decide(
        round=world.round,
        themes=[wonen],
        decision=Decision(status="rejected", explanation="Te duur.", note="INTERN-NOTITIE"),
        actor=world.organiser,
    )
    return world


def get(path: str, token: str = "") -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(path, **headers)


def test_the_schema_is_openapi_3_and_served(db: Any) -> None:
    schema = get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/consultations/{slug}/rounds/{round_id}/themes" in schema["paths"]
    assert schema["components"]["securitySchemes"]["OrganiserToken"]["scheme"] == "bearer"
    # Published data is public: every operation says a token is optional.
    themes = schema["paths"]["/api/consultations/{slug}/rounds/{round_id}/themes"]["get"]
    assert themes["security"] == [{"OrganiserToken": []}, {}]


def test_unpublished_data_needs_the_consultations_token(published: Any) -> None:
    slug, rid = published.consultation.slug, published.round.pk
    themes = f"/api/consultations/{slug}/rounds/{rid}/themes"
    assert get("/api/consultations").json() == []
    assert get(f"/api/consultations/{slug}").status_code == 404
    assert get(themes).status_code == 404
    _token, raw = api_token_create(
        consultation=published.consultation, name="dashboard", actor=published.organiser
    )
    found = get(themes, raw).json()
    wonen = next(t for t in found if t["label"] == "Wonen")
    assert wonen["disposition"]["status"] == "rejected"
    assert "INTERN-NOTITIE" not in str(found)
    assert get(themes, raw + "x").status_code == 401
    api_token_revoke(token=_token, actor=published.organiser)
    assert get(themes, raw).status_code == 401


def test_a_token_opens_only_its_own_consultation(published: Any, make_consultation: Any) -> None:
    other = make_consultation(title="Ander")
    _token, raw = api_token_create(consultation=other, name="x", actor=None)
    slug = published.consultation.slug
    assert get(f"/api/consultations/{slug}", raw).status_code == 404
    assert [c["slug"] for c in get("/api/consultations", raw).json()] == [other.slug]


def test_published_decisions_are_public(published: Any) -> None:
    ds.decisions_publish(round=published.round, actor=published.organiser)
    slug, rid = published.consultation.slug, published.round.pk
    detail = get(f"/api/consultations/{slug}").json()
    assert detail["rounds"][0]["decisions_published"] is True
    decided = get(f"/api/consultations/{slug}/rounds/{rid}/dispositions").json()
    assert [(d["label"], d["status"], d["explanation"]) for d in decided] == [
        ("Wonen", "rejected", "Te duur.")
    ]
    sessions = get(f"/api/consultations/{slug}/rounds/{rid}/sessions").json()
    assert sessions[0]["title"] == "Zorg" and sessions[0]["present"] == 2
    assert get(f"/api/consultations/{slug}/rounds/{rid}/reports").json() == []


def test_the_token_is_stored_hashed(published: Any) -> None:
    token, raw = api_token_create(consultation=published.consultation, name="x", actor=None)
    token.refresh_from_db()
    assert raw not in (token.token_hash, token.prefix) and raw.startswith(token.prefix)


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """Django's WSGI application, kept from closing the test's database connection.

    Django's own test client does the same: after each request Django closes a
    connection that is not in autocommit, which the test's transaction never is.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(
    published: Any, wsgi_app: Any
) -> None:
    """Generated requests against every operation of the served schema.

    (schemathesis' own pytest fixture loader does not run on this pytest; driving
    each operation's strategy with hypothesis is the same test.)
    """
    ds.decisions_publish(round=published.round, actor=published.organiser)
    loaded = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) == 6
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            case.call_and_validate()

        run()


def test_schemathesis_on_real_paths_with_and_without_token(published: Any, wsgi_app: Any) -> None:
    ds.decisions_publish(round=published.round, actor=published.organiser)
    _token, raw = api_token_create(consultation=published.consultation, name="ci", actor=None)
    loaded = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    params = {"slug": published.consultation.slug, "round_id": published.round.pk}
    for path in loaded.raw_schema["paths"]:
        wanted = {k: v for k, v in params.items() if "{" + k + "}" in path}
        for headers in ({}, {"Authorization": f"Bearer {raw}"}):
            case = loaded[path]["GET"].Case(path_parameters=wanted, headers=headers)
            response = case.call_and_validate()
            assert response.status_code == 200, path


def test_a_public_report_opens_themes_but_not_unpublished_decisions(published: Any) -> None:
    from inspraak.reports.services import (
        report_create,
        report_version_create,
        report_version_publish,
    )

    report = report_create(round=published.round)
    version = report_version_publish(
        version=report_version_create(report=report, actor=None), actor=None
    )
    slug, rid = published.consultation.slug, published.round.pk
    themes = get(f"/api/consultations/{slug}/rounds/{rid}/themes").json()
    assert {t["label"] for t in themes} == {"Wonen", "Openbaar vervoer", "Zorg dichtbij"}
    assert all(t["disposition"] is None for t in themes)
    assert get(f"/api/consultations/{slug}/rounds/{rid}/dispositions").json() == []
    reports = get(f"/api/consultations/{slug}/rounds/{rid}/reports").json()
    assert [r["link"] for r in reports] == [f"/r/{version.public_token}/"]
    pseudonyms = published.consultation.participants.values_list("pseudonym", flat=True)
    assert not any(p in str(reports) for p in pseudonyms), "the API serves the public document"
    assert Client().get(f"/verantwoording/{slug}/").status_code == 404
    assert "Te duur." not in str(themes)
