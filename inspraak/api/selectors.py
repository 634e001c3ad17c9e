# SPDX-License-Identifier: EUPL-1.2
"""What an API caller may read: published data for anyone, a consultation's all for its token.

A round is public once its decisions are published or it has a public report
version. Its sessions and themes (labels and counts, never contributions) are
then readable by anyone; its dispositions only once the decisions are published.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from inspraak.consultations.models import Consultation, Round
from inspraak.reports.models import ReportVersion


def _public_report_rounds() -> QuerySet[Round]:
    ids = [
        v.report.round_id
        for v in ReportVersion.objects.filter(public_token__isnull=False).select_related("report")
        if v.is_public
    ]
    return Round.objects.filter(pk__in=ids)


def rounds_public() -> QuerySet[Round]:
    return Round.objects.filter(
        Q(decisions_publication__isnull=False) | Q(pk__in=_public_report_rounds())
    )


def caller_owns(caller: Any, consultation: Consultation) -> bool:
    return getattr(caller, "consultation_id", None) == consultation.pk


def consultations_readable(caller: Any) -> QuerySet[Consultation]:
    q = Q(rounds__in=rounds_public())
    if getattr(caller, "consultation_id", None):
        q |= Q(pk=caller.consultation_id)
    return Consultation.objects.filter(q).distinct().order_by("slug")


def consultation_readable(caller: Any, slug: str) -> Consultation:
    found = consultations_readable(caller).filter(slug=slug).first()
    if found is None:
        raise Http404("No such consultation.")
    return found


def rounds_readable(caller: Any, consultation: Consultation) -> QuerySet[Round]:
    rounds = consultation.rounds.all()
    if caller_owns(caller, consultation):
        return rounds
    return rounds.filter(pk__in=rounds_public())


def round_readable(caller: Any, slug: str, round_id: int) -> Round:
    consultation = consultation_readable(caller, slug)
    found = rounds_readable(caller, consultation).filter(pk=round_id).first()
    if found is None:
        raise Http404("No such round.")
    return found


def decisions_readable(caller: Any, round_: Round) -> bool:
    from inspraak.decisions.models import Publication

    if caller_owns(caller, round_.consultation):
        return True
    return Publication.objects.filter(round=round_).exists()


def report_versions_readable(caller: Any, round_: Round) -> list[ReportVersion]:
    """Published report versions only, for everyone: a draft is not a report."""
    versions = ReportVersion.objects.filter(report__round=round_, public_token__isnull=False)
    return [v for v in versions.order_by("-published_at", "-id") if v.is_public]
