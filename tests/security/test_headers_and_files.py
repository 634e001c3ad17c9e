# SPDX-License-Identifier: EUPL-1.2
"""A Content-Security-Policy on every page, no caching of private pages, private files."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from inspraak.core.backup import database_backup
from inspraak.intake.webform.services import round_form_set

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted((ROOT / "inspraak").glob("*/templates/**/*.html"))


def _policy(response: Any) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in header.split(";")) if d}


def _pages(two: dict[str, Any]) -> list[tuple[Client, str]]:
    a = two["a"]
    organiser = Client()
    organiser.force_login(two["alice"])
    form = round_form_set(
        round=a.rounds.get(), is_open=True, intro="", new_link=False, actor=two["alice"]
    )
    anonymous = Client()
    return [
        (anonymous, reverse("login")),
        (anonymous, reverse("web_form", args=[form.token])),
        (anonymous, "/bestaat-niet/"),
        (anonymous, "/j/"),
        (organiser, reverse("dashboard")),
        (organiser, reverse("consultation", args=[a.slug])),
        (organiser, reverse("participants", args=[a.slug])),
        (organiser, reverse("admin:index")),
    ]


def test_every_page_has_a_policy_that_runs_only_our_own_scripts(two_consultations: Any) -> None:
    for client, url in _pages(two_consultations):
        policy = _policy(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], url
        assert policy["default-src"] == ["'self'"], url


INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "inspraak")))
def test_no_template_has_inline_script_or_event_handlers(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "move the script to a static file: CSP blocks it"
    assert not HANDLER.search(text), "use addEventListener in a static file: CSP blocks on…="
    assert "javascript:" not in text


def test_private_pages_and_downloads_are_never_cached(two_consultations: Any) -> None:
    a, contribution = two_consultations["a"], two_consultations["a_contribution"]
    client = Client()
    client.force_login(two_consultations["alice"])
    urls = [
        reverse("consultation", args=[a.slug]),
        reverse("export", args=[a.slug, "csv"]),
        reverse("export", args=[a.slug, "json"]),
        reverse("participant_data", args=[a.slug, contribution.participant_id]),
        reverse("dashboard"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_secret_key_are_created_private(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("INSPRAAK_", "DATABASE_URL"))}
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "migrate", "-v0"],
        env={**clean, "INSPRAAK_DATA_DIR": str(tmp_path)},
        cwd=ROOT,
        check=True,
        preexec_fn=lambda: os.umask(0o022),  # noqa: PLW1509 - the usual umask, on purpose
    )
    files = [p for p in tmp_path.iterdir() if p.is_file()]
    names = {p.name for p in files}
    assert {"inspraak.sqlite3", "secret_key"} <= names
    assert {p.name: _mode(p) for p in files} == dict.fromkeys(names, 0o600)


def test_backups_are_written_private_even_over_an_old_readable_file(
    db: Any, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "vers.json.gz"
        database_backup(path=fresh)
        existing = tmp_path / "oud.json"
        existing.write_text("[]")
        existing.chmod(0o644)
        database_backup(path=existing)
    finally:
        os.umask(old)
    assert _mode(fresh) == 0o600 and _mode(existing) == 0o600
