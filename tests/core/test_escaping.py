# SPDX-License-Identifier: EUPL-1.2
"""User text is shown as text everywhere: pages, admin and exports."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.urls import reverse

SCRIPT = "<script>alert(1)</script>"


def test_script_postit_shows_as_text_on_pages_and_admin(
    client: Any, organiser: Any, make_consultation: Any, add_contribution: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    c = add_contribution(consultation, SCRIPT)
    client.force_login(organiser)
    for url in [
        reverse("session", args=[consultation.slug, c.session_id]),
        reverse("contribution", args=[consultation.slug, c.pk]),
        reverse("admin:consultations_contribution_changelist"),
    ]:
        body = client.get(url).content.decode()
        assert SCRIPT not in body, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url


def test_consultation_title_with_markup_is_escaped(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser, title='<img src=x onerror="alert(1)">')
    client.force_login(organiser)
    body = client.get(reverse("consultation", args=[consultation.slug])).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x" in body


def test_exports_keep_text_as_data_and_defuse_spreadsheet_formulas(
    client: Any, organiser: Any, make_consultation: Any, add_contribution: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    add_contribution(consultation, SCRIPT)
    add_contribution(consultation, '=HYPERLINK("http://x","klik")', who="p2")
    client.force_login(organiser)
    exported = json.loads(client.get(reverse("export", args=[consultation.slug, "json"])).content)
    texts = [c["text"] for c in exported["rounds"][0]["sessions"][0]["contributions"]]
    assert SCRIPT in texts
    response = client.get(reverse("export", args=[consultation.slug, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["text"] for r in rows} == {SCRIPT, '\'=HYPERLINK("http://x","klik")'}
