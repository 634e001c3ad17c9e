# SPDX-License-Identifier: EUPL-1.2
"""The phone: join with a code, write post-its, vote, say "ik ook". No account needed.

Every write is a plain form post (CSRF-protected) that redirects back to the phone
page, so the phone works without JavaScript; with `Accept: application/json` (the
page's script) it answers JSON, errors included: {"error": "<a sentence to show>"}.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.http import require_GET, require_POST

from inspraak.consultations.models import Participant
from inspraak.consultations.own_page import own_page_path
from inspraak.live import poll_services, room_services, services
from inspraak.live.models import LiveSession
from inspraak.live.selectors import (
    attribute_fields,
    code_normalise,
    live_by_code,
    phone_context,
    wall_postits_for_phone,
)
from inspraak.live.tokens import access_phone, cookie_name, join_limited, rate_limited, token_set


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _problem(request: HttpRequest, status: int, message: str, **context: Any) -> HttpResponse:
    """An error the phone shows: JSON for the script, a page (with the way back) otherwise."""
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    context.update(message=message, status=status)
    return render(request, "live/problem.html", context, status=status)


def _unknown(request: HttpRequest, code: str) -> HttpResponse:
    message = _("There is no session with the code %(code)s.") % {"code": code_normalise(code)}
    return _problem(request, 404, message, code=code_normalise(code))


def _busy(request: HttpRequest) -> HttpResponse:
    return _problem(request, 429, _("Too many requests at once. Wait a minute and try again."))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form token: on the phone a sentence to act on, elsewhere Django's page."""
    if request.path.startswith("/j/") or _wants_json(request):
        message = _("This page has expired. Reload the page and try again.")
        return _problem(request, 403, message)
    return django_csrf_failure(request, reason)


@require_GET
def code_entry(request: HttpRequest) -> HttpResponse:
    code = code_normalise(request.GET.get("code", ""))
    if code:
        return redirect("live_phone", code=code)
    return render(request, "live/code.html", {})


@require_GET
def phone(request: HttpRequest, code: str) -> HttpResponse:
    try:
        live = live_by_code(code)
    except Http404:
        return _unknown(request, code)
    if code != live.code:
        return redirect("live_phone", code=live.code)
    participant = access_phone(request, live)
    if participant is None:
        return render(request, "live/join.html", _join_context(request, live))
    return _phone_page(request, live, participant)


def _join_context(request: HttpRequest, live: LiveSession, error: str = "") -> dict[str, Any]:
    consultation = live.session.round.consultation
    fields = attribute_fields(consultation, request.LANGUAGE_CODE)
    return {"live": live, "fields": fields, "error": error, "posted": request.POST}


def _phone_page(
    request: HttpRequest, live: LiveSession, participant: Participant, *, error: str = "",
    draft: str = "", status: int = 200,
) -> HttpResponse:  # fmt: skip
    context = phone_context(live=live, participant=participant)
    if context["postits"]:  # one tap to "what became of my input", kept with the phone's token
        context["own_page"] = own_page_path(participant)
    if live.endorse_open and live.is_open:
        context["wall"] = wall_postits_for_phone(live=live, participant=participant)
    context.update(
        live=live, participant=participant, client_id=uuid.uuid4(), error=error, draft=draft,
        max_chars=settings.INSPRAAK_LIVE_POSTIT_MAX_CHARS, kinds=_kinds(),
    )  # fmt: skip
    return render(request, "live/phone.html", context, status=status)


def _kinds() -> list[tuple[str, str]]:
    return [("problem", _("a problem")), ("idea", _("an idea")), ("question", _("a question"))]


