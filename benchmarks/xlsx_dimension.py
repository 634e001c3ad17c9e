# SPDX-License-Identifier: EUPL-1.2
"""How long reading a workbook takes that declares A1:XFD1048576 around two cells.

Before the fix openpyxl padded every row to the declared size (tens of seconds and
more); now only the cells present are read. Prints seconds; no pass or fail.

    INSPRAAK_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/xlsx_dimension.py
"""

from __future__ import annotations

import io
import os
import time
import zipfile

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from openpyxl import Workbook  # noqa: E402

from inspraak.intake.sheets.services import sheet_read  # noqa: E402


def claimed_workbook() -> bytes:
    book = Workbook()
    book.active.append(["Inbreng", "Naam"])
    book.active.append(["Een punt", "Els"])
    plain, out = io.BytesIO(), io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"')
            target.writestr(info, content)
    return out.getvalue()


if __name__ == "__main__":
    data = claimed_workbook()
    started = time.perf_counter()
    table = sheet_read(data=data, file_name="groot.xlsx")
    print(
        f"declared A1:XFD1048576, {len(table.rows)} row read in {time.perf_counter() - started:.3f} s"
    )
