# SPDX-License-Identifier: EUPL-1.2
"""A live session in three browsers: the facilitator's wall and two phones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.test_demo_in_browser import log_in


@pytest.fixture
def contexts(browser: Any) -> Iterator[Any]:
    """New browser contexts, closed at the end so the server's event streams end too."""
    made: list[Any] = []

    def new(**options: Any) -> Any:
        made.append(browser.new_context(locale="nl-NL", **options))
        return made[-1].new_page()

    yield new
    for context in made:
        context.close()


def _open_wall(contexts: Any, url: str, session: str) -> Any:
    wall = contexts()
    log_in(wall, url)
    wall.click("text=Verkiezingsprogramma 2027–2031")
    wall.get_by_role("link", name=session, exact=True).click()
    wall.click("a.live-link")
    wall.click("#open-live")
    wall.wait_for_selector("#join-code")
    return wall


def _join(contexts: Any, url: str, code: str) -> Any:
    phone = contexts(viewport={"width": 390, "height": 800})
    phone.goto(f"{url}/j/")
    phone.fill("#code", code.lower())
    phone.click("button[type=submit]")
    phone.click("form.join button[type=submit]")
    phone.wait_for_selector("#postit-form")
    return phone


def _post(phone: Any, text: str) -> None:
    phone.fill("#text", text)
    phone.click("#postit-form button[type=submit]")
    phone.wait_for_selector(f"ul.mine >> text={text}")


def test_phone_posts_appear_live_and_a_vote_stays_hidden_until_revealed(
    contexts: Any, demo_server: str
) -> None:
    wall = _open_wall(contexts, demo_server, "Wonen en klimaat")
    code = wall.inner_text("#join-code")
    first, second = _join(contexts, demo_server, code), _join(contexts, demo_server, code)
    wall.wait_for_timeout(300)  # the wall's event stream is connected

    _post(first, "Meer <b>bomen</b> in de wijk")
    card = wall.locator(".postit-card", has_text="Meer <b>bomen</b> in de wijk")
    card.wait_for(timeout=5000)
    assert card.locator("b").count() == 0
    _post(first, "Groene daken")
    _post(first, "Minder verharding")
    first.locator("#postit-form").wait_for(state="hidden")  # the limit of 3 holds
    assert first.locator("#used-up").is_visible()
    wall.locator(".postit-card", has_text="Minder verharding").wait_for(timeout=5000)

    second.fill("#text", "Een concept dat blijft")
    second.reload()
    assert second.input_value("#text") == "Een concept dat blijft"

    wall.fill("#poll-text", "Groen gaat voor parkeren")
    wall.click("#poll-form button[type=submit]")
    second.wait_for_selector("form.vote", timeout=5000)
    second.click("form.vote button[value=agree]")
    wall.locator("section.poll .meta", has_text="1").wait_for(timeout=5000)
    assert wall.locator("section.poll .results").count() == 0
    wall.click("section.poll button[value=reveal]")
    wall.wait_for_selector("section.poll .results", timeout=5000)
    second.wait_for_selector("section.poll .results", timeout=5000)


def test_facilitator_groups_with_the_keyboard_path_and_marks_discussed(
    contexts: Any, demo_server: str
) -> None:
    wall = _open_wall(contexts, demo_server, "Zorg en jeugd")
    phone = _join(contexts, demo_server, wall.inner_text("#join-code"))
    _post(phone, "Fietspaden langs het water")
    wall.fill("#cluster-name", "Mobiliteit")
    wall.press("#cluster-name", "Enter")
    card = wall.locator(".postit-card", has_text="Fietspaden langs het water")
    card.locator("select").select_option(label="Mobiliteit")
    card.locator("button[value=move]").click()
    cluster = wall.locator("section.cluster", has_text="Mobiliteit")
    cluster.locator(".postit-card", has_text="Fietspaden").wait_for()
    cluster.locator("button[value=discussed]").click()
    wall.locator("section.cluster.discussed", has_text="Mobiliteit").wait_for()
    wall.once("dialog", lambda dialog: dialog.accept())  # closing asks first
    wall.click("#close-session")
    phone.locator("#postit-form").wait_for(state="detached", timeout=5000)
