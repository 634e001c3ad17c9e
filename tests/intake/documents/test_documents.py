# SPDX-License-Identifier: EUPL-1.2
"""Document import: written outcome reports (Markdown, DOCX, PDF) become a round of summaries."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import click
import docx
import pytest
from click.testing import CliRunner
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspraak.consultations.models import Consultation, Contribution, Session
from inspraak.core.models import AuditEvent
from inspraak.intake.documents import parse as docparse
from inspraak.intake.documents.cli import import_document
from inspraak.intake.documents.services import document_import, document_read
from inspraak.intake.files import FileRejected

FOUNDING = Path(__file__).parents[2] / "fixtures" / "documents" / "uitkomst-bestuurdersnetwerk.md"


def founding() -> docparse.ParsedDocument:
    return document_read(data=FOUNDING.read_bytes(), file_name=FOUNDING.name)


def themes_of(round_title: str, session: str) -> list[str]:
    details = Contribution.objects.filter(
        round__title=round_title, session__title=session
    ).values_list("source_detail", flat=True)
    return list(dict.fromkeys(d.split(" › ")[1] for d in details if d.count(" › ") == 2))


def point(text_start: str) -> Contribution:
    return Contribution.objects.get(text__startswith=text_start)


def tiny_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF written by hand: one Helvetica text line per entry, pages in order."""
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
        ops += [f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines]
        stream = "\n".join([*ops, "ET"]).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def word_document() -> bytes:
    document = docx.Document()
    document.add_heading("Uitkomst gesprekken Ledenavond 3 maart", 0)
    document.add_paragraph("Dank voor jullie komst.")
    document.add_heading("Sessie Wonen", level=1)
    document.add_heading("Betaalbare huur", level=2)
    document.add_paragraph("Alle aanwezigen wilden de huurstijging beperken.")
    document.add_paragraph("Meer sociale huurwoningen bouwen", style="List Bullet")
    document.add_paragraph().add_run("Verduurzaming").bold = True
    document.add_paragraph("Isolatie werd door één aanwezige genoemd.")
    document.add_heading("Sessie Mobiliteit", level=1)
    document.add_paragraph("Over gratis OV waren twijfels bij de kosten.")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


# --- the founding document -------------------------------------------------------------


def test_founding_document_yields_its_four_sessions_and_their_themes(
    make_consultation: Any,
) -> None:
    consultation = make_consultation(sessions=())
    result = document_import(document=founding(), consultation=consultation)
    round_title = "Bestuurdersnetwerk 24 januari"
    assert result.round_title == round_title
    sessions = list(
        Session.objects.filter(round__title=round_title).values_list("title", flat=True)
    )
    assert sessions == ["Werk en inkomen", "Zorg", "Groen", "Eén samenleving"]
    assert themes_of(round_title, "Werk en inkomen") == [
        "Bestaanszekerheid",
        "Schulden",
        "Het belang van werk, een tekort aan middelen en baancreatie",
        "Ruimte voor maatwerk",
        "Verdeling gemeentelijke budgetten (BUIG)",
    ]
    assert themes_of(round_title, "Groen")[:4] == [
        "Draagvlak",
        "Lage inkomens",
        "Warmtenetten",
        "Natuur en boeren",
    ]
    assert "Wonen en wijkbeleid is een centraal thema" in themes_of(round_title, "Eén samenleving")
    stored = Contribution.objects.filter(round__title=round_title)
    assert set(stored.values_list("kind", "channel")) == {("summary", "document")}
    assert stored.count() == result.created == 109


def test_founding_document_support_is_recognised_where_the_text_states_it(
    make_consultation: Any,
) -> None:
    document_import(document=founding(), consultation=make_consultation())
    unanimous = point("Het thema dat unaniem")
    assert unanimous.support_stated == Contribution.Support.UNANIMOUS
    assert unanimous.source_detail == "Sessie Werk en inkomen › Bestaanszekerheid › alinea 1"
    assert unanimous.source_line == 21 and unanimous.discussed
    buig = point("Een thema dat wel op de post-its werd genoemd maar niet meer besproken")
    assert buig.support_stated == Contribution.Support.NOT_DISCUSSED and not buig.discussed
    basisbaan = point("Onder de aanwezigen was verder consensus")
    assert basisbaan.support_stated == Contribution.Support.DOUBTS
    assert "Bij de term 'basisbaan' waren wel twijfels" in basisbaan.text
    assert point("Qua concrete beleidsrichtingen").support_stated == Contribution.Support.ONE
    assert point("Op de vraag of drie dagen").support_stated == Contribution.Support.BROAD


