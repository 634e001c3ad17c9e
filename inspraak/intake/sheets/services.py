# SPDX-License-Identifier: EUPL-1.2
"""Spreadsheets (XLSX or CSV) with any columns, mapped onto the contributions import.

The organiser says which column holds the text, the participant and the session
(and optionally kind, created_at, discussed, attributes). The mapped rows are
validated by the same import form as a CSV's and stored by the same import, so a
spreadsheet is validated, stored, de-duplicated and audited exactly like a CSV
from the CLI. Problems are reported by the spreadsheet's own row and column.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from inspraak.consultations.models import Consultation
from inspraak.intake.csv.services import (
    KNOWN_COLUMNS,
    ImportResult,
    Row,
    contributions_import_rows,
    rows_validate,
)
from inspraak.intake.documents import formats as docformats
from inspraak.intake.files import FileRejected, Problem, decode, records, size_checked

MAX_ROWS = 100_000
MAX_COLUMNS = 500
# Blank rows count towards this too: a sheet whose content lies beyond it is refused.
MAX_SHEET_ROW = 2 * MAX_ROWS
ROLES = ("text", "participant", "session", "kind", "created_at", "discussed")
REQUIRED_ROLES = ("text", "participant", "session")


@dataclass
class Table:
    """One sheet: its header and its non-empty rows, each with its row number in the file."""

    file_name: str
    sheet: str
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]


@dataclass
class Mapping:
    """Which column plays which part; columns not named here are ignored."""

    text: str = ""
    participant: str = ""
    session: str = ""
    kind: str = ""
    created_at: str = ""
    discussed: str = ""
    attributes: list[str] = field(default_factory=list)


def _rejected(file_name: str, problem: str, line: int = 0, column: str = "-") -> FileRejected:
    return FileRejected(file_name, [Problem(line, column, problem)])


def _is_xlsx(file_name: str) -> bool:
    return PurePath(file_name).suffix.lower() == ".xlsx"


def _workbook(data: bytes, file_name: str) -> Any:
    from openpyxl import load_workbook

    size_checked(data, file_name)
    docformats.zip_checked(data, file_name, "XLSX")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise _rejected(file_name, _("the file is not a readable XLSX workbook")) from None


def sheet_names(*, data: bytes, file_name: str) -> list[str]:
    """The sheets of a workbook in order; empty for a CSV file."""
    if not _is_xlsx(file_name):
        if PurePath(file_name).suffix.lower() != ".csv":
            raise _rejected(file_name, _("import an XLSX or CSV file"))
        return []
    workbook = _workbook(data, file_name)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def sheet_read(*, data: bytes, file_name: str, sheet: str = "") -> Table:
    """The header and rows of a CSV file or of one sheet (the first when `sheet` is empty)."""
    if not _is_xlsx(file_name):
        size_checked(data, file_name)
        rows = [(r.line, r.fields) for r in records(decode(data, file_name), file_name)]
        return _table(file_name, "", rows)
    workbook = _workbook(data, file_name)
    try:
        if sheet and sheet not in workbook.sheetnames:
            raise _rejected(
                file_name,
                _("there is no sheet “%(sheet)s”; the sheets are %(names)s")
                % {"sheet": sheet, "names": ", ".join(workbook.sheetnames)},
            )
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = _xlsx_rows(worksheet, file_name)
        return _table(file_name, worksheet.title, rows)
    finally:
        workbook.close()


def _xlsx_rows(worksheet: Any, file_name: str) -> list[tuple[int, list[str]]]:
    """The non-empty rows, padded to one width; only the cells present are read.

    The sheet's declared <dimension> is ignored: a workbook can claim a million rows
    by sixteen thousand columns around one cell, and openpyxl would pad every row.
    XML that is not a plain workbook part (an entity, a damaged tag) is a refusal.
    """
    worksheet.reset_dimensions()
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if len(values) > MAX_COLUMNS:
                raise _rejected(
                    file_name, _("more than %(n)d columns") % {"n": MAX_COLUMNS}, number
                )
            if number > MAX_SHEET_ROW or len(rows) > MAX_ROWS + 1:
                raise _rejected(file_name, _("more than %(n)d rows") % {"n": MAX_ROWS}, number)
            if values.count(None) < len(values):
                cells = [_cell_text(value) for value in values]
                if any(cell.strip() for cell in cells):
                    rows.append((number, cells))
    except FileRejected:
        raise
    except Exception:  # the XML parser and openpyxl raise many kinds for a damaged sheet
        raise _rejected(file_name, _("the file is not a readable XLSX workbook")) from None
    width = max((len(cells) for _number, cells in rows), default=0)
    return [(number, cells + [""] * (width - len(cells))) for number, cells in rows]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _table(file_name: str, sheet: str, rows: list[tuple[int, list[str]]]) -> Table:
    if not rows:
        raise _rejected(file_name, _("the sheet is empty"), 1)
    (header_row, header), body = rows[0], rows[1:]
    if len(body) > MAX_ROWS:
        raise _rejected(file_name, _("more than %(n)d rows") % {"n": MAX_ROWS}, header_row)
    if not body:
        raise _rejected(file_name, _("the sheet has a header but no rows"), header_row)
    header = [name.strip() for name in header]
    return Table(file_name=file_name, sheet=sheet, header=header, header_row=header_row, rows=body)


def mapping_checked(*, table: Table, mapping: Mapping) -> None:
    """Raises FileRejected unless every mapped column exists and the required parts are mapped."""
    problems = [
        Problem(table.header_row, role, _("choose the column that holds this"))
        for role in REQUIRED_ROLES
        if not getattr(mapping, role)
    ]
    for role in ROLES:
        name = getattr(mapping, role)
        if name and name not in table.header:
            problems.append(Problem(table.header_row, name, _("there is no such column")))
    for name in mapping.attributes:
        if name not in table.header:
            problems.append(Problem(table.header_row, name, _("there is no such column")))
        elif name.lower() in KNOWN_COLUMNS or not name:
            problems.append(
                Problem(table.header_row, name, _("rename this column to use it as an attribute"))
            )
    if problems:
        raise FileRejected(table.file_name, problems)


def _records(table: Table, mapping: Mapping) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The mapped columns under the import's names, and each sheet row's values for them."""
    roles = [role for role in ROLES if getattr(mapping, role)]
    positions = [table.header.index(getattr(mapping, role)) for role in roles]
    positions += [table.header.index(name) for name in mapping.attributes]
    records = []
    for number, cells in table.rows:
        values = [cells[i] if i < len(cells) else "" for i in positions]
        records.append((number, [*values[: len(roles)], "spreadsheet", *values[len(roles) :]]))
    return [*roles, "channel", *mapping.attributes], records


