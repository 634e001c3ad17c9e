# SPDX-License-Identifier: EUPL-1.2
"""Every importer, fed random and broken input: it imports, or raises its own validation error.

One property per parser. Random bytes, and input that is shaped like the real
thing but broken (damaged zips and PDFs, odd charsets, stray quotes, huge
numbers). Any exception other than the importer's own error fails the test, and
a refused import must have stored nothing. Each example runs in a savepoint that
is rolled back, so examples do not see each other's data.
"""

from __future__ import annotations

import base64
import csv
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from inspraak.consultations.contributions import contribution_max_chars
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
from inspraak.intake.polis.services import polis_import
from inspraak.intake.sheets.services import Mapping, sheet_import, sheet_read
from inspraak.votes.models import Statement, Vote
from inspraak_analysis.csvinput import CsvInputError, read_analysis_csv
from inspraak_analysis.polis_export import PolisExportError
from tests.intake.mailhelpers import make_docx, make_pdf

pytestmark = pytest.mark.django_db

# FUZZ_N=2000 runs a longer, random search; by default the run is short and repeatable.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_N", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize="FUZZ_N" not in os.environ,
)

# Text that breaks parsers: delimiters, quotes, line ends, NUL, bidi and formula starts.
NASTY = st.sampled_from(
    [",", ";", "\t", '"', "'", "\n", "\r", "\r\n", "\x00", "\u2028", "\u202e", "=", "+", "@"]
)
CELL = st.one_of(st.text(max_size=40), NASTY, st.just(""), st.just("x" * 300))
COLUMNS = ["session", "participant", "text", "kind", "channel", "created_at", "round"]
COLUMNS += ["prompt", "discussed", "Gemeente", "", "TEXT", "session"]


def stored() -> tuple[int, ...]:
    """What an import can write: compared before and after a refused import."""
    return (
        Consultation.objects.count(),
        Round.objects.count(),
        Participant.objects.count(),
        Contribution.objects.count(),
        Statement.objects.count(),
        Vote.objects.count(),
        AuditEvent.objects.count(),
    )


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


UNCLEAN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def imports_or_refuses(
    run: Callable[[], Any],
    errors: tuple[type[Exception], ...],
    *,
    source: str = "",
    lines: int = 0,
) -> Any:
    """Run one import: it succeeds, or raises one of `errors` having stored nothing.

    What an accepted import stored must be clean and traceable: no NUL or control
    characters, normalised, within its channel's limit, and its provenance points back
    into the file (`source` its name; a line, when given, within the file's `lines`).
    """
    with rolled_back():
        before = stored()
        known = set(Contribution.objects.values_list("pk", flat=True))
        try:
            result = run()
        except errors as error:
            assert str(error).strip(), "a refusal must say why"
            assert stored() == before, "a refused import stored something"
            return None
        for row in Contribution.objects.exclude(pk__in=known):
            stored_well(row, source=source, lines=lines)
        return result


def stored_well(row: Contribution, *, source: str, lines: int) -> None:
    assert row.text.strip() and not UNCLEAN.search(row.text), repr(row.text)
    assert row.text == unicodedata.normalize("NFC", row.text)
    assert len(row.text) <= contribution_max_chars(row.channel)
    assert not UNCLEAN.search(row.source_name + row.source_detail)
    assert row.source_name, "an imported contribution names its source"
    if source:
        assert row.source_name == source
    if lines and row.source_line is not None:
        assert 1 <= row.source_line <= lines, (row.source_line, lines)


@pytest.fixture
def consultation(make_consultation: Any) -> Consultation:
    return make_consultation(sessions=("Zorg", "Groen"))


# -- CSV of contributions ----------------------------------------------------------------


@st.composite
def contribution_csvs(draw: Any) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8))
    if draw(st.booleans()):
        header = ["session", "participant", "text", *header]
    rows = draw(st.lists(st.lists(CELL, max_size=len(header) + 2), max_size=6))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
    )
    writer.writerows([header, *rows])
    text = out.getvalue()
    if draw(st.booleans()):  # break the quoting on purpose
        text = text.replace('"', draw(st.sampled_from(["", '"""', "'"])), 1)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), contribution_csvs()))
