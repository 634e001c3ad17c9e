# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD


def settings_in_subprocess(env: dict[str, str], names: list[str]) -> dict[str, Any]:
    code = (
        "import json, django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        "from django.conf import settings as s;"
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INSPRAAK_")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_debug_is_off_unless_asked(tmp_path: Any) -> None:
    assert settings_in_subprocess({"INSPRAAK_DATA_DIR": str(tmp_path)}, ["DEBUG"])["DEBUG"] is False


def test_https_mode_turns_on_secure_cookies_and_hsts(tmp_path: Any) -> None:
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
    ]
    on = settings_in_subprocess(
        {"INSPRAAK_DATA_DIR": str(tmp_path), "INSPRAAK_HTTPS": "true"}, names
    )
    assert on == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
    }


def test_generated_secret_key_is_kept_private_and_stable(tmp_path: Any) -> None:
    first = settings_in_subprocess({"INSPRAAK_DATA_DIR": str(tmp_path)}, ["SECRET_KEY"])
    second = settings_in_subprocess({"INSPRAAK_DATA_DIR": str(tmp_path)}, ["SECRET_KEY"])
    assert first == second and len(first["SECRET_KEY"]) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_passwords_are_hashed_with_argon2() -> None:
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_login_is_rate_limited(client: Any, make_user: Any) -> None:
    make_user("wethouder")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "wethouder", "password": "fout"})
    locked = client.post(url, {"username": "wethouder", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_works_and_forms_need_csrf(make_user: Any) -> None:
    from django.test import Client

    make_user("wethouder")
    strict = Client(enforce_csrf_checks=True)
    assert (
        strict.post(reverse("login"), {"username": "wethouder", "password": PASSWORD}).status_code
        == 403
    )
    page = strict.get(reverse("login"))
    token = page.cookies["csrftoken"].value
    done = strict.post(
        reverse("login"),
        {"username": "wethouder", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert done.status_code == 302 and "_auth_user_id" in strict.session


@pytest.mark.django_db
def test_pages_are_dutch_by_default_and_english_on_request(client: Any, make_user: Any) -> None:
    client.force_login(make_user())
    english_browser = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert '<html lang="nl">' in english_browser.content.decode()
    assert "Consultaties" in english_browser.content.decode()
    client.post(reverse("set_language"), {"language": "en"})
    assert '<html lang="en">' in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("set_language"), {"language": "nl"})
    assert '<html lang="nl">' in client.get(reverse("dashboard")).content.decode()
