# SPDX-License-Identifier: EUPL-1.2
"""Dutch first: every interface string has a Dutch translation, and the compiled catalogue is current."""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

LOCALE = Path(__file__).parent.parent / "inspraak" / "locale" / "nl" / "LC_MESSAGES"


def entries() -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of each singular entry in the Dutch catalogue."""
    found = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().split("\n")
        starts = [n for n, line in enumerate(lines) if re.match(r"msg(id|str) ", line)]
        if len(starts) != 2:
            continue

        def text(part: list[str]) -> str:
            return "".join(json.loads(line[line.index('"') :]) for line in part)

        msgid, msgstr = text(lines[starts[0] : starts[1]]), text(lines[starts[1] :])
        if msgid:
            found.append(
                (msgid, msgstr, any("fuzzy" in line for line in lines if line.startswith("#,")))
            )
    return found


def test_every_string_is_translated_to_dutch() -> None:
    missing = [msgid for msgid, msgstr, fuzzy in entries() if not msgstr or fuzzy]
    assert missing == []


def test_every_plural_string_has_both_dutch_forms() -> None:
    source = (LOCALE / "django.po").read_text(encoding="utf-8")
    plurals = [block for block in source.split("\n\n") if "msgid_plural" in block]
    assert plurals, "the catalogue has plural strings"
    # An empty form is `msgstr[n] ""` with no continuation line after it.
    empty = [b for b in plurals if re.search(r'^msgstr\[\d\] ""\n(?!")', b + "\n", re.MULTILINE)]
    assert empty == []


def test_compiled_catalogue_matches_the_source() -> None:
    with (LOCALE / "django.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    stale = [msgid for msgid, msgstr, _ in entries() if compiled.gettext(msgid) != msgstr]
    assert stale == [], "run ./dev messages"