@example(data="session,participant,text\nZorg,Anna,Cafe\u0301 \u200bin  de wijk\n".encode())
@example(data=b'session;participant;text\r\nZorg;Bram;"twee\r\nregels"\r\n')
def test_contributions_csv_imports_or_raises_file_rejected(
    consultation: Consultation, data: bytes
) -> None:
    imports_or_refuses(
        lambda: contributions_import_csv(data=data, file_name="f.csv", consultation=consultation),
        (FileRejected,),
        source="f.csv",
        lines=data.count(b"\n") + data.count(b"\r") + 1,
    )


# -- e-mail ------------------------------------------------------------------------------

HEADER_VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "anna@example.org",
            "Anna <anna+zorg@example.org>",
            "=?utf-8?b?QW5uYQ0KQmNjOiBldmlsQGV4YW1wbGUub3Jn?= <anna@example.org>",
            "=?x-unknown?q?=FF=FE?=",
            "=?utf-8?q?broken",
            "<>",
            "undisclosed-recipients:;",
            '"a\\"b" <@>',
            "[Zorg] Re: Fwd: punten",
            "Mon, 32 Foo 99999 99:99:99 +9999",
        ]
    ),
)
CHARSETS = ["utf-8", "us-ascii", "iso-8859-1", "windows-1252", "utf-16", "idna", "x-bogus"]
CHARSETS += ["base64", "utf-7", "punycode"]


@st.composite
def raw_mails(draw: Any) -> bytes:
    names = ["From", "To", "Subject", "Date", "Message-ID", "Cc", "Delivered-To", "Reply-To"]
    lines = [
        f"{name}: {value}"
        for name in draw(st.lists(st.sampled_from(names), max_size=8))
        for value in [draw(HEADER_VALUES).replace("\n", " ").replace("\r", " ")]
    ]
    if draw(st.booleans()):
        lines.insert(0, "From: anna@example.org")
    kind = draw(st.sampled_from(["plain", "html", "multipart", "raw"]))
    charset = draw(st.sampled_from(CHARSETS))
    encoding = draw(st.sampled_from(["7bit", "8bit", "quoted-printable", "base64", "x-uue", ""]))
    body = draw(st.one_of(st.text(max_size=200), st.sampled_from(["- een\n- twee", "<p>hoi</p>"])))
    payload = body.encode("utf-8", errors="replace")
    if kind == "raw":
        return "\r\n".join(lines).encode() + b"\r\n\r\n" + payload
    if kind == "multipart":
        boundary = draw(st.sampled_from(["b1", "", '"', "b1\r\n--b1"]))
        attachment = draw(
            st.one_of(
                st.binary(max_size=200),
                st.just(make_docx(["Een punt in een bijlage"])[:300]),
                st.just(make_pdf([["Pagina een"]])),
            )
        )
        name = draw(st.sampled_from(["plan.docx", "plan.pdf", "x.exe", "", "../../etc/passwd.pdf"]))
        lines.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
        parts = [
            f"--{boundary}\r\nContent-Type: text/plain; charset={charset}\r\n"
            f"Content-Transfer-Encoding: {encoding}\r\n\r\n".encode()
            + payload,
            f'--{boundary}\r\nContent-Disposition: attachment; filename="{name}"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n".encode()
            + base64.encodebytes(attachment),
            f"--{boundary}--".encode(),
        ]
        return "\r\n".join(lines).encode() + b"\r\n\r\n" + b"\r\n".join(parts)
    lines.append(f"Content-Type: text/{kind}; charset={charset}")
    lines.append(f"Content-Transfer-Encoding: {encoding}")
    return "\r\n".join(lines).encode() + b"\r\n\r\n" + payload


