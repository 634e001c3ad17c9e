# SPDX-License-Identifier: EUPL-1.2
"""The founding document's round, with hostile text added, analysed and given a report."""

from __future__ import annotations

from typing import Any

import pytest

from inspraak.intake.csv.services import contributions_import_csv
from inspraak.reports.services import report_create
from inspraak.sensemaking.themes import themes_analyse
from tests.sensemaking.test_themes_product import founding_csv

HOSTILE = [
    "<script>alert(1)</script> meer geld voor schulden",
    '<img src=x onerror="alert(2)"> schuldhulp sneller',
    "[klik hier](javascript:alert(3)) schulden kwijtschelden",
    "![plaatje](http://evil.example/x.png) schulden overnemen",
    '=HYPERLINK("http://evil.example","schulden")',
]


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Reports are cached by data version; each test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def report(organiser: Any, make_consultation: Any) -> Any:
    consultation = make_consultation(organiser=organiser, sessions=())
    rows = "".join(
        f'Extra sessie,hostile{i},"{t.replace(chr(34), chr(34) * 2)}",problem,postit,ja\n'
        for i, t in enumerate(HOSTILE)
    )
    contributions_import_csv(
        data=founding_csv() + rows.encode(), file_name="founding.csv", consultation=consultation
    )
    round_ = consultation.rounds.get()
    themes_analyse(consultation=consultation, round=round_)
    return report_create(round=round_, contact="programma@example.org", actor=organiser)
