# SPDX-License-Identifier: EUPL-1.2
"""Consultation, session and contribution pages; exports. Thin: parse, call, render."""

from __future__ import annotations

import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations.access import (
    access_consultation,
    access_contribution,
    access_contribution_filter,
    access_session,
    can_manage,
    sessions_visible_to,
)
from inspraak.consultations.contributions import contribution_set_hidden
from inspraak.consultations.models import Contribution
from inspraak.consultations.selectors import (
    ContributionFilter,
    attribute_values,
    consultation_export,
    consultation_export_rows,
    contributions_filtered,
    sessions_with_counts,
)
from inspraak.consultations.services import session_present
from inspraak.core.exporting import csv_write
from inspraak.core.ids import id_parse

PAGE_SIZE = 100


@login_required
def consultation_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    sessions = sessions_with_counts(sessions_visible_to(request.user, consultation))
    by_round: dict[int, list[object]] = {}
    for session in sessions:
        by_round.setdefault(session.round_id, []).append(session)
    rounds = [(r, by_round.get(r.pk, [])) for r in consultation.rounds.all()]
    return render(
        request,
        "consultations/consultation.html",
        {
            "consultation": consultation,
            "rounds": [(r, s) for r, s in rounds if s or can_manage(request.user, consultation)],
            "manage": can_manage(request.user, consultation),
        },
    )


def _filter_from(request: HttpRequest, attributes: dict[str, list[str]]) -> ContributionFilter:
    get = request.GET
    theme = get.get("theme", "")
    attribute = get.get("attribute", "")
    return ContributionFilter(
        q=get.get("q", "")[:200],
        kind=get.get("kind", "") if get.get("kind") in Contribution.Kind.values else "",
        channel=get.get("channel", "") if get.get("channel") in Contribution.Channel.values else "",
        theme=id_parse(theme),
        attribute=attribute if attribute in attributes else "",
        value=get.get("value", "")[:200],
        show_hidden=get.get("hidden") == "1",
    )


@login_required
def session_page(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session = access_session(request.user, slug, session_id)
    consultation = session.round.consultation
    manage = can_manage(request.user, consultation)
    # Attribute values are organisers' data: a facilitator neither sees nor filters by them.
    attributes = attribute_values(consultation) if manage else {}
    f = access_contribution_filter(request.user, consultation, _filter_from(request, attributes))
    contributions = contributions_filtered(session.contributions.all(), f)
    page = Paginator(contributions, PAGE_SIZE).get_page(request.GET.get("page"))
    themes = _session_themes(session)
    return render(
        request,
        "consultations/session.html",
        {
            "consultation": consultation,
            "session": session,
            "present": session_present(session),
            "filter": f,
            "page": page,
            "total": page.paginator.count,
            "kinds": Contribution.Kind.choices,
            "channels": Contribution.Channel.choices,
            "attributes": attributes,
            "themes": themes,
            "notes": session.notes.all(),
            "prompts": session.prompts.all(),
            "manage": manage,
        },
    )


def _session_themes(session: object) -> list[object]:
    """Themes of the latest finished analysis that hold contributions of this session.

    The analysis sits above this app: it registers the lookup (`session_themes_register`).
    """
    return [theme for provider in _theme_providers for theme in provider(session)]


_theme_providers: list[Any] = []


def session_themes_register(provider: Any) -> None:
    """Let an app above this one list the themes a session's table can be filtered by."""
    if provider not in _theme_providers:
        _theme_providers.append(provider)


@login_required
def contribution_page(request: HttpRequest, slug: str, contribution_id: int) -> HttpResponse:
    contribution = access_contribution(request.user, slug, contribution_id)
    consultation = contribution.round.consultation
    return render(
        request,
        "consultations/contribution.html",
        {
            "consultation": consultation,
            "contribution": contribution,
            "notes": contribution.notes.all(),
            "themes": contribution.themes.select_related("run"),
            "manage": can_manage(request.user, consultation),
        },
    )


@login_required
@require_POST
def contribution_hide(request: HttpRequest, slug: str, contribution_id: int) -> HttpResponse:
    access_consultation(request.user, slug, manage=True)
    contribution = access_contribution(request.user, slug, contribution_id)
    hidden = request.POST.get("hidden") == "1"
    contribution_set_hidden(
        contribution=contribution,
        hidden=hidden,
        actor=request.user,
        reason=request.POST.get("reason", "")[:500],
    )
    messages.success(
        request, _("Contribution hidden.") if hidden else _("Contribution shown again.")
    )
    return redirect("contribution", slug=slug, contribution_id=contribution.pk)


@login_required
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    if fmt == "json":
        body = json.dumps(consultation_export(consultation), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        stream = io.StringIO()
        header, rows = consultation_export_rows(consultation)
        csv_write(stream, header, rows)
        response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}.{fmt}"'
    return response
