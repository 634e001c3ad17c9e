# SPDX-License-Identifier: EUPL-1.2
"""Text from outside made storable: no NUL or other control characters.

PostgreSQL refuses NUL in text, and control characters have no place in a
contribution; newlines and tabs are kept. Django's form fields already refuse
NUL, so this serves the importers that build contributions without a form.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_clean(text: str) -> str:
    return _CONTROL.sub("", text)