def test_paragraph_broken_mid_sentence_is_one_point_and_hash_lines_are_points(
    make_consultation: Any,
) -> None:
    document_import(document=founding(), consultation=make_consultation())
    schulden = point("Direct verbonden aan bestaanszekerheid")
    assert "Eén van de aanwezigen noemde dat rond de 75%" in schulden.text
    assert schulden.source_detail.endswith("Schulden › alinea 1")
    urgentie = point("urgentie moet verder aangejaagd")
    assert urgentie.session.title == "Groen"
    assert urgentie.source_detail == "Sessie Groen › Draagvlak › alinea 1"
    assert point("groen hoort in de stad").text.startswith("groen hoort")  # "- # " stripped
    assert not Contribution.objects.filter(text__contains="Dank voor alle input").exists()


def test_importing_the_same_report_twice_adds_nothing(make_consultation: Any) -> None:
    consultation = make_consultation()
    first = document_import(document=founding(), consultation=consultation)
    second = document_import(document=founding(), consultation=consultation)
    assert second.created == 0 and second.skipped == first.created
    assert Contribution.objects.count() == first.created
    assert AuditEvent.objects.filter(action="document_import").count() == 2


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Het thema werd unaniem aangedragen.", "unanimous"),
        ("Alle aanwezigen benadrukten de ellende.", "unanimous"),
        ("Dit werd door alle wethouders onderschreven.", "unanimous"),
        ("Iedereen gaf aan te weinig middelen te hebben.", "unanimous"),
        ("Er was consensus over de noodzaak.", "unanimous"),
        ("Er werd breed geantwoord dat het mooi is.", "broad"),
        ("Het basisinkomen werd door één aanwezige genoemd.", "one"),
        ("Er waren twijfels bij de term basisbaan.", "doubts"),
        ("Op de post-its genoemd maar niet besproken: de BUIG.", "not_discussed"),
        ("Een OV dat voor iedereen toegankelijk moet zijn.", ""),
        ("De klimaatagenda moet een brede agenda zijn.", ""),
    ],
)
def test_support_phrases(text: str, level: str) -> None:
    assert docparse.support_recognised(text)[0] == level


def test_support_levels_are_the_models_choices() -> None:
    levels = {docparse.UNANIMOUS, docparse.BROAD, docparse.ONE, docparse.DOUBTS}
    assert levels | {docparse.NOT_DISCUSSED} == set(Contribution.Support.values)


# --- DOCX and PDF -------------------------------------------------------------------------


def test_word_document_with_heading_styles(make_consultation: Any) -> None:
    document = document_read(data=word_document(), file_name="ledenavond.docx")
    result = document_import(document=document, consultation=make_consultation())
    assert result.round_title == "Ledenavond 3 maart"
    assert result.sessions == ["Wonen", "Mobiliteit"]
    huur = point("Alle aanwezigen wilden")
    assert huur.source_detail == "Sessie Wonen › Betaalbare huur › alinea 1"
    assert huur.support_stated == "unanimous" and huur.source_line is None
    assert point("Meer sociale huurwoningen").source_detail.endswith("Betaalbare huur › alinea 2")
    assert point("Isolatie").source_detail == "Sessie Wonen › Verduurzaming › alinea 1"
    assert point("Over gratis OV").support_stated == "doubts"


