# SPDX-License-Identifier: EUPL-1.2
"""The demo report as a secretary would send it: counts that agree, nothing private, built once.

The demo round has post-its from the room and extra input by e-mail, web form and
spreadsheet; only the room counts as present.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from inspraak.consultations.services import session_present
from inspraak.reports.build import InContribution, InSession, InTheme, ReportInput, report_build
from inspraak.reports.render import render
from inspraak.reports.services import (
    public_render,
    report_draft,
    report_version_create,
    report_version_publish,
)

FORMATS = ("md", "html", "docx", "pdf")


def text_of(data: bytes, fmt: str, tmp_path: Path) -> str:
    if fmt == "docx":
        from docx import Document

        document = Document(io.BytesIO(data))
        header = "\n".join(p.text for s in document.sections for p in s.header.paragraphs)
        return header + "\n" + "\n".join(p.text for p in document.paragraphs)
    if fmt == "pdf":
        assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
        path = tmp_path / "r.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    text = data.decode("utf-8")
    if fmt == "html":
        text = re.sub(r"<svg.*?</svg>", " ", text, flags=re.S)
        return re.sub(r"<[^>]+>", " ", text)
    return text.replace("\\", "")


@pytest.fixture
def demo(db: Any) -> Any:
    from inspraak.demo.loader import demo_load

    info = demo_load(password="demo-wachtwoord-1")
    return info.consultation.rounds.first().reports.get()


def _session_blocks(text: str, titles: list[str], end: str) -> dict[str, str]:
    """Each session's part of the text: from its (last) heading to the next one."""
    heads = []
    for title in titles:
        found = [m.start() for m in re.finditer(rf"Sessie {re.escape(title)}\s*\n", text)]
        assert found, f"no heading for session {title}"
        heads.append((found[-1], title))
    closing = [m.start() for m in re.finditer(rf"{re.escape(end)}\s*\n", text)][-1]
    heads.sort()
    bounds = [pos for pos, _t in heads[1:]] + [closing]
    return {title: text[pos:stop] for (pos, title), stop in zip(heads, bounds, strict=True)}


def test_every_x_of_y_in_a_session_uses_its_present_count(demo: Any, tmp_path: Path) -> None:
    sessions = list(demo.round.sessions.all())
    present = {s.title: session_present(s) for s in sessions}
    doc = report_draft(demo)
    assert {s.title: s.present for s in doc.theme_sessions()} == present
    assert any(s.extra for s in doc.sessions), "the demo has extra input beside the room"
    for fmt in FORMATS:
        text = text_of(render(doc, fmt), fmt, tmp_path)
        blocks = _session_blocks(text, list(present), "Genoemd maar niet besproken")
        for title, block in blocks.items():
            claims = re.findall(r"(\d+) van (\d+)\s+aanwezigen", block)
            assert claims, (fmt, title)
            for p, n in claims:
                assert int(n) == present[title], (fmt, title, p, n)
                assert int(p) <= int(n)
            assert f"{present[title]} deelnemers aanwezig" in " ".join(block.split())


def test_extra_input_is_named_apart_and_never_counted_present(demo: Any) -> None:
    doc = report_draft(demo)
    work = next(s for s in doc.sessions if s.title == "Werk en inkomen")
    assert "e-mail" in work.extra
    for t in work.themes:
        assert t.count.present == work.present
        people = {
            doc.source(n).who
            for n in t.sources
            if doc.source(n).channel == "postit" and doc.source(n).who
        }
        assert t.count.participants >= len(people) or t.count.participants == work.present


def test_report_structure_of_the_demo(demo: Any) -> None:
    doc = report_draft(demo)
    html = render(doc, "html").decode()
    for anchor in ("#summary", "#contents", "#not-discussed", "#cross-session", "#sources"):
        assert f'id="{anchor[1:]}"' in html
    assert doc.summary and all(r.total.participants >= 2 for r in doc.summary)
    # Sources are numbered in the order the report first cites them.
    text = re.sub(r"<[^>]+>", "", html.split('id="sources"')[0])
    cited = []
    for a, b in re.findall(r"\[(\d+)\](?:–\[(\d+)\])?", text):
        cited += list(range(int(a), int(b or a) + 1))
    first_seen = list(dict.fromkeys(cited))
    assert first_seen == sorted(first_seen)
    # Each discussion note stands under one theme only.
    notes = [n for s in doc.sessions for t in s.themes for n in t.notes]
    assert len(notes) == len(set(notes))
    # BUIG was merged into a discussed theme, yet it was not discussed: it is still listed.
    listed = " ".join(doc.source(n).text for r in doc.not_discussed for n in r.quotes)
    assert "BUIG" in listed
    # The bucket of extra input is no session: it never counts as one coming back.
    assert all("Overige inbreng" not in r.sessions for r in doc.cross_session)
    # Quotes say something: no one-word post-it where a fuller one exists.
    work = next(s for s in doc.sessions if s.title == "Werk en inkomen")
    debts = next(t for t in work.themes if t.label == "Schulden")
    assert all(len(doc.source(n).text.split()) >= 4 for n in debts.quotes)


