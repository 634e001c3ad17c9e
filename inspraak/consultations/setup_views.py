# SPDX-License-Identifier: EUPL-1.2
"""Organisers set up a consultation in the app: rounds, sessions, prompts, statements,
attributes. Thin: every object comes through an `access_*` helper, every write through a
service; a ValidationError from a service becomes a form error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations import setup_forms as sf
from inspraak.consultations import setup_services as ss
from inspraak.consultations.access import (
    access_consultation,
    access_prompt,
    access_round,
    access_session_manage,
)
from inspraak.consultations.attributes import consultation_attributes
from inspraak.consultations.models import Consultation


def form_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    context: dict[str, Any],
    done: Callable[[Any], HttpResponse],
    saved: str = "",
) -> HttpResponse:
    """GET shows `form`; a valid POST calls `save(cleaned_data)` and returns `done(result)`."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved or _("Saved."))
            return done(result)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "consultations/setup_form.html", {**context, "form": form}, status=status
    )


def post_data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _to_setup(consultation: Consultation) -> Callable[[Any], HttpResponse]:
    return lambda _result: redirect("setup", slug=consultation.slug)


@login_required
def setup_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    rounds = consultation.rounds.prefetch_related("sessions__facilitator_grants__user")
    context = {
        "consultation": consultation,
        "rounds": rounds,
        "attributes": consultation_attributes(consultation),
        "statements": consultation.statements.select_related("session").order_by("-pk")[:5],
        "n_statements": consultation.statements.count(),
        "invitations": consultation.facilitator_invitations.prefetch_related("sessions"),
        "now": timezone.now(),
    }
    return render(request, "consultations/setup.html", context)


@login_required
def consultation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    initial = {k: getattr(consultation, k) for k in ("title", "description", "state")}
    form = sf.ConsultationForm(post_data(request), initial=initial)
    return form_page(
        request,
        form,
        lambda d: ss.consultation_update(consultation=consultation, actor=request.user, **d),
        context={"consultation": consultation, "heading": _("Consultation details")},
        done=_to_setup(consultation),
    )


@login_required
def round_edit(request: HttpRequest, slug: str, round_id: int | None = None) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    round_ = access_round(request.user, slug, round_id) if round_id else None
    initial = {"title": round_.title, "when": round_.date, "place": round_.place} if round_ else {}
    form = sf.RoundForm(post_data(request), initial=initial)
    return form_page(
        request,
        form,
        lambda d: ss.round_save(consultation=consultation, round=round_, actor=request.user, **d),
        context={
            "consultation": consultation,
            "heading": _("Edit round") if round_ else _("New round"),
            "delete_url": reverse("round_delete", args=[slug, round_.pk]) if round_ else "",
        },
        done=_to_setup(consultation),
    )


@login_required
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    initial = {"round": request.GET.get("round")} if request.GET.get("round", "").isdigit() else {}
    form = sf.SessionForm(post_data(request), initial=initial, consultation=consultation)
    if not consultation.rounds.exists():
        messages.info(request, _("Add a round first: every session belongs to a round."))
        return redirect("round_new", slug=slug)
    return form_page(
        request,
        form,
        lambda d: ss.session_save(actor=request.user, **d),
        context={"consultation": consultation, "heading": _("New session")},
        saved=_("Session added. Add a question for the room below."),
        done=lambda s: redirect("session_setup", slug=slug, session_id=s.pk),
    )


@login_required
def session_setup(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """A session's details, its prompts, its statements and who facilitates it."""
    session = access_session_manage(request.user, slug, session_id)
    consultation = session.round.consultation
    fields = ("round", "title", "facilitator_name", "present_override")
    initial = {k: getattr(session, k) for k in fields}
    form = sf.SessionForm(post_data(request), initial=initial, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            ss.session_save(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("session_setup", slug=slug, session_id=session.pk)
    context = {
        "consultation": consultation,
        "session": session,
        "form": form,
        "prompts": session.prompts.all(),
        "statements": session.statements.all(),
        "facilitators": session.facilitator_grants.select_related("user"),
    }
    return render(
        request,
        "consultations/session_setup.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def facilitator_remove(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session = access_session_manage(request.user, slug, session_id)
    if request.method != "POST":
        return redirect("session_setup", slug=slug, session_id=session.pk)
    grant_id = request.POST.get("grant", "")
    grant = (
        session.facilitator_grants.filter(pk=int(grant_id)).first() if grant_id.isdigit() else None
    )
    if grant is not None:
        ss.facilitator_revoke(session=session, user=grant.user, actor=request.user)
        messages.success(request, _("Access removed."))
    return redirect("session_setup", slug=slug, session_id=session.pk)


def _to_session(slug: str, session_id: int) -> Callable[[Any], HttpResponse]:
    return lambda _result: redirect("session_setup", slug=slug, session_id=session_id)


@login_required
def prompt_new(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session = access_session_manage(request.user, slug, session_id)
    return form_page(
        request,
        sf.PromptForm(post_data(request)),
        lambda d: ss.prompt_save(session=session, actor=request.user, **d),
        context={
            "consultation": session.round.consultation,
            "session": session,
            "heading": _("New question for the room"),
        },
        saved=_("Question added."),
        done=_to_session(slug, session.pk),
    )


@login_required
def prompt_edit(request: HttpRequest, slug: str, prompt_id: int) -> HttpResponse:
    prompt = access_prompt(request.user, slug, prompt_id)
    session = prompt.session
    initial = {k: getattr(prompt, k) for k in ("text", "per_participant_limit", "position")}
    return form_page(
        request,
        sf.PromptForm(post_data(request), initial=initial),
        lambda d: ss.prompt_save(session=session, prompt=prompt, actor=request.user, **d),
        context={
            "consultation": session.round.consultation,
            "session": session,
            "heading": _("Edit question"),
            "delete_url": reverse("prompt_delete", args=[slug, prompt.pk]),
        },
        done=_to_session(slug, session.pk),
    )


@login_required
def attributes_edit(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    specs = consultation_attributes(consultation)
    formset = sf.AttributeFormSet(
        post_data(request), initial=sf.attribute_initial(specs), prefix="a"
    )
    if request.method == "POST" and formset.is_valid():
        try:
            ss.consultation_attributes_set(
                consultation=consultation, specs=formset.specs(), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
            return redirect("setup", slug=slug)
    return render(
        request,
        "consultations/attributes.html",
        {"consultation": consultation, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


_DELETE_ACCESS = {
    "round": (access_round, "round_id"),
    "session": (access_session_manage, "session_id"),
    "prompt": (access_prompt, "prompt_id"),
}


@login_required
@require_POST
def setup_delete_view(request: HttpRequest, slug: str, kind: str, **ids: int) -> HttpResponse:
    """Delete a round, session or prompt that nothing uses yet (statements: votes.views)."""
    fetch, id_name = _DELETE_ACCESS[kind]
    obj = fetch(request.user, slug, ids[id_name])
    if kind == "prompt":
        back = redirect("session_setup", slug=slug, session_id=obj.session_id)
    else:
        back = redirect("setup", slug=slug)
    try:
        ss.setup_delete(obj=obj, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deleted."))
    return back