def test_pdf_headings_are_guessed_and_pages_kept(make_consultation: Any) -> None:
    data = tiny_pdf(
        [
            [
                "Uitkomst gesprekken Voorjaar",
                "Sessie Zorg",
                "Preventie",
                "Dit werd unaniem gesteund.",
            ],
            ["Sessie Groen", "Bomen", "Meer bomen in de stad, breed gedragen.", "- Minder tegels"],
        ]
    )
    result = document_import(
        document=document_read(data=data, file_name="voorjaar.pdf"),
        consultation=make_consultation(),
    )
    assert result.sessions == ["Zorg", "Groen"]
    zorg = point("Dit werd unaniem")
    assert (zorg.source_page, zorg.source_detail) == (1, "Sessie Zorg › Preventie › alinea 1")
    assert zorg.support_stated == "unanimous"
    assert point("Minder tegels").source_page == 2
    assert point("Meer bomen").support_stated == "broad"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "leeg.md", "the file is empty"),
        (b"# Titel\n\n## Sessie Zorg\n\n### Preventie\n", "kort.md", "no points"),
        (b"not a zip at all", "kapot.docx", "not a DOCX file"),
        (b"%PDF-1.4 rubbish", "kapot.pdf", "not a readable PDF"),
        (b"hello", "notities.odt", "import Markdown"),
        (b"\xff\xfe\x00bad", "raar.md", "not UTF-8"),
    ],
)
def test_bad_documents_are_refused_clearly(
    data: bytes, name: str, message: str, make_consultation: Any
) -> None:
    with pytest.raises(FileRejected) as rejected:
        document_read(data=data, file_name=name)
    assert message in str(rejected.value) and rejected.value.messages[0].startswith(name)


def test_a_report_with_everything_skipped_stores_nothing(make_consultation: Any) -> None:
    document = founding()
    for index in range(len(document.sessions)):
        document.correct_session(index, title="x", skip=True)
    with pytest.raises(FileRejected, match="nothing to import"):
        document_import(document=document, consultation=make_consultation())
    assert not Contribution.objects.exists()


# --- the command ---------------------------------------------------------------------------


