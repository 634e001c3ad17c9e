# SPDX-License-Identifier: EUPL-1.2
"""Report pages: the organiser's draft, editing, versions, publishing; the public link."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations.access import access_consultation
from inspraak.core.ids import id_parse
from inspraak.reports import services
from inspraak.reports.access import access_public_report, access_report, access_report_version
from inspraak.reports.diff import versions_compare
from inspraak.reports.document import ReportDocument
from inspraak.reports.inputs import NoAnalysis
from inspraak.reports.render import CSS, FORMATS, document_charts
from inspraak.reports.render import render as render_report
from inspraak.reports.selectors import cached, version_newer_public

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def no_store(view: Any) -> Any:
    """Organisers' report pages and drafts hold pseudonyms and trails: never kept by a cache."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response  # type: ignore[no-any-return]

    return wrapped


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404("No such format.")
    return fmt


@no_store
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


@no_store
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
            "editable": True,
            "css": CSS,
            "versions": report.versions.all(),
            "public_versions": [v for v in report.versions.all() if v.is_public],
            "formats": FORMATS,
        },
    )


@no_store
@login_required
def report_download(request: HttpRequest, slug: str, report_id: int, fmt: str) -> HttpResponse:
    report = access_report(request.user, slug, report_id)
    return _download(services.report_render(report, _format(fmt)), fmt, f"{slug}-concept")


@no_store
@login_required
@require_POST
def report_edit(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    """Save one section's wording; back to that section (or, from the script, stay in place)."""
    report = access_report(request.user, slug, report_id)
    in_place = request.headers.get("X-Requested-With") == "inspraak-editor"
    try:
        services.report_edit(
            report=report,
            section_key=request.POST.get("section", ""),
            text=request.POST.get("text", ""),
            actor=request.user,
        )
    except ValidationError as error:
        if in_place:
            return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
    else:
        if in_place:
            return JsonResponse({"ok": True, "message": _("Wording saved.")})
        messages.success(request, _("Wording saved."))
    anchor = slugify(request.POST.get("anchor", ""))
    url = reverse("report", kwargs={"slug": slug, "report_id": report.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@no_store
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


@no_store
@login_required
def version_download(
    request: HttpRequest, slug: str, report_id: int, number: int, fmt: str
) -> HttpResponse:
    version = access_report_version(request.user, slug, report_id, number)
    key = f"reports:version:{version.pk}:{version.revision}:{_format(fmt)}"
    data = cached(key, lambda: render_report(ReportDocument.from_json(version.document), fmt))
    return _download(data, fmt, f"{slug}-v{number}")


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
    moved = request.POST.get("move_from", "")
    move_from = (
        version.report.versions.filter(number=int(moved)).first() if moved.isdigit() else None
    )
    try:
        services.report_version_publish(
            version=version,
            actor=request.user,
            expires_at=_end_of_day(request.POST.get("expires", "")),
            move_from=move_from,
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


@no_store
@login_required
def versions_diff(
    request: HttpRequest, slug: str, report_id: int, old: int, new: int
) -> HttpResponse:
    before = access_report_version(request.user, slug, report_id, old)
    after = access_report_version(request.user, slug, report_id, new)
    changes = versions_compare(
        ReportDocument.from_json(before.document), ReportDocument.from_json(after.document)
    )
    return render(
        request,
        "reports/diff.html",
        {
            "consultation": before.report.round.consultation,
            "report": before.report,
            "old": old,
            "new": new,
            "changes": changes,
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
            "newer": version_newer_public(version),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def public_download(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    version = access_public_report(token)
    data = services.public_render(version, _format(fmt))
    response = _download(data, fmt, f"verslag-v{version.number}")
    response["X-Robots-Tag"] = "noindex"
    return response
