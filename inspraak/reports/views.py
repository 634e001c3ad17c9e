# SPDX-License-Identifier: EUPL-1.2
"""Report pages: the organiser's draft, editing, versions, publishing; the public link."""

from __future__ import annotations

import difflib
from datetime import date, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations.access import access_consultation
from inspraak.core.ids import id_parse
from inspraak.reports import services
from inspraak.reports.access import access_public_report, access_report, access_report_version
from inspraak.reports.document import ReportDocument
from inspraak.reports.inputs import NoAnalysis
from inspraak.reports.render import CSS, FORMATS, document_charts, render_markdown
from inspraak.reports.render import render as render_report

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _download(doc: ReportDocument, fmt: str, name: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format.")
    response = HttpResponse(render_report(doc, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def reports_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    if request.method == "POST":
        round_ = consultation.rounds.filter(pk=id_parse(request.POST.get("round")) or 0).first()
        if round_ is None:
            raise Http404("No such round.")
        report = services.report_create(
            round=round_, contact=request.POST.get("contact", ""), actor=request.user
        )
        return redirect("report", slug=slug, report_id=report.pk)
    return render(
        request,
        "reports/reports.html",
        {
            "consultation": consultation,
            "rounds": consultation.rounds.prefetch_related("reports"),
        },
    )


@login_required
def report_page(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    report = access_report(request.user, slug, report_id)
    try:
        doc = services.report_draft(report)
    except NoAnalysis:
        return render(
            request,
            "reports/report_missing.html",
            {"consultation": report.round.consultation, "report": report},
        )
    return render(
        request,
        "reports/report.html",
        {
            "consultation": report.round.consultation,
            "report": report,
            "doc": doc,
            "slug": slug,
            "charts": document_charts(doc),
            "source_links": True,
            "css": CSS,
            "versions": report.versions.all(),
            "formats": FORMATS,
        },
    )


@login_required
def report_download(request: HttpRequest, slug: str, report_id: int, fmt: str) -> HttpResponse:
    report = access_report(request.user, slug, report_id)
    return _download(services.report_draft(report), fmt, f"{slug}-concept")


@login_required
@require_POST
def report_edit(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    report = access_report(request.user, slug, report_id)
    try:
        services.report_edit(
            report=report,
            section_key=request.POST.get("section", ""),
            text=request.POST.get("text", ""),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Wording saved."))
    return redirect("report", slug=slug, report_id=report.pk)


@login_required
@require_POST
def report_settings_view(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    report = access_report(request.user, slug, report_id)
    try:
        services.report_settings(
            report=report,
            contact=request.POST.get("contact", ""),
            breakdown=request.POST.get("breakdown", ""),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("report", slug=slug, report_id=report.pk)


@login_required
@require_POST
def report_version_create(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    report = access_report(request.user, slug, report_id)
    version = services.report_version_create(report=report, actor=request.user)
    messages.success(request, _("Version %(n)d saved.") % {"n": version.number})
    return redirect("report", slug=slug, report_id=report.pk)


@login_required
def version_download(
    request: HttpRequest, slug: str, report_id: int, number: int, fmt: str
) -> HttpResponse:
    version = access_report_version(request.user, slug, report_id, number)
    return _download(ReportDocument.from_json(version.document), fmt, f"{slug}-v{number}")


def _end_of_day(text: str) -> datetime | None:
    """The end of an ISO date (YYYY-MM-DD) in the local time zone; None when empty."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("Give the expiry date as YYYY-MM-DD.")) from None
    return timezone.make_aware(datetime.combine(day, time.max))


@login_required
@require_POST
def version_publish(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    version = access_report_version(request.user, slug, report_id, number)
    try:
        services.report_version_publish(
            version=version,
            actor=request.user,
            expires_at=_end_of_day(request.POST.get("expires", "")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("report", slug=slug, report_id=report_id)


@login_required
@require_POST
def version_revoke(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    version = access_report_version(request.user, slug, report_id, number)
    services.report_version_revoke(version=version, actor=request.user)
    messages.success(request, _("The public link no longer works."))
    return redirect("report", slug=slug, report_id=report_id)


@login_required
def versions_diff(
    request: HttpRequest, slug: str, report_id: int, old: int, new: int
) -> HttpResponse:
    before = access_report_version(request.user, slug, report_id, old)
    after = access_report_version(request.user, slug, report_id, new)
    lines = difflib.unified_diff(
        render_markdown(ReportDocument.from_json(before.document)).splitlines(),
        render_markdown(ReportDocument.from_json(after.document)).splitlines(),
        fromfile=f"v{old}",
        tofile=f"v{new}",
        lineterm="",
    )
    return render(
        request,
        "reports/diff.html",
        {
            "consultation": before.report.round.consultation,
            "report": before.report,
            "old": old,
            "new": new,
            "lines": list(lines),
        },
    )


def public_report(request: HttpRequest, token: str) -> HttpResponse:
    version = access_public_report(token)
    doc = services.public_document(version)
    response = render(
        request,
        "reports/public.html",
        {
            "doc": doc,
            "css": CSS,
            "charts": document_charts(doc),
            "token": token,
            "formats": FORMATS,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def public_download(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    version = access_public_report(token)
    return _download(services.public_document(version), fmt, f"verslag-v{version.number}")
