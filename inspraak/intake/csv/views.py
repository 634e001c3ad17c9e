# SPDX-License-Identifier: EUPL-1.2
"""The upload page: the same import service the CLI uses, with a check of session names.

When the file names a session the round nearly has ("Werk en inkomenn"), the page
asks before importing whether that is the existing session or a new one; the file
waits in the organiser's session meanwhile. A template to fill in can be downloaded.
"""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from inspraak.consultations.access import access_consultation
from inspraak.consultations.models import Consultation
from inspraak.intake.csv.forms import ContributionsUploadForm
from inspraak.intake.csv.services import (
    ImportResult,
    contributions_csv_validate,
    contributions_import_rows,
    default_round_title,
)
from inspraak.intake.csv.sessions import NearMiss, rows_renamed, session_near_misses
from inspraak.intake.files import FileRejected


def _key(consultation: Consultation) -> str:
    return f"intake-csv-{consultation.pk}"


@login_required
def contributions_upload(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirmed(request, consultation)
    problems: list[str] = []
    rounds = list(consultation.rounds.values_list("title", flat=True))
    form = ContributionsUploadForm(request.POST or None, request.FILES or None, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, name, round_title = upload.read(), upload.name, form.cleaned_data["round"]
        try:
            rows = contributions_csv_validate(data, name)
            misses = session_near_misses(
                consultation=consultation,
                rows=rows,
                round_title=round_title or default_round_title(consultation, rows, name),
            )
            if misses:
                return _ask(request, consultation, data, name, round_title, misses)
            return _done(
                request, consultation, _import(consultation, rows, name, round_title, request)
            )
        except FileRejected as rejected:
            problems = rejected.messages
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "intake/upload.html",
        {"consultation": consultation, "form": form, "problems": problems},
        status=status,
    )


def _import(
    consultation: Consultation, rows: list[Any], name: str, round_title: str, request: HttpRequest
) -> ImportResult:
    return contributions_import_rows(
        rows=rows,
        file_name=name,
        consultation=consultation,
        round_title=round_title,
        actor=request.user,
    )


def _done(request: HttpRequest, consultation: Consultation, result: ImportResult) -> HttpResponse:
    messages.success(
        request,
        _("Imported %(created)d contributions; %(skipped)d were there already.")
        % {"created": result.created, "skipped": result.skipped},
    )
    return redirect("consultation", slug=consultation.slug)


def _ask(
    request: HttpRequest,
    consultation: Consultation,
    data: bytes,
    name: str,
    round_title: str,
    misses: list[NearMiss],
) -> HttpResponse:
    request.session[_key(consultation)] = {
        "data": base64.b64encode(data).decode(),
        "name": name,
        "round": round_title,
        "misses": [[m.typed, m.existing, m.rows] for m in misses],
    }
    return render(
        request,
        "intake/csv_sessions.html",
        {"consultation": consultation, "misses": misses, "file_name": name},
    )


def _confirmed(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    state = request.session.pop(_key(consultation), None)
    if not state:
        messages.error(request, _("The file is no longer waiting: upload it again."))
        return redirect("contributions_upload", slug=consultation.slug)
    data, name, round_title = base64.b64decode(state["data"]), state["name"], state["round"]
    renames = {
        typed: existing
        for n, (typed, existing, _rows) in enumerate(state["misses"])
        if request.POST.get(f"session_{n}", "existing") == "existing"
    }
    try:
        rows = rows_renamed(contributions_csv_validate(data, name), renames)
        result = _import(consultation, rows, name, round_title, request)
    except FileRejected as rejected:
        form = ContributionsUploadForm(
            rounds=list(consultation.rounds.values_list("title", flat=True))
        )
        context = {"consultation": consultation, "form": form, "problems": rejected.messages}
        return render(request, "intake/upload.html", context, status=400)
    return _done(request, consultation, result)


@login_required
def contributions_template(request: HttpRequest, slug: str) -> HttpResponse:
    """A CSV to fill in: the Dutch column names and two rows naming the round's sessions."""
    consultation = access_consultation(request.user, slug, manage=True)
    titles = [s.title for r in consultation.rounds.all() for s in r.sessions.all()][:2]
    titles += ["Werk en inkomen", "Zorg"][len(titles) :]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["sessie", "deelnemer", "tekst", "soort", "besproken", "gemeente"])
    writer.writerow(
        [
            titles[0],
            "Deelnemer 1",
            "Schrijf hier de tekst van de post-it",
            "probleem",
            "ja",
            "Zwolle",
        ]
    )
    writer.writerow([titles[1], "Deelnemer 2", "Nog een punt", "idee", "nee", "Deventer"])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="inbreng-sjabloon.csv"'
    return response
