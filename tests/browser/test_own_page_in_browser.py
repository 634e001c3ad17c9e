# SPDX-License-Identifier: EUPL-1.2
"""A participant opens their own link on a phone and sees what the committee decided."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from inspraak.decisions.demo import DECISIONS


def _own_link(tmp_path_factory: Any) -> str:
    """The link the demo printed, read from the demo's own database (the server owns it)."""
    found = sorted(Path(tmp_path_factory.getbasetemp()).glob("demo*/demo/inspraak.sqlite3"))
    assert found, "the demo server's database"
    with sqlite3.connect(f"file:{found[-1]}?mode=ro", uri=True) as db:
        (token,) = db.execute(
            "SELECT token FROM decisions_participantlink WHERE revoked_at IS NULL"
        ).fetchone()
    return f"/mijn/{token}/"


def test_participant_on_a_phone_sees_a_decision(
    browser: Any, demo_server: str, tmp_path_factory: Any
) -> None:
    phone = browser.new_context(
        locale="nl-NL",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = phone.new_page()
    response = page.goto(demo_server + _own_link(tmp_path_factory))
    assert response is not None and response.status == 200, "no login needed"
    assert page.locator("h1").is_visible()
    items = page.locator("li.own-item")
    assert items.count() >= 3
    explanations = {text for _w, _s, _c, text in DECISIONS}
    shown = page.locator("li.own-item dd").all_inner_texts()
    decided = [text for text in shown if text.strip() in explanations]
    assert decided, "at least one of their points shows the committee's explanation"
    first = page.locator("li.own-item", has_text=decided[0]).first
    first.scroll_into_view_if_needed()
    assert first.locator("dd.disposition").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing wider than the phone"
    phone.close()
