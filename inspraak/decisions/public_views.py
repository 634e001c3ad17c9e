# SPDX-License-Identifier: EUPL-1.2
"""Pages without login: a participant's own page, and the public accountability page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.decisions import selectors, services
from inspraak.decisions.access import access_own_link, access_public_decisions


def _gone(request: HttpRequest) -> HttpResponse:
    """A 404 in the page's language that says what may have happened, and nothing else."""
    return render(request, "decisions/own_gone.html", status=404)


def own_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = access_own_link(token)
    except Http404:
        return _gone(request)
    overview = selectors.participant_overview(link.participant)
    response = render(
        request,
        "decisions/own.html",
        {
            "link": link,
            "consultation": link.participant.consultation,
            "overview": overview,
            "total": sum(len(r.items) for r in overview if r.published),
            "taken_up": sum(r.taken_up for r in overview if r.published),
        },
    )
    # The link is the key: keep it out of caches and out of other sites' logs.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def own_revoke(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = access_own_link(token)
    except Http404:
        return _gone(request)
    services.participant_link_revoke(link=link, actor="participant")
    return render(request, "decisions/own_revoked.html")


@require_POST
def own_language(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = access_own_link(token)
    except Http404:
        return _gone(request)
    services.participant_link_language(link=link, language=request.POST.get("language", ""))
    return redirect("own_page", token=token)


def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation, rounds = access_public_decisions(slug)
    return render(
        request,
        "decisions/public.html",
        {
            "consultation": consultation,
            "rounds": [
                {
                    "round": r,
                    "groups": selectors.decisions_by_chapter(r),
                    "report_path": selectors.public_report_path(r),
                }
                for r in rounds
            ],
            "title": _("What we did with the input"),
        },
    )
