# SPDX-License-Identifier: EUPL-1.2
"""Reads of stored analysis results."""

from __future__ import annotations

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
