# SPDX-License-Identifier: EUPL-1.2
"""Fill or correct entries of a gettext catalogue from a JSON map {msgid: msgstr}.

Used after `./dev messages` for the few new strings of a change:
    python scripts/po_fill.py inspraak/locale/nl/LC_MESSAGES/django.po new.json
Clears the fuzzy flag of each entry it fills. Plural entries are keyed "singular||plural"
and map to the list of their two Dutch forms.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line[line.index('"') :]) for line in lines)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def fill(po: Path, translations: dict[str, str]) -> int:
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    for i, block in enumerate(blocks):
        lines = block.split("\n")
        if any(line.startswith("msgid_plural") for line in lines):
            filled += _plural_fill(blocks, i, lines, translations)
            continue
        starts = [n for n, line in enumerate(lines) if re.match(r"msg(id|str) ", line)]
        if len(starts) != 2:
            continue
        msgid = _unquote(lines[starts[0] : starts[1]])
        if msgid not in translations:
            continue
        head = [
            line.replace("fuzzy, ", "").replace(", fuzzy", "")
            for line in lines[: starts[0]]
            if line.strip() != "#, fuzzy" and not line.startswith("#|")
        ]
        blocks[i] = "\n".join(
            [*head, *lines[starts[0] : starts[1]], f"msgstr {_quote(translations[msgid])}"]
        )
        filled += 1
    po.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled


def _plural_fill(blocks: list[str], i: int, lines: list[str], translations: dict[str, Any]) -> int:
    """A plural entry, keyed "singular||plural" with a list of the Dutch forms."""
    pattern = r"msg(id|id_plural|str\[\d\]) "
    starts = [n for n, line in enumerate(lines) if re.match(pattern, line)]
    one, many = _unquote(lines[starts[0] : starts[1]]), _unquote(lines[starts[1] : starts[2]])
    forms = translations.get(f"{one}||{many}")
    if not isinstance(forms, list) or len(forms) != 2:
        return 0
    head = [
        line.replace("fuzzy, ", "").replace(", fuzzy", "")
        for line in lines[: starts[0]]
        if line.strip() != "#, fuzzy" and not line.startswith("#|")
    ]
    body = [f"msgstr[{n}] {_quote(form)}" for n, form in enumerate(forms)]
    blocks[i] = "\n".join([*head, *lines[starts[0] : starts[2]], *body])
    return 1


if __name__ == "__main__":
    path, mapping = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    print(f"{fill(path, mapping)} entries filled")
