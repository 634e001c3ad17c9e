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
            # The demo prints the own page of the participant with most input; phones that
            # post in other tests, and notices, make links of their own.
            "SELECT l.token FROM decisions_participantlink l"
            " JOIN consultations_contribution c ON c.participant_id = l.participant_id"
            " WHERE l.revoked_at IS NULL GROUP BY l.id ORDER BY COUNT(c.id) DESC, l.id LIMIT 1"
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


def test_organiser_decides_with_the_keyboard(page: Any, demo_server: str) -> None:
    from tests.browser.test_demo_in_browser import log_in

    log_in(page, demo_server)
    page.goto(f"{demo_server}/c/verkiezingsprogramma-2027/decisions/?undecided=1")
    before = int(page.locator("#decided-progress").get_attribute("value") or 0)
    first = page.locator("tr.decision-row").first
    theme = first.get_attribute("data-theme")
    page.keyboard.press("j")
    page.keyboard.press("2")  # the second decision: adopted
    assert first.locator("input[type=checkbox]").is_checked()
    assert page.locator("input[name=status][value=adopted]").is_checked()
    page.locator("#decide-form fieldset button[type=submit]").click()
    page.wait_for_load_state()
    assert int(page.locator("#decided-progress").get_attribute("value") or 0) == before + 1
    assert page.locator(f"tr.decision-row[data-theme='{theme}']").count() == 0, "now decided"
