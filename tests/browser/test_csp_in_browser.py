# SPDX-License-Identifier: EUPL-1.2
"""The demo's pages run under the Content-Security-Policy without Chromium refusing anything."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlparse

from tests.browser.test_demo_in_browser import log_in

MAX_PAGES = 60
SKIP = (".csv", ".json", ".pdf", ".docx", ".md", ".svg", ".html", "/logout/", "/admin/", "/events/")


def _links(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        url = urljoin(base, href).split("#", 1)[0]
        same_site = urlparse(url).netloc == urlparse(base).netloc
        if same_site and not url.endswith(SKIP) and not any(part in url for part in SKIP):
            found.append(url)
    return found


def test_no_page_of_the_demo_breaks_the_content_security_policy(
    page: Any, demo_server: str
) -> None:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, demo_server)
    # The crawl starts at the dashboard and the first session's wall, and opens one page
    # of each shape (/participants/7/ stands for every participant).
    first_session = f"{demo_server}/c/verkiezingsprogramma-2027/sessions/1/"
    queue, seen = [f"{demo_server}/", first_session, first_session + "live/"], set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        shape = re.sub(r"/\d+/", "/N/", url)
        if shape in seen:
            continue
        seen.add(shape)
        response = page.goto(url, wait_until="load")
        assert response is not None and "script-src 'self'" in response.headers.get(
            "content-security-policy", ""
        ), url
        page.wait_for_timeout(100)  # let deferred scripts run
        queue += [link for link in _links(page, url) if link not in seen]
    assert len(seen) >= 10, seen
    assert refused == []
