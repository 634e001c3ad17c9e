# SPDX-License-Identifier: EUPL-1.2
"""The server restarts under a live session: the phone keeps its draft, the wall catches up.

This test runs its own `inspraak serve` (the shared demo server must stay up for
the other browser tests), kills it with SIGKILL, and starts it again on the same
port and data folder.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _free_port

ROOT = Path(__file__).parent.parent.parent


def setup_live() -> None:
    """In a subprocess with the server's environment: migrate, open a live session.

    Prints the join code, the wall's address and a logged-in session cookie as JSON.
    """
    import uuid

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from inspraak.consultations import services as cs
    from inspraak.live import services

    call_command("migrate", interactive=False, verbosity=0)
    user = get_user_model().objects.create_user(username="wall", password=uuid.uuid4().hex)
    consultation = cs.consultation_create(title="Herstart", slug="herstart", actor=user)
    round_ = cs.round_get_or_create(consultation=consultation, title="Ronde")
    session = cs.session_get_or_create(round=round_, title="Zaal")
    cs.prompt_get_or_create(session=session, text="Schrijf drie problemen op")
    live = services.live_open(session=session, actor=user)
    client = Client()
    client.force_login(user)
    print(
        json.dumps(
            {
                "code": live.code,
                "wall": f"/c/herstart/sessions/{session.pk}/live/",
                "sessionid": client.cookies["sessionid"].value,
            }
        )
    )


class Server:
    """`inspraak serve` in a data folder of its own, on a fixed port, that can be restarted."""

    def __init__(self, data: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "INSPRAAK_DATA_DIR": str(data), "INSPRAAK_LOG_LEVEL": "WARNING"}
        self.env.pop("DATABASE_URL", None)
        self.process: subprocess.Popen[bytes] | None = None

    def setup(self) -> dict[str, str]:
        command = [
            sys.executable,
            "-c",
            "from tests.browser.test_live_reconnect import setup_live; setup_live()",
        ]
        out = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]

    def start(self) -> None:
        command = [sys.executable, "-m", "inspraak.cli", "serve", "--no-migrate"]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 90  # the server loads every view before it opens its port
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("inspraak serve exited")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("inspraak serve did not start within 90 s")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    server = Server(tmp_path)
    try:
        yield server
    finally:
        server.kill()


def test_phone_keeps_its_draft_and_the_wall_catches_up_after_a_server_restart(
    browser: Any, server: Server
) -> None:
    info = server.setup()
    server.start()
    wall_context = browser.new_context(locale="nl-NL")
    phone_context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 800})
    try:
        wall_context.add_cookies(
            [{"name": "sessionid", "value": info["sessionid"], "url": server.url}]
        )
        wall = wall_context.new_page()
        wall.goto(server.url + info["wall"])
        wall.wait_for_selector("#join-code")
        wall.evaluate("window.notReloaded = true")

        phone = phone_context.new_page()
        phone.goto(f"{server.url}/j/{info['code']}/")
        phone.click("form.join button[type=submit]")
        phone.wait_for_selector("#postit-form")
        phone.fill("#text", "Een concept van voor de herstart")

        server.kill()
        server.start()  # same port, same data folder

        phone.reload()
        phone.wait_for_selector("#postit-form")
        assert phone.input_value("#text") == "Een concept van voor de herstart"
        phone.click("#postit-form button[type=submit]")
        phone.wait_for_selector("ul.mine >> text=Een concept van voor de herstart")

        # The wall's EventSource reconnected by itself (Last-Event-ID) and caught up.
        wall.locator(".postit-card", has_text="Een concept van voor de herstart").wait_for(
            timeout=10000
        )
        assert wall.evaluate("window.notReloaded") is True
        # The draft is gone once the post-it is stored.
        assert phone.input_value("#text") == ""
    finally:
        wall_context.close()
        phone_context.close()
