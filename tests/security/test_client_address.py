# SPDX-License-Identifier: EUPL-1.2
"""Behind the proxy, the leftmost X-Forwarded-For is the client's own words: no limit believes it.

Requests arrive from the proxy (REMOTE_ADDR 127.0.0.1, a trusted proxy by default)
with the header nginx builds: whatever the client sent, then the address nginx saw.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from inspraak.consultations import services as cs
from inspraak.core.clientaddr import client_address
from inspraak.intake.webform.services import SUBMISSIONS_PER_HOUR_PER_ADDRESS, round_form_set
from inspraak.live import services as live_services
from tests.conftest import PASSWORD

REAL, NEIGHBOUR = "203.0.113.7", "203.0.113.8"
_spoofs = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


def via_proxy(real: str = REAL) -> dict[str, str]:
    """The META of a request that nginx forwarded, with a fresh spoofed leftmost entry."""
    return {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": f"198.51.100.{next(_spoofs) % 250}, {real}",
    }


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": REAL, "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, REAL),  # uvicorn resolved it
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {REAL}"}, REAL),
        ({"REMOTE_ADDR": "::1", "HTTP_X_FORWARDED_FOR": f"1.2.3.4,{REAL}, 127.0.0.1"}, REAL),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, junk, ::1"}, "127.0.0.1"),
        ({"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),  # no proxy in between
    ],
)
def test_client_address_is_the_rightmost_untrusted_hop(meta: dict[str, str], expected: str) -> None:
    assert client_address(RequestFactory().get("/", **meta)) == expected


@override_settings(INSPRAAK_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_a_chain_of_trusted_proxies_is_skipped() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR=f"9.9.9.9, {REAL}, 10.0.0.2"
    )
    assert client_address(request) == REAL


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_a_spoofed_leftmost_entry_does_not_reset_the_web_form_limit(
    make_consultation: Any, organiser: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    form = round_form_set(
        round=consultation.rounds.get(), is_open=True, intro="", new_link=False, actor=organiser
    )
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def submit(real: str = REAL) -> Any:
        data = {"submission": str(uuid.uuid4()), "website": "", "point_1": f"Punt {uuid.uuid4()}"}
        return client.post(reverse("web_form", args=[form.token]), data, **via_proxy(real))

    for _n in range(SUBMISSIONS_PER_HOUR_PER_ADDRESS):
        assert submit().status_code == 200
    refused = submit()
    assert refused.status_code == 400 and "Too many submissions" in refused.content.decode()
    assert submit(NEIGHBOUR).status_code == 200, "another client behind the same proxy still may"


@override_settings(INSPRAAK_LIVE_RATE_PER_IP_MIN=2)
def test_a_spoofed_leftmost_entry_does_not_reset_the_phone_limit(
    make_consultation: Any, organiser: Any
) -> None:
    session = make_consultation(organiser=organiser).rounds.get().sessions.get()
    cs.prompt_get_or_create(session=session, text="Schrijf op")
    live = live_services.live_open(session=session, actor=organiser)
    codes = [Client().post(f"/j/{live.code}/join/", **via_proxy()).status_code for _i in range(3)]
    assert codes == [302, 302, 429]
    assert Client().post(f"/j/{live.code}/join/", **via_proxy(NEIGHBOUR)).status_code == 302


def test_a_spoofed_leftmost_entry_does_not_reset_the_login_limit(make_user: Any) -> None:
    make_user("wethouder")
    url = reverse("login")
    for _n in range(settings.AXES_FAILURE_LIMIT):
        Client().post(url, {"username": "wethouder", "password": "fout"}, **via_proxy())
    locked = Client().post(url, {"username": "wethouder", "password": PASSWORD}, **via_proxy())
    assert locked.status_code == 429
    neighbour = Client()
    response = neighbour.post(
        url, {"username": "wethouder", "password": PASSWORD}, **via_proxy(NEIGHBOUR)
    )
    assert response.status_code == 302 and "_auth_user_id" in neighbour.session


def test_serve_tells_uvicorn_which_proxies_to_believe(monkeypatch: Any, settings: Any) -> None:
    from inspraak.cli import platform

    settings.INSPRAAK_TRUSTED_PROXIES = ["10.1.2.3"]
    seen: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: seen.update(options))
    platform._serve("127.0.0.1", 8000, 1)
    assert seen["proxy_headers"] is True and seen["forwarded_allow_ips"] == ["10.1.2.3"]
