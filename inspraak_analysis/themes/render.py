# SPDX-License-Identifier: EUPL-1.2
"""The result as JSON (a public interface, docs/sensemaking.md) and as Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from inspraak_analysis.themes.model import ContributionId, SensemakingResult, Theme

RowOf = Mapping[ContributionId, int] | Callable[[ContributionId], int]


def _row_function(result: SensemakingResult, row_of: RowOf | None) -> Callable[[Any], int]:
    if row_of is None:
        position = {cid: i + 1 for i, cid in enumerate(result.order)}
        return position.__getitem__
    if isinstance(row_of, Mapping):
        return row_of.__getitem__
    return row_of


def _theme_json(theme: Theme, row: Callable[[Any], int]) -> dict[str, Any]:
    return {
        "id": theme.id,
        "label": theme.label,
        "parent": theme.parent,
        "sessions": list(theme.sessions),
        "contributions": sorted(row(cid) for cid in theme.contribution_ids),
        "participants": theme.participants,
        "present": theme.present,
        "support": theme.support,
        "by_session": {
            name: {"participants": s.participants, "present": s.present}
            for name, s in theme.by_session.items()
        },
        "keywords": list(theme.keywords),
        "quotes": [row(cid) for cid in theme.quote_ids],
        "summary": theme.summary,
        "extra": dict(theme.extra),
    }


def result_to_json(result: SensemakingResult, *, row_of: RowOf | None = None) -> dict[str, Any]:
    """The issue's result format. Rows are 1-based data rows of the input.

    By default a contribution's row is its position in the input of
    ``analyse`` plus one; pass ``row_of`` (a mapping or function from
    contribution id to row) when ids carry their own row numbers.
    """
    row = _row_function(result, row_of)
    return {
        "themes": [_theme_json(theme, row) for theme in result.themes],
        "duplicates": sorted([row(a), row(b)] for a, b in result.duplicates),
        "claims": [{"row": row(c.contribution_id), "text": c.text} for c in result.claims],
        "not_discussed": list(result.not_discussed),
        "route": result.route,
    }


CHANNEL_NL = {
    "email": "e-mail",
    "form": "webformulier",
    "document": "document",
    "spreadsheet": "spreadsheet",
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def md_escape(text: str) -> str:
    """User text made inert in Markdown: one line, HTML and markup escaped."""
    flat = " ".join(text.split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _theme_md(theme: Theme, row: Callable[[Any], int]) -> list[str]:
    level = "###" if theme.parent else "##"
    lines = [f"{level} {md_escape(theme.label)}", ""]
    lines.append(
        f"*{theme.support}* — {theme.participants} van {theme.present} aanwezigen "
        f"({len(theme.contribution_ids)} bijdragen)"
    )
    for name, s in theme.by_session.items():
        lines.append(f"- {md_escape(name)}: {s.participants} van {s.present}")
    for channel, n in theme.extra.items():
        lines.append(
            f"- en {n} {'reactie' if n == 1 else 'reacties'} per {CHANNEL_NL.get(channel, channel)}"
        )
    if theme.summary:
        lines.append(f"- samenvatting: {md_escape(theme.summary)}")
    if theme.keywords:
        lines.append(f"- trefwoorden: {md_escape(', '.join(theme.keywords))}")
    lines.append("")
    for cid, text in zip(theme.quote_ids, theme.quote_texts, strict=False):
        lines.append(f"> {md_escape(text[:400])} (rij {row(cid)})")
        lines.append(">")
    return lines[:-1] + [""] if theme.quote_ids else lines


def result_to_markdown(result: SensemakingResult, *, row_of: RowOf | None = None) -> str:
    """A readable report: themes with support in words and numbers, then the lists."""
    row = _row_function(result, row_of)
    lines = ["# Uitkomst analyse", ""]
    for theme in result.themes:
        lines.extend(_theme_md(theme, row))
    labels = {t.id: t.label for t in result.themes}
    lines += ["## Genoemd maar niet besproken", ""]
    lines += [f"- {md_escape(labels[tid])} ({tid})" for tid in result.not_discussed] or ["- geen"]
    lines += ["", "## Te controleren beweringen", ""]
    lines += [f"- rij {row(c.contribution_id)}: {md_escape(c.text)}" for c in result.claims]
    lines += ["", "## Bijna gelijke bijdragen", ""]
    lines += [f"- rij {row(a)} en rij {row(b)}" for a, b in result.duplicates]
    if result.warnings:
        lines += ["", "## Waarschuwingen", ""]
        lines += [f"- {md_escape(w)}" for w in result.warnings]
    return "\n".join(lines).rstrip() + "\n"
