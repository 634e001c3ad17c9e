# SPDX-License-Identifier: EUPL-1.2
"""The facilitator's wall work: clusters, moves, notes, discussed, hiding, suggestions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inspraak.consultations.contributions import contribution_set_hidden
from inspraak.consultations.models import Contribution, Note
from inspraak.core.audit import audit_log
from inspraak.live.events import event_append
from inspraak.live.models import Cluster, ClusterItem, LiveSession

SUGGEST_MIN_POSTITS = 2


def _name(name: str) -> str:
    name = " ".join(name.split())[:200]
    if not name:
        raise ValidationError(_("A cluster needs a name."))
    return name


@transaction.atomic
def cluster_create(*, live: LiveSession, name: str) -> Cluster:
    cluster = Cluster.objects.create(live=live, name=_name(name), position=live.clusters.count())
    event_append(live=live, kind="cluster_created", data={"id": cluster.pk, "name": cluster.name})
    return cluster


@transaction.atomic
def cluster_rename(*, cluster: Cluster, name: str) -> None:
    cluster.name = _name(name)
    cluster.save(update_fields=["name"])
    event_append(
        live=cluster.live, kind="cluster_renamed", data={"id": cluster.pk, "name": cluster.name}
    )


@transaction.atomic
def postit_move(*, postit: Contribution, cluster: Cluster | None) -> None:
    """Put a post-it in `cluster`, or take it out of any (None)."""
    live = _live_of(postit)
    if cluster is not None and cluster.live_id != live.pk:
        raise ValidationError(_("The cluster belongs to another session."))
    ClusterItem.objects.filter(contribution=postit).delete()
    if cluster is not None:
        ClusterItem.objects.create(cluster=cluster, contribution=postit)
        if cluster.discussed and not postit.discussed:
            Contribution.objects.filter(pk=postit.pk).update(discussed=True)
    data = {"id": postit.pk, "cluster": cluster.pk if cluster else None}
    event_append(live=live, kind="postit_moved", data=data)


@transaction.atomic
def cluster_merge(*, cluster: Cluster, into: Cluster) -> None:
    """Move every post-it and note of `cluster` into `into`, and remove `cluster`."""
    if cluster.pk == into.pk or cluster.live_id != into.live_id:
        raise ValidationError(_("Choose another cluster of this session."))
    ClusterItem.objects.filter(cluster=cluster).update(cluster=into)
    into.notes.add(*cluster.notes.all())
    if into.discussed:
        _discussed(into)
    data = {"id": cluster.pk, "into": into.pk}
    cluster.delete()
    event_append(live=into.live, kind="cluster_merged", data=data)


def _discussed(cluster: Cluster) -> None:
    Contribution.objects.filter(live_cluster_item__cluster=cluster).update(discussed=True)


@transaction.atomic
def cluster_mark_discussed(*, cluster: Cluster, actor: Any) -> None:
    """Mark the cluster and every post-it in it as discussed."""
    cluster.discussed = True
    cluster.save(update_fields=["discussed"])
    _discussed(cluster)
    audit_log(
        actor=actor,
        action="cluster_discussed",
        target=cluster,
        consultation=cluster.live.session.round.consultation,
        detail={"name": cluster.name},
    )
    event_append(live=cluster.live, kind="cluster_discussed", data={"id": cluster.pk})


@transaction.atomic
def cluster_note_add(*, cluster: Cluster, text: str, actor: Any) -> Note:
    """A discussion note about the cluster, linked to its post-its."""
    text = text.strip()
    if not text:
        raise ValidationError(_("A note needs text."))
    note = Note.objects.create(session=cluster.live.session, text=text, author=actor)
    note.contributions.set(Contribution.objects.filter(live_cluster_item__cluster=cluster))
    cluster.notes.add(note)
    event_append(live=cluster.live, kind="note_added", data={"cluster": cluster.pk})
    return note


@transaction.atomic
def postit_hide(*, postit: Contribution, actor: Any, reason: str = "") -> None:
    """Take an abusive post-it off the wall: kept, audited, never deleted."""
    contribution_set_hidden(contribution=postit, hidden=True, actor=actor, reason=reason)


def clusters_suggest(*, live: LiveSession) -> list[Cluster]:
    """Ask the sensemaking engine to group the post-its in no cluster yet.

    Each leaf theme of two or more post-its becomes a cluster named by its label;
    the facilitator renames, merges or undoes from there.
    """
    from inspraak_analysis import sensemaking as engine

    loose = list(
        Contribution.objects.filter(
            session=live.session, channel="postit", hidden=False, live_cluster_item=None
        )
    )
    if len(loose) < SUGGEST_MIN_POSTITS:
        return []
    records = [
        engine.Contribution(id=c.pk, session="live", participant=str(c.participant_id), text=c.text)
        for c in loose
    ]
    themes = [t for t in engine.analyse(records).themes if t.is_leaf]
    groups = [(t.label, t.contribution_ids) for t in themes if len(t.contribution_ids) >= 2]
    return _clusters_from(live, groups)


@transaction.atomic
def _clusters_from(live: LiveSession, groups: list[tuple[str, tuple[Any, ...]]]) -> list[Cluster]:
    clusters = []
    for label, ids in groups:
        cluster = Cluster.objects.create(
            live=live, name=label[:200], position=live.clusters.count()
        )
        free = Contribution.objects.filter(pk__in=ids, live_cluster_item=None)
        ClusterItem.objects.bulk_create(ClusterItem(cluster=cluster, contribution=c) for c in free)
        clusters.append(cluster)
    if clusters:
        event_append(live=live, kind="clusters_suggested", data={"n": len(clusters)})
    return clusters


def _live_of(postit: Contribution) -> LiveSession:
    return LiveSession.objects.get(session_id=postit.session_id)