@require_POST
def join(request: HttpRequest, code: str) -> HttpResponse:
    try:
        live = live_by_code(code)
    except Http404:
        return _unknown(request, code)
    if rate_limited(request):
        return _busy(request)
    if access_phone(request, live) is not None:
        return redirect("live_phone", code=live.code)
    if join_limited(request, live=live):
        return _busy(request)
    names = [f["name"] for f in attribute_fields(live.session.round.consultation, "en")]
    try:
        participant = services.participant_join(
            live=live,
            display_name=request.POST.get("display_name", ""),
            name_consent=request.POST.get("name_consent") == "1",
            attributes={name: request.POST.get(f"attr_{name}", "") for name in names},
        )
    except ValidationError as error:
        context = _join_context(request, live, error.messages[0])
        return render(request, "live/join.html", context, status=400)
    response = redirect("live_phone", code=live.code)
    token_set(response, live=live, participant=participant)
    return response


def _phone_write(request: HttpRequest, code: str) -> tuple[Any, Participant | None, Any]:
    """The live session and this phone's participant; a refusal response when not allowed."""
    try:
        live = live_by_code(code)
    except Http404:
        return None, None, _unknown(request, code)
    participant = access_phone(request, live)
    if participant is None:
        return live, None, _problem(request, 403, _("Join the session first."), live=live)
    if rate_limited(request, token=request.COOKIES.get(cookie_name(live))):
        return live, None, _busy(request)
    return live, participant, None


def _refused(request: HttpRequest, live: LiveSession, participant: Participant, error: ValidationError, draft: str = "") -> HttpResponse:  # fmt: skip
    status = 409 if isinstance(error, services.IdConflict) else 400
    if _wants_json(request):
        return JsonResponse({"error": error.messages[0]}, status=status)
    return _phone_page(
        request, live, participant, error=error.messages[0], draft=draft, status=status
    )


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
            kind=request.POST.get("kind", ""),
        )
    except ValidationError as error:
        return _refused(request, live, participant, error, draft=text)
    if _wants_json(request):
        body = {"id": postit.pk, "created": created, "text": postit.text}
        return JsonResponse(body, status=201 if created else 200)
    return redirect("live_phone", code=live.code)


@require_POST
def edit(request: HttpRequest, code: str, postit_id: int) -> HttpResponse:
    live, participant, refusal = _phone_write(request, code)
    if refusal is not None:
        return refusal
    postit = live.session.contributions.filter(pk=postit_id, participant=participant).first()
    if postit is None:
        return _problem(request, 404, _("This post-it is no longer there."), live=live)
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


@require_POST
def vote(request: HttpRequest, code: str, poll_id: int) -> HttpResponse:
    live, participant, refusal = _phone_write(request, code)
    if refusal is not None:
        return refusal
    poll = live.polls.select_related("statement", "live__session").filter(pk=poll_id).first()
    if poll is None:
        return _problem(request, 404, _("This vote is no longer there."), live=live)
    try:
        poll_services.poll_vote(
            poll=poll, participant=participant, value=request.POST.get("value", "")
        )
    except ValidationError as error:
        return _refused(request, live, participant, error)
    if _wants_json(request):
        return JsonResponse({"ok": True, "value": request.POST.get("value", "")})
    return redirect("live_phone", code=live.code)


@require_POST
def endorse(request: HttpRequest, code: str, postit_id: int) -> HttpResponse:
    """ "Ik ook" on someone else's post-it, or taking it back (`undo=1`)."""
    live, participant, refusal = _phone_write(request, code)
    if refusal is not None:
        return refusal
    postit = live.session.contributions.filter(pk=postit_id, hidden=False).first()
    if postit is None:
        return _problem(request, 404, _("This post-it is no longer there."), live=live)
    try:
        on = room_services.endorsement_set(
            live=live, postit=postit, participant=participant, on=request.POST.get("undo") != "1"
        )
    except ValidationError as error:
        return _refused(request, live, participant, error)
    if _wants_json(request):
        return JsonResponse({"id": postit_id, "endorsed": on})
    return redirect(f"{request.path.rsplit('/endorse/', 1)[0]}/#wall-{postit_id}")
