# SPDX-License-Identifier: EUPL-1.2
"""The report as Markdown and as Word (DOCX): the same headings and labels as the HTML."""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from inspraak.reports.charts import document_charts
from inspraak.reports.document import ReportDocument, SessionSection, ThemeRef, ThemeSection
from inspraak.reports.words import (
    count_text,
    division_text,
    present_text,
    refs_text,
    support_word,
    theme_support_text,
)

# Characters that start Markdown markup anywhere in a line (CommonMark lets any be escaped).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~#!])")
# And what only counts at the start of a line: list items, numbered items, quotes.
_MD_LINE_START = re.compile(r"^(\d*)([-+=.)])")


def md(text: str) -> str:
    """Text made inert in Markdown: one line, no link, image, HTML, emphasis or list can form."""
    flat = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    return _MD_LINE_START.sub(r"\1\\\2", flat)


def _title(doc: ReportDocument) -> str:
    return _("Outcome of the conversations: %(round)s") % {"round": doc.round_title}


def _session_title(s: SessionSection) -> str:
    return s.title if s.is_extra else _("Session %(title)s") % {"title": s.title}


def _support(doc: ReportDocument, t: ThemeSection) -> str:
    word, numbers = theme_support_text(t, doc.language)
    line = f"{word} — {numbers}" if word else numbers
    if len(t.sessions) > 1:
        line += " · " + _("in %(k)s sessions together %(p)s of %(n)s") % {
            "k": len(t.sessions),
            "p": t.total.participants,
            "n": t.total.present,
        }
    if t.discussed is False:
        line += " · " + _("named but not discussed")
    return line


def _breakdown_line(doc: ReportDocument, t: ThemeSection) -> str:
    if t.breakdown_withheld:
        return _(
            "No breakdown by %(attr)s: every group is too small to show without identifying someone."
        ) % {"attr": doc.breakdown}
    values = ", ".join(f"{value} {n}" for value, n in t.breakdown.items())
    return _("By %(attr)s:") % {"attr": doc.breakdown} + " " + values


def _brief_line(doc: ReportDocument, t: ThemeSection) -> str:
    quotes = " ".join(f"“{doc.source(n).text[:160]}”" for n in t.quotes[:1])
    return f"{t.label} — {quotes} {refs_text(t.sources)}"


def _summary_line(doc: ReportDocument, r: ThemeRef) -> str:
    word = support_word(r.total.support, doc.language)
    return f"{r.label} — {word}, {count_text(r.total)} ({r.session})"


def _nd_line(doc: ReportDocument, r: ThemeRef) -> str:
    quotes = " ".join(f"“{doc.source(n).text[:160]}” [{n}]" for n in r.quotes)
    numbers = f"{count_text(r.total)} " if r.total.present else ""
    return f"{r.label} ({r.session}) — {numbers}{quotes}"


def _closing(doc: ReportDocument) -> list[tuple[str, list[str]]]:
    """The lists after the sessions, as (heading, lines), shared by Markdown and DOCX."""
    cross = [
        f"{r.label}: "
        + ", ".join(f"{name} ({c.participants}/{c.present})" for name, c in r.sessions.items())
        for r in doc.cross_session
    ]
    decisions = [(_("What we did with the input"), [decision_line(d) for d in doc.decisions])]
    return [
        (_("Named but not discussed"), [_nd_line(doc, r) for r in doc.not_discussed]),
        (_("Back in several sessions"), cross),
        (_("Figures and claims to check"), [f"{c.text} [{c.source}]" for c in doc.claims]),
        *(decisions if doc.decisions else []),
    ]


def decision_line(d: Any) -> str:
    """One theme's decision in a line: theme — status (chapters): explanation."""
    chapters = f" ({', '.join(d.chapters)})" if d.chapters else ""
    explanation = f": {d.explanation}" if d.explanation else ""
    return f"{d.theme} — {d.status}{chapters}{explanation}"


