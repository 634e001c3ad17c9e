# SPDX-License-Identifier: EUPL-1.2
"""Writes about the room itself: "ik ook" from phones, who is present, recorded support."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations import services as cs
from inspraak.consultations.models import Attendance, Contribution, Endorsement, Participant
from inspraak.core.audit import audit_log
from inspraak.live.events import event_append, serialised
from inspraak.live.models import Cluster, ClusterSupport, LiveSession


@serialised
def endorsement_set(
    *, live: LiveSession, postit: Contribution, participant: Participant, on: bool
) -> bool:
    """Say "ik ook" to a post-it (on) or take it back; one per participant per post-it.

    Allowed while the facilitator lets phones see the wall, never on one's own post-it.
    Saying it makes the participant present. Returns whether the endorsement stands.
    """
    if not (live.is_open and live.endorse_open) or postit.session_id != live.session_id:
        raise ValidationError(_('You cannot say "me too" now.'))
    if postit.participant_id == participant.pk:
        raise ValidationError(_("This is your own post-it."))
    try:
        with transaction.atomic():
            if on:
                Endorsement.objects.get_or_create(contribution=postit, participant=participant)
                cs.attendance_record(participant=participant, session=live.session, active=True)
            else:
                Endorsement.objects.filter(contribution=postit, participant=participant).delete()
            event_append(live=live, kind="endorsed", data={"id": postit.pk})
    except IntegrityError:  # a parallel double tap: the first one stands
        pass
    return on


@transaction.atomic
def endorse_open_set(*, live: LiveSession, on: bool) -> None:
    """Let the phones see the wall's post-its and say "ik ook" (or stop it)."""
    live.endorse_open = on
    live.save(update_fields=["endorse_open"])
    event_append(live=live, kind="endorse_opened" if on else "endorse_closed", data={})


@transaction.atomic
def attendance_confirm_all(*, live: LiveSession, actor: Any) -> int:
    """The facilitator confirms that everyone who joined is in the room: all count present."""
    confirmed = Attendance.objects.filter(session=live.session, active_at=None).update(
        active_at=timezone.now()
    )
    audit_log(
        actor=actor,
        action="attendance_confirm",
        target=live.session,
        consultation=live.session.round.consultation,
        detail={"confirmed": confirmed},
    )
    event_append(live=live, kind="joined", data={})
    return confirmed


@transaction.atomic
def cluster_support_record(
    *, cluster: Cluster, supporters: int, present: int, actor: Any
) -> ClusterSupport:
    """The facilitator's count of the room behind a cluster: "onderschreven door N van M"."""
    if present < 1 or not 0 <= supporters <= present:
        raise ValidationError(_("Give the supporters as a number from 0 to those present."))
    support, _created = ClusterSupport.objects.update_or_create(
        cluster=cluster,
        defaults={"supporters": supporters, "present": present, "recorded_by": actor},
    )
    audit_log(
        actor=actor,
        action="cluster_support",
        target=cluster,
        consultation=cluster.live.session.round.consultation,
        detail={"name": cluster.name, "supporters": supporters, "present": present},
    )
    event_append(live=cluster.live, kind="cluster_support", data={"id": cluster.pk})
    return support
