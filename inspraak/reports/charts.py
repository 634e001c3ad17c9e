# SPDX-License-Identifier: EUPL-1.2
"""Support charts per session, drawn server-side with matplotlib (SVG for pages and PDF, PNG for DOCX)."""

from __future__ import annotations

import io
import os
import tempfile
from typing import Any

from inspraak.reports.document import SessionSection

MAX_BARS = 12


def _pyplot() -> Any:
    # matplotlib keeps a font cache; give it a private folder when HOME is not writable.
    os.environ.setdefault(
        "MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "inspraak-matplotlib")
    )
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {"font.family": "DejaVu Sans", "svg.fonttype": "none", "svg.hashsalt": "inspraak"}
    )
    return plt


def session_chart(section: SessionSection, *, fmt: str = "svg") -> bytes | None:
    """Horizontal bars: participants who carried each theme against those present."""
    themes = [t for t in section.themes if t.count.participants >= 2][:MAX_BARS] or section.themes[
        :MAX_BARS
    ]
    if not themes:
        return None
    plt = _pyplot()
    labels = [t.label if len(t.label) <= 40 else t.label[:39] + "…" for t in reversed(themes)]
    carried = [t.count.participants for t in reversed(themes)]
    present = [t.count.present for t in reversed(themes)]
    figure, axes = plt.subplots(figsize=(7, 0.45 * len(themes) + 0.9), dpi=110)
    axes.barh(labels, present, color="#dde2de", label="present")
    axes.barh(labels, carried, color="#0b6e4f", label="carried")
    for y, (c, p) in enumerate(zip(carried, present, strict=True)):
        axes.text(p + 0.1, y, f"{c}/{p}", va="center", fontsize=8, color="#1d2a2f")
    axes.set_xlim(0, max(present) * 1.15 + 1)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(figure)
    return buffer.getvalue()


def charts_svg(sections: list[SessionSection]) -> dict[str, str]:
    """Session key → inline SVG (the XML prologue removed)."""
    charts = {}
    for section in sections:
        svg = session_chart(section)
        if svg:
            text = svg.decode("utf-8")
            charts[section.key] = text[text.index("<svg") :]
    return charts
