# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from inspraak.reports import html_parts, words

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

    def link(n: int) -> str:
        return f'<a class="ref" href="#src-{int(n)}">[{int(n)}]</a>'

    parts = []
    for run in words.refs_runs(numbers):
        parts.append(link(run[0]) if len(run) == 1 else f"{link(run[0])}–{link(run[-1])}")
    return mark_safe(", ".join(parts))  # noqa: S308 -- built from integers only


# The long lists (every source, every brief theme) are written here rather than in
# template tags: a report of 10,000 sources spent seconds in template variable lookups.
def _text(value: str, limit: int = 0) -> str:
    if limit and len(value) > limit:
        value = value[: limit - 1] + "…"
    return str(escape(value))


@register.simple_tag
def sources_appendix(doc: Any, source_links: bool = False, slug: str = "", only: Any = None) -> str:
    """The numbered sources, each with session, channel, date (and author for organisers);
    with `only`, just those numbers."""
    from django.urls import reverse

    base = reverse("contribution", args=[slug, 0])[:-2] if source_links and slug else ""
    items = []
    for src in doc.sources:
        if isinstance(only, set) and src.number not in only:
            continue
        meta = [src.session] + ([src.who] if src.who else []) + [src.provenance]
        meta += [src.date] if src.date else []
        link = ""
        if base and src.contribution_id:
            link = f' <a href="{base}{src.contribution_id}/">{escape(_("open"))}</a>'
        items.append(
            f'<li id="src-{src.number}" value="{src.number}"><span class="n">[{src.number}]</span> '
            f'{_text(src.text)} <span class="meta">({_text(" · ".join(meta))})</span>{link}</li>'
        )
    return mark_safe("".join(items))  # noqa: S308 -- every text escaped above


@register.simple_tag
def theme_sources(doc: Any, numbers: list[int]) -> str:
    """A theme's sources folded under it: number and the first 200 characters."""
    items = (
        f'<li><a href="#src-{n}">[{n}]</a> {_text(doc.sources[n - 1].text, 200)}</li>'
        for n in numbers
    )
    return mark_safe("<ul>" + "".join(items) + "</ul>")  # noqa: S308 -- texts escaped


@register.simple_tag
def quote_text(doc: Any, number: int, limit: int = 0) -> str:
    return _text(doc.sources[int(number) - 1].text, limit)


@register.simple_tag
def theme_head(doc: Any, theme: Any) -> str:
    return html_parts.theme_head(doc, theme)


@register.simple_tag
def theme_body(doc: Any, theme: Any, for_print: bool = False) -> str:
    return html_parts.theme_body(doc, theme, bool(for_print))


@register.simple_tag
def brief_item(doc: Any, theme: Any) -> str:
    return html_parts.brief_item(doc, theme)