def _translated(rejected: FileRejected, mapping: Mapping) -> FileRejected:
    """Problems named by the sheet's own columns rather than the import's."""
    names = {role: getattr(mapping, role) for role in ROLES if getattr(mapping, role)}
    names |= {name.lower(): name for name in mapping.attributes}
    problems = [
        Problem(p.line, names.get(p.column, p.column), p.problem) for p in rejected.problems
    ]
    return FileRejected(rejected.file_name, problems)


def sheet_validate(*, table: Table, mapping: Mapping) -> list[Row]:
    """The rows as the import will store them; FileRejected lists every problem by sheet row."""
    mapping_checked(table=table, mapping=mapping)
    names, body = _records(table, mapping)
    try:
        return rows_validate(
            header_line=table.header_row, names=names, records=body, file_name=table.file_name
        )
    except FileRejected as rejected:
        raise _translated(rejected, mapping) from None


def sheet_import(
    *,
    table: Table,
    mapping: Mapping,
    consultation: Consultation | None = None,
    consultation_slug: str = "",
    round_title: str = "",
    actor: Any = None,
) -> ImportResult:
    """Import the mapped rows through the contributions import (atomic, idempotent, audited).

    Each contribution keeps the spreadsheet's row number as its line and the sheet as its place.
    """
    rows = sheet_validate(table=table, mapping=mapping)
    try:
        return contributions_import_rows(
            rows=rows,
            file_name=table.file_name,
            consultation=consultation,
            consultation_slug=consultation_slug,
            round_title=round_title,
            actor=actor,
            place=table.sheet,
        )
    except FileRejected as rejected:
        raise _translated(rejected, mapping) from None
