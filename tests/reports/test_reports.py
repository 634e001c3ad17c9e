# SPDX-License-Identifier: EUPL-1.2
"""The outcome report: counts that match the data, sources for every point, four formats, publishing."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.urls import reverse
from django.utils import timezone

from inspraak.cli import main
from inspraak.consultations.models import Contribution
from inspraak.reports.build import report_build
from inspraak.reports.inputs import report_input_from_round
from inspraak.reports.models import ReportVersion
from inspraak.reports.render import render, render_markdown
from inspraak.reports.services import (
    report_draft,
    report_edit,
    report_version_create,
    report_version_publish,
    report_version_revoke,
)
from inspraak.sensemaking.themes import themes_analyse
from inspraak_analysis.support import LEVELS, support_level
from tests.reports.conftest import HOSTILE  # noqa: E402,F401 -- used below
from tests.sensemaking.test_themes_product import founding_csv


def support_claims(text: str) -> list[tuple[str, int, int]]:
    """Every support word in `text` with the numbers right after it."""
    words = "|".join(re.escape(w) for w in LEVELS)
    return [(w, int(p), int(n)) for w, p, n in re.findall(rf"({words})\W+(\d+) van (\d+)", text)]


def test_sessions_themes_and_counts_match_the_data(report: Any) -> None:
    doc = report_draft(report)
    run = report.round.analysis_runs.get()
    assert [s.title for s in doc.sessions] == [s.title for s in report.round.sessions.all()]
    for session in doc.sessions:
        for section in session.themes:
            theme = run.themes.get(pk=int(section.key.split("@")[0]))
            p, n = (
                theme.by_session[session.title]["participants"],
                theme.by_session[session.title]["present"],
            )
            assert (section.count.participants, section.count.present) == (p, n)
            assert section.count.support == support_level(p, n)
            assert section.sources, f"{section.label} has no source"
            members = set(
                theme.members.filter(session__title=session.title).values_list("pk", flat=True)
            )
            assert {doc.source(s).contribution_id for s in section.sources} == members


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_every_support_word_comes_with_numbers_that_match(
    report: Any, fmt: str, tmp_path: Path
) -> None:
    text = _text_of(render(report_draft(report), fmt), fmt, tmp_path)
    claims = support_claims(text)
    assert len(claims) >= 10
    for word, p, n in claims:
        assert word == support_level(p, n), (word, p, n)
    assert "unaniem" in {w for w, _p, _n in claims}


def _text_of(data: bytes, fmt: str, tmp_path: Path) -> str:
    if fmt == "docx":
        from docx import Document

        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    if fmt == "pdf":
        assert shutil.which("pdftotext"), (
            "pdftotext (poppler-utils) is needed; ./dev test installs it"
        )
        path = tmp_path / "r.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    text = data.decode("utf-8")
    return re.sub(r"<[^>]+>", " ", text) if fmt == "html" else text.replace("\\", "")


def test_hostile_text_is_inert_in_html_and_markdown(report: Any) -> None:
    doc = report_draft(report)
    html = render(doc, "html").decode()
    for bad in ("<script>alert", "<img src=x", 'href="javascript:', '<img src="http://evil'):
        assert bad not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    markdown = render_markdown(doc)
    assert (
        "](javascript:" not in markdown.replace("\\]", "").replace("\\[", "")
        or "\\[klik hier\\]" in markdown
    )
    assert "<script>" not in markdown and "![plaatje]" not in markdown
    assert "\\[klik hier\\](javascript:alert(3))" in markdown


def test_docx_has_real_heading_styles_and_literal_text(report: Any) -> None:
    from docx import Document

    document = Document(io.BytesIO(render(report_draft(report), "docx")))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "<script>alert(1)</script>" in texts
    assert document.inline_shapes, "the support chart is embedded"


def test_pdf_text_holds_the_headings(report: Any, tmp_path: Path) -> None:
    text = _text_of(render(report_draft(report), "pdf"), "pdf", tmp_path)
    for heading in (
        "Uitkomst gesprekken",
        "Sessie Werk en inkomen",
        "Genoemd maar niet besproken",
        "Bronnen",
    ):
        assert heading in text


def test_public_report_hides_identities(report: Any) -> None:
    version = report_version_publish(
        version=report_version_create(report=report, actor=None), actor=None
    )
    private = report_draft(report)
    pseudonyms = {s.who for s in private.sources if s.who}
    assert pseudonyms
    from inspraak.reports.services import public_document

    public_html = render(public_document(version), "html").decode()
    assert not any(name in public_html for name in pseudonyms)


def test_edits_stay_apart_from_counts_and_are_flagged_when_data_changes(
    report: Any, organiser: Any
) -> None:
    doc = report_draft(report)
    section = doc.sessions[0].themes[0]
    report_edit(
        report=report, section_key=section.key, text="Door iedereen herkend.", actor=organiser
    )
    edited = report_draft(report).sessions[0].themes[0]
    assert edited.edited_text == "Door iedereen herkend." and not edited.changed_since_edit
    assert (edited.count.participants, edited.count.present) == (
        section.count.participants,
        section.count.present,
    )
    # The data changes: a contribution of that theme is hidden and the round analysed again.
    source = doc.source(section.sources[0])
    Contribution.objects.filter(pk=source.contribution_id).update(hidden=True)
    themes_analyse(consultation=report.round.consultation, round=report.round)
    flagged = [t for s in report_draft(report).sessions for t in s.themes if t.edited_text]
    assert flagged and all(t.changed_since_edit for t in flagged if t.key == section.key)


def test_pages_publishing_revoking_and_expiry(client: Any, organiser: Any, report: Any) -> None:
    slug = report.round.consultation.slug
    client.force_login(organiser)
    page = client.get(reverse("report", args=[slug, report.pk]))
    assert page.status_code == 200 and "8 van 8 aanwezigen" in page.content.decode()
    for fmt in ("html", "md", "docx", "pdf"):
        assert (
            client.get(reverse("report_download", args=[slug, report.pk, fmt])).status_code == 200
        )
    client.post(reverse("report_version_create", args=[slug, report.pk]))
    version = report.versions.get()
    assert version.public_token is None
    client.post(reverse("version_publish", args=[slug, report.pk, 1]), {"expires": ""})
    version.refresh_from_db()
    reader = type(client)()
    public_url = reverse("public_report", args=[version.public_token])
    assert reader.get(public_url).status_code == 200
    assert (
        reader.get(reverse("public_download", args=[version.public_token, "pdf"])).status_code
        == 200
    )
    client.post(reverse("version_revoke", args=[slug, report.pk, 1]))
    assert reader.get(public_url).status_code == 404
    report_version_publish(
        version=version, actor=None, expires_at=timezone.now() + timedelta(days=1)
    )
    version.refresh_from_db()
    ReportVersion.objects.filter(pk=version.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert reader.get(reverse("public_report", args=[version.public_token])).status_code == 404
    assert reader.get(reverse("report", args=[slug, report.pk])).status_code == 302


def test_versions_and_their_diff(client: Any, organiser: Any, report: Any) -> None:
    slug = report.round.consultation.slug
    client.force_login(organiser)
    report_version_create(report=report, actor=organiser)
    section = report_draft(report).sessions[0].themes[0]
    report_edit(
        report=report,
        section_key=section.key,
        text="Nieuwe duiding van dit thema.",
        actor=organiser,
    )
    report_version_create(report=report, actor=organiser)
    diff = client.get(reverse("versions_diff", args=[slug, report.pk, 1, 2])).content.decode()
    assert "<ins>Nieuwe duiding van dit thema.</ins>" in diff
    assert diff.count('class="diff-section') == 1, "only the edited section is shown as changed"


def test_other_organisers_cannot_reach_reports(client: Any, make_user: Any, report: Any) -> None:
    slug = report.round.consultation.slug
    client.force_login(make_user("mallory", is_staff=True))
    assert client.get(reverse("report", args=[slug, report.pk])).status_code == 404
    assert client.get(reverse("report_download", args=[slug, report.pk, "pdf"])).status_code == 404
    assert client.post(reverse("report_version_create", args=[slug, report.pk])).status_code == 404
    version = report_version_create(report=report, actor=None)
    assert (
        client.post(reverse("version_publish", args=[slug, report.pk, version.number])).status_code
        == 404
    )
    version.refresh_from_db()
    assert version.public_token is None
    report_version_revoke(version=version, actor=None)


def test_cli_report_from_csv_and_from_the_database(report: Any, tmp_path: Path) -> None:
    source = tmp_path / "founding.csv"
    source.write_bytes(founding_csv())
    runner = CliRunner()
    out = tmp_path / "r.md"
    result = runner.invoke(main, ["report", str(source), "--format", "md", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "**unaniem** — 8 van 8 aanwezigen" in out.read_text(encoding="utf-8")
    docx = tmp_path / "r.docx"
    slug = report.round.consultation.slug
    result = runner.invoke(
        main, ["report", "--consultation", slug, "--format", "docx", "--out", str(docx), "--public"]
    )
    assert result.exit_code == 0, result.output
    assert docx.read_bytes()[:2] == b"PK"


def test_cli_report_needs_an_analysis(make_consultation: Any, tmp_path: Path) -> None:
    consultation = make_consultation()
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--consultation",
            consultation.slug,
            "--format",
            "md",
            "--out",
            str(tmp_path / "x.md"),
        ],
    )
    assert result.exit_code == 1 and "inspraak analyse" in result.output


def test_report_of_a_csv_builds_without_a_database(tmp_path: Path) -> None:
    from inspraak.reports.inputs import report_input_from_csv

    source = tmp_path / "f.csv"
    source.write_bytes(founding_csv())
    doc = report_build(report_input_from_csv(source))
    assert {s.title for s in doc.sessions} == {
        "Werk en inkomen",
        "Zorg",
        "Groen",
        "Eén samenleving",
    }
    assert any("75%" in c.text for c in doc.claims)
    assert any("erhuurdersheffing" in r.label for r in doc.cross_session)


def test_report_input_from_round_refuses_an_unanalysed_round(make_consultation: Any) -> None:
    from inspraak.reports.inputs import NoAnalysis

    with pytest.raises(NoAnalysis):
        report_input_from_round(make_consultation().rounds.get())


def test_support_broken_down_by_an_attribute_never_by_name(client: Any, db: Any) -> None:
    from inspraak.demo.loader import demo_load

    info = demo_load(password="demo-wachtwoord-1")
    report = info.consultation.rounds.first().reports.get()
    organiser = report.created_by
    client.force_login(organiser)
    slug = info.consultation.slug
    client.post(
        reverse("report_settings", args=[slug, report.pk]), {"contact": "", "breakdown": "role"}
    )
    report.refresh_from_db()
    doc = report_draft(report)
    broken = [t for s in doc.sessions for t in s.themes if t.breakdown]
    assert broken
    for t in broken:
        assert sum(t.breakdown.values()) <= t.count.participants
        assert min(t.breakdown.values()) >= 5, "no small cell, even in the organiser's draft"
    markdown = render_markdown(doc)
    assert "Naar role:" in markdown or "By role:" in markdown
    named = {p.display_name for p in info.consultation.participants.exclude(display_name="")}
    assert not any(name in str(t.breakdown) for t in broken for name in named)
    refused = client.post(reverse("report_settings", args=[slug, report.pk]), {"breakdown": "naam"})
    assert refused.status_code == 302
    report.refresh_from_db()
    assert report.breakdown == "role"
