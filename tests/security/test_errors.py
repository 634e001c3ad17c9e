# SPDX-License-Identifier: EUPL-1.2
"""Errors are logged with their traceback and shown as a plain page; bad input is never a 500."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from inspraak.consultations import services as cs
from inspraak.core.ids import id_parse
from inspraak.live import cluster_services
from inspraak.live import services as live_services
from inspraak.reports.charts import figure_bytes, session_figure
from inspraak.reports.document import Count, SessionSection, ThemeSection

HOSTILE_IDS = ["abc", "²", "٣", "9" * 30, "1e3", "-1", " ", "1 OR 1=1"]


@pytest.mark.parametrize("raw", HOSTILE_IDS)
def test_id_parse_takes_only_what_can_be_a_primary_key(raw: str) -> None:
    assert id_parse(raw) is None
    assert id_parse("42") == 42 and id_parse(None) is None


@pytest.fixture
def world(make_consultation: Any, organiser: Any) -> dict[str, Any]:
    consultation = make_consultation(organiser=organiser)
    session = consultation.rounds.get().sessions.get()
    cs.prompt_get_or_create(session=session, text="Schrijf op")
    live = live_services.live_open(session=session, actor=organiser)
    cluster = cluster_services.cluster_create(live=live, name="Groen")
    participant = live_services.participant_join(live=live)
    postit, *_rest = live_services.postit_create(
        live=live, participant=participant, text="Meer bomen", client_id=str(uuid.uuid4())
    )
    client = Client(raise_request_exception=False)
    client.force_login(organiser)
    return {"c": consultation, "s": session, "cluster": cluster, "postit": postit, "client": client}


@pytest.mark.parametrize("raw", HOSTILE_IDS)
def test_non_numeric_ids_in_forms_and_links_are_never_a_500(
    world: dict[str, Any], raw: str
) -> None:
    slug, session, client = world["c"].slug, world["s"], world["client"]
    wall = f"/c/{slug}/sessions/{session.pk}/live/"
    requests = [
        ("get", reverse("session", args=[slug, session.pk]), {"theme": raw}),
        ("get", reverse("themes", args=[slug]), {"round": raw}),
        ("get", reverse("opinions", args=[slug]), {"session": raw}),
        ("post", reverse("themes_merge", args=[slug]), {"theme": [raw, raw]}),
        ("post", reverse("reports", args=[slug]), {"round": raw}),
        ("post", f"{wall}clusters/{world['cluster'].pk}/", {"action": "merge", "into": raw}),
        ("post", f"{wall}postits/{world['postit'].pk}/", {"cluster": raw}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (url, data, response.status_code)


def _section(label: str) -> SessionSection:
    count = Count(participants=3, present=5, support="breed")
    theme = ThemeSection(
        key="t", label=label, count=count, total=count, sessions={}, quotes=[], proposals=[],
        notes=[], sources=[], discussed=None,
    )  # fmt: skip
    return SessionSection(key="s", title="Zorg", prompts=[], present=5, themes=[theme])


@pytest.mark.parametrize("label", ["Kost $5 of $10", r"$\frac{", r"$\nietbestaand$ x", "a_b^c $"])
def test_a_theme_label_with_dollars_or_tex_is_drawn_as_text(label: str) -> None:
    svg = figure_bytes(session_figure(_section(label)), "svg").decode()
    assert label.replace("&", "&amp;").replace("<", "&lt;")[:10] in svg


@override_settings(ROOT_URLCONF="tests.security.boom_urls")
@pytest.mark.parametrize(("path", "status"), [("/boom/", 500), ("/bestaat-niet/", 404)])
def test_errors_are_a_plain_page_without_script_or_details(db: Any, path: str, status: int) -> None:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == status
    assert "Back to the start page" in page and "<script" not in page
    assert "kapot-in-de-view" not in page and "Traceback" not in page


def test_a_csrf_failure_is_the_plain_page_too(client: Any, organiser: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = strict.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403 and "The form has expired" in response.content.decode()
    assert "<style" not in response.content.decode()


def test_an_unhandled_exception_is_logged_with_its_traceback(tmp_path: Any) -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        "from django.test import Client, override_settings;"
        "override_settings(ROOT_URLCONF='tests.security.boom_urls').enable();"
        "print(Client(raise_request_exception=False).get('/boom/', HTTP_HOST='localhost').status_code)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INSPRAAK_")}
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={**clean, "INSPRAAK_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert out.stdout.strip() == "500"
    assert "Traceback (most recent call last)" in out.stderr
    assert "RuntimeError: kapot-in-de-view" in out.stderr and "ERROR django.request" in out.stderr


# -- request bodies -------------------------------------------------------------------------


def _asgi(headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, int]:
    """Run one POST through the real ASGI application; (status, body messages read)."""
    from config.asgi import application

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/bestaat-niet/", "raw_path": b"/bestaat-niet/",
        "query_string": b"", "root_path": "", "headers": [(b"host", b"localhost"), *headers],
        "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
    }  # fmt: skip
    read, sent = [0], []

    async def receive() -> dict[str, Any]:
        if read[0] >= len(chunks):
            await asyncio.sleep(3600)
        read[0] += 1
        more = read[0] < len(chunks)
        return {"type": "http.request", "body": chunks[read[0] - 1], "more_body": more}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(asyncio.wait_for(application(scope, receive, send), 30))
    return next(m["status"] for m in sent if m["type"] == "http.response.start"), read[0]


def test_a_declared_body_over_the_limit_is_refused_without_reading_it(db: Any) -> None:
    length = str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 5).encode()
    assert _asgi([(b"content-length", length)], [b"x"]) == (413, 0)


def test_a_streamed_body_over_the_limit_is_cut_off(db: Any) -> None:
    chunk = b"x" * (1024 * 1024)
    chunks = [chunk] * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // len(chunk) + 20)
    status, read = _asgi([(b"transfer-encoding", b"chunked")], chunks)
    assert status == 413 and read <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE // len(chunk) + 2


def test_a_body_under_the_limit_reaches_django(db: Any) -> None:
    assert _asgi([(b"content-length", b"5")], [b"a=b&c"])[0] in {403, 404}  # CSRF or no page
