# SPDX-License-Identifier: EUPL-1.2
"""The demo's first round has published decisions, two chapters and a participant's own page."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from inspraak.decisions.models import Disposition, Notification
from inspraak.demo.loader import demo_load


def test_demo_first_round_is_decided_and_published(db: Any) -> None:
    info = demo_load(password="demo-wachtwoord-1")
    first = info.consultation.rounds.first()
    assert first.decisions_publication is not None
    assert info.consultation.chapters.count() == 2
    rejected = Disposition.objects.filter(round=first, status="rejected")
    assert rejected.count() >= 2 and all(d.explanation for d in rejected)
    assert Disposition.objects.filter(round=first, chapters__isnull=False).distinct().count() >= 4
    assert Notification.objects.filter(round=first).exists()
    client = Client()
    own = client.get(info.own_path)
    page = own.content.decode()
    assert own.status_code == 200 and 'li class="own-item"' in page
    # Each point links to its theme's section in the published report.
    assert re.search(r'href="/r/[-\w]+/#[-\w]+"', page)
    public = client.get(f"/verantwoording/{info.consultation.slug}/").content.decode()
    assert "Een basisinkomen is in deze periode niet te betalen" in public


def test_the_report_says_what_was_done_with_the_input_in_every_format(db: Any) -> None:
    from django.utils import translation

    from inspraak.reports.models import Report
    from inspraak.reports.render import render
    from inspraak.reports.services import report_draft

    info = demo_load(password="demo-wachtwoord-1")
    first = info.consultation.rounds.first()
    report = Report.objects.filter(round=first).first()
    assert report is not None
    reason = "Een basisinkomen is in deze periode niet te betalen"
    with translation.override("nl"):
        doc = report_draft(report, public=True)
        assert any(reason in d.explanation for d in doc.decisions)
        assert all(d.status != "ter overweging" for d in doc.decisions)
        markdown = render(doc, "md").decode()
        html = render(doc, "html").decode()
    assert "What we did with the input" in markdown or "Wat we met de inbreng deden" in markdown
    assert reason in markdown and 'id="decisions"' in html and reason in html
