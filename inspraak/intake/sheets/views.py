# SPDX-License-Identifier: EUPL-1.2
"""Spreadsheet import pages: upload, choose the sheet and map columns, preview, confirm.

The uploaded file waits in the organiser's Django session until confirmed;
nothing is written to the contributions tables before that. Organisers only.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inspraak.consultations.access import access_consultation
from inspraak.consultations.models import Consultation
from inspraak.intake.files import FileRejected
from inspraak.intake.sheets.forms import MappingForm, SheetChoiceForm
from inspraak.intake.sheets.services import (
    Mapping,
    Table,
    sheet_import,
    sheet_names,
    sheet_read,
    sheet_validate,
)
from inspraak.intake.uploads import ImportUploadForm

SUFFIXES = (".xlsx", ".csv")
PREVIEW_ROWS = 20


def _key(consultation: Consultation) -> str:
    return f"intake-sheet-{consultation.pk}"


def _state(request: HttpRequest, consultation: Consultation) -> dict[str, Any] | None:
    return request.session.get(_key(consultation))


def _data(state: dict[str, Any]) -> bytes:
    return base64.b64decode(state["data"])


def _table(state: dict[str, Any]) -> Table:
    return sheet_read(data=_data(state), file_name=state["file_name"], sheet=state["sheet"])


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], problems: list[str]
) -> HttpResponse:
    context = {**context, "problems": problems}
    return render(request, f"intake/{template}", context, status=400 if problems else 200)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_upload(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    form = ImportUploadForm(request.POST or None, request.FILES or None, suffixes=SUFFIXES)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            sheets = sheet_names(data=data, file_name=upload.name)
            if len(sheets) <= 1:
                sheet_read(data=data, file_name=upload.name)
        except FileRejected as rejected:
            problems = rejected.messages
        else:
            request.session[_key(consultation)] = {
                "file_name": upload.name,
                "data": base64.b64encode(data).decode("ascii"),
                "round": form.cleaned_data["round"],
                "sheet": "",
                "mapping": None,
            }
            return redirect("sheet_columns", slug=consultation.slug)
    context = {"consultation": consultation, "form": form, "kind": "sheet", "problems": problems}
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/import_upload.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_columns(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    state = _state(request, consultation)
    if state is None:
        messages.info(request, _("Upload a spreadsheet first."))
        return redirect("sheet_upload", slug=consultation.slug)
    sheets = sheet_names(data=_data(state), file_name=state["file_name"])
    if request.method == "POST" and request.POST.get("action") == "sheet":
        choice = SheetChoiceForm(request.POST, sheets=sheets)
        if choice.is_valid():
            state |= {"sheet": choice.cleaned_data["sheet"], "mapping": None}
            request.session[_key(consultation)] = state
        return redirect("sheet_columns", slug=consultation.slug)
    context: dict[str, Any] = {"consultation": consultation, "state": state}
    if len(sheets) > 1:
        context["sheet_form"] = SheetChoiceForm(initial={"sheet": state["sheet"]}, sheets=sheets)
    if len(sheets) > 1 and not state["sheet"]:
        return _render(request, "sheet_columns.html", context, [])
    return _mapping_step(request, consultation, state, context)


def _mapping_step(
    request: HttpRequest, consultation: Consultation, state: dict[str, Any], context: dict[str, Any]
) -> HttpResponse:
    problems: list[str] = []
    try:
        table = _table(state)
    except FileRejected as rejected:
        return _render(request, "sheet_columns.html", context, rejected.messages)
    posted = request.POST if request.method == "POST" else None
    form = MappingForm(posted, header=table.header, initial=state["mapping"] or {})
    if posted is not None and form.is_valid():
        mapping = Mapping(**form.cleaned_data)
        try:
            sheet_validate(table=table, mapping=mapping)
        except FileRejected as rejected:
            problems = rejected.messages
        else:
            request.session[_key(consultation)] = {**state, "mapping": asdict(mapping)}
            return redirect("sheet_preview", slug=consultation.slug)
    elif posted is not None:
        problems = [_("Choose the columns for text, participant and session.")]
    context |= {"form": form, "table": table, "sample": table.rows[:5]}
    return _render(request, "sheet_columns.html", context, problems)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_preview(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    state = _state(request, consultation)
    if state is None or not state.get("mapping"):
        return redirect("sheet_columns" if state else "sheet_upload", slug=consultation.slug)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "cancel":
        request.session.pop(_key(consultation), None)
        messages.info(request, _("The preview was discarded; nothing was imported."))
        return redirect("consultation", slug=consultation.slug)
    mapping = Mapping(**state["mapping"])
    try:
        table = _table(state)
        rows = sheet_validate(table=table, mapping=mapping)
        if action == "confirm":
            return _confirm(request, consultation, state, table, mapping)
    except FileRejected as rejected:
        context = {"consultation": consultation, "state": state, "rows": [], "sessions": []}
        return _render(request, "sheet_preview.html", context, rejected.messages)
    context = {
        "consultation": consultation,
        "state": state,
        "table": table,
        "count": len(rows),
        "sessions": Counter(row.data["session"] for row in rows).most_common(),
        "rows": rows[:PREVIEW_ROWS],
    }
    return _render(request, "sheet_preview.html", context, [])


def _confirm(
    request: HttpRequest,
    consultation: Consultation,
    state: dict[str, Any],
    table: Table,
    mapping: Mapping,
) -> HttpResponse:
    result = sheet_import(
        table=table,
        mapping=mapping,
        consultation=consultation,
        round_title=state["round"],
        actor=request.user,
    )
    request.session.pop(_key(consultation), None)
    messages.success(
        request,
        _("Imported %(created)d contributions; %(skipped)d were there already.")
        % {"created": result.created, "skipped": result.skipped},
    )
    return redirect("consultation", slug=consultation.slug)
