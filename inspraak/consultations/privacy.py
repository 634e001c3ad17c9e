# SPDX-License-Identifier: EUPL-1.2
"""A participant's rights: get everything stored about them, and have it erased."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from inspraak.consultations.contributions import contributions_erase
from inspraak.consultations.models import Erasure, Participant
from inspraak.core.audit import audit_log


def participant_data(participant: Participant) -> dict[str, Any]:
    """Everything inspraak stores about one participant, as plain data for them to take away."""
    return {
        "consultation": participant.consultation.title,
        "pseudonym": participant.pseudonym,
        "name": participant.display_name,
        "name_consent_at": participant.name_consent_at.isoformat()
        if participant.name_consent_at
        else None,
        "email": participant.email,
        "attributes": dict(participant.attributes),
        "sessions": [a.session.title for a in participant.attendances.select_related("session")],
        "contributions": [
            {
                "text": c.text,
                "session": c.session.title if c.session else None,
                "kind": c.kind,
                "channel": c.channel,
                "created_at": c.created_at.isoformat(),
                "hidden": c.hidden,
            }
            for c in participant.contributions.select_related("session")
        ],
        "votes": [
            {
                "statement": v.statement.text,
                "vote": v.get_value_display(),
                "at": v.updated_at.isoformat(),
            }
            for v in participant.votes.select_related("statement")
        ],
    }


@transaction.atomic
def participant_erase(*, participant: Participant, actor: Any) -> dict[str, int]:
    """Erase a participant and all their input, votes and attendance.

    Erasure overrides the rule that hidden input is kept. The audit trail records
    that an erasure happened and how much went, not what or whose; a tombstone
    keeps later imports of the same file from bringing the participant back.
    """
    counts = {
        "contributions": participant.contributions.count(),
        "votes": participant.votes.count(),
        "attendance": participant.attendances.count(),
    }
    consultation = participant.consultation
    if participant.source_key:
        Erasure.objects.get_or_create(consultation=consultation, source_key=participant.source_key)
    contributions_erase(contributions=participant.contributions.all())
    participant.delete()
    audit_log(actor=actor, action="participant_erase", consultation=consultation, detail=counts)
    return counts
