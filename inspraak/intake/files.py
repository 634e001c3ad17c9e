# SPDX-License-Identifier: EUPL-1.2
"""What every file channel shares: the problem list, the size limit, and reading CSV text.

`FileRejected` lists every problem by line and column; `size_problem` is the one size
check (uploads, files on disk, messages); `decode` and `records` read spreadsheet-made
CSV (encoding, delimiter, quoted newlines) with the line each record starts on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, pointing at its line and column."""

    line: int
    column: str
    problem: str

    def format(self, file_name: str) -> str:
        return f"{file_name}:{self.line}: {self.column}: {self.problem}"


class FileRejected(Exception):
    """The file cannot be imported; `problems` lists every reason, by line."""

    def __init__(self, file_name: str, problems: list[Problem]) -> None:
        self.file_name = file_name
        self.problems = problems
        super().__init__("\n".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [p.format(self.file_name) for p in self.problems]


def size_problem(size: int) -> str:
    """Why a file of `size` bytes is refused (over INSPRAAK_IMPORT_MAX_BYTES), or ""."""
    limit = settings.INSPRAAK_IMPORT_MAX_BYTES
    if size <= limit:
        return ""
    return _("the file is %(size)s; the limit is %(limit)s") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


def message_size_problem(size: int) -> str:
    """`size_problem` for one e-mail message (from a file or a mailbox)."""
    limit = settings.INSPRAAK_IMPORT_MAX_BYTES
    if size <= limit:
        return ""
    return _("the message is %(size)s; the limit is %(limit)s") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


def size_checked(data: bytes, file_name: str) -> None:
    """Refuse a file over INSPRAAK_IMPORT_MAX_BYTES, saying both sizes."""
    problem = size_problem(len(data))
    if problem:
        raise FileRejected(file_name, [Problem(0, "-", problem)])


def decode(data: bytes, file_name: str) -> str:
    """UTF-8 text, with or without a byte-order mark; a clear error pointing at the bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRejected(
            file_name,
            [Problem(line, "-", _("the file is not UTF-8 text; save it as “CSV UTF-8”"))],
        ) from None


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (Dutch Excel) or tab: whichever splits the header line most."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(frozen=True)
class Record:
    line: int  # the physical line the record starts on, 1-based
    fields: list[str]


def records(text: str, file_name: str) -> Iterator[Record]:
    """Every record with the line it starts on; quoted newlines stay inside a field."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    start = 1
    try:
        for fields in reader:
            if any(field.strip() for field in fields):
                yield Record(start, fields)
            start = reader.line_num + 1
    except csv.Error as error:
        raise FileRejected(
            file_name,
            [Problem(start, "-", _("cannot read this line: %(error)s") % {"error": error})],
        ) from None
