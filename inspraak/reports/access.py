# SPDX-License-Identifier: EUPL-1.2
"""Who may see and do what with reports and their published versions: fetch the object and check the right in one call.

The rights themselves (organisers, facilitators) are in inspraak.consultations.access.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from inspraak.consultations.access import access_consultation


def access_report(user: Any, slug: str, report_id: int) -> Any:
    """A report of a consultation the user manages (reports are organisers' work)."""
    from inspraak.reports.models import Report

    consultation = access_consultation(user, slug, manage=True)
    try:
        return Report.objects.select_related("round", "round__consultation").get(
            pk=report_id, round__consultation=consultation
        )
    except Report.DoesNotExist:
        raise Http404("No such report.") from None


def access_report_version(user: Any, slug: str, report_id: int, number: int) -> Any:
    report = access_report(user, slug, report_id)
    try:
        return report.versions.get(number=number)
    except report.versions.model.DoesNotExist:
        raise Http404("No such version.") from None


def access_public_report(token: str) -> Any:
    """A published version by its link, for anyone: only while published and not expired."""
    from inspraak.reports.models import ReportVersion

    version = (
        ReportVersion.objects.filter(public_token=token).select_related("report__round").first()
    )
    if version is None or not version.is_public:
        raise Http404("No such report.")
    return version
