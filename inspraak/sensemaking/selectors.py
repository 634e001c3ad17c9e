# SPDX-License-Identifier: EUPL-1.2
"""Reads of stored analysis results."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from inspraak.consultations.models import Session
from inspraak.sensemaking.models import AnalysisRun, Theme


def run_latest(*, round_id: int, kind: str = AnalysisRun.Kind.THEMES) -> AnalysisRun | None:
    return (
        AnalysisRun.objects.filter(round_id=round_id, kind=kind, status=AnalysisRun.Status.DONE)
        .order_by("-started_at", "-id")
        .first()
    )


def themes_for_session(session: Session) -> QuerySet[Theme] | list[Theme]:
    """Themes of the round's latest finished analysis that hold this session's contributions."""
    run = run_latest(round_id=session.round_id)
    if run is None:
        return []
    return run.themes.filter(members__session=session).distinct()


def _theme_json(theme: Theme) -> dict[str, Any]:
    return {
        "id": theme.key or f"edit{theme.pk}",
        "label": theme.label,
        "parent": (theme.parent.key or f"edit{theme.parent.pk}") if theme.parent else None,
        "sessions": sorted(theme.by_session),
        "contributions": sorted(c.pk for c in theme.members.all()),
        "participants": theme.participants,
        "present": theme.present,
        "support": theme.support,
        "by_session": theme.by_session,
        "keywords": list(theme.keywords),
        "quotes": list(theme.quotes),
        "summary": theme.summary,
        "extra": dict(theme.extra),
        "facilitator": dict(theme.facilitator),
        "edited": theme.edited,
    }


def run_themes_json(*, run: AnalysisRun) -> dict[str, Any]:
    """The run's result with its themes as stored, organisers' edits included.

    The one source for every output of a stored analysis (JSON and Markdown
    alike), so a renamed or merged theme reads the same everywhere.
    """
    themes = run.themes.select_related("parent").prefetch_related("members")
    data = {k: v for k, v in run.result.items() if k != "themes"}
    data["themes"] = [_theme_json(t) for t in themes]
    return data


def run_themes_markdown(data: dict[str, Any]) -> str:
    """One line per leaf theme of ``run_themes_json``: label, support and its count."""
    lines = []
    for t in data["themes"]:
        if any(other["parent"] == t["id"] for other in data["themes"]):
            continue
        line = f"- {t['label']}: {t['support']} ({t['participants']}/{t['present']})"
        for channel, n in t["extra"].items():
            line += f", + {n} {channel}"
        for session, s in t["facilitator"].items():
            line += f"; {session}: {s['supporters']}/{s['present']} volgens de gespreksleider"
        lines.append(line + "\n")
    return "".join(lines)
