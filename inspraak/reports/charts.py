# SPDX-License-Identifier: EUPL-1.2
"""Support charts per session: bars of participants who carried each theme, of those present.

Drawn directly — SVG text for pages and PDF, a PNG with Pillow for DOCX — rather than
with matplotlib: a report of 40 sessions needs 40 charts, and a figure library spent
most of the report's time laying them out. The axis runs to the session's present
count, so a full bar is everyone who was there. Labels are escaped (SVG) or drawn as
plain text (PNG): no label can inject markup or TeX.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from django.utils.html import escape

from inspraak.reports.document import ReportDocument, SessionSection

MAX_BARS = 12
WIDTH, ROW, TOP, LABEL, RIGHT = 640, 24, 8, 210, 56
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
GREEN, GREY, INK = "#0b6e4f", "#dde2de", "#1d2a2f"


def _bars(section: SessionSection) -> list[tuple[str, int, int]]:
    themes = [t for t in section.themes if t.count.participants >= 2][:MAX_BARS]
    themes = themes or [t for t in section.themes if t.count.present][:MAX_BARS]
    return [
        (
            t.label if len(t.label) <= 34 else t.label[:33] + "…",
            t.count.participants,
            t.count.present,
        )
        for t in themes
    ]


def chart_svg(section: SessionSection) -> str | None:
    """The chart as inline SVG (an image with a text alternative), or None without themes."""
    bars = _bars(section)
    if not bars:
        return None
    present = max(p for _l, _c, p in bars) or 1
    span = WIDTH - LABEL - RIGHT
    height = TOP * 2 + ROW * len(bars)
    summary = "; ".join(f"{label}: {c}/{p}" for label, c, p in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(summary)}">',
        f'<g font-family="DejaVu Sans, sans-serif" font-size="12" fill="{INK}">',
    ]
    for row, (label, carried, of) in enumerate(bars):
        y = TOP + row * ROW
        full, done = span * of / present, span * carried / present
        parts += [
            f'<text x="{LABEL - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{LABEL}" y="{y + 3}" width="{full:.1f}" height="{ROW - 6}" fill="{GREY}"/>',
            f'<rect x="{LABEL}" y="{y + 3}" width="{done:.1f}" height="{ROW - 6}" fill="{GREEN}"/>',
            f'<text x="{LABEL + full + 6:.1f}" y="{y + 16}">{carried}/{of}</text>',
        ]
    parts.append("</g></svg>")
    return "".join(parts)


@functools.cache
def _font(size: int) -> Any:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default()


def chart_png(section: SessionSection, scale: int = 2) -> bytes | None:
    """The same chart as PNG (for Word), drawn at `scale` times for a sharp print."""
    from PIL import Image, ImageDraw

    bars = _bars(section)
    if not bars:
        return None
    present = max(p for _l, _c, p in bars) or 1
    span = WIDTH - LABEL - RIGHT
    image = Image.new("RGB", (WIDTH * scale, (TOP * 2 + ROW * len(bars)) * scale), "white")
    draw, font = ImageDraw.Draw(image), _font(12 * scale)
    for row, (label, carried, of) in enumerate(bars):
        y = (TOP + row * ROW) * scale
        full, done = span * of / present, span * carried / present
        box = (LABEL * scale, y + 3 * scale)
        draw.rectangle([box, ((LABEL + full) * scale, y + (ROW - 3) * scale)], fill=GREY)
        draw.rectangle([box, ((LABEL + done) * scale, y + (ROW - 3) * scale)], fill=GREEN)
        draw.text(((LABEL - 8) * scale, y + 12 * scale), label, font=font, fill=INK, anchor="rm")
        draw.text(
            ((LABEL + full + 6) * scale, y + 12 * scale),
            f"{carried}/{of}",
            font=font,
            fill=INK,
            anchor="lm",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def session_figure(section: SessionSection) -> SessionSection:
    """The former figure API, kept for callers: the section is all a chart needs."""
    return section


def figure_bytes(figure: SessionSection, fmt: str) -> bytes:
    """A chart as bytes in `fmt` ("svg" or "png"); empty when the session has no themes."""
    if fmt == "svg":
        return (chart_svg(figure) or "").encode()
    return chart_png(figure) or b""


def document_charts(doc: ReportDocument, fmt: str = "svg") -> dict[str, Any]:
    """Session key → chart: inline SVG text, or PNG bytes with fmt="png".

    Kept in the document's private meta (never stored with a version), so the
    HTML, PDF and DOCX of one document — and a cached copy of it — draw once.
    """
    cache = doc.meta.setdefault("_charts", {})
    if fmt not in cache:
        draw = chart_svg if fmt == "svg" else chart_png
        drawn = {s.key: draw(s) for s in doc.sessions if not s.is_extra}
        cache[fmt] = {k: v for k, v in drawn.items() if v is not None}
    return dict(cache[fmt])
