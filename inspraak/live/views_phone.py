# SPDX-License-Identifier: EUPL-1.2
"""The phone: join with a code, write post-its, vote. No account, no JavaScript needed.

Every write is a plain form post (CSRF-protected) that redirects back to the
phone page; with `Accept: application/json` (the page's small script) it
answers JSON instead.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from inspraak.consultations.models import Participant
from inspraak.live import poll_services, services
from inspraak.live.models import LiveSession
from inspraak.live.selectors import (
    live_by_code,
    poll_current,
    poll_results,
    postits_of,
    vote_of,
)
from inspraak.live.tokens import access_phone, cookie_name, rate_limited, token_set


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_GET
def code_entry(request: HttpRequest) -> HttpResponse:
    code = services.code_normalise(request.GET.get("code", ""))
    if code:
        return redirect("live_phone", code=code)
    return render(request, "live/code.html", {})


@require_GET
def phone(request: HttpRequest, code: str) -> HttpResponse:
    live = live_by_code(services.code_normalise(code))
    if code != live.code:
        return redirect("live_phone", code=live.code)
    participant = access_phone(request, live)
    if participant is None:
        return render(request, "live/join.html", _join_context(live))
    return _phone_page(request, live, participant)


def _join_context(live: LiveSession, error: str = "") -> dict[str, Any]:
    consultation = live.session.round.consultation
    return {"live": live, "attributes": consultation.attribute_names, "error": error}


def _phone_page(
    request: HttpRequest, live: LiveSession, participant: Participant, *, error: str = "",
    draft: str = "", status: int = 200,
) -> HttpResponse:  # fmt: skip
    mine = postits_of(live=live, participant=participant)
    poll = poll_current(live=live)
    prompt = live.prompt
    in_prompt = [p for p in mine if prompt is not None and p.prompt_id == prompt.pk]
    context = {
        "live": live,
        "participant": participant,
        "postits": mine,
        "left": max(0, prompt.per_participant_limit - len(in_prompt)) if prompt else 0,
        "poll": poll,
        "my_vote": vote_of(poll=poll, participant=participant) if poll else None,
        "client_id": uuid.uuid4(),
        "error": error,
        "draft": draft,
        "revealed": [
            (p, poll_results(p))
            for p in live.polls.exclude(revealed_at=None).select_related("statement")
        ],
        "max_chars": settings.INSPRAAK_LIVE_POSTIT_MAX_CHARS,
    }
    return render(request, "live/phone.html", context, status=status)


@require_POST
def join(request: HttpRequest, code: str) -> HttpResponse:
    live = live_by_code(code)
    if rate_limited(request):
        return HttpResponse(_("Too many requests: wait a minute."), status=429)
    if access_phone(request, live) is not None:
        return redirect("live_phone", code=live.code)
    attributes = {
        name: request.POST.get(f"attr_{name}", "")
        for name in live.session.round.consultation.attribute_names
    }
    try:
        participant = services.participant_join(
            live=live,
            display_name=request.POST.get("display_name", ""),
            name_consent=request.POST.get("name_consent") == "1",
            attributes=attributes,
        )
    except ValidationError as error:
        return render(request, "live/join.html", _join_context(live, error.messages[0]), status=400)
    response = redirect("live_phone", code=live.code)
    token_set(response, live=live, participant=participant)
    return response


def _phone_write(request: HttpRequest, code: str) -> tuple[LiveSession, Participant | None, Any]:
    """The live session and this phone's participant; a refusal response when not allowed."""
    live = live_by_code(code)
    participant = access_phone(request, live)
    if participant is None:
        return live, None, HttpResponse(_("Join the session first."), status=403)
    if rate_limited(request, token=request.COOKIES.get(cookie_name(live))):
        return live, None, HttpResponse(_("Too many requests: wait a minute."), status=429)
    return live, participant, None


def _refused(request: HttpRequest, live: LiveSession, participant: Participant, error: ValidationError, draft: str = "") -> HttpResponse:  # fmt: skip
    if _wants_json(request):
        return JsonResponse({"error": error.messages[0]}, status=400)
    return _phone_page(request, live, participant, error=error.messages[0], draft=draft, status=400)


@require_POST
def post(request: HttpRequest, code: str) -> HttpResponse:
    live, participant, refusal = _phone_write(request, code)
    if refusal is not None:
        return refusal
    text = request.POST.get("text", "")
    try:
        postit, created = services.postit_create(
            live=live,
            participant=participant,
            text=text,
            client_id=request.POST.get("client_id", ""),
        )
    except ValidationError as error:
        return _refused(request, live, participant, error, draft=text)
    if _wants_json(request):
        return JsonResponse({"id": postit.pk, "created": created}, status=201 if created else 200)
    return redirect("live_phone", code=live.code)


@require_POST
def edit(request: HttpRequest, code: str, postit_id: int) -> HttpResponse:
    live, participant, refusal = _phone_write(request, code)
    if refusal is not None:
        return refusal
    postit = _own(live, participant, postit_id)
    withdraw = request.POST.get("withdraw") == "1"
    try:
        if withdraw:
            services.postit_withdraw(live=live, postit=postit, participant=participant)
        else:
            text = request.POST.get("text", "")
            services.postit_edit(live=live, postit=postit, participant=participant, text=text)
    except ValidationError as error:
        return _refused(request, live, participant, error)
    if _wants_json(request):
        return JsonResponse({"id": postit_id, "withdrawn": withdraw})
    return redirect("live_phone", code=live.code)


def _own(live: LiveSession, participant: Participant, postit_id: int) -> Any:
    from django.http import Http404

    postit = live.session.contributions.filter(pk=postit_id, participant=participant).first()
    if postit is None:
        raise Http404("No such post-it.")
    return postit


@require_POST
def vote(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    live, participant, refusal = _phone_write(request, code)
    if refusal is not None:
        return refusal
    poll = live.polls.select_related("statement", "live__session").filter(pk=poll_id).first()
    if poll is None:
        return HttpResponse(_("No such vote."), status=404)
    try:
        poll_services.poll_vote(
            poll=poll, participant=participant, value=request.POST.get("value", "")
        )
    except ValidationError as error:
        return _refused(request, live, participant, error)
    if _wants_json(request):
        return JsonResponse({"ok": True})
    return redirect("live_phone", code=live.code)
