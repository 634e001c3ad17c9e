# SPDX-License-Identifier: EUPL-1.2
"""Support charts per session, drawn server-side with matplotlib (SVG for pages and PDF, PNG for DOCX)."""

from __future__ import annotations

import io
import os
import tempfile
from typing import Any

from inspraak.reports.document import SessionSection

MAX_BARS = 12


def _matplotlib() -> None:
    # matplotlib keeps a font cache; give it a private folder when HOME is not writable.
    os.environ.setdefault(
        "MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "inspraak-matplotlib")
    )
    import matplotlib

    matplotlib.rcParams.update(
        {"font.family": "DejaVu Sans", "svg.fonttype": "none", "svg.hashsalt": "inspraak"}
    )


def session_figure(section: SessionSection) -> Any:
    """Horizontal bars: participants who carried each theme against those present.

    A plain Figure (not pyplot), so it can be kept and saved in several formats
    without being drawn again, and is freed like any object.
    """
    themes = [t for t in section.themes if t.count.participants >= 2][:MAX_BARS]
    themes = themes or section.themes[:MAX_BARS]
    if not themes:
        return None
    _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = [t.label if len(t.label) <= 40 else t.label[:39] + "…" for t in reversed(themes)]
    carried = [t.count.participants for t in reversed(themes)]
    present = [t.count.present for t in reversed(themes)]
    figure = Figure(figsize=(7, 0.45 * len(themes) + 0.9), dpi=110, layout="tight")
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    axes.barh(labels, present, color="#dde2de", label="present")
    axes.barh(labels, carried, color="#0b6e4f", label="carried")
    for y, (c, p) in enumerate(zip(carried, present, strict=True)):
        axes.text(p + 0.1, y, f"{c}/{p}", va="center", fontsize=8, color="#1d2a2f")
    # The axis runs to the session's present count: a full bar is everyone who was there.
    axes.set_xlim(0, max(present) * 1.1)
    axes.set_xticks(sorted({0, max(present) // 2, max(present)}))
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    return figure


def figure_bytes(figure: Any, fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def svg_inline(data: bytes) -> str:
    """SVG for inlining in HTML: the XML prologue removed."""
    text = data.decode("utf-8")
    return text[text.index("<svg") :]
