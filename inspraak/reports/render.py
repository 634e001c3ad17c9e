# SPDX-License-Identifier: EUPL-1.2
"""The report in four formats: HTML, Markdown, DOCX and PDF, all from one document.

Every piece of participant text is escaped for its format: Django's autoescape
in HTML (and so in the PDF), a Markdown escape that keeps links and images
inert, and plain runs in DOCX (render_text.py).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from inspraak.reports.charts import document_charts
from inspraak.reports.document import ReportDocument
from inspraak.reports.render_text import md, render_docx, render_markdown

__all__ = ["CSS", "FORMATS", "document_charts", "md", "render", "render_html", "render_pdf"]

CSS = (Path(__file__).parent / "static_report.css").read_text(encoding="utf-8")
FORMATS = ("html", "pdf", "docx", "md")
PDF_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def render_html(
    doc: ReportDocument, *, for_print: bool = False, extra: dict[str, Any] | None = None
) -> str:
    """The report page; `for_print` leaves out what only a screen can fold open."""
    with translation.override(doc.language):
        context = {
            "doc": doc,
            "css": CSS,
            "charts": document_charts(doc),
            "for_print": for_print,
            **(extra or {}),
        }
        return render_to_string("reports/report_page.html", context)


@functools.cache
def _covered() -> frozenset[int]:
    """Code points the PDF's font draws; others would print as an empty box."""
    try:
        from fontTools.ttLib import TTFont

        return frozenset(TTFont(PDF_FONT, lazy=True).getBestCmap())
    except Exception:  # no font file: keep everything rather than guess
        return frozenset()


_HIGH = re.compile(r"[^\u0000-\u024f\u2000-\u206f\u20ac]")


def printable(text: str) -> str:
    """Text without characters the font lacks (emoji and their joiners): no empty boxes."""
    covered = _covered()
    if not covered:
        return text
    return _HIGH.sub(lambda m: m.group(0) if ord(m.group(0)) in covered else "", text)


# Above this many sources the PDF lists only those its text quotes; the full list stays in
# the HTML, Markdown and DOCX. Typesetting 10,000 sources takes WeasyPrint minutes and
# hundreds of pages nobody prints.
PRINT_ALL_SOURCES_UP_TO = 800


def cited(doc: ReportDocument) -> set[int]:
    """Source numbers the text quotes (not the per-theme ranges of all members)."""
    found = {c.source for c in doc.claims}
    for s in doc.sessions:
        for t in s.full_themes():
            found.update(t.quotes + t.proposals + t.notes + [n for _text, n in t.summary])
        for t in s.brief_themes():
            found.update(t.quotes[:1])  # a brief line quotes one
    for r in doc.not_discussed:
        found.update(r.quotes)
    return found


PRINT_FULL_THEMES = 12  # per session, in a long report's PDF; the rest on one line each


def _print_brief(doc: ReportDocument) -> list[Any]:
    """Mark all but each session's best-supported themes to print as one line."""
    demoted = []
    for s in doc.sessions:
        for t in s.full_themes()[PRINT_FULL_THEMES:]:
            if not t.edited_text:
                t.listed_briefly = True
                demoted.append(t)
    return demoted


def render_pdf(doc: ReportDocument) -> bytes:
    """A tagged PDF (PDF/UA-1 where this WeasyPrint supports it), A4, with a contents page."""
    from weasyprint import HTML

    long = len(doc.sources) > PRINT_ALL_SOURCES_UP_TO
    demoted = _print_brief(doc) if long else []
    try:
        only = cited(doc) if long else None
        page = render_html(doc, for_print=True, extra={"print_only": only})
    finally:
        for t in demoted:
            t.listed_briefly = False
    html = HTML(string=printable(page))
    try:
        return bytes(html.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))
    except (TypeError, ValueError):  # an older WeasyPrint without tagging
        return bytes(html.write_pdf())


def render(doc: ReportDocument, fmt: str) -> bytes:
    if fmt == "html":
        return render_html(doc).encode("utf-8")
    if fmt == "md":
        return render_markdown(doc).encode("utf-8")
    if fmt == "docx":
        return render_docx(doc)
    if fmt == "pdf":
        return render_pdf(doc)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
