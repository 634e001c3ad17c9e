# SPDX-License-Identifier: EUPL-1.2
"""Reads of live sessions: by code, the event log, the board, a phone's own post-its."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _l

from inspraak.consultations.models import Contribution, Participant, Session
from inspraak.live.models import Cluster, LiveEvent, LiveSession, Poll
from inspraak.votes.models import Vote

EVENT_BATCH = 500


def code_normalise(code: str) -> str:
    """A typed code as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:12]


def live_by_code(code: str) -> LiveSession:
    """The live session a phone joins, the code typed in any case; 404 when unknown."""
    live = (
        LiveSession.objects.select_related("session__round__consultation", "prompt")
        .filter(code=code_normalise(code))
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
    clusters = live.clusters.select_related("support").prefetch_related("notes")
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


# Dutch (and English) labels for the attribute names organisers use most; an attribute
# declared as {"name": ..., "label": {"nl": ..., "en": ...}, "choices": [...]} says its own.
_LABELS = {
    "role": _l("Role"),
    "rol": _l("Role"),
    "municipality": _l("Municipality"),
    "gemeente": _l("Municipality"),
    "region": _l("Region"),
    "regio": _l("Region"),
    "organisation": _l("Organisation"),
    "organization": _l("Organisation"),
    "organisatie": _l("Organisation"),
    "age": _l("Age"),
    "leeftijd": _l("Age"),
    "neighbourhood": _l("Neighbourhood"),
    "wijk": _l("Neighbourhood"),
}


def attribute_fields(consultation: Any, language: str) -> list[dict[str, Any]]:
    """The join form's attribute fields: name, label in `language`, and choices (or none).

    Labels and choices come from the consultation's attribute specs; a bare name
    without a label gets the common Dutch (or English) label when there is one.
    """
    from inspraak.consultations.attributes import consultation_attributes

    fields = []
    for n, spec in enumerate(consultation_attributes(consultation)):
        label = spec.label(language)
        if label == spec.name:
            label = str(_LABELS.get(spec.name.casefold(), spec.name.replace("_", " ").capitalize()))
        fields.append(
            {"name": spec.name, "label": label, "choices": list(spec.choices), "id": f"attr-{n}"}
        )
    return fields


def phone_context(*, live: LiveSession, participant: Participant) -> dict[str, Any]:
    """What a joined phone's page shows: its post-its, what is left, the vote, results."""
    mine = postits_of(live=live, participant=participant)
    poll = poll_current(live=live)
    prompt = live.prompt
    in_prompt = [p for p in mine if prompt is not None and p.prompt_id == prompt.pk]
    revealed = live.polls.exclude(revealed_at=None).select_related("statement")
    return {
        "postits": mine,
        "left": max(0, prompt.per_participant_limit - len(in_prompt)) if prompt else 0,
        "poll": poll,
        "my_vote": vote_of(poll=poll, participant=participant) if poll else None,
        "revealed": [(p, poll_results(p)) for p in revealed],
    }


PHONE_WALL_MAX = 60


def wall_postits_for_phone(*, live: LiveSession, participant: Participant) -> list[Any]:
    """The newest post-its of others on the wall, each marked when this phone said "ik ook"."""
    from inspraak.consultations.models import Endorsement

    postits = list(
        Contribution.objects.filter(session=live.session, channel="postit", hidden=False)
        .exclude(participant=participant)
        .annotate(n_endorsed=Count("endorsements"))
        .order_by("-created_at", "-pk")[:PHONE_WALL_MAX]
    )
    mine = set(
        Endorsement.objects.filter(
            participant=participant, contribution__in=[p.pk for p in postits]
        ).values_list("contribution_id", flat=True)
    )
    for postit in postits:
        postit.endorsed_by_me = postit.pk in mine
    return postits


def room_counts(*, live: LiveSession) -> dict[str, int]:
    """The wall's live counts: joined, present (did something), posted, voted."""
    from inspraak.consultations.services import session_present

    session = live.session
    joined = session.attendances.count()
    return {
        "joined": joined,
        "present": session_present(session),
        "posted": Contribution.objects.filter(session=session, channel="postit").count(),
        "voted": Vote.objects.filter(statement__live_poll__live=live)
        .values("participant")
        .distinct()
        .count(),
    }


def join_rate(*, live: LiveSession, minutes: int = 1) -> int:
    """Joins in the last `minutes` minutes: a scripted flood shows as a spike."""
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.now() - timedelta(minutes=minutes)
    return live.session.attendances.filter(joined_at__gte=since).count()