@FUZZ
@given(raw=st.one_of(st.binary(max_size=400), raw_mails()))
def test_mail_message_imports_or_raises_mail_rejected(
    consultation: Consultation, raw: bytes
) -> None:
    imports_or_refuses(
        lambda: mail_import_message(consultation=consultation, raw=raw), (MailRejected,)
    )


@FUZZ
@given(
    messages=st.lists(st.one_of(raw_mails(), st.binary(max_size=100)), max_size=3),
    suffix=st.sampled_from([".mbox", ".eml"]),
)
def test_mail_file_imports_or_raises_mail_file_rejected(
    consultation: Consultation, tmp_path: Path, messages: list[bytes], suffix: str
) -> None:
    path = tmp_path / f"inbox{suffix}"
    separator = b"\nFrom MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" if suffix == ".mbox" else b""
    path.write_bytes(b"".join(separator + message for message in messages))
    imports_or_refuses(
        lambda: mail_import_file(path=path, consultation=consultation), (MailFileRejected,)
    )


# -- documents ---------------------------------------------------------------------------


@st.composite
def broken_zips(draw: Any, member: str, content: bytes) -> bytes:
    """A real document package with one part replaced or the zip itself damaged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        replaced = draw(st.sampled_from([member, "[Content_Types].xml", "_rels/.rels", ""]))
        junk = draw(
            st.one_of(
                st.binary(max_size=200),
                st.sampled_from(
                    [
                        b"<?xml version='1.0'?><w:document/>",
                        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>',
                        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
                    ]
                ),
            )
        )
        for info in source.infolist():
            if info.filename == replaced:
                target.writestr(info.filename, junk)
            else:
                target.writestr(info, source.read(info))
    data = out.getvalue()
    if draw(st.booleans()):  # flip a byte or cut the zip short
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def broken_pdfs(draw: Any) -> bytes:
    data = make_pdf(
        [["Sessie Zorg", "Meer handen aan het bed."], ["Sessie Groen", "- Bomen in de wijk"]],
        catalog_extra=draw(st.sampled_from(["", "/Names << /Dests 99 0 R >> ", "/Pages 1 0 R "])),
    )
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + 1 :]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


DOCX = make_docx(["Meer handen aan het bed.", "Bomen in de wijk."], heading="Sessie Zorg")
MARKDOWN = st.text(
    alphabet=st.sampled_from(list("#-*1. \n:Sessie Zorg_[]()`\r\t")) | st.characters(), max_size=300
)


@FUZZ
@given(
    case=st.one_of(
        st.tuples(st.binary(max_size=300), st.sampled_from(["a.md", "a.docx", "a.pdf", "a.odt"])),
        st.tuples(MARKDOWN.map(lambda t: t.encode("utf-8", "surrogatepass")), st.just("a.md")),
        st.tuples(broken_zips("word/document.xml", DOCX), st.just("a.docx")),
        st.tuples(broken_pdfs(), st.just("a.pdf")),
    )
)
def test_document_reads_and_imports_or_raises_file_rejected(
    consultation: Consultation, case: tuple[bytes, str]
) -> None:
    data, name = case

    def run() -> Any:
        document = document_read(data=data, file_name=name)
        return document_import(document=document, consultation=consultation)

    imports_or_refuses(run, (FileRejected,), source=name)


# -- spreadsheets ------------------------------------------------------------------------

XLSX_VALUES = st.one_of(
    st.none(),
    st.text(max_size=30).filter(lambda t: not t.startswith("=")),
    st.integers(-(2**70), 2**70).map(float),
    st.booleans(),
    st.datetimes(),
    st.sampled_from(["Zorg", "Anna", "ja", "remark", "2026-13-45"]),
)


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_safe(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


@st.composite
def workbooks(draw: Any) -> bytes:
    header = draw(
        st.lists(st.sampled_from(["Tekst", "Naam", "Tafel", "Datum", "", "x"]), max_size=5)
    )
    rows = draw(st.lists(st.lists(XLSX_VALUES, max_size=6), max_size=5))
    return xlsx([[_xlsx_safe(v) for v in row] for row in [header, *rows]])


SHEET_XLSX = xlsx([["Tekst", "Naam", "Tafel"], ["Meer groen", "Anna", "Groen"]])


@FUZZ
@given(
    case=st.one_of(
        st.tuples(st.binary(max_size=300), st.sampled_from(["a.xlsx", "a.csv", "a.ods"])),
        st.tuples(contribution_csvs(), st.just("a.csv")),
        st.tuples(workbooks(), st.just("a.xlsx")),
        st.tuples(broken_zips("xl/worksheets/sheet1.xml", SHEET_XLSX), st.just("a.xlsx")),
    ),
    mapping=st.builds(
        Mapping,
        text=st.sampled_from(["Tekst", "text", "", "nope"]),
        participant=st.sampled_from(["Naam", "participant", ""]),
        session=st.sampled_from(["Tafel", "session", ""]),
        created_at=st.sampled_from(["", "Datum", "created_at"]),
        attributes=st.lists(st.sampled_from(["x", "Gemeente", "Tekst", "kind", ""]), max_size=2),
    ),
    sheet=st.sampled_from(["", "Sheet", "bestaat niet"]),
)
def test_spreadsheet_reads_and_imports_or_raises_file_rejected(
    consultation: Consultation, case: tuple[bytes, str], mapping: Mapping, sheet: str
) -> None:
    data, name = case

    def run() -> Any:
        table = sheet_read(data=data, file_name=name, sheet=sheet)
        return sheet_import(table=table, mapping=mapping, consultation=consultation)

    imports_or_refuses(
        run,
        (FileRejected,),
        source=name,
        lines=max(1, data.count(b"\n") + 1) if name.endswith(".csv") else 1000,
    )


# -- Pol.is exports ----------------------------------------------------------------------

NUMBER = st.one_of(
    st.integers(-3, 40).map(str),
    st.sampled_from(["", "1.0", "-1.0", "0.5", "1e3", "nan", "inf", "x", " 7", str(2**70)]),
    st.sampled_from([str(10**15), str(-(10**15)), str(2**63 - 1)]),
)


@st.composite
def polis_files(draw: Any) -> tuple[bytes, bytes]:
    comments = [["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees"]]
    comments[0] += ["moderated", "comment-body"]
    for _ in range(draw(st.integers(0, 4))):
        comments.append([draw(NUMBER), "", draw(NUMBER), draw(NUMBER), draw(NUMBER), draw(NUMBER)])
        comments[-1] += [draw(NUMBER), draw(CELL)]
    votes = [["timestamp", "datetime", "comment-id", "voter-id", "vote"]]
    for _ in range(draw(st.integers(0, 6))):
        votes.append([draw(NUMBER), "", draw(NUMBER), draw(NUMBER), draw(NUMBER)])

    def written(rows: list[list[str]]) -> bytes:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue().encode()

    return written(comments), written(votes)


@FUZZ
@given(
    files=st.one_of(polis_files(), st.tuples(st.binary(max_size=200), st.binary(max_size=200))),
    participants=st.one_of(st.none(), st.binary(max_size=100)),
)
def test_polis_export_imports_or_raises_polis_export_error(
    consultation: Consultation,
    tmp_path: Path,
    files: tuple[bytes, bytes],
    participants: bytes | None,
) -> None:
    (tmp_path / "comments.csv").write_bytes(files[0])
    (tmp_path / "votes.csv").write_bytes(files[1])
    extra = tmp_path / "participants-votes.csv"
    if participants is None:
        extra.unlink(missing_ok=True)
    else:
        extra.write_bytes(participants)
    imports_or_refuses(
        lambda: polis_import(consultation=consultation, path=tmp_path), (PolisExportError,)
    )


# -- the analysis CSV --------------------------------------------------------------------


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), contribution_csvs()))
def test_analysis_csv_reads_or_raises_csv_input_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "input.csv"
    path.write_bytes(data)
    try:
        contributions = read_analysis_csv(path)
    except CsvInputError as error:
        assert str(error).startswith(str(path))
    else:
        assert all(c.session and c.participant and c.text for c in contributions)
