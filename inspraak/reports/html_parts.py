# SPDX-License-Identifier: EUPL-1.2
"""A theme section's HTML, written in Python: the part of the page repeated thousands of times.

A report of 10,000 contributions has thousands of theme sections; the Django template
language spent most of the report's time looking variables up in them. Every text is
escaped here (`_e`), exactly as autoescape would.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inspraak.reports.document import ReportDocument, ThemeSection
from inspraak.reports.words import refs_runs, theme_support_text


def _e(value: object, limit: int = 0) -> str:
    text = str(value)
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return str(escape(text))


def ref(n: int) -> str:
    return f'<a class="ref" href="#src-{int(n)}">[{int(n)}]</a>'


def refs(numbers: list[int]) -> str:
    return ", ".join(
        ref(r[0]) if len(r) == 1 else f"{ref(r[0])}–{ref(r[-1])}" for r in refs_runs(numbers)
    )


def theme_anchor(t: ThemeSection) -> str:
    return slugify(t.key)


def theme_head(doc: ReportDocument, t: ThemeSection) -> SafeString:
    """Heading, support in words and numbers, breakdown, flags and the organiser's wording."""
    anchor = theme_anchor(t)
    word, numbers = theme_support_text(t, doc.language)
    line = f"<strong>{_e(word)}</strong> — {_e(numbers)}" if word else _e(numbers)
    if len(t.sessions) > 1:
        together = _("in %(k)s sessions together %(p)s of %(n)s") % {
            "k": len(t.sessions),
            "p": t.total.participants,
            "n": t.total.present,
        }
        line += f" · {_e(together)}"
    if t.discussed is False:
        line += f" · <em>{_e(_('named but not discussed'))}</em>"
    parts = [f'<h3 id="{anchor}-h">{_e(t.label)}</h3>', f'<p class="support">{line}</p>']
    if t.breakdown:
        cells = ", ".join(f"{_e(v)} {n}" for v, n in t.breakdown.items())
        head = _e(_("By %(attr)s:") % {"attr": doc.breakdown})
        parts.append(f'<p class="breakdown">{head} {cells}</p>')
    elif t.breakdown_withheld:
        why = _(
            "No breakdown by %(attr)s: every group is too small to show without identifying someone."
        ) % {"attr": doc.breakdown}
        parts.append(f'<p class="breakdown">{_e(why)}</p>')
    if t.changed_since_edit:
        flag = _("The data behind this section changed after it was edited: check the text.")
        parts.append(f'<p class="flag" role="note">{_e(flag)}</p>')
    if t.edited_text:
        parts.append('<p class="edited">' + _e(t.edited_text).replace("\n", "<br>") + "</p>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text escaped by _e


def theme_body(doc: ReportDocument, t: ThemeSection, for_print: bool) -> SafeString:
    """Summary, quotes, the labelled lists and the sources of a theme section."""
    parts = []
    if t.summary:
        said = " ".join(f"{_e(text)} {ref(n)}" for text, n in t.summary)
        parts.append(f'<p class="summary">{said}</p>')
    for n in t.quotes:
        text = _e(doc.sources[n - 1].text).replace("\n", "<br>")
        parts.append(f'<blockquote cite="#src-{n}">{text} {ref(n)}</blockquote>')
    for label, numbers in (
        (_("Concrete proposals:"), t.proposals),
        (_("From the conversation:"), t.notes),
    ):
        if numbers:
            items = "".join(f"<li>{_e(doc.sources[n - 1].text)} {ref(n)}</li>" for n in numbers)
            parts.append(f'<p class="label">{_e(label)}</p><ul>{items}</ul>')
    if for_print:
        parts.append(f'<p class="meta">{_e(_("Sources:"))} {_e(_refs_plain(t.sources))}</p>')
    else:
        summary = ngettext("%(n)s source", "%(n)s sources", len(t.sources)) % {"n": len(t.sources)}
        items = "".join(
            f'<li><a href="#src-{n}">[{n}]</a> {_e(doc.sources[n - 1].text, 200)}</li>'
            for n in t.sources
        )
        parts.append(
            f'<details class="sources"><summary>{_e(summary)}</summary><ul>{items}</ul></details>'
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every text escaped by _e


def _refs_plain(numbers: list[int]) -> str:
    from inspraak.reports.words import refs_text

    return refs_text(numbers)


def brief_item(doc: ReportDocument, t: ThemeSection) -> SafeString:
    """A theme named once: label, one quote, its sources, on one line."""
    quote = "".join(f"<q>{_e(doc.sources[n - 1].text, 160)}</q> " for n in t.quotes[:1])
    gone = f" <em>({_e(_('not discussed'))})</em>" if t.discussed is False else ""
    _word, numbers = theme_support_text(t, doc.language)
    count = f" ({_e(numbers)})" if t.listed_briefly else ""
    return mark_safe(f"{_e(t.label)}{count}{gone} — {quote}{refs(t.sources)}")  # noqa: S308
