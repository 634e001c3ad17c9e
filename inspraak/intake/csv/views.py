# SPDX-License-Identifier: EUPL-1.2
"""The upload page: the same import service the CLI uses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from inspraak.consultations.access import access_consultation
from inspraak.intake.csv.forms import ContributionsUploadForm
from inspraak.intake.csv.services import contributions_import_csv
from inspraak.intake.files import FileRejected


@login_required
def contributions_upload(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    problems: list[str] = []
    form = ContributionsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = contributions_import_csv(
                data=upload.read(),
                file_name=upload.name,
                consultation=consultation,
                round_title=form.cleaned_data["round"],
                actor=request.user,
            )
        except FileRejected as rejected:
            problems = rejected.messages
        else:
            messages.success(
                request,
                _("Imported %(created)d contributions; %(skipped)d were there already.")
                % {"created": result.created, "skipped": result.skipped},
            )
            return redirect("consultation", slug=consultation.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "intake/upload.html",
        {
            "consultation": consultation,
            "form": form,
            "problems": problems,
        },
        status=status,
    )
