# SPDX-License-Identifier: EUPL-1.2
"""Hostile spreadsheets and documents fail fast with a clear refusal, never a 500."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from inspraak.intake.documents.formats import docx_blocks
from inspraak.intake.files import FileRejected
from inspraak.intake.sheets.services import MAX_COLUMNS, MAX_SHEET_ROW, sheet_read

EXTERNAL = b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)


def _workbook() -> bytes:
    book = Workbook()
    book.active.append(["Inbreng", "Naam"])
    book.active.append(["marker-text", "Els"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("marker-text")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def patched(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def with_dtd(dtd: bytes, reference: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        head, _sep, body = xml.partition(b"?>") if xml.startswith(b"<?xml") else (b"", b"", xml)
        body = body.replace(b"marker-text", reference)
        return (head + b"?>" if head else b"") + dtd + body

    return change


SHEET = "xl/worksheets/sheet1.xml"


def test_a_huge_declared_dimension_around_two_cells_reads_only_those_cells() -> None:
    claimed = patched(
        _workbook(),
        SHEET,
        lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:CV5000"/>'),
    )
    assert b"A1:CV5000" in zipfile.ZipFile(io.BytesIO(claimed)).read(SHEET)
    table = sheet_read(data=claimed, file_name="groot.xlsx")
    assert table.header == ["Inbreng", "Naam"]
    assert table.rows == [(2, ["marker-text", "Els"])]


def _sheet_with_cell_at(reference: str) -> bytes:
    book = Workbook()
    book.active.append(["Inbreng", "Naam"])
    book.active[reference] = "ver weg"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("reference", "problem"),
    [
        ("A" + str(MAX_SHEET_ROW + 5), "more than 100000 rows"),
        ("ZZ2", f"more than {MAX_COLUMNS} columns"),
    ],
)
def test_cells_far_away_are_refused_with_a_message(reference: str, problem: str) -> None:
    with pytest.raises(FileRejected) as info:
        sheet_read(data=_sheet_with_cell_at(reference), file_name="ver.xlsx")
    assert problem in " ".join(info.value.messages)


DTDS = {"external entity": (EXTERNAL, b"&e;"), "entity expansion": (LAUGHS, b"&d;")}


@pytest.mark.parametrize("attack", DTDS)
@pytest.mark.parametrize(
    ("make", "member", "read"),
    [
        (_workbook, SHEET, lambda data: sheet_read(data=data, file_name="x.xlsx")),
        (_workbook, "xl/workbook.xml", lambda data: sheet_read(data=data, file_name="x.xlsx")),
        (_docx, "word/document.xml", lambda data: docx_blocks(data, "x.docx")),
    ],
    ids=["xlsx sheet", "xlsx workbook", "docx"],
)
def test_xml_entities_are_refused_the_same_way_in_xlsx_and_docx(
    attack: str, make: Any, member: str, read: Any
) -> None:
    dtd, reference = DTDS[attack]
    with pytest.raises(FileRejected) as info:
        read(patched(make(), member, with_dtd(dtd, reference)))
    assert "declares XML entities" in " ".join(info.value.messages)


def test_the_upload_page_refuses_an_xxe_workbook_clearly(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = patched(_workbook(), SHEET, with_dtd(*DTDS["external entity"]))
    upload = SimpleUploadedFile("inbreng.xlsx", data)
    response = client.post(
        reverse("sheet_upload", args=[consultation.slug]), {"file": upload, "round": ""}
    )
    assert response.status_code == 400
    assert "declares XML entities" in response.content.decode()
    assert "root:" not in response.content.decode()
