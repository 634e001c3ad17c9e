# SPDX-License-Identifier: EUPL-1.2
"""What a person clicks: log in to the demo, open a session, read its post-its."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import DEMO_PASSWORD


def log_in(page: Any, url: str, username: str = "organisator") -> None:
    page.goto(f"{url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url(f"{url}/")


def test_organiser_logs_in_opens_a_session_and_sees_its_postits(
    page: Any, demo_server: str
) -> None:
    log_in(page, demo_server)
    page.click("text=Verkiezingsprogramma 2027–2031")
    page.click("text=Werk en inkomen")
    assert page.locator("h1").inner_text() == "Werk en inkomen"
    rows = page.locator("table.contributions tbody tr")
    assert rows.count() >= 30
    assert page.locator("td.postit", has_text="minimumloon omhoog").count() >= 1
    assert page.locator("html").get_attribute("lang") == "nl"


def test_markup_typed_on_a_postit_is_shown_as_text(page: Any, demo_server: str) -> None:
    log_in(page, demo_server)
    page.click("text=Verkiezingsprogramma 2027–2031")
    page.click("text=Eén samenleving")
    page.fill("#q", "Lumpsum potjes")
    page.locator("form.filters button[type=submit]").click()
    cell = page.locator("td.postit", has_text="<b>Lumpsum</b>")
    assert cell.count() == 1
    assert cell.locator("b").count() == 0


def test_search_filters_the_table_and_detail_shows_provenance(page: Any, demo_server: str) -> None:
    log_in(page, demo_server)
    page.click("text=Verkiezingsprogramma 2027–2031")
    page.click("text=Werk en inkomen")
    total = page.locator("table.contributions tbody tr").count()
    page.fill("#q", "BUIG")
    page.locator("form.filters button[type=submit]").click()
    found = page.locator("table.contributions tbody tr")
    assert 0 < found.count() < total
    found.first.locator("a").click()
    assert page.locator("dd code").inner_text() == "postits.csv"
    assert re.fullmatch(
        r"\d+",
        page.locator("dt:has-text('Regel') + dd, dt:has-text('Line') + dd").first.inner_text(),
    )


def test_facilitator_sees_only_their_session(page: Any, demo_server: str) -> None:
    log_in(page, demo_server, username="gespreksleider")
    page.click("text=Verkiezingsprogramma 2027–2031")
    links = page.locator("main table a")
    assert links.count() == 1
