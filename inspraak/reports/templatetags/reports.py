# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

from django import template

from inspraak.reports import words

register = template.Library()


@register.filter
def slice_source(sources: list[Any], number: int) -> Any:
    """`{{ doc.sources|slice_source:n }}`: source number n (1-based)."""
    return sources[int(number) - 1]


@register.filter
def attr_text(source: Any) -> str:
    """A source's text (for use after slice_source in one expression)."""
    return str(source.text)


@register.filter
def support_word(word: str, language: str) -> str:
    return words.support_word(word, language)


@register.filter
def count_text(count: Any) -> str:
    return words.count_text(count)


@register.filter
def extra_text(extra: dict[str, int]) -> str:
    return words.extra_text(extra)


@register.filter
def present_text(session: Any) -> str:
    return words.present_text(session.present, session.extra)


@register.filter
def division_text(divided: Any) -> str:
    return words.division_text(divided)


@register.filter
def refs(numbers: list[int]) -> str:
    """Source numbers as compact ranges: [3]–[7], [9]."""
    return words.refs_text(numbers)


@register.filter
def refs_links(numbers: list[int]) -> str:
    """Source numbers as compact ranges, each end a link into the sources appendix."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    def link(n: int) -> str:
        return str(format_html('<a class="ref" href="#src-{0}">[{0}]</a>', n))

    parts = []
    for run in words.refs_runs(numbers):
        parts.append(link(run[0]) if len(run) == 1 else f"{link(run[0])}–{link(run[-1])}")
    return mark_safe(", ".join(parts))  # noqa: S308 -- built from integers by format_html
