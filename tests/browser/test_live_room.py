# SPDX-License-Identifier: EUPL-1.2
"""The room in Chromium: the projection fits a 16:9 screen, drag and undo, closing asks,
the phone updates in place, and axe-core finds no accessibility violations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_demo_in_browser import log_in

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path(__file__).parent.parent.parent / "data" / "screenshots"


@pytest.fixture
def contexts(browser: Any) -> Iterator[Any]:
    made: list[Any] = []

    def new(**options: Any) -> Any:
        # bypass_csp: axe-core is injected as an inline script, which the CSP refuses.
        made.append(browser.new_context(locale="nl-NL", bypass_csp=True, **options))
        return made[-1].new_page()

    yield new
    for context in made:
        context.close()


def _wall(contexts: Any, url: str, session: str, nth: int = 0, **options: Any) -> Any:
    """The facilitator's wall of a demo session (test_live_wall uses the other two)."""
    wall = contexts(**options)
    log_in(wall, url)
    wall.click("text=Verkiezingsprogramma 2027–2031")
    wall.get_by_role("link", name=session, exact=True).nth(nth).click()
    wall.click("a.live-link")
    if wall.locator("#open-live").count():
        wall.click("#open-live")
    wall.wait_for_selector("#join-code")
    return wall


def _phone(contexts: Any, url: str, code: str) -> Any:
    phone = contexts(viewport={"width": 390, "height": 800})
    phone.goto(f"{url}/j/{code.lower()}/")
    phone.click("form.join button[type=submit]")
    phone.wait_for_selector("#postit-form")
    return phone


def _axe(page: Any, name: str) -> None:
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == [], f"{name}: {found}"


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_forty_postits_fill_a_1920_by_1080_projection_without_scrolling(
    contexts: Any, demo_server: str
) -> None:
    wall = _wall(contexts, demo_server, "Werk en inkomen")
    wall.goto(wall.url.split("?")[0] + "project/")
    wall.set_viewport_size({"width": 1920, "height": 1080})
    wall.wait_for_timeout(300)
    wall.evaluate("document.querySelector('.proj-join').open = false")
    wall.wait_for_timeout(300)
    layout = wall.evaluate(
        """() => {
        const cards = [...document.querySelectorAll('.proj-postit')];
        const inside = c => { const r = c.getBoundingClientRect();
            return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1; };
        return { n: cards.length, visible: cards.filter(inside).length,
            broken: cards.filter(c => c.scrollWidth > c.clientWidth + 1).length,
            scrolls: document.documentElement.scrollHeight > innerHeight + 1,
            font: parseFloat(getComputedStyle(document.getElementById('board')).fontSize),
            forms: document.querySelectorAll('form').length,
            header: !!document.querySelector('.site-header, header nav, .crumbs') };
    }"""
    )
    _shot(wall, "projection-1920x1080")
    assert layout["n"] >= 40
    assert layout["visible"] == layout["n"] and not layout["scrolls"]
    assert layout["broken"] == 0 and layout["font"] >= 16
    assert layout["forms"] == 0 and not layout["header"]
    _axe(wall, "projection")


def test_drag_with_the_mouse_undo_and_closing_asks_first(contexts: Any, demo_server: str) -> None:
    wall = _wall(contexts, demo_server, "Eén samenleving", viewport={"width": 1400, "height": 1000})
    wall.fill("#cluster-name", "Sleepdoel")
    wall.click("#cluster-name ~ button")
    target = wall.locator("section.cluster", has_text="Sleepdoel")
    target.wait_for()
    card = wall.locator("#loose [data-postit]").first
    postit = card.get_attribute("data-postit")
    wall.evaluate("window.notReloaded = true")
    card.locator(".postit-text").drag_to(target.locator("h2"))
    moved = f'section.cluster:has-text("Sleepdoel") [data-postit="{postit}"]'
    wall.wait_for_selector(moved)
    wall.wait_for_timeout(800)  # the board refetch after the move
    wall.wait_for_selector(moved)
    wall.click("#undo-move")
    wall.wait_for_selector(f'#loose [data-postit="{postit}"]')
    assert wall.evaluate("window.notReloaded") is True
    _axe(wall, "wall")
    wall.once("dialog", lambda dialog: dialog.dismiss())
    wall.click("#close-session")
    wall.wait_for_timeout(500)
    assert wall.locator("#join-code").count() == 1
    wall.once("dialog", lambda dialog: dialog.accept())
    wall.click("#close-session")
    wall.wait_for_selector("#open-live")
    wall.click("#open-live")  # reopened: the cluster is still there
    wall.wait_for_selector("section.cluster:has-text('Sleepdoel')")


def test_phone_posts_in_place_votes_and_says_me_too(contexts: Any, demo_server: str) -> None:
    wall = _wall(contexts, demo_server, "Werk en inkomen")
    code = wall.inner_text("#join-code")
    wall.click("#endorse-toggle")
    try:
        wall.wait_for_selector("#endorse-toggle[value=endorse_off]", timeout=10000)
    finally:
        _shot(wall, "wall-after-endorse")
    wall.fill("#poll-text", "Meer sociale huur")
    wall.click("#poll-form button")
    phone = _phone(contexts, demo_server, code)
    phone.evaluate("window.notReloaded = true")
    phone.check("input[name=kind][value=idea]")
    phone.fill("#text", "Een buurtbus naar het station")
    phone.click("#postit-form button[type=submit]")
    phone.wait_for_selector("#mine >> text=Een buurtbus naar het station")
    assert phone.evaluate("window.notReloaded") is True
    assert phone.input_value("#text") == ""
    assert re.search(r"\b2\b", phone.inner_text("#left"))
    phone.click("#vote-form button[value=agree]")
    phone.wait_for_selector("#vote-form button[value=agree][aria-pressed=true]")
    button = phone.locator(".endorse button").first
    button.click()
    phone.wait_for_selector(".endorse button[aria-pressed=true]")
    _shot(phone, "phone")
    _axe(phone, "phone page")


def test_phone_pages_have_no_accessibility_violations(contexts: Any, demo_server: str) -> None:
    wall = _wall(contexts, demo_server, "Werk en inkomen")
    code = wall.inner_text("#join-code")
    phone = contexts(viewport={"width": 390, "height": 800})
    phone.goto(f"{demo_server}/j/")
    _axe(phone, "code entry")
    phone.goto(f"{demo_server}/j/XXXXXX/")
    _shot(phone, "phone-unknown-code")
    _axe(phone, "unknown code")
    phone.goto(f"{demo_server}/j/{code}/")
    _shot(phone, "phone-join")
    _axe(phone, "join page")