def test_docx_is_a4_with_contents_and_labelled_lists(demo: Any) -> None:
    from docx import Document
    from docx.shared import Cm

    data = render(report_draft(demo), "docx")
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.1)
    assert b"TOC \\o" in _docx_xml(data)
    texts = [p.text for p in document.paragraphs]
    assert "Concrete voorstellen:" in texts and "Uit het gesprek:" in texts
    markdown = render(report_draft(demo), "md").decode()
    assert "**Concrete voorstellen:**" in markdown and "**Uit het gesprek:**" in markdown


def _docx_xml(data: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_pdf_is_tagged_and_draws_no_empty_box(demo: Any, tmp_path: Path) -> None:
    data = render(report_draft(demo), "pdf")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    text = text_of(data, "pdf", tmp_path)
    assert "Meer bomen in de wijk" in text and "🌳" not in text


def test_demo_report_is_built_in_bounded_queries_and_cached(
    demo: Any, django_assert_max_num_queries: Any
) -> None:
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(40):
        report_draft(demo)
    with django_assert_max_num_queries(12):
        cached = report_draft(demo)
    assert cached.sessions, "served from the cache by the data version"
    # A change in the data makes a new version: the draft follows at once.
    contribution = demo.round.contributions.filter(channel="postit").first()
    contribution.hidden = True
    contribution.save(update_fields=["hidden"])
    fresh = report_draft(demo)
    assert contribution.pk not in {s.contribution_id for s in fresh.sources}


def test_organiser_pages_are_not_stored_by_caches(client: Any, demo: Any) -> None:
    client.force_login(demo.created_by)
    slug = demo.round.consultation.slug
    for url in (
        reverse("report", args=[slug, demo.pk]),
        reverse("report_download", args=[slug, demo.pk, "md"]),
        reverse("reports", args=[slug]),
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url


def _municipal_input(cells: dict[str, int]) -> ReportInput:
    contributions = {}
    for town, n in cells.items():
        for _k in range(n):
            cid = len(contributions) + 1
            contributions[cid] = InContribution(
                cid,
                f"Schuldhulp moet sneller, zegt {cid}",
                "Werk",
                f"Pseudoniem {cid}",
                "postit",
                "problem",
                "import.csv · r. 1",
                participant=f"p{cid}",
                attributes={"gemeente": town},
            )
    theme = InTheme("1", "Schuldhulp", list(contributions), [], {}, True)
    return ReportInput(
        title="T",
        round_title="R",
        date="",
        place="",
        language="nl",
        sessions=[InSession("Werk", [], len(contributions))],
        contributions=contributions,
        themes=[theme],
        breakdown="gemeente",
        min_cell=5,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_small_cell_is_published(fmt: str, tmp_path: Path, db: Any) -> None:
    towns = {f"Gemeente{k:02d}": 1 for k in range(30)}
    text = text_of(render(report_build(_municipal_input(towns), public=True), fmt), fmt, tmp_path)
    assert not any(town in text for town in towns)
    assert "te klein" in text or "too small" in text
    mixed = {"Amersfoort": 6, **{f"Dorp{k:02d}": 1 for k in range(24)}}
    text = text_of(render(report_build(_municipal_input(mixed), public=True), fmt), fmt, tmp_path)
    assert "Amersfoort 6" in text
    assert not any(f"Dorp{k:02d}" in text for k in range(24))


RAW_MAIL = b"""From: Jan de Vries <jan.devries@zierikzee.example>
To: programma@example.org
Subject: Inbreng van Jan de Vries, Dorpsstraat 12 Zierikzee
Message-ID: <inbreng-jan-de-vries-0314@mail.zierikzee.example>
Date: Sat, 14 Mar 2026 18:00:00 +0100
Content-Type: text/plain; charset=utf-8

De schuldhulpverlening moet veel sneller en dichterbij: wachttijden van negen weken zijn onaanvaardbaar.

Met vriendelijke groet,
Jan de Vries
Dorpsstraat 12
"""
PRIVATE = (
    "Jan de Vries",
    "jan.devries",
    "Dorpsstraat",
    "inbreng-jan-de-vries-0314",
    "mail.zierikzee.example",
)


def test_public_report_carries_no_provenance_that_identifies_anyone(
    report: Any, tmp_path: Path
) -> None:
    from inspraak.intake.mail.services import mail_import_message
    from inspraak.sensemaking.themes import themes_analyse

    round_ = report.round
    mail_import_message(consultation=round_.consultation, raw=RAW_MAIL, round=round_)
    themes_analyse(consultation=round_.consultation, round=round_)
    private = render(report_draft(report), "md").decode()
    assert "schuldhulpverlening moet veel sneller" in private
    assert "Inbreng van Jan de Vries" in private, "organisers keep the full trail"
    version = report_version_publish(
        version=report_version_create(report=report, actor=None), actor=None
    )
    for fmt in FORMATS:
        text = text_of(public_render(version, fmt), fmt, tmp_path)
        assert "schuldhulpverlening moet veel sneller" in " ".join(text.split())
        for secret in PRIVATE:
            assert secret not in text, (fmt, secret)
    pseudonyms = [p.pseudonym for p in round_.consultation.participants.all()]
    html = public_render(version, "html").decode()
    assert not any(p in html for p in pseudonyms)


def test_hidden_after_publishing_leaves_the_public_link(client: Any, report: Any) -> None:
    version = report_version_publish(
        version=report_version_create(report=report, actor=None), actor=None
    )
    url = reverse("public_report", args=[version.public_token])
    source = next(s for s in report_draft(report).sources if s.contribution_id)
    assert source.text in client.get(url).content.decode()
    report.round.contributions.filter(pk=source.contribution_id).update(hidden=True)
    page = client.get(url).content.decode()
    assert source.text not in page
    assert (
        source.text.encode()
        not in client.get(reverse("public_download", args=[version.public_token, "md"])).content
    )


def test_erasure_redacts_every_version_and_public_link(client: Any, report: Any) -> None:
    from inspraak.reports.services import reports_redact_participant

    version = report_version_publish(
        version=report_version_create(report=report, actor=None), actor=None
    )
    draft = report_draft(report)
    source = next(s for s in draft.sources if s.contribution_id and s.who)
    participant = report.round.contributions.get(pk=source.contribution_id).participant
    texts = list(participant.contributions.values_list("text", flat=True))
    assert reports_redact_participant(participant) == 1
    version.refresh_from_db()
    stored = str(version.document) + str(version.public_document)
    page = client.get(reverse("public_report", args=[version.public_token])).content.decode()
    for text in texts:
        assert text not in stored and text not in page
    assert participant.pseudonym not in stored


def test_new_version_takes_over_the_public_link_and_the_old_one_points_on(
    client: Any, report: Any, organiser: Any
) -> None:
    first = report_version_publish(
        version=report_version_create(report=report, actor=None), actor=None
    )
    token = first.public_token
    second = report_version_create(report=report, actor=None)
    third = report_version_create(report=report, actor=None)
    client.force_login(organiser)
    slug = report.round.consultation.slug
    page = client.get(reverse("report", args=[slug, report.pk])).content.decode()
    assert 'name="move_from"' in page
    client.post(
        reverse("version_publish", args=[slug, report.pk, second.number]), {"move_from": "1"}
    )
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.public_token == token and not first.is_public
    report_version_publish(version=third, actor=None)
    reader = type(client)()
    old = reader.get(reverse("public_report", args=[token])).content.decode()
    assert "newer version" in old or "nieuwere versie" in old


def test_an_english_report_is_english_throughout(report: Any) -> None:
    from django.utils import translation

    from inspraak_analysis.support import LEVELS

    consultation = report.round.consultation
    consultation.language = "en"
    consultation.save(update_fields=["language"])
    with translation.override("nl"):  # whoever is looking, the report speaks its own language
        markdown = render(report_draft(report), "md").decode()
    assert "**unanimous** — 8 of 8 present" in markdown
    assert "participants present." in markdown and "## Session " in markdown
    assert not any(f"**{word}**" in markdown for word in LEVELS), "no Dutch support word"
    assert "aanwezigen" not in markdown and "Bronnen" not in markdown