def _source_line(src: Any) -> str:
    who = f" · {src.who}" if src.who else ""
    when = f" · {src.date}" if src.date else ""
    return f"[{src.number}] {src.text} ({src.session}{who} · {src.provenance}{when})"


def render_markdown(doc: ReportDocument) -> str:
    with translation.override(doc.language):
        lines = [f"# {md(_title(doc))}", ""]
        lines += [f"{md(p)}\n" for p in doc.opening]
        if doc.summary:
            lines += [f"## {md(_('The round in brief'))}", ""]
            lines += [f"- {md(_summary_line(doc, r))}" for r in doc.summary] + [""]
        for s in doc.sessions:
            lines += _md_session(doc, s)
        for heading, items in _closing(doc):
            lines += [f"## {md(heading)}", ""] + [f"- {md(i)}" for i in items] + [""]
        lines += [f"## {md(_('Sources'))}", ""]
        lines += [md(_source_line(src)) + "  " for src in doc.sources]
        return "\n".join(lines) + "\n"


def _md_session(doc: ReportDocument, s: SessionSection) -> list[str]:
    lines = [f"## {md(_session_title(s))}", ""]
    lines += [f"*{md(_('Question:'))} {md(p)}*\n" for p in s.prompts]
    if not s.is_extra:
        lines.append(md(present_text(s.present, s.extra)) + "\n")
    if s.edited_intro:
        lines += [md(s.edited_intro), ""]
    for t in s.full_themes():
        lines += _md_theme(doc, t)
    brief = s.brief_themes()
    if brief:
        lines += [f"### {md(_('Also named, by one participant'))}", ""]
        lines += [f"- {md(_brief_line(doc, t))}" for t in brief] + [""]
    if s.divided:
        lines += [f"### {md(_('Doubts and division in the vote'))}", ""]
        lines += [f"- “{md(d.text)}” — {md(division_text(d))}" for d in s.divided] + [""]
    return lines


def _md_theme(doc: ReportDocument, t: ThemeSection) -> list[str]:
    word, numbers = theme_support_text(t, doc.language)
    rest = _support(doc, t)[len(word) + 3 :] if word else _support(doc, t)
    head = f"**{md(word)}** — {md(rest)}" if word else md(rest)
    lines = [f"### {md(t.label)}", "", head, ""]
    if t.breakdown or t.breakdown_withheld:
        lines += [md(_breakdown_line(doc, t)), ""]
    if t.edited_text:
        lines += [md(t.edited_text), ""]
    if t.summary:
        lines += [" ".join(f"*{md(text)}* [{n}]" for text, n in t.summary), ""]
    lines += [f"> {md(doc.source(n).text)} [{n}]\n" for n in t.quotes]
    for label, numbers_ in (
        (_("Concrete proposals:"), t.proposals),
        (_("From the conversation:"), t.notes),
    ):
        if numbers_:
            lines += [f"**{md(label)}**", ""]
            lines += [f"- {md(doc.source(n).text)} [{n}]" for n in numbers_] + [""]
    lines.append(f"{md(_('Sources'))}: {md(refs_text(t.sources))}\n")
    return lines


