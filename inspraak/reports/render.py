# SPDX-License-Identifier: EUPL-1.2
"""The report in four formats: HTML, Markdown, DOCX and PDF, all from one document.

Every piece of participant text is escaped for its format: Django's autoescape
in HTML (and so in the PDF), a Markdown escape that keeps links and images
inert, and plain runs in DOCX.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from inspraak.reports.charts import charts_svg, session_chart
from inspraak.reports.document import ReportDocument

CSS = (Path(__file__).parent / "static_report.css").read_text(encoding="utf-8")
FORMATS = ("html", "pdf", "docx", "md")


def render_html(
    doc: ReportDocument, *, charts: bool = True, extra: dict[str, Any] | None = None
) -> str:
    with translation.override(doc.language):
        context = {
            "doc": doc,
            "css": CSS,
            "charts": charts_svg(doc.sessions) if charts else {},
            **(extra or {}),
        }
        return render_to_string("reports/report_page.html", context)


def render_pdf(doc: ReportDocument) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_html(doc)).write_pdf())


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


def render_markdown(doc: ReportDocument) -> str:
    with translation.override(doc.language):
        lines = [
            f"# {md(_('Outcome of the conversations: %(round)s') % {'round': doc.round_title})}",
            "",
        ]
        lines += [f"{md(p)}\n" for p in doc.opening]
        for s in doc.sessions:
            lines += [f"## {md(_('Session %(title)s') % {'title': s.title})}", ""]
            lines += [f"*{md(p)}*\n" for p in s.prompts]
            lines.append(md(_("%(n)s participants present.") % {"n": s.present}) + "\n")
            for t in s.themes:
                lines += _md_theme(doc, t)
        lines += _md_lists(doc)
        return "\n".join(lines) + "\n"


def _md_theme(doc: ReportDocument, t: Any) -> list[str]:
    lines = [f"### {md(t.label)}", "", f"**{md(t.count.support)}** — {md(_count(t.count))}", ""]
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


def render_docx(doc: ReportDocument) -> bytes:
    from docx import Document
    from docx.shared import Cm

    with translation.override(doc.language):
        out = Document()
        out.add_heading(
            _("Outcome of the conversations: %(round)s") % {"round": doc.round_title}, level=1
        )
        for p in doc.opening:
            out.add_paragraph(p)
        for s in doc.sessions:
            out.add_heading(_("Session %(title)s") % {"title": s.title}, level=2)
            for prompt in s.prompts:
                out.add_paragraph(prompt, style="Intense Quote")
            out.add_paragraph(_("%(n)s participants present.") % {"n": s.present})
            chart = session_chart(s, fmt="png")
            if chart:
                out.add_picture(io.BytesIO(chart), width=Cm(15))
            for t in s.themes:
                _docx_theme(out, doc, t)
        _docx_lists(out, doc)
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()


def _docx_theme(out: Any, doc: ReportDocument, t: Any) -> None:
    out.add_heading(t.label, level=3)
    support = out.add_paragraph()
    support.add_run(t.count.support).bold = True
    support.add_run(" — " + _count(t.count))
    if t.edited_text:
        out.add_paragraph(t.edited_text)
    for n in t.quotes:
        out.add_paragraph(f"{doc.source(n).text} [{n}]", style="Quote")
    for n in t.proposals + t.notes:
        out.add_paragraph(f"{doc.source(n).text} [{n}]", style="List Bullet")
    out.add_paragraph(_("Sources") + ": " + ", ".join(f"[{n}]" for n in t.sources))


def _docx_lists(out: Any, doc: ReportDocument) -> None:
    out.add_heading(_("Named but not discussed"), level=2)
    for r in doc.not_discussed:
        out.add_paragraph(f"{r.label} — {r.total.support}, {_count(r.total)}", style="List Bullet")
    out.add_heading(_("Back in several sessions"), level=2)
    for r in doc.cross_session:
        where = ", ".join(
            f"{name} ({c.participants}/{c.present})" for name, c in r.sessions.items()
        )
        out.add_paragraph(f"{r.label}: {where}", style="List Bullet")
    out.add_heading(_("Figures and claims to check"), level=2)
    for c in doc.claims:
        out.add_paragraph(f"{c.text} [{c.source}]", style="List Bullet")
    out.add_heading(_("Sources"), level=2)
    for src in doc.sources:
        who = f" · {src.who}" if src.who else ""
        out.add_paragraph(f"[{src.number}] {src.text} — {src.session}{who} · {src.provenance}")


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
