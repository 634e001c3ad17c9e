# SPDX-License-Identifier: EUPL-1.2
"""The report in four formats: HTML, Markdown, DOCX and PDF, all from one document.

Every piece of participant text is escaped for its format: Django's autoescape
in HTML (and so in the PDF), a Markdown escape that keeps links and images
inert, and plain runs in DOCX.
"""

from __future__ import annotations

import io
import re
import weakref
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from inspraak.reports.charts import figure_bytes, session_figure, svg_inline
from inspraak.reports.document import ReportDocument, SessionSection, ThemeSection

CSS = (Path(__file__).parent / "static_report.css").read_text(encoding="utf-8")
FORMATS = ("html", "pdf", "docx", "md")

# Charts are drawn once per document and format, however many renderings ask for them.
_CHARTS: weakref.WeakKeyDictionary[ReportDocument, dict[str, Any]] = weakref.WeakKeyDictionary()


def document_charts(doc: ReportDocument, fmt: str = "svg") -> dict[str, Any]:
    """Session key → chart: inline SVG text, or PNG bytes with fmt="png".

    Each session's figure is laid out once and kept with the document, so the
    HTML, PDF and DOCX of one document share the drawing work.
    """
    cache = _CHARTS.setdefault(doc, {})
    if "figures" not in cache:
        cache["figures"] = {s.key: session_figure(s) for s in doc.sessions}
    if fmt not in cache:
        drawn = {k: figure_bytes(f, fmt) for k, f in cache["figures"].items() if f is not None}
        cache[fmt] = {k: svg_inline(v) for k, v in drawn.items()} if fmt == "svg" else drawn
    return dict(cache[fmt])


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


def render_pdf(doc: ReportDocument) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_html(doc, for_print=True)).write_pdf())


# Characters that start Markdown markup anywhere in a line (CommonMark lets any be escaped).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~#!])")
# And what only counts at the start of a line: list items, numbered items, quotes.
_MD_LINE_START = re.compile(r"^(\d*)([-+=.)])")


def md(text: str) -> str:
    """Text made inert in Markdown: one line, no link, image, HTML, emphasis or list can form."""
    flat = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    return _MD_LINE_START.sub(r"\1\\\2", flat)


def _count(c: Any) -> str:
    return _("%(p)s of %(n)s present") % {"p": c.participants, "n": c.present}


def _breakdown_line(doc: ReportDocument, t: ThemeSection) -> str:
    values = ", ".join(f"{value} {n}" for value, n in t.breakdown.items())
    return _("By %(attr)s:") % {"attr": doc.breakdown} + " " + values


def _brief_line(doc: ReportDocument, t: ThemeSection) -> str:
    quotes = " ".join(f"“{doc.source(n).text[:160]}”" for n in t.quotes)
    refs = "".join(f"[{n}]" for n in t.sources)
    return f"{t.label} — {quotes} {refs}"


def render_markdown(doc: ReportDocument) -> str:
    with translation.override(doc.language):
        title = _("Outcome of the conversations: %(round)s") % {"round": doc.round_title}
        lines = [f"# {md(title)}", ""]
        lines += [f"{md(p)}\n" for p in doc.opening]
        for s in doc.sessions:
            lines += _md_session(doc, s)
        lines += _md_lists(doc)
        return "\n".join(lines) + "\n"


def _md_session(doc: ReportDocument, s: SessionSection) -> list[str]:
    lines = [f"## {md(_('Session %(title)s') % {'title': s.title})}", ""]
    lines += [f"*{md(p)}*\n" for p in s.prompts]
    lines.append(md(_("%(n)s participants present.") % {"n": s.present}) + "\n")
    if s.edited_intro:
        lines += [md(s.edited_intro), ""]
    for t in s.full_themes():
        lines += _md_theme(doc, t)
    brief = s.brief_themes()
    if brief:
        lines += [f"### {md(_('Also named, by one participant'))}", ""]
        lines += [f"- {md(_brief_line(doc, t))}" for t in brief] + [""]
    for d in s.divided:
        shares = " / ".join(f"{a}%" for a in d.agree_by_group)
        lines.append(f"- {md(_('Divided in the vote'))}: {md(d.text)} ({shares})")
    return lines


def _md_theme(doc: ReportDocument, t: ThemeSection) -> list[str]:
    lines = [f"### {md(t.label)}", "", f"**{md(t.count.support)}** — {md(_count(t.count))}", ""]
    if t.breakdown:
        lines += [md(_breakdown_line(doc, t)), ""]
    if t.edited_text:
        lines += [md(t.edited_text), ""]
    lines += [f"> {md(doc.source(n).text)} [{n}]\n" for n in t.quotes]
    lines += [f"- {md(doc.source(n).text)} [{n}]" for n in t.proposals + t.notes]
    lines.append(f"\n{md(_('Sources'))}: " + ", ".join(f"[{n}]" for n in t.sources) + "\n")
    return lines


