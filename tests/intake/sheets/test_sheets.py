# SPDX-License-Identifier: EUPL-1.2
"""Spreadsheets (XLSX, CSV) with any columns: mapping, preview, then the contributions import."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from inspraak.consultations.models import Contribution, Participant
from inspraak.intake.files import FileRejected
from inspraak.intake.sheets.cli import import_sheet
from inspraak.intake.sheets.services import Mapping, sheet_import, sheet_names, sheet_read

HEADER = ["Afdeling", "Naam", "Tafel", "Inbreng", "Datum", "Opmerking intern"]
# Excel stores times without a zone: the import reads them as local time.
WRITTEN = datetime(2025, 3, 1, 20, 15)  # noqa: DTZ001
ROWS = [
    ["Utrecht", "Anna", "Wonen", "Meer sociale huur", WRITTEN, "x"],
    ["Utrecht", "Bram", "Wonen", "Huurstijging\nbeperken", None, ""],
    [None, None, None, None, None, None],
    ["Zwolle", "Anna", "Groen", "Bomen in de wijk", None, "y"],
]
MAPPING = Mapping(
    text="Inbreng", participant="Naam", session="Tafel", created_at="Datum", attributes=["Afdeling"]
)


def workbook(rows: list[list[Any]] = ROWS, extra_sheet: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Inbreng"
    if extra_sheet:
        info = book.create_sheet("Toelichting", 0)
        info.append(["Dit blad is uitleg"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_workbook_rows_are_imported_with_their_sheet_rows(make_consultation: Any) -> None:
    consultation = make_consultation()
    table = sheet_read(data=workbook(), file_name="afdelingen.xlsx")
    result = sheet_import(table=table, mapping=MAPPING, consultation=consultation)
    assert (result.created, result.sessions) == (3, ["Groen", "Wonen"])
    huur = Contribution.objects.get(text="Huurstijging\nbeperken")
    assert huur.channel == "spreadsheet" and huur.session.title == "Wonen"
    assert (huur.source_name, huur.source_line, huur.source_detail) == (
        "afdelingen.xlsx",
        3,
        "Inbreng",
    )
    bomen = Contribution.objects.get(text="Bomen in de wijk")
    assert bomen.source_line == 5  # after the multi-line cell and the empty row
    assert bomen.participant == Contribution.objects.get(text="Meer sociale huur").participant
    assert Participant.objects.get(pk=huur.participant_id).attributes == {"afdeling": "Utrecht"}
    first = Contribution.objects.get(text="Meer sociale huur")
    assert timezone.localtime(first.created_at).hour == 20  # the sheet's time is local time


def test_importing_the_same_workbook_twice_adds_nothing(make_consultation: Any) -> None:
    consultation = make_consultation()
    table = sheet_read(data=workbook(), file_name="afdelingen.xlsx")
    sheet_import(table=table, mapping=MAPPING, consultation=consultation)
    again = sheet_import(table=table, mapping=MAPPING, consultation=consultation)
    assert (again.created, again.skipped) == (0, 3)
    assert Contribution.objects.count() == 3


def test_a_bad_row_is_reported_by_sheet_row_and_column_and_nothing_is_stored(
    make_consultation: Any,
) -> None:
    rows = [*ROWS, ["Ede", "Cor", "Zorg", "", None, ""], ["Ede", "", "Zorg", "Tekst", None, ""]]
    table = sheet_read(data=workbook(rows), file_name="fout.xlsx")
    with pytest.raises(FileRejected) as rejected:
        sheet_import(table=table, mapping=MAPPING, consultation=make_consultation())
    assert rejected.value.messages == [
        "fout.xlsx:6: Inbreng: This field is required.",
        "fout.xlsx:7: Naam: This field is required.",
    ]
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (Mapping(participant="Naam", session="Tafel"), "fout.xlsx:1: text: choose the column"),
        (Mapping(text="Tekst", participant="Naam", session="Tafel"), "Tekst: there is no such"),
    ],
)
def test_an_unmapped_or_unknown_column_is_refused(
    mapping: Mapping, message: str, make_consultation: Any
) -> None:
    table = sheet_read(data=workbook(), file_name="fout.xlsx")
    with pytest.raises(FileRejected) as rejected:
        sheet_import(table=table, mapping=mapping, consultation=make_consultation())
    assert any(message in m for m in rejected.value.messages)
    assert not Contribution.objects.exists()


def test_a_corrupted_workbook_is_refused_clearly() -> None:
    data = workbook()
    with pytest.raises(FileRejected, match="not a readable XLSX workbook"):
        sheet_read(data=data[:200] + b"\x00" * 50 + data[250:], file_name="kapot.xlsx")
    with pytest.raises(FileRejected, match="not a XLSX file"):
        sheet_names(data=b"plain text", file_name="kapot.xlsx")


def test_sheet_choice(make_consultation: Any) -> None:
    data = workbook(extra_sheet=True)
    assert sheet_names(data=data, file_name="a.xlsx") == ["Toelichting", "Inbreng"]
    assert sheet_read(data=data, file_name="a.xlsx", sheet="Inbreng").header == HEADER
    with pytest.raises(FileRejected, match="there is no sheet “Blad9”"):
        sheet_read(data=data, file_name="a.xlsx", sheet="Blad9")


def test_command_imports_a_csv_by_column_names(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "tafels.csv"
    path.write_text("Wie;Waar;Wat;Rol\nAnna;Zorg;Meer preventie;wethouder\n", encoding="utf-8")
    args = [str(path), "--consultation", "ledenavond", "--text", "Wat", "--participant", "Wie"]
    args += ["--session", "Waar", "--attribute", "Rol"]
    result = CliRunner().invoke(import_sheet, args)
    assert result.exit_code == 0, result.output
    assert "1 contributions imported" in result.output
    stored = Contribution.objects.get()
    assert (stored.text, stored.source_line, stored.channel) == ("Meer preventie", 2, "spreadsheet")
    assert stored.participant.attributes == {"rol": "wethouder"}


def test_command_reports_problems(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    path.write_bytes(workbook(extra_sheet=True))
    args = [str(path), "--consultation", "x", "--text", "Inbreng", "--participant", "Wie"]
    result = CliRunner().invoke(import_sheet, [*args, "--session", "Tafel", "--sheet", "Inbreng"])
    assert result.exit_code == 1 and "b.xlsx:1: Wie: there is no such column" in result.output
    assert not Contribution.objects.exists()


# --- the pages -----------------------------------------------------------------------------


def post_upload(client: Any, slug: str, data: bytes, name: str = "afdelingen.xlsx") -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("sheet_upload", args=[slug]), {"file": upload, "round": ""})


MAPPED = {
    "action": "map",
    "text": "Inbreng",
    "participant": "Naam",
    "session": "Tafel",
    "created_at": "Datum",
    "attributes": ["Afdeling"],
}


def test_upload_choose_sheet_map_preview_confirm(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    columns = reverse("sheet_columns", args=[consultation.slug])
    preview = reverse("sheet_preview", args=[consultation.slug])
    response = post_upload(client, consultation.slug, workbook(extra_sheet=True))
    assert response.status_code == 302 and response.url == columns
    page = client.get(columns).content.decode()
    assert "Toelichting" in page and "Text of the contribution" not in page
    client.post(columns, {"action": "sheet", "sheet": "Inbreng"})
    page = client.get(columns).content.decode()
    assert "Text of the contribution" in page and "Meer sociale huur" in page
    response = client.post(columns, MAPPED)
    assert response.status_code == 302 and response.url == preview
    page = client.get(preview).content.decode()
    assert "3 rows are ready to import" in page and "afdeling: Utrecht" in page
    assert not Contribution.objects.exists()
    response = client.post(preview, {"action": "confirm"})
    assert response.status_code == 302
    assert Contribution.objects.filter(channel="spreadsheet").count() == 3
    assert client.get(preview).status_code == 302


def test_mapping_problems_are_shown_and_nothing_stored(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    rows = [*ROWS, ["Ede", "Cor", "Zorg", "", None, ""]]
    post_upload(client, consultation.slug, workbook(rows))
    columns = reverse("sheet_columns", args=[consultation.slug])
    response = client.post(columns, {**MAPPED, "text": ""})
    assert response.status_code == 400 and "Choose the columns" in response.content.decode()
    response = client.post(columns, MAPPED)
    assert response.status_code == 400
    assert "afdelingen.xlsx:6: Inbreng: This field is required." in response.content.decode()
    assert client.get(reverse("sheet_preview", args=[consultation.slug])).status_code == 302
    assert not Contribution.objects.exists()


def test_a_corrupted_upload_is_refused_on_the_page(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    response = post_upload(client, consultation.slug, b"PK\x03\x04junk")
    assert response.status_code == 400 and "not a XLSX file" in response.content.decode()
    response = post_upload(client, consultation.slug, b"x", name="notes.ods")
    assert response.status_code == 400 and "Choose a file ending in" in response.content.decode()


def test_another_organiser_cannot_reach_the_sheet_pages(
    client: Any, two_consultations: Any
) -> None:
    client.force_login(two_consultations["bob"])
    slug = two_consultations["a"].slug
    assert post_upload(client, slug, workbook()).status_code == 404
    for name in ("sheet_columns", "sheet_preview"):
        assert client.get(reverse(name, args=[slug])).status_code == 404
