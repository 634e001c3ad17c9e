# SPDX-License-Identifier: EUPL-1.2
"""Ids typed into forms and query strings, parsed without ever raising."""

from __future__ import annotations

import re

# ASCII digits only: str.isdigit() accepts "²" and "٣", which int() and the database refuse,
# and 19 digits or more overflow a 64-bit primary key (SQLite raises OverflowError).
_ID = re.compile(r"[0-9]{1,18}")


def id_parse(raw: object) -> int | None:
    """The id as a number, or None for anything that cannot be a primary key."""
    if not isinstance(raw, str) or not _ID.fullmatch(raw.strip()):
        return None
    return int(raw.strip())
