# SPDX-License-Identifier: EUPL-1.2
"""Organisers' pages: the decision meeting, chapters, publishing, participants' links."""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.core.exporting import csv_cell, csv_write
from inspraak.decisions import selectors, services
from inspraak.decisions.access import (
    access_chapter,
    access_decision_round,
    access_participant_link,
)
from inspraak.decisions.models import Status
from inspraak.sensemaking.access import access_theme


def _filters(request: HttpRequest) -> dict[str, Any]:
    source = request.POST if request.method == "POST" else request.GET
    chapter = source.get("chapter", "")
    return {
        "undecided": source.get("undecided") == "1",
        "session": source.get("session", ""),
        "chapter": int(chapter) if chapter.isdigit() else None,
    }


def _back(slug: str, round_id: int, filters: dict[str, Any]) -> HttpResponse:
    query = {"round": round_id, **{k: v for k, v in filters.items() if v not in (None, "", False)}}
    if query.get("undecided"):
        query["undecided"] = 1
    return redirect(f"{reverse('decisions', args=[slug])}?{urlencode(query)}")


@login_required
def decisions_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation, round_ = access_decision_round(request.user, slug, request.GET.get("round"))
    overview = selectors.round_decisions(round_)
    filters = _filters(request)
    rows = selectors.rows_filter(overview.rows, **filters)
    return render(
        request,
        "decisions/meeting.html",
        {
            "consultation": consultation,
            "round": round_,
            "rounds": consultation.rounds.all(),
            "overview": overview,
            "rows": rows,
            "filters": filters,
            "sessions": sorted({s for r in overview.rows for s in r.sessions}),
            "chapters": consultation.chapters.all(),
            "statuses": Status.choices,
            "meetings": consultation.meetings.all()[:10],
            "percent": round(100 * overview.decided / overview.total) if overview.total else 0,
        },
    )


def _decision(request: HttpRequest, consultation: Any) -> services.Decision:
    ids = [int(i) for i in request.POST.getlist("chapter_ids") if i.isdigit()]
    chapters = tuple(consultation.chapters.filter(pk__in=ids))
    meeting = None
    title, when = request.POST.get("meeting_title", ""), request.POST.get("meeting_date", "")
    if title.strip():
        try:
            day = date.fromisoformat(when) if when else timezone.localdate()
        except ValueError:
            raise ValidationError(_("Give the meeting's date as YYYY-MM-DD.")) from None
        meeting = services.meeting_get_or_create(
            consultation=consultation, title=title, when=day, actor=request.user
        )
    return services.Decision(
        status=request.POST.get("status", ""),
        explanation=request.POST.get("explanation", ""),
        note=request.POST.get("note", ""),
        chapters=chapters,
        meeting=meeting,
    )


@login_required
@require_POST
def decisions_decide(request: HttpRequest, slug: str) -> HttpResponse:
    consultation, round_ = access_decision_round(request.user, slug, request.POST.get("round"))
    themes = [
        access_theme(request.user, slug, int(i))
        for i in request.POST.getlist("theme")
        if i.isdigit()
    ]
    if any(t.run.round_id != round_.pk for t in themes):
        raise Http404("Theme of another round.")
    try:
        if not themes:
            raise ValidationError(_("Choose at least one theme."))
        done = services.dispositions_decide(
            round=round_,
            themes=themes,
            decision=_decision(request, consultation),
            actor=request.user,
        )
        messages.success(request, _("Decided on %(n)d themes.") % {"n": len(done)})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(slug, round_.pk, _filters(request))


@login_required
@require_POST
def decisions_publish(request: HttpRequest, slug: str) -> HttpResponse:
    _consultation, round_ = access_decision_round(request.user, slug, request.POST.get("round"))
    if request.POST.get("publish") == "0":
        services.decisions_unpublish(round=round_, actor=request.user)
        messages.success(request, _("The decisions are no longer public."))
    else:
        services.decisions_publish(round=round_, actor=request.user)
        messages.success(request, _("The decisions of this round are public."))
    return _back(slug, round_.pk, {})


@login_required
def chapters_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation, _round = access_decision_round(request.user, slug, None)
    if request.method == "POST":
        chapter_id = request.POST.get("chapter", "")
        chapter = (
            access_chapter(request.user, slug, int(chapter_id)) if chapter_id.isdigit() else None
        )
        try:
            if chapter is not None and request.POST.get("delete"):
                services.chapter_delete(chapter=chapter, actor=request.user)
            else:
                number = request.POST.get("number", "")
                services.chapter_save(
                    consultation=consultation,
                    chapter=chapter,
                    number=int(number) if number.isdigit() else 0,
                    title=request.POST.get("title", ""),
                    description=request.POST.get("description", ""),
                    actor=request.user,
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("decision_chapters", slug=slug)
    return render(
        request,
        "decisions/chapters.html",
        {"consultation": consultation, "chapters": consultation.chapters.all()},
    )


@login_required
def participant_link_page(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    participant = access_participant_link(request.user, slug, participant_id)
    if request.method == "POST":
        for link in participant.decision_links.filter(revoked_at=None):
            services.participant_link_revoke(link=link, actor=request.user)
        messages.success(request, _("The link no longer works."))
        return redirect("decision_participant_link", slug=slug, participant_id=participant.pk)
    link = participant.decision_links.filter(revoked_at=None).first()
    return render(
        request,
        "decisions/participant_link.html",
        {
            "consultation": participant.consultation,
            "participant": participant,
            "link": request.build_absolute_uri(f"/mijn/{link.token}/") if link else "",
        },
    )


@login_required
@require_POST
def participant_link_make(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    participant = access_participant_link(request.user, slug, participant_id)
    services.participant_link(participant)
    return redirect("decision_participant_link", slug=slug, participant_id=participant.pk)


@login_required
def decisions_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The round's decisions as CSV or XLSX, for the committee's own minutes."""
    _consultation, round_ = access_decision_round(request.user, slug, request.GET.get("round"))
    header = list(selectors.EXPORT_COLUMNS)
    rows = selectors.dispositions_export_rows(round_)
    name = f"besluiten-{slug}-{round_.pk}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        csv_write(response, header, rows)  # type: ignore[arg-type]
    else:
        response = HttpResponse(
            xlsx_bytes(header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def xlsx_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        # A text cell starting with "=" would be a formula: the same guard as the CSV.
        sheet.append([csv_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
def decisions_theme(request: HttpRequest, slug: str, theme_id: int) -> HttpResponse:
    """One theme's contributions, to decide on single ones apart from the theme."""
    theme = access_theme(request.user, slug, theme_id)
    consultation, round_ = theme.run.consultation, theme.run.round
    if request.method == "POST":
        ids = {int(i) for i in request.POST.getlist("contribution") if i.isdigit()}
        chosen = list(theme.members.filter(pk__in=ids))
        try:
            if not chosen:
                raise ValidationError(_("Choose at least one contribution."))
            services.contributions_decide(
                round=round_,
                contributions=chosen,
                decision=_decision(request, consultation),
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("decisions_theme", slug=slug, theme_id=theme.pk)
    singles = selectors.dispositions_single(round_)
    row = next((r for r in selectors.round_decisions(round_).rows if r.theme.pk == theme.pk), None)
    members = theme.members.select_related("session").order_by("created_at", "pk")
    return render(
        request,
        "decisions/theme.html",
        {
            "consultation": consultation,
            "round": round_,
            "theme": theme,
            "row": row,
            "members": [(c, singles.get(c.pk)) for c in members],
            "chapters": consultation.chapters.all(),
            "statuses": Status.choices,
            "meetings": consultation.meetings.all()[:10],
        },
    )
