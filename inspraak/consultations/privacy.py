# SPDX-License-Identifier: EUPL-1.2
"""A participant's rights: get everything stored about them, and have it erased.

Other apps keep copies of a participant's words (opinion runs, report versions, the
live event log, decisions). They take part without this module importing them:
each registers a section for the data download (`data_section_register`) and
subscribes to the `participant.erased` event, which is published inside the
erasure's transaction before the rows go, so a handler can still read them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from inspraak.consultations.contributions import contributions_erase
from inspraak.consultations.models import Erasure, Participant
from inspraak.core.audit import audit_log
from inspraak.core.events import Event, publish
from inspraak.core.models import AuditEvent
from inspraak.core.redact import json_redact

DataSection = Callable[[Participant], dict[str, Any]]
_sections: list[DataSection] = []


def data_section_register(section: DataSection) -> None:
    """Add what an app stores about a participant to their data download."""
    if section not in _sections:
        _sections.append(section)


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
        "endorsed": [
            e.contribution.text for e in participant.endorsements.select_related("contribution")
        ],
        **{key: value for section in _sections for key, value in section(participant).items()},
    }


def participant_words(participant: Participant) -> list[str]:
    """What identifies a participant or repeats their words in copies elsewhere."""
    rows = participant.contributions.values_list("text", "channel", "source_name")
    words = [text for text, _channel, _source in rows]
    words += [source for _text, channel, source in rows if channel == "email" and source]
    words += [participant.pseudonym, participant.display_name, participant.email]
    return [w for w in words if w]


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
    words = participant_words(participant)
    publish(
        Event(
            kind="participant.erased",
            data={"participant": participant.pk, "consultation": consultation.pk, "words": words},
        )
    )
    if participant.source_key:
        Erasure.objects.get_or_create(consultation=consultation, source_key=participant.source_key)
    contributions_erase(contributions=participant.contributions.all())
    participant.delete()
    _audit_redact(consultation, words)
    audit_log(actor=actor, action="participant_erase", consultation=consultation, detail=counts)
    return counts


def _audit_redact(consultation: Any, words: list[str]) -> None:
    """The audit trail keeps what happened, not the erased participant's words or ids."""
    for event in AuditEvent.objects.filter(consultation=consultation).exclude(detail={}):
        detail, changed = json_redact(event.detail, words)
        if changed:
            event.detail = detail
            event.save(update_fields=["detail"])
