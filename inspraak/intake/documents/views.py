# SPDX-License-Identifier: EUPL-1.2
"""Document import pages: upload, a preview the organiser corrects, then confirm.

The preview lives in the organiser's Django session until confirmed; nothing is
written to the contributions tables before that. Organisers only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inspraak.consultations.access import access_consultation
from inspraak.consultations.models import Consultation, Contribution
from inspraak.intake.documents.forms import PointCorrectionForm, SessionCorrectionForm
from inspraak.intake.documents.parse import SUPPORTED_SUFFIXES, ParsedDocument, ParsedPoint
from inspraak.intake.documents.services import document_import, document_read
from inspraak.intake.files import FileRejected
from inspraak.intake.uploads import ImportUploadForm, RoundForm


def _key(consultation: Consultation) -> str:
    return f"intake-document-{consultation.pk}"


def _pending(request: HttpRequest, consultation: Consultation) -> tuple[ParsedDocument, str] | None:
    state = request.session.get(_key(consultation))
    if not state:
        return None
    return ParsedDocument.from_dict(state["document"]), state["round_title"]


def _keep(
    request: HttpRequest, consultation: Consultation, document: ParsedDocument, round_title: str
) -> None:
    request.session[_key(consultation)] = {
        "document": document.as_dict(),
        "round_title": round_title,
    }


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, suffixes=SUPPORTED_SUFFIXES
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = document_read(data=upload.read(), file_name=upload.name)
        except FileRejected as rejected:
            problems = rejected.messages
        else:
            round_title = form.cleaned_data["round"] or document.round_title
            _keep(request, consultation, document, round_title)
            return redirect("document_preview", slug=consultation.slug)
    context = {"consultation": consultation, "form": form, "problems": problems, "kind": "document"}
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/import_upload.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def document_preview(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    pending = _pending(request, consultation)
    if pending is None:
        messages.info(request, _("Upload a document first."))
        return redirect("document_upload", slug=consultation.slug)
    document, round_title = pending
    problems: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "confirm":
            try:
                return _confirm(request, consultation, document, round_title)
            except FileRejected as rejected:
                problems = rejected.messages
        elif action == "cancel":
            request.session.pop(_key(consultation), None)
            messages.info(request, _("The preview was discarded; nothing was imported."))
            return redirect("consultation", slug=consultation.slug)
        elif _corrected(request, document) or action == "round":
            round_title = _round_title(request, round_title)
            _keep(request, consultation, document, round_title)
            return redirect("document_preview", slug=consultation.slug)
        else:
            problems = [_("That correction could not be applied.")]
    return _render_preview(request, consultation, document, round_title, problems)


def _round_title(request: HttpRequest, current: str) -> str:
    form = RoundForm(request.POST)
    if request.POST.get("action") == "round" and form.is_valid():
        return str(form.cleaned_data["round_title"]).strip() or current
    return current


def _corrected(request: HttpRequest, document: ParsedDocument) -> bool:
    """Apply a session or point correction from the POST; False when it is not valid."""
    action = request.POST.get("action")
    try:
        if action == "session":
            form = SessionCorrectionForm(request.POST)
            if form.is_valid():
                document.correct_session(
                    form.cleaned_data["index"],
                    title=form.cleaned_data["title"],
                    skip=form.cleaned_data["skip"],
                )
                return True
        elif action == "point":
            form = PointCorrectionForm(request.POST)
            if form.is_valid():
                document.correct_point(
                    form.cleaned_data["point"],
                    session_index=form.cleaned_data["session"],
                    skip=form.cleaned_data["skip"],
                )
                return True
    except (IndexError, KeyError):
        return False
    return False


def _confirm(
    request: HttpRequest, consultation: Consultation, document: ParsedDocument, round_title: str
) -> HttpResponse:
    result = document_import(
        document=document, consultation=consultation, round_title=round_title, actor=request.user
    )
    request.session.pop(_key(consultation), None)
    messages.success(
        request,
        _("Imported %(created)d points into round “%(round)s”; %(skipped)d were there already.")
        % {"created": result.created, "round": result.round_title, "skipped": result.skipped},
    )
    return redirect("consultation", slug=consultation.slug)


def _highlighted(point: ParsedPoint) -> dict[str, Any]:
    """The point's text split around the phrase that stated its support, for <mark>."""
    label = Contribution.Support(point.support).label if point.support else ""
    start = point.text.find(point.phrase) if point.phrase else -1
    if start < 0:
        return {"point": point, "label": label, "before": point.text, "phrase": "", "after": ""}
    end = start + len(point.phrase)
    return {
        "point": point,
        "label": label,
        "before": point.text[:start],
        "phrase": point.phrase,
        "after": point.text[end:],
    }


def _render_preview(
    request: HttpRequest,
    consultation: Consultation,
    document: ParsedDocument,
    round_title: str,
    problems: list[str],
) -> HttpResponse:
    sessions = [
        {
            "index": index,
            "session": session,
            "themes": [
                (theme, [_highlighted(p) for p in points]) for theme, points in session.themes()
            ],
        }
        for index, session in enumerate(document.sessions)
    ]
    context = {
        "consultation": consultation,
        "document": document,
        "round_title": round_title,
        "sessions": sessions,
        "count": len(document.points()),
        "problems": problems,
    }
    return render(request, "intake/document_preview.html", context, status=400 if problems else 200)
