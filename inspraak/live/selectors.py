# SPDX-License-Identifier: EUPL-1.2
"""Reads of live sessions: by code, the event log, the board, a phone's own post-its."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from inspraak.consultations.models import Contribution, Participant, Session
from inspraak.live.models import Cluster, LiveEvent, LiveSession, Poll
from inspraak.votes.models import Vote

EVENT_BATCH = 500


def live_by_code(code: str) -> LiveSession:
    """The live session a phone joins; 404 for an unknown code (open or not)."""
    live = (
        LiveSession.objects.select_related("session__round__consultation", "prompt")
        .filter(code=code)
        .first()
    )
    if live is None:
        raise Http404("No such session.")
    return live


def live_for_session(session: Session) -> LiveSession | None:
    return LiveSession.objects.select_related("prompt").filter(session=session).first()


def events_since(*, live_id: int, after: int, phones: bool = False) -> list[LiveEvent]:
    events = LiveEvent.objects.filter(live_id=live_id, seq__gt=after)
    if phones:
        events = events.filter(for_phones=True)
    return list(events.order_by("seq")[:EVENT_BATCH])


def postits_of(*, live: LiveSession, participant: Participant) -> list[Contribution]:
    return list(
        Contribution.objects.filter(session=live.session, participant=participant).order_by(
            "created_at", "pk"
        )
    )


@dataclass
class Board:
    """The wall: clusters with their post-its, and the post-its in no cluster."""

    clusters: list[tuple[Cluster, list[Contribution]]] = field(default_factory=list)
    loose: list[Contribution] = field(default_factory=list)


def board_get(*, live: LiveSession) -> Board:
    postits = (
        Contribution.objects.filter(session=live.session, channel="postit", hidden=False)
        .select_related("live_cluster_item")
        .order_by("created_at", "pk")
    )
    board = Board()
    by_cluster: dict[int, list[Contribution]] = {}
    for postit in postits:
        item = getattr(postit, "live_cluster_item", None)
        if item is None:
            board.loose.append(postit)
        else:
            by_cluster.setdefault(item.cluster_id, []).append(postit)
    clusters = live.clusters.prefetch_related("notes")
    board.clusters = [(c, by_cluster.get(c.pk, [])) for c in clusters]
    return board


def poll_results(poll: Poll) -> dict[str, int]:
    counts = Vote.objects.filter(statement=poll.statement).aggregate(
        agree=Count("pk", filter=Q(value=1)),
        disagree=Count("pk", filter=Q(value=-1)),
        passed=Count("pk", filter=Q(value=0)),
    )
    counts["total"] = counts["agree"] + counts["disagree"] + counts["passed"]
    return counts


def polls_of(*, live: LiveSession) -> list[Poll]:
    return list(live.polls.select_related("statement").annotate(voters=Count("statement__votes")))


def poll_current(*, live: LiveSession) -> Poll | None:
    return live.polls.select_related("statement").filter(closed_at=None).last()


def vote_of(*, poll: Poll, participant: Participant) -> Any:
    return (
        Vote.objects.filter(statement=poll.statement, participant=participant)
        .values_list("value", flat=True)
        .first()
    )