def _md_lists(doc: ReportDocument) -> list[str]:
    lines = [f"## {md(_('Named but not discussed'))}", ""]
    lines += [
        f"- {md(r.label)} — {md(r.total.support)}, {md(_count(r.total))}" for r in doc.not_discussed
    ]
    lines += ["", f"## {md(_('Back in several sessions'))}", ""]
    for r in doc.cross_session:
        where = ", ".join(
            f"{name} ({c.participants}/{c.present})" for name, c in r.sessions.items()
        )
        lines.append(f"- {md(r.label)}: {md(where)}")
    lines += ["", f"## {md(_('Figures and claims to check'))}", ""]
    lines += [f"- {md(c.text)} [{c.source}]" for c in doc.claims]
    lines += ["", f"## {md(_('Sources'))}", ""]
    for src in doc.sources:
        who = f" · {src.who}" if src.who else ""
        lines.append(
            f"{src.number}\\. {md(src.text)} — *{md(src.session + who + ' · ' + src.provenance)}*"
        )
    return lines


class _Docx:
    """A python-docx document written fast enough for thousands of paragraphs.

    python-docx inserts each paragraph before the section properties (a scan of
    the whole body) and looks styles up by name (a scan of all styles): both
    grow with the document. Here the section properties are set aside while
    writing and styles are set by id, resolved once.
    """

    def __init__(self, doc: ReportDocument) -> None:
        from docx import Document

        self.doc, self.out = doc, Document()
        self.body = self.out.element.body
        self.section = self.body.sectPr
        self.body.remove(self.section)
        styles = self.out.styles
        self.ids = {
            name: styles[name].style_id
            for name in (
                "Heading 1",
                "Heading 2",
                "Heading 3",
                "List Bullet",
                "Quote",
                "Intense Quote",
            )
        }

    def para(self, text: str = "", style: str | None = None) -> Any:
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        element = OxmlElement("w:p")
        self.body.append(element)
        if style is not None:
            element.get_or_add_pPr().style = self.ids[style]
        paragraph = Paragraph(element, self.out._body)
        if text:
            paragraph.add_run(text)
        return paragraph

    def build(self) -> bytes:
        title = _("Outcome of the conversations: %(round)s") % {"round": self.doc.round_title}
        self.para(title, "Heading 1")
        for p in self.doc.opening:
            self.para(p)
        for s in self.doc.sessions:
            self.session(s)
        self.lists()
        self.body.append(self.section)
        buffer = io.BytesIO()
        self.out.save(buffer)
        return buffer.getvalue()

    def session(self, s: SessionSection) -> None:
        from docx.shared import Cm

        self.para(_("Session %(title)s") % {"title": s.title}, "Heading 2")
        for prompt in s.prompts:
            self.para(prompt, "Intense Quote")
        self.para(_("%(n)s participants present.") % {"n": s.present})
        if s.edited_intro:
            self.para(s.edited_intro)
        chart = document_charts(self.doc, "png").get(s.key)
        if chart:
            self.para().add_run().add_picture(io.BytesIO(chart), width=Cm(15))
        for t in s.full_themes():
            self.theme(t)
        if s.brief_themes():
            self.para(_("Also named, by one participant"), "Heading 3")
            for t in s.brief_themes():
                self.para(_brief_line(self.doc, t), "List Bullet")
        for d in s.divided:
            shares = " / ".join(f"{a}%" for a in d.agree_by_group)
            self.para(f"{_('Divided in the vote')}: {d.text} ({shares})", "List Bullet")

    def theme(self, t: ThemeSection) -> None:
        self.para(t.label, "Heading 3")
        support = self.para()
        support.add_run(t.count.support).bold = True
        support.add_run(" — " + _count(t.count))
        if t.breakdown:
            self.para(_breakdown_line(self.doc, t))
        if t.edited_text:
            self.para(t.edited_text)
        for n in t.quotes:
            self.para(f"{self.doc.source(n).text} [{n}]", "Quote")
        for n in t.proposals + t.notes:
            self.para(f"{self.doc.source(n).text} [{n}]", "List Bullet")
        self.para(_("Sources") + ": " + ", ".join(f"[{n}]" for n in t.sources))

    def lists(self) -> None:
        doc = self.doc
        self.para(_("Named but not discussed"), "Heading 2")
        for r in doc.not_discussed:
            self.para(f"{r.label} — {r.total.support}, {_count(r.total)}", "List Bullet")
        self.para(_("Back in several sessions"), "Heading 2")
        for r in doc.cross_session:
            where = ", ".join(
                f"{name} ({c.participants}/{c.present})" for name, c in r.sessions.items()
            )
            self.para(f"{r.label}: {where}", "List Bullet")
        self.para(_("Figures and claims to check"), "Heading 2")
        for c in doc.claims:
            self.para(f"{c.text} [{c.source}]", "List Bullet")
        self.para(_("Sources"), "Heading 2")
        for src in doc.sources:
            who = f" · {src.who}" if src.who else ""
            self.para(f"[{src.number}] {src.text} — {src.session}{who} · {src.provenance}")


def render_docx(doc: ReportDocument) -> bytes:
    with translation.override(doc.language):
        return _Docx(doc).build()


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
