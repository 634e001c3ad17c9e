# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def slice_source(sources: list[Any], number: int) -> Any:
    """`{{ doc.sources|slice_source:n }}`: source number n (1-based)."""
    return sources[int(number) - 1]


@register.filter
def attr_text(source: Any) -> str:
    """A source's text (for use after slice_source in one expression)."""
    return str(source.text)
