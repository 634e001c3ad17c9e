# SPDX-License-Identifier: EUPL-1.2
"""The public web form of a round, and the organiser's switch for it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations.access import access_round
from inspraak.intake.models import RoundForm
from inspraak.intake.webform.forms import WebForm
from inspraak.intake.webform.services import (
    Refused,
    client_address,
    form_submit,
    round_form_set,
)


def _open_form(token: str) -> RoundForm:
    round_form = RoundForm.objects.select_related("round__consultation").filter(token=token).first()
    if round_form is None:
        raise Http404("No such form.")
    return round_form


def web_form(request: HttpRequest, token: str) -> HttpResponse:
    round_form = _open_form(token)
    if not round_form.is_open:
        return render(request, "intake/form_closed.html", {"round_form": round_form}, status=410)
    form = WebForm(
        request.POST or None, round_form=round_form, initial={"submission": uuid.uuid4()}
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            result = form_submit(round_form=round_form, form=form, address=client_address(request))
        except Refused as refused:
            error = str(refused)
        else:
            return render(
                request,
                "intake/form_thanks.html",
                {
                    "round_form": round_form,
                    "points": form.points(),
                    "duplicate": result.duplicate,
                    "own_page": result.own_page,
                },
            )
    status = 400 if request.method == "POST" else 200
    response = render(
        request,
        "intake/form.html",
        {"round_form": round_form, "form": form, "error": error},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def round_form_update(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    round_ = access_round(request.user, slug, round_id)
    round_form_set(
        round=round_,
        is_open=request.POST.get("is_open") == "1",
        intro=request.POST.get("intro", ""),
        new_link=request.POST.get("new_link") == "1",
        actor=request.user,
    )
    messages.success(request, _("The web form is saved."))
    return redirect("consultation", slug=slug)
