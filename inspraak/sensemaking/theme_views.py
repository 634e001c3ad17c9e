# SPDX-License-Identifier: EUPL-1.2
"""Organisers' pages for themes: run the analysis, read the result, correct it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations.access import access_consultation
from inspraak.consultations.models import Contribution
from inspraak.core.ids import id_parse
from inspraak.sensemaking.access import access_theme
from inspraak.sensemaking.edits import theme_merge, theme_rename, theme_split
from inspraak.sensemaking.models import Theme
from inspraak.sensemaking.selectors import run_latest
from inspraak.sensemaking.themes import themes_analyse
from inspraak_analysis.support import support_rank


def _round(request: HttpRequest, consultation: Any) -> Any:
    raw = request.GET.get("round") or request.POST.get("round") or ""
    rounds = consultation.rounds.all()
    found = rounds.filter(pk=id_parse(raw) or 0).first() if raw else rounds.first()
    if found is None and raw:
        raise Http404("No such round.")
    return found


def _sorted(themes: list[Theme]) -> list[Theme]:
    return sorted(themes, key=lambda t: (support_rank(t.support), -t.participants, t.label))


def _claims(run: Any) -> list[dict[str, Any]]:
    claims = run.result.get("claims", []) if run else []
    texts = dict(
        Contribution.objects.filter(pk__in=[c["row"] for c in claims]).values_list("pk", "text")
    )
    return [{"pk": c["row"], "claim": c["text"], "text": texts.get(c["row"], "")} for c in claims]


@login_required
def themes_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    round_ = _round(request, consultation)
    run = run_latest(round_id=round_.pk) if round_ else None
    leaves = _sorted(list(run.themes.filter(is_leaf=True))) if run else []
    return render(
        request,
        "sensemaking/themes.html",
        {
            "consultation": consultation,
            "round": round_,
            "rounds": consultation.rounds.all(),
            "run": run,
            "themes": [t for t in leaves if t.participants >= 2],
            "single": [t for t in leaves if t.participants < 2],
            "cross_session": [t for t in leaves if len(t.by_session) > 1],
            "not_discussed": [t for t in leaves if t.discussed is False],
            "claims": _claims(run),
            "duplicates": len(run.result.get("duplicates", [])) if run else 0,
        },
    )


@login_required
@require_POST
def themes_run(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    round_ = _round(request, consultation)
    if round_ is None:
        raise Http404("No round.")
    run = themes_analyse(consultation=consultation, round=round_, actor=request.user)
    messages.success(
        request, _("Analysis done: %(n)d themes.") % {"n": run.themes.filter(is_leaf=True).count()}
    )
    return redirect(f"{reverse('themes', args=[slug])}?round={round_.pk}")


@login_required
def theme_page(request: HttpRequest, slug: str, theme_id: int) -> HttpResponse:
    theme = access_theme(request.user, slug, theme_id)
    members = theme.members.select_related("session", "participant").order_by(
        "session__position", "created_at"
    )
    return render(
        request,
        "sensemaking/theme.html",
        {
            "consultation": theme.run.consultation,
            "theme": theme,
            "members": members,
            "quotes": [c for c in members if c.pk in set(theme.quotes)],
        },
    )


def _back(slug: str, theme: Theme) -> HttpResponse:
    return redirect(f"{reverse('themes', args=[slug])}?round={theme.run.round_id}")


@login_required
@require_POST
def theme_rename_view(request: HttpRequest, slug: str, theme_id: int) -> HttpResponse:
    theme = access_theme(request.user, slug, theme_id)
    try:
        theme_rename(theme=theme, label=request.POST.get("label", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("theme", slug=slug, theme_id=theme.pk)


@login_required
@require_POST
def themes_merge_view(request: HttpRequest, slug: str) -> HttpResponse:
    # Checked first: with no theme chosen nothing below would check who is asking.
    access_consultation(request.user, slug, manage=True)
    ids = [n for n in map(id_parse, request.POST.getlist("theme")) if n is not None]
    themes = [access_theme(request.user, slug, pk) for pk in ids]
    if len({t.run_id for t in themes}) > 1:
        raise Http404("Themes of different analyses.")
    try:
        theme_merge(themes=themes, label=request.POST.get("label", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if not themes:
        return redirect("themes", slug=slug)
    return _back(slug, themes[0])


@login_required
@require_POST
def theme_split_view(request: HttpRequest, slug: str, theme_id: int) -> HttpResponse:
    theme = access_theme(request.user, slug, theme_id)
    ids = {n for n in map(id_parse, request.POST.getlist("contribution")) if n is not None}
    try:
        theme_split(
            theme=theme,
            contribution_ids=ids,
            label=request.POST.get("label", ""),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("theme", slug=slug, theme_id=theme.pk)
    return _back(slug, theme)
