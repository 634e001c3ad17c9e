# SPDX-License-Identifier: EUPL-1.2
"""A reader opens a published report without logging in, drills down to sources, and loses it on revoke."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from inspraak.consultations.pseudonyms import ADJECTIVES, ANIMALS
from tests.browser.test_demo_in_browser import log_in


def test_published_report_is_open_to_readers_until_revoked(
    browser: Any, page: Any, demo_server: str
) -> None:
    log_in(page, demo_server)
    page.click("text=Verkiezingsprogramma 2027–2031")
    page.click("main >> text=Verslagen")
    page.locator("main ul a").first.click()
    public_link = page.locator("table a[href^='/r/']").first
    url = demo_server + public_link.get_attribute("href")

    reader = browser.new_context(locale="nl-NL").new_page()
    reader.goto(url)
    assert reader.url == url, "a reader needs no login"
    assert "Uitkomst gesprekken" in reader.locator("h1").inner_text()
    support = reader.locator("p.support").first.inner_text()
    assert " van " in support and "aanwezigen" in support
    reader.locator("details.sources summary").first.click()
    source_link = reader.locator("details.sources a").first
    target = source_link.get_attribute("href")
    source_link.click()
    assert reader.locator(f"li{target}").is_visible()
    pseudonym = re.compile(rf"({'|'.join(ADJECTIVES)}) ({'|'.join(ANIMALS)})")
    assert not pseudonym.search(reader.locator("#sources").inner_text()), "no identities in public"

    revoke = page.locator("form[action$='/revoke/'] button").first
    revoke.click()
    response = reader.goto(url)
    assert response is not None and response.status == 404


AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path(os.environ.get("INSPRAAK_SHOTS", tempfile.gettempdir())) / "inspraak-report-shots"


def _axe(page: Any, name: str) -> None:
    """axe-core's violations on the page (evaluated, so a Content-Security-Policy allows it)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    assert found == [], f"{name}: {found}"


def _open_report(page: Any, demo_server: str) -> None:
    log_in(page, demo_server)
    page.click("text=Verkiezingsprogramma 2027–2031")
    page.click("main >> text=Verslagen")
    page.locator("main ul a").first.click()


def test_editor_saves_in_place_and_leaves_the_app_layout_alone(page: Any, demo_server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    _open_report(page, demo_server)
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "736px"
    editor = page.locator("section.theme details.edit-in-place").nth(2)
    editor.locator("summary").click()
    editor.scroll_into_view_if_needed()
    page.evaluate("window.stillHere = true")
    before = page.evaluate("window.scrollY")
    assert before > 1000
    editor.locator("textarea").fill("Dit thema kwam in elke gemeente terug.")
    editor.locator("button[type=submit]").click()
    expect_status = editor.locator(".save-status")
    expect_status.wait_for(state="visible")
    page.wait_for_function(
        "el => el.textContent.trim().length > 0", arg=expect_status.element_handle()
    )
    assert page.evaluate("window.stillHere") is True, "saved without reloading the page"
    assert abs(page.evaluate("window.scrollY") - before) < 200
    theme = editor.locator("xpath=ancestor::section[1]")
    assert "Dit thema kwam in elke gemeente terug." in theme.locator("p.edited").inner_text()
    page.reload()
    assert page.locator("p.edited", has_text="in elke gemeente terug").count() == 1
    _axe(page, "editor")


def test_editor_without_javascript_returns_to_the_section(browser: Any, demo_server: str) -> None:
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    _open_report(page, demo_server)
    editor = page.locator("section.theme details.edit-in-place").nth(1)
    editor.locator("summary").click()
    editor.locator("textarea").fill("Zonder script opgeslagen.")
    editor.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "#" in page.url, "back at the section that was edited"
    assert page.locator("p.edited", has_text="Zonder script opgeslagen.").count() == 1
    context.close()


def test_diff_public_report_and_opinions_have_no_axe_violations(
    browser: Any, page: Any, demo_server: str
) -> None:
    _open_report(page, demo_server)
    page.locator("form[action$='/versions/'] button").click()
    page.locator("a", has_text="wijzigingen").first.click()
    assert page.locator("h1").inner_text().startswith(("Wijzigingen", "Changes"))
    _axe(page, "diff")
    page.go_back()
    page.reload()
    page.locator("form[action$='/publish/'] button").first.click()
    public = demo_server + page.locator("table a[href^='/r/']").first.get_attribute("href")
    for name, size in (("public-desktop", (1280, 900)), ("public-phone", (390, 844))):
        reader = browser.new_context(
            locale="nl-NL", viewport={"width": size[0], "height": size[1]}
        ).new_page()
        reader.goto(public)
        _axe(reader, name)
        reader.context.close()
    page.goto(demo_server + "/")
    page.click("text=Verkiezingsprogramma 2027–2031")
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"{demo_server}/c/{slug}/opinions/")
    _axe(page, "opinions")
