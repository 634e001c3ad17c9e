# SPDX-License-Identifier: EUPL-1.2
"""The wall and its facilitator controls: organisers and the session's facilitators only.

Controls are plain form posts that redirect back to the wall; the wall's script
sends the same posts with `Accept: application/json` (drag and drop) and gets JSON.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from inspraak.consultations.access import access_session
from inspraak.consultations.services import session_present
from inspraak.core.ids import id_parse
from inspraak.live import cluster_services as clusters
from inspraak.live import poll_services as polls
from inspraak.live import services
from inspraak.live.access import (
    access_live,
    access_live_cluster,
    access_live_poll,
    access_live_postit,
)
from inspraak.live.models import LiveSession
from inspraak.live.selectors import board_get, live_for_session, poll_results, polls_of


def _back(request: HttpRequest, live: LiveSession, error: str = "") -> HttpResponse:
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {"error": error} if error else {"ok": True}, status=400 if error else 200
        )
    url = reverse("live_wall", args=[live.session.round.consultation.slug, live.session_id])
    return redirect(f"{url}?error={error[:200]}" if error else url)


def _join_url(request: HttpRequest, live: LiveSession) -> str:
    return request.build_absolute_uri(reverse("live_phone", args=[live.code]))


@login_required
@require_GET
def wall(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session = access_session(request.user, slug, session_id)
    live = live_for_session(session)
    context: dict[str, Any] = {"session": session, "consultation": session.round.consultation}
    context.update(live=live, error=request.GET.get("error", "")[:200])
    if live is not None:
        context.update(_board_context(live), join_url=_join_url(request, live))
        context["qr"] = segno.make(context["join_url"], error="m").svg_inline(
            scale=8, border=2, dark="#000", light="#fff"
        )
        context["prompts"] = session.prompts.all()
    return render(request, "live/wall.html", context)


def _board_context(live: LiveSession) -> dict[str, Any]:
    all_polls = polls_of(live=live)
    return {
        "board": board_get(live=live),
        "present": session_present(live.session),
        "polls": [(p, poll_results(p) if p.revealed_at else None) for p in all_polls],
        "live": live,
        "opinions": _opinions(live) if live.opinions_revealed_at else None,
    }


def _opinions(live: LiveSession) -> dict[str, Any] | None:
    """The session's latest opinion groups, as the wall shows them (no identities)."""
    from inspraak.sensemaking.opinion_views import opinion_groups_context
    from inspraak.sensemaking.opinions import opinions_latest

    run = opinions_latest(consultation=live.session.round.consultation, session=live.session)
    return opinion_groups_context(run.result) if run else None


@login_required
@require_POST
def opinions_show(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    live = access_live(request.user, slug, session_id)
    polls.opinions_reveal(live=live, actor=request.user)
    return _back(request, live)


@login_required
@require_GET
def board(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    live = access_live(request.user, slug, session_id)
    return render(request, "live/board.html", _board_context(live))


@login_required
@require_POST
def session_open(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session = access_session(request.user, slug, session_id)
    live = services.live_open(session=session, actor=request.user)
    return _back(request, live)


@login_required
@require_POST
def session_close(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    live = access_live(request.user, slug, session_id)
    services.live_close(live=live, actor=request.user)
    return _back(request, live)


@login_required
@require_POST
def prompt(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    live = access_live(request.user, slug, session_id)
    try:
        if request.POST.get("action") == "close":
            services.prompt_close(live=live)
        else:
            chosen = request.POST.get("prompt", "")
            found = live.session.prompts.filter(pk=chosen).first() if chosen.isdigit() else None
            services.prompt_open(live=live, prompt=found, text=request.POST.get("text", ""))
    except ValidationError as error:
        return _back(request, live, error.messages[0])
    return _back(request, live)


@login_required
@require_POST
def postit_action(request: HttpRequest, slug: str, session_id: int, postit_id: int) -> HttpResponse:
    postit = access_live_postit(request.user, slug, session_id, postit_id)
    live = access_live(request.user, slug, session_id)
    try:
        if request.POST.get("action") == "hide":
            reason = request.POST.get("reason", "")[:500]
            clusters.postit_hide(postit=postit, actor=request.user, reason=reason)
        else:
            target = request.POST.get("cluster", "")
            cluster = live.clusters.filter(pk=id_parse(target) or 0).first()
            if target == "new":
                cluster = clusters.cluster_create(live=live, name=request.POST.get("name", ""))
            clusters.postit_move(postit=postit, cluster=cluster)
    except ValidationError as error:
        return _back(request, live, error.messages[0])
    return _back(request, live)


@login_required
@require_POST
def cluster_new(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    live = access_live(request.user, slug, session_id)
    try:
        clusters.cluster_create(live=live, name=request.POST.get("name", ""))
    except ValidationError as error:
        return _back(request, live, error.messages[0])
    return _back(request, live)


@login_required
@require_POST
def cluster_action(
    request: HttpRequest, slug: str, session_id: int, cluster_id: int
) -> HttpResponse:
    cluster = access_live_cluster(request.user, slug, session_id, cluster_id)
    live, action, post = cluster.live, request.POST.get("action", ""), request.POST
    try:
        if action == "rename":
            clusters.cluster_rename(cluster=cluster, name=post.get("name", ""))
        elif action == "merge":
            into = access_live_cluster(
                request.user, slug, session_id, id_parse(post.get("into")) or 0
            )
            clusters.cluster_merge(cluster=cluster, into=into)
        elif action == "discussed":
            clusters.cluster_mark_discussed(cluster=cluster, actor=request.user)
        elif action == "note":
            clusters.cluster_note_add(
                cluster=cluster, text=post.get("text", ""), actor=request.user
            )
    except ValidationError as error:
        return _back(request, live, error.messages[0])
    return _back(request, live)


@login_required
@require_POST
def suggest(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    live = access_live(request.user, slug, session_id)
    clusters.clusters_suggest(live=live)
    return _back(request, live)


@login_required
@require_POST
def poll_new(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    live = access_live(request.user, slug, session_id)
    try:
        polls.poll_open(live=live, text=request.POST.get("text", ""), actor=request.user)
    except ValidationError as error:
        return _back(request, live, error.messages[0])
    return _back(request, live)


@login_required
@require_POST
def poll_action(request: HttpRequest, slug: str, session_id: int, poll_id: int) -> HttpResponse:
    poll = access_live_poll(request.user, slug, session_id, poll_id)
    if request.POST.get("action") == "reveal":
        polls.poll_reveal(poll=poll)
    else:
        polls.poll_close(poll=poll)
    return _back(request, poll.live)
