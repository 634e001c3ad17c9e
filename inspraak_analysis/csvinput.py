# SPDX-License-Identifier: EUPL-1.2
"""Read the analysis CSV: ``session, participant, text`` (+ optional columns).

Optional columns: ``kind, channel, created_at, discussed``; other columns
are ignored. UTF-8 with or without BOM; comma or semicolon separated
(sniffed from the header line). Each contribution's ``id`` is its 1-based
data row number (header not counted), the row number used in the result.
Errors are ``CsvInputError`` with ``file:line: column: problem`` messages.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from inspraak_analysis.themes.model import Contribution

REQUIRED = ("session", "participant", "text")
OPTIONAL = ("kind", "channel", "created_at", "discussed")
MAX_FIELD_CHARS = 1_000_000
_TRUE = {"1", "ja", "j", "yes", "y", "true", "waar", "x", "besproken"}
_FALSE = {"", "0", "nee", "n", "no", "false", "onwaar", "niet besproken"}


class CsvInputError(ValueError):
    """A problem in the input CSV, with file, line and column in the message."""


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvInputError(
            f"{path}:{line}: the file is not UTF-8 (byte {data[exc.start]:#04x}); "
            "save it as 'CSV UTF-8'"
        ) from None


def _dialect(path: Path, text: str) -> str:
    header = text.split("\n", 1)[0]
    if not header.strip():
        raise CsvInputError(
            f"{path}:1: the file is empty; expected a header line with columns "
            f"{', '.join(REQUIRED)}"
        )
    return ";" if header.count(";") > header.count(",") else ","


def _header(path: Path, row: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in row]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise CsvInputError(
            f"{path}:1: {', '.join(missing)}: missing column; the header has "
            f"{', '.join(repr(n) for n in names)}"
        )
    return {name: names.index(name) for name in (*REQUIRED, *OPTIONAL) if name in names}


def _discussed(path: Path, line: int, value: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise CsvInputError(f"{path}:{line}: discussed: {value!r} is not ja/nee, 1/0 or true/false")


def _contribution(
    path: Path, line: int, number: int, row: list[str], cols: dict[str, int]
) -> Contribution:
    def get(name: str) -> str:
        index = cols.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    for name in REQUIRED:
        if not get(name):
            raise CsvInputError(
                f"{path}:{line}: {name}: empty; every row needs {', '.join(REQUIRED)}"
            )
    return Contribution(
        id=number,
        session=get("session"),
        participant=get("participant"),
        text=get("text"),
        kind=get("kind"),
        channel=get("channel"),
        discussed=_discussed(path, line, get("discussed")),
    )


def read_analysis_csv(path: str | Path) -> list[Contribution]:
    """Contributions from the CSV at ``path``; fully blank rows are skipped.

    Raises ``CsvInputError`` (a ``ValueError``) for an empty file, missing
    columns, bad encoding, an unreadable row or an empty required field.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvInputError(f"{path}: cannot read: {exc.strerror}") from None
    text = _decode(path, data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(path, text))
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS * 4))
    try:
        cols = _header(path, next(reader))
        found = []
        for number, row in enumerate(reader, start=1):
            if any(cell.strip() for cell in row):
                found.append(_contribution(path, reader.line_num, number, row, cols))
    except csv.Error as exc:
        raise CsvInputError(f"{path}:{reader.line_num}: unreadable CSV: {exc}") from None
    return found
