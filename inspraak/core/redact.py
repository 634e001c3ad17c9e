# SPDX-License-Identifier: EUPL-1.2
"""Taking erased words out of stored JSON (run results, audit details, snapshots).

Erasure deletes a participant's rows; copies of their words in JSON documents are
redacted in place with `json_redact`, which every app's erasure handler uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

REDACTED = "[gewist]"


def json_redact(value: Any, needles: Iterable[str]) -> tuple[Any, bool]:
    """`value` with every string that contains one of `needles` replaced; and whether any was.

    Needles shorter than four characters are ignored: they would match ordinary words.
    """
    wanted = [n.casefold() for n in needles if n and len(n.strip()) >= 4]
    if not wanted:
        return value, False
    return _walk(value, wanted)


def _walk(value: Any, wanted: list[str]) -> tuple[Any, bool]:
    if isinstance(value, str):
        folded = value.casefold()
        return (REDACTED, True) if any(n in folded for n in wanted) else (value, False)
    if isinstance(value, list):
        pairs = [_walk(item, wanted) for item in value]
        return [v for v, _c in pairs], any(c for _v, c in pairs)
    if isinstance(value, dict):
        changed = False
        out: dict[Any, Any] = {}
        for key, item in value.items():
            new_key, key_changed = _walk(key, wanted) if isinstance(key, str) else (key, False)
            new_item, item_changed = _walk(item, wanted)
            out[new_key] = new_item
            changed = changed or key_changed or item_changed
        return out, changed
    return value, False
