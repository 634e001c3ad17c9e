# SPDX-License-Identifier: EUPL-1.2
"""The wall hears about every contribution change, whatever its channel.

Subscribed to the contributions service's domain events (inspraak.core.events) in
LiveConfig.ready. Each handler runs in the writer's transaction and appends the
wall's event to the session's log. A withdrawn or erased post-it also leaves the
log: the events that carried its text are redacted, so a stream replayed from
event 0 never returns it.
"""

from __future__ import annotations

from django.db.models import Q

from inspraak.consultations.models import Contribution
from inspraak.core.events import Event, subscribe
from inspraak.live.events import event_append
from inspraak.live.models import LiveEvent, LiveSession

TEXT_KINDS = ("postit_created", "postit_edited")


def _postits(event: Event) -> list[tuple[LiveSession, Contribution]]:
    """The event's post-its in sessions run live, each with its live session."""
    lives = {
        live.session_id: live
        for live in LiveSession.objects.filter(session_id__in=event.session_ids)
    }
    if not lives:
        return []
    rows = [c for c in event.rows if c.channel == Contribution.Channel.POSTIT]
    return [(lives[c.session_id], c) for c in rows if c.session_id in lives]


def postit_data(postit: Contribution) -> dict[str, object]:
    """What the wall shows of a post-it: never who wrote it."""
    kind = postit.kind if postit.kind in ("problem", "idea", "question") else ""
    return {"id": postit.pk, "text": postit.text, "prompt": postit.prompt_id, "kind": kind}


def on_added(event: Event) -> None:
    for live, postit in _postits(event):
        event_append(live=live, kind="postit_created", data=postit_data(postit))


def on_edited(event: Event) -> None:
    for live, postit in _postits(event):
        event_append(live=live, kind="postit_edited", data=postit_data(postit))


def on_hidden(event: Event) -> None:
    for live, postit in _postits(event):
        event_append(live=live, kind="postit_hidden", data={"id": postit.pk})


def on_shown(event: Event) -> None:
    for live, postit in _postits(event):
        event_append(live=live, kind="postit_created", data=postit_data(postit))


def on_removed(event: Event) -> None:
    """Withdrawn or erased: redact the text from the log, then tell the walls it went.

    The rows are already gone (or about to go), so the sessions come with the event.
    """
    lives = list(LiveSession.objects.filter(session_id__in=event.session_ids))
    if not lives:
        return
    ids = list(event.contribution_ids)
    carried = Q(data__id__in=ids) & Q(kind__in=TEXT_KINDS)
    for row in LiveEvent.objects.filter(carried, live__in=lives):
        row.data = {"id": row.data.get("id"), "removed": True}
        row.save(update_fields=["data"])
    touched = set(
        LiveEvent.objects.filter(live__in=lives, data__id__in=ids).values_list("live_id", flat=True)
    )
    for live in lives:
        if live.pk in touched:
            for contribution_id in ids:
                event_append(live=live, kind="postit_withdrawn", data={"id": contribution_id})


def facilitator_counts(members: set[int]) -> list[dict[str, object]]:
    """The support recorded for clusters holding any of `members`, for the analysis."""
    from inspraak.live.models import ClusterSupport

    records = ClusterSupport.objects.filter(cluster__items__contribution__in=members)
    return [
        {
            "items": set(record.cluster.items.values_list("contribution_id", flat=True)),
            "session": record.cluster.live.session.title,
            "supporters": record.supporters,
            "present": record.present,
            "cluster": record.cluster.name,
            "recorded_at": record.recorded_at.isoformat(),
        }
        for record in records.select_related("cluster__live__session").distinct()
    ]


def subscribe_all() -> None:
    from inspraak.sensemaking.facilitator import facilitator_counts_register

    facilitator_counts_register(facilitator_counts)
    subscribe("contribution.added", on_added)
    subscribe("contribution.edited", on_edited)
    subscribe("contribution.hidden", on_hidden)
    subscribe("contribution.shown", on_shown)
    subscribe("contribution.withdrawn", on_removed)
    subscribe("contribution.erased", on_removed)
