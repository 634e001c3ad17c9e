# SPDX-License-Identifier: EUPL-1.2
"""Organisers make and revoke the API tokens of their consultation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.api.services import api_token_create, api_token_revoke
from inspraak.consultations.access import access_consultation


@login_required
def tokens_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    new_token = ""
    if request.method == "POST":
        try:
            _token, new_token = api_token_create(
                consultation=consultation, name=request.POST.get("name", ""), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    response = render(
        request,
        "api/tokens.html",
        {
            "consultation": consultation,
            "tokens": consultation.api_tokens.all(),
            "new_token": new_token,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, slug: str, token_id: int) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    token = consultation.api_tokens.filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token.")
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token no longer works."))
    return redirect("api_tokens", slug=slug)