def test_dry_run_prints_the_tree_and_stores_nothing(db: Any) -> None:
    result = CliRunner().invoke(
        import_document, [str(FOUNDING), "--consultation", "vp", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Bestuurdersnetwerk 24 januari"
    assert "  Werk en inkomen" in lines and "    Bestaanszekerheid" in lines
    assert any(line.startswith("      - Het thema dat unaniem") for line in lines)
    assert "[unanimous: “unaniem”]" in result.output
    assert not Consultation.objects.exists() and not Contribution.objects.exists()


def test_command_imports_into_a_new_consultation_and_round(db: Any) -> None:
    args = [str(FOUNDING), "--consultation", "vp-2025", "--round", "Bestuurders"]
    result = CliRunner().invoke(import_document, args)
    assert result.exit_code == 0, result.output
    assert "109 points imported into round 'Bestuurders'" in result.output
    assert Contribution.objects.filter(round__consultation__slug="vp-2025").count() == 109
    again = CliRunner().invoke(import_document, args)
    assert "0 points imported" in again.output and "109 already present" in again.output


def test_command_lists_problems_and_fails(db: Any, tmp_path: Path) -> None:
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(b"nope")
    result = CliRunner().invoke(import_document, [str(bad), "--consultation", "vp"])
    assert result.exit_code == 1
    assert "kapot.docx:0: -: the file is not a DOCX file" in result.output
    assert not Consultation.objects.exists()


# --- the pages -----------------------------------------------------------------------------


def upload(client: Any, slug: str, body: bytes, name: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("document_upload", args=[slug])
    return client.post(url, {"file": SimpleUploadedFile(name, body)})


def test_preview_then_corrections_then_confirm(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser, sessions=())
    client.force_login(organiser)
    response = upload(client, consultation.slug, FOUNDING.read_bytes(), FOUNDING.name)
    preview = reverse("document_preview", args=[consultation.slug])
    assert response.status_code == 302 and response.url == preview
    page = client.get(preview).content.decode()
    assert "109 points will be imported" in page
    assert "<mark>unaniem</mark>" in page and "Support stated:" in page
    assert not Contribution.objects.exists() and not Session.objects.exists()
    client.post(preview, {"action": "session", "index": 1, "title": "Zorg en welzijn"})
    client.post(
        preview, {"action": "session", "index": 3, "title": "Eén samenleving", "skip": "on"}
    )
    client.post(preview, {"action": "point", "point": 17, "session": 0})  # first Zorg bullet
    client.post(preview, {"action": "point", "point": 2, "session": 0, "skip": "on"})
    client.post(preview, {"action": "round", "round_title": "Bestuurders 24/1"})
    assert not Contribution.objects.exists()
    response = client.post(preview, {"action": "confirm"})
    assert response.status_code == 302
    stored = Contribution.objects.filter(round__title="Bestuurders 24/1")
    assert set(stored.values_list("session__title", flat=True)) == {
        "Werk en inkomen",
        "Zorg en welzijn",
        "Groen",
    }
    moved = point("Meer inzetten op preventie")
    assert moved.session.title == "Werk en inkomen"
    assert moved.source_detail.startswith("Sessie Zorg ›")  # provenance keeps the source
    assert not stored.filter(text__startswith="Het thema dat unaniem").exists()
    assert stored.count() == 109 - 1 - 47
    assert client.get(preview).status_code == 302  # the preview is gone after confirming


def test_bad_correction_and_bad_upload_store_nothing(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    response = upload(client, consultation.slug, b"PK\x03\x04 broken", "kapot.docx")
    assert response.status_code == 400
    assert "kapot.docx:0: -: the file is not" in response.content.decode()
    upload(client, consultation.slug, FOUNDING.read_bytes(), FOUNDING.name)
    preview = reverse("document_preview", args=[consultation.slug])
    response = client.post(preview, {"action": "point", "point": 9999, "session": 0})
    assert response.status_code == 400
    response = client.post(preview, {"action": "cancel"})
    assert response.status_code == 302 and not Contribution.objects.exists()


def test_a_script_in_a_point_is_shown_as_text(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    body = b"### Sessie Zorg\n\nDit was unaniem <script>alert(1)</script> zo.\n"
    upload(client, consultation.slug, body, "x.md")
    page = client.get(reverse("document_preview", args=[consultation.slug])).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_another_organiser_cannot_reach_the_pages(client: Any, two_consultations: Any) -> None:
    client.force_login(two_consultations["bob"])
    slug = two_consultations["a"].slug
    assert upload(client, slug, FOUNDING.read_bytes(), FOUNDING.name).status_code == 404
    assert client.get(reverse("document_preview", args=[slug])).status_code == 404
    client.logout()
    response = client.get(reverse("document_upload", args=[slug]))
    assert response.status_code == 302 and "login" in response.url


def test_consultation_page_links_to_the_imports(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    page = client.get(reverse("consultation", args=[consultation.slug])).content.decode()
    assert reverse("document_upload", args=[consultation.slug]) in page
    assert reverse("sheet_upload", args=[consultation.slug]) in page


def test_without_sessie_headings_the_repeated_heading_level_gives_sessions(db: Any) -> None:
    body = b"# Verslag\n\n## Wonen\n\n### Huur\n\nLagere huren.\n\n## Zorg\n\nMeer preventie.\n"
    document = document_read(data=body, file_name="verslag.md")
    assert [s.title for s in document.sessions] == ["Wonen", "Zorg"]
    assert document.sessions[0].points[0].detail == "Wonen › Huur › alinea 1"
    plain = document_read(data=b"Een losse opmerking.\n", file_name="notitie.md")
    assert [s.title for s in plain.sessions] == ["notitie"]


def test_a_docx_that_unpacks_too_far_is_refused(monkeypatch: Any) -> None:
    from inspraak.intake.documents import formats as docformats

    monkeypatch.setattr(docformats, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(FileRejected, match="unpacks to more than the limit"):
        document_read(data=word_document(), file_name="bom.docx")


@pytest.mark.parametrize("command", ["document", "sheet"])
def test_commands_have_help_on_every_option(command: str) -> None:
    from inspraak.intake.sheets.cli import import_sheet

    cmd = import_document if command == "document" else import_sheet
    assert (cmd.help or "").strip()
    assert all((p.help or "").strip() for p in cmd.params if isinstance(p, click.Option))
    assert CliRunner().invoke(cmd, ["--help"]).exit_code == 0
