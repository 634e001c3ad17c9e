# SPDX-License-Identifier: EUPL-1.2
"""Who may see and do what with a live session's wall, post-its, clusters and votes: fetch the object and check the right in one call.

The rights themselves (organisers, facilitators) are in inspraak.consultations.access.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from inspraak.consultations.access import access_session
from inspraak.consultations.models import Contribution


def access_live(user: Any, slug: str, session_id: int) -> Any:
    """The live side of a session the user may run (its organisers and facilitators)."""
    from inspraak.live.models import LiveSession

    session = access_session(user, slug, session_id)
    try:
        return LiveSession.objects.select_related("session__round__consultation", "prompt").get(
            session=session
        )
    except LiveSession.DoesNotExist:
        raise Http404("Session not opened live.") from None


def access_live_postit(user: Any, slug: str, session_id: int, contribution_id: int) -> Any:
    """A post-it on the wall of a live session the user may run."""
    live = access_live(user, slug, session_id)
    try:
        return live.session.contributions.get(pk=contribution_id)
    except Contribution.DoesNotExist:
        raise Http404("No such post-it.") from None


def access_live_cluster(user: Any, slug: str, session_id: int, cluster_id: int) -> Any:
    live = access_live(user, slug, session_id)
    try:
        return live.clusters.select_related("live__session__round__consultation").get(pk=cluster_id)
    except live.clusters.model.DoesNotExist:
        raise Http404("No such cluster.") from None


def access_live_poll(user: Any, slug: str, session_id: int, poll_id: int) -> Any:
    live = access_live(user, slug, session_id)
    try:
        return live.polls.select_related("statement", "live").get(pk=poll_id)
    except live.polls.model.DoesNotExist:
        raise Http404("No such vote.") from None
