# SPDX-License-Identifier: EUPL-1.2
"""Writing exports safely: spreadsheet programs must not run a participant's text."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """The value, with a leading apostrophe when a spreadsheet would read it as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_write(stream: TextIO, header: list[str], rows: Iterable[list[str]]) -> None:
    writer = csv.writer(stream)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
