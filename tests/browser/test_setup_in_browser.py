# SPDX-License-Identifier: EUPL-1.2
"""In the demo, an organiser sets up a session and invites its facilitator, no admin.

The facilitator opens the one-time link in a browser of their own, makes an account,
and lands on their session. Screenshots go to INSPRAAK_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.test_demo_in_browser import log_in

SHOTS = os.environ.get("INSPRAAK_SCREENSHOTS", "")


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_organiser_sets_up_a_session_and_the_invited_facilitator_sees_it(
    browser: Any, page: Any, demo_server: str
) -> None:
    log_in(page, demo_server)
    page.click("text=Verkiezingsprogramma 2027–2031")
    page.click("a[href$='/setup/']")
    shot(page, "01-setup")
    # The demo's attributes are bare names from before labels: give one a Dutch label.
    page.click("a[href$='/setup/attributes/']")
    page.fill("#id_a-0-label_nl", "Rol")
    page.fill("#id_a-0-choices", "Raadslid\nWethouder\nBestuurder")
    shot(page, "01b-attributes")
    page.click("form.setup button[type=submit]")
    expect(page.locator("#attributes-heading + p + ul li").first).to_contain_text("Rol")
    page.click("a[href$='/setup/sessions/new/']")
    page.fill("#id_title", "Mobiliteit en bereikbaarheid")
    page.fill("#id_facilitator_name", "Fatma")
    shot(page, "02-session-new")
    page.click("form.setup button[type=submit]")
    expect(page.locator("h1")).to_have_text("Mobiliteit en bereikbaarheid")

    page.click("a[href*='/prompts/new/']")
    page.fill("#id_text", "Wat maakt reizen in de regio lastig?")
    page.fill("#id_per_participant_limit", "4")
    page.click("form.setup button[type=submit]")
    expect(page.locator("td", has_text="Wat maakt reizen in de regio lastig?")).to_have_count(1)

    page.click("a[href*='/statements/new/?session=']")
    page.fill("#id_text", "De bus moet ook 's avonds rijden.")
    page.click("form.setup button[type=submit]")
    expect(page.locator("li", has_text="De bus moet ook 's avonds rijden.")).to_have_count(1)
    shot(page, "03-session-setup")

    page.click("a[href*='/invitations/new/?session=']")
    expect(page.locator("input[name=sessions]:checked")).to_have_count(1)
    page.fill("#id_label", "Fatma")
    shot(page, "04-invite")
    page.click("form.setup button[type=submit]")
    link = page.locator("input.invite-link").input_value(timeout=10_000)
    assert "/invite/" in link
    page.click("button[data-copy]")
    expect(page.locator("#copy-status")).not_to_be_empty()
    shot(page, "05-link")

    # The facilitator: another browser, nobody logged in.
    context = browser.new_context(locale="nl-NL")
    other = context.new_page()
    try:
        other.goto(link)
        shot(other, "06-accept")
        other.fill("#id_username", "fatma")
        other.fill("#id_password", "te-kort")
        other.fill("#id_password_again", "te-kort")
        other.click("form.setup button[type=submit]")
        expect(other.locator(".field-error").first).to_be_visible()
        shot(other, "07-accept-error")
        other.fill("#id_password", DEMO_PASSWORD)
        other.fill("#id_password_again", DEMO_PASSWORD)
        other.click("form.setup button[type=submit]")
        expect(other.locator("h1")).to_have_text("Mobiliteit en bereikbaarheid")
        shot(other, "08-facilitator-session")
        other.click("nav.crumbs a >> nth=0")
        sessions = other.locator("table tbody tr")
        expect(sessions).to_have_count(1)
        expect(sessions).to_contain_text("Mobiliteit")
        # The link worked once.
        again = other.goto(link)
        assert again is not None and again.status == 404
    finally:
        context.close()
