# SPDX-License-Identifier: EUPL-1.2
"""Organisers write and edit the statements put to the vote, and find them again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations.access import access_consultation
from inspraak.consultations.setup_views import form_page, post_data
from inspraak.votes.access import access_statement
from inspraak.votes.forms import StatementForm
from inspraak.votes.services import statement_create, statement_delete, statement_update


@login_required
def statement_edit(
    request: HttpRequest, slug: str, statement_id: int | None = None
) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    statement = access_statement(request.user, slug, statement_id) if statement_id else None
    if statement:
        initial = {
            "text": statement.text,
            "session": statement.session_id,
            "moderation": statement.moderation,
        }
    else:
        initial = (
            {"session": request.GET.get("session")}
            if request.GET.get("session", "").isdigit()
            else {}
        )
    form = StatementForm(post_data(request), initial=initial, consultation=consultation)

    def save(d: dict[str, Any]) -> Any:
        if statement:
            return statement_update(statement=statement, actor=request.user, **d)
        return statement_create(consultation=consultation, actor=request.user, **d)

    def done(result: Any) -> HttpResponse:
        if result.session_id:
            return redirect("session_setup", slug=slug, session_id=result.session_id)
        return redirect("setup", slug=slug)

    heading = _("Edit statement") if statement else _("New statement")
    saved = _("Statement saved.") if statement else _("Statement added.")
    context = {"consultation": consultation, "heading": heading}
    if statement:
        context["delete_url"] = reverse("statement_delete", args=[slug, statement.pk])
    return form_page(request, form, save, context=context, done=done, saved=saved)


STATEMENTS_PAGE_SIZE = 50


@login_required
def statements_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    q = request.GET.get("q", "")[:200]
    statements = consultation.statements.select_related("session")
    for word in q.split()[:10]:
        statements = statements.filter(text__icontains=word)
    page = Paginator(statements, STATEMENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/statements.html",
        {"consultation": consultation, "page": page, "q": q},
    )


@login_required
@require_POST
def statement_delete_view(request: HttpRequest, slug: str, statement_id: int) -> HttpResponse:
    """Delete a statement made by mistake, while nobody voted on it."""
    statement = access_statement(request.user, slug, statement_id)
    session_id = statement.session_id
    try:
        statement_delete(statement=statement, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Deleted."))
    if session_id:
        return redirect("session_setup", slug=slug, session_id=session_id)
    return redirect("setup", slug=slug)
