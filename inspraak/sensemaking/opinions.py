# SPDX-License-Identifier: EUPL-1.2
"""Adapter: stored statements and votes → the opinion-group engine → a stored run.

The engine (inspraak_analysis.opinions) knows nothing of the database; this module
turns rows into plain records, runs it and keeps its JSON in an AnalysisRun.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from inspraak.consultations.models import Consultation, Session
from inspraak.core.audit import audit_log
from inspraak.sensemaking.models import AnalysisRun
from inspraak.votes.models import Statement, Vote


def _statements(consultation: Consultation, session: Session | None) -> list[Statement]:
    statements = Statement.objects.filter(consultation=consultation)
    if session is not None:
        statements = statements.filter(session=session)
    return list(statements.order_by("pk"))


def opinions_compute(
    *, consultation: Consultation, session: Session | None = None, actor: Any = None
) -> AnalysisRun:
    """Compute opinion groups on the consultation's votes (or one session's) and store them."""
    statements = _statements(consultation, session)
    votes = Vote.objects.filter(statement__in=statements).order_by("updated_at", "pk")
    records = [
        (v.participant_id, v.statement_id, v.value, int(v.updated_at.timestamp() * 1000))
        for v in votes.only("participant_id", "statement_id", "value", "updated_at")
    ]
    moderation = [{"id": s.pk, "moderated": s.moderation} for s in statements]
    run = AnalysisRun.objects.create(
        consultation=consultation,
        round=session.round if session else None,
        kind=AnalysisRun.Kind.OPINIONS,
        parameters={"session": session.pk if session else None},
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # Imported here: the opinion math loads scikit-learn and SciPy (about 2 s), which a
    # restarted server must not pay before answering its first request.
    from inspraak_analysis.opinions import compute_opinions, result_to_json

    result = result_to_json(compute_opinions(records, statements=moderation, random_state=0))
    result["statement_texts"] = {str(s.pk): s.text for s in statements}
    with transaction.atomic():
        run.result = result
        run.status = AnalysisRun.Status.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["result", "status", "finished_at"])
        audit_log(
            actor=actor,
            action="opinions_compute",
            target=run,
            consultation=consultation,
            detail={"votes": len(records), "groups": len(result["groups"])},
        )
    return run


def opinions_latest(
    *, consultation: Consultation, session: Session | None = None
) -> AnalysisRun | None:
    runs = AnalysisRun.objects.filter(
        consultation=consultation, kind=AnalysisRun.Kind.OPINIONS, status=AnalysisRun.Status.DONE
    )
    runs = runs.filter(parameters__session=session.pk if session else None)
    return runs.order_by("-started_at", "-pk").first()


def division_rows(result: dict[str, Any]) -> list[tuple[str, list[int]]]:
    """A stored run's divided statements: (text, percent agreeing in each group)."""
    texts = result.get("statement_texts", {})
    return [
        (texts.get(str(d["statement"]), "?"), [round(100 * a) for a in d["agree_by_group"]])
        for d in result.get("division", [])
    ]
