# SPDX-License-Identifier: EUPL-1.2
"""Reads for reports: the data version a draft is built from, and the cache keyed by it.

Building a report reads the whole round; rendering a PDF of it takes seconds. Both
are kept per *data version*: a short fingerprint of everything the report is made
of (contributions, hiding, attendance, the analysis, notes, endorsements, votes'
opinion runs, the organiser's wording and settings). Any change gives a new
version, and so a fresh build; an unchanged round is served from the cache.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum

from inspraak.consultations.models import Attendance, Contribution, Endorsement, Note
from inspraak.reports.models import Report, ReportVersion
from inspraak.sensemaking.models import AnalysisRun, ThemeEdit

CACHE_SECONDS = 24 * 3600
_GENERATION = "reports:generation:{}"


def report_generation(consultation_id: int) -> int:
    """Raised by writes the counts cannot see (an erased text); part of every key."""
    return int(cache.get(_GENERATION.format(consultation_id), 0))


def report_generation_bump(consultation_id: int) -> None:
    key = _GENERATION.format(consultation_id)
    cache.set(key, report_generation(consultation_id) + 1, None)


def report_data_version(report: Report) -> str:
    round_ = report.round
    contributions = Contribution.objects.filter(round=round_).aggregate(
        n=Count("id"),
        last=Max("id"),
        hidden=Sum("id", filter=Q(hidden=True)),
        discussed=Sum("id", filter=Q(discussed=True)),
    )
    runs = AnalysisRun.objects.filter(
        consultation_id=round_.consultation_id, status=AnalysisRun.Status.DONE
    ).aggregate(n=Count("id"), last=Max("id"))
    parts: list[Any] = [
        contributions,
        runs,
        ThemeEdit.objects.filter(round=round_).aggregate(n=Count("id"), last=Max("id")),
        Note.objects.filter(session__round=round_).aggregate(n=Count("id"), last=Max("id")),
        Endorsement.objects.filter(contribution__round=round_).aggregate(n=Count("id")),
        Attendance.objects.filter(session__round=round_)
        .exclude(active_at=None)
        .aggregate(n=Count("id")),
        list(round_.sessions.values_list("pk", "present_override", "title")),
        report.edits.aggregate(n=Count("id"), last=Max("edited_at")),
        report.contact,
        report.breakdown,
        report.created_at.isoformat() if report.created_at else "",
        (round_.title, round_.date, round_.place),
        (round_.consultation.title, round_.consultation.language),
        report_generation(round_.consultation_id),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def cached(key: str, make: Any) -> Any:
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found, CACHE_SECONDS)
    return found


def version_newer_public(version: ReportVersion) -> ReportVersion | None:
    """The newest published version of the same report after this one, if any."""
    newer = version.report.versions.filter(number__gt=version.number).exclude(public_token=None)
    return next((v for v in newer.order_by("-number") if v.is_public), None)


def version_gone_ids(version: ReportVersion, ids: list[int]) -> set[int]:
    """Contributions of a frozen version hidden or removed since: never served in public."""
    visible = set(
        Contribution.objects.filter(round_id=version.report.round_id, hidden=False).values_list(
            "pk", flat=True
        )
    )
    return {cid for cid in ids if cid not in visible}