class _Docx:
    """A python-docx document written fast enough for thousands of paragraphs.

    python-docx inserts each paragraph before the section properties (a scan of
    the whole body) and looks styles up by name (a scan of all styles): both
    grow with the document. Here the section properties are set aside while
    writing and styles are set by id, resolved once.
    """

    STYLES = ("Heading 1", "Heading 2", "Heading 3", "List Bullet", "Quote")

    def __init__(self, doc: ReportDocument) -> None:
        from docx import Document

        self.doc, self.out = doc, Document()
        self._page()
        self.body = self.out.element.body
        self.section = self.body.sectPr
        self.body.remove(self.section)
        styles = self.out.styles
        self.ids = {name: styles[name].style_id for name in self.STYLES}

    def _page(self) -> None:
        """A4 with 2 cm margins, and a header naming the round and version on every page."""
        from docx.shared import Cm, Pt

        section = self.out.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        header = f"{self.doc.title} · {self.doc.round_title}"
        if self.doc.meta.get("version"):
            header += " · " + _("version %(n)s") % {"n": self.doc.meta["version"]}
        run = section.header.paragraphs[0].add_run(header)
        run.font.size = Pt(8)
        self.out.core_properties.title = _title(self.doc)
        self.out.core_properties.language = self.doc.language

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

    def toc(self) -> None:
        """A Word table-of-contents field: page numbers filled in when Word updates fields."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.para(_("Contents"), "Heading 2")
        run = self.para().add_run()
        for kind, text in (
            ("begin", None),
            (None, 'TOC \\o "2-3" \\h \\z \\u'),
            ("separate", None),
        ):
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            else:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
        run = self.para().add_run(_("Update the field (F9) to show the page numbers."))
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(end)
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        self.out.settings.element.append(update)

    def build(self) -> bytes:
        self.para(_title(self.doc), "Heading 1")
        for p in self.doc.opening:
            self.para(p)
        if self.doc.summary:
            self.para(_("The round in brief"), "Heading 2")
            for r in self.doc.summary:
                self.para(_summary_line(self.doc, r), "List Bullet")
        self.toc()
        for s in self.doc.sessions:
            self.session(s)
        for heading, items in _closing(self.doc):
            self.para(heading, "Heading 2")
            for item in items:
                self.para(item, "List Bullet")
        self.para(_("Sources"), "Heading 2")
        for src in self.doc.sources:
            self.para(_source_line(src)).paragraph_format.space_after = 0
        self.body.append(self.section)
        buffer = io.BytesIO()
        self.out.save(buffer)
        return buffer.getvalue()

    def session(self, s: SessionSection) -> None:
        from docx.shared import Cm

        self.para(_session_title(s), "Heading 2")
        for prompt in s.prompts:
            self.para(_("Question:") + " " + prompt, "Quote")
        if not s.is_extra:
            self.para(present_text(s.present, s.extra))
        if s.edited_intro:
            self.para(s.edited_intro)
        chart = None if s.is_extra else _charts(self.doc).get(s.key)
        if chart:
            self.para().add_run().add_picture(io.BytesIO(chart), width=Cm(15))
        for t in s.full_themes():
            self.theme(t)
        if s.brief_themes():
            self.para(_("Also named, by one participant"), "Heading 3")
            for t in s.brief_themes():
                self.para(_brief_line(self.doc, t), "List Bullet")
        if s.divided:
            self.para(_("Doubts and division in the vote"), "Heading 3")
            for d in s.divided:
                self.para(f"“{d.text}” — {division_text(d)}", "List Bullet")

    def theme(self, t: ThemeSection) -> None:
        self.para(t.label, "Heading 3")
        word, _numbers = theme_support_text(t, self.doc.language)
        support = self.para()
        line = _support(self.doc, t)
        if word:
            support.add_run(word).bold = True
            support.add_run(line[len(word) :])
        else:
            support.add_run(line)
        if t.breakdown or t.breakdown_withheld:
            self.para(_breakdown_line(self.doc, t))
        if t.edited_text:
            self.para(t.edited_text)
        if t.summary:
            self.para(" ".join(f"{text} [{n}]" for text, n in t.summary)).runs[0].italic = True
        for n in t.quotes:
            self.para(f"{self.doc.source(n).text} [{n}]", "Quote")
        for label, numbers in (
            (_("Concrete proposals:"), t.proposals),
            (_("From the conversation:"), t.notes),
        ):
            if numbers:
                self.para().add_run(label).bold = True
                for n in numbers:
                    self.para(f"{self.doc.source(n).text} [{n}]", "List Bullet")
        self.para(_("Sources") + ": " + refs_text(t.sources))


def _charts(doc: ReportDocument) -> dict[str, Any]:
    return document_charts(doc, "png")


def render_docx(doc: ReportDocument) -> bytes:
    with translation.override(doc.language):
        return _Docx(doc).build()
