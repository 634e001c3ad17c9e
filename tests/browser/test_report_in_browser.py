# SPDX-License-Identifier: EUPL-1.2
"""A reader opens a published report without logging in, drills down to sources, and loses it on revoke."""

from __future__ import annotations

import re
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
