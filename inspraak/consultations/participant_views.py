# SPDX-License-Identifier: EUPL-1.2
"""Organisers' pages for participants and their data requests (get, erase)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations.access import access_consultation, access_participant
from inspraak.consultations.attributes import consultation_attributes
from inspraak.consultations.privacy import participant_data, participant_erase
from inspraak.consultations.selectors import attribute_values, participants_search

PAGE_SIZE = 50


@login_required
def participants_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    get = request.GET
    q, attribute, value = (
        get.get("q", "")[:100],
        get.get("attribute", ""),
        get.get("value", "")[:100],
    )
    participants = participants_search(consultation, q=q, attribute=attribute, value=value)
    page = Paginator(participants, PAGE_SIZE).get_page(get.get("page"))
    return render(
        request,
        "consultations/participants.html",
        {
            "consultation": consultation,
            "page": page,
            "attributes": consultation_attributes(consultation),
            "values": attribute_values(consultation),
            "q": q,
            "attribute": attribute if attribute in consultation.attribute_names else "",
            "value": value,
        },
    )


@login_required
def participant_page(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    participant = access_participant(request.user, slug, participant_id)
    return render(
        request,
        "consultations/participant.html",
        {
            "consultation": participant.consultation,
            "participant": participant,
            "data": participant_data(participant),
        },
    )


@login_required
def participant_data_download(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    participant = access_participant(request.user, slug, participant_id)
    body = json.dumps(participant_data(participant), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inspraak-{participant.pk}.json"'
    return response


@login_required
@require_POST
def participant_erase_view(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    participant = access_participant(request.user, slug, participant_id)
    if request.POST.get("confirm") != participant.pseudonym:
        messages.error(request, _("Type the pseudonym to confirm the erasure."))
        return redirect("participant", slug=slug, participant_id=participant.pk)
    counts = participant_erase(participant=participant, actor=request.user)
    messages.success(
        request,
        _("Erased: %(contributions)d contributions, %(votes)d votes, %(attendance)d attendances.")
        % counts,
    )
    return redirect("participants", slug=slug)
