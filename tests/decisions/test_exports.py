# SPDX-License-Identifier: EUPL-1.2
"""Decisions in the JSON export, as CSV and XLSX, and as plain data for the report."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from inspraak.consultations.selectors import consultation_export
from inspraak.decisions import selectors, services
from inspraak.decisions.services import Decision
from tests.decisions.conftest import themes_of


@pytest.fixture
def decided(world: Any) -> Any:
    chapter = services.chapter_save(
        consultation=world.consultation, number=3, title="Bestaanszekerheid", actor=None
    )
    wonen, ov, _zorg = themes_of(world)
    services.dispositions_decide(
        round=world.round,
        themes=[wonen],
        decision=Decision(status="rejected", explanation="=1+1 te duur", note="INTERN"),
        actor=world.organiser,
    )
    services.dispositions_decide(
        round=world.round,
        themes=[ov],
        decision=Decision(status="in_chapter", chapters=(chapter,)),
        actor=world.organiser,
    )
    return world


def test_the_json_export_carries_chapters_and_every_themes_decision(decided: Any) -> None:
    data = consultation_export(decided.consultation)
    assert data["chapters"] == [{"number": 3, "title": "Bestaanszekerheid", "description": ""}]
    entries = {e["theme"]: e for e in data["rounds"][0]["dispositions"]}
    assert entries["Wonen"]["status"] == "rejected" and entries["Wonen"]["note"] == "INTERN"
    assert entries["Openbaar vervoer"]["chapters"] == [{"number": 3, "title": "Bestaanszekerheid"}]
    assert entries["Zorg dichtbij"]["status"] == "pending"
    assert entries["Wonen"]["published"] is False


def test_csv_and_xlsx_downloads_guard_against_formulas(decided: Any) -> None:
    client = Client()
    client.force_login(decided.organiser)
    slug = decided.consultation.slug
    response = client.get(reverse("decisions_export", args=[slug, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    wonen = next(r for r in rows if r["theme"] == "Wonen")
    assert wonen["status"] == "rejected" and wonen["explanation"] == "'=1+1 te duur"
    xlsx = client.get(reverse("decisions_export", args=[slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "theme" and any("'=1+1 te duur" in row for row in values)
    assert Client().get(reverse("decisions_export", args=[slug, "csv"])).status_code == 302


def test_report_data_waits_for_publication_and_leaves_out_the_note(decided: Any) -> None:
    assert selectors.decisions_for_report(decided.round) == []
    services.decisions_publish(round=decided.round, actor=decided.organiser)
    entries = selectors.decisions_for_report(decided.round)
    # By support, then by name: all three are carried by two participants of four.
    assert [e["theme"] for e in entries] == ["Openbaar vervoer", "Wonen", "Zorg dichtbij"]
    assert "INTERN" not in str(entries)
    groups = selectors.decisions_by_chapter(decided.round)
    assert [(str(c) if c else None, [e["theme"] for e in es]) for c, es in groups] == [
        ("3. Bestaanszekerheid", ["Openbaar vervoer"]),
        (None, ["Wonen", "Zorg dichtbij"]),
    ]
