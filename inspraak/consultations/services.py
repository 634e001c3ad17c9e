# SPDX-License-Identifier: EUPL-1.2
"""Writes for consultations, rounds, sessions, participants and contributions.

Every function takes keyword arguments, validates, runs in one transaction and
records an audit event where a person changed something.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from inspraak.consultations.models import (
    Attendance,
    Consultation,
    ConsultationOrganiser,
    Participant,
    Prompt,
    Round,
    Session,
)
from inspraak.consultations.pseudonyms import pseudonym_generate
from inspraak.core.audit import audit_log


@transaction.atomic
def consultation_create(
    *, title: str, slug: str = "", description: str = "", language: str = "nl", actor: Any = None
) -> Consultation:
    """Create a consultation; a user creating it becomes its organiser."""
    slug = slug or slugify(title)[:80]
    if not slug:
        raise ValidationError(_("A consultation needs a title or short name."))
    if Consultation.objects.filter(slug=slug).exists():
        raise ValidationError(
            _("A consultation with short name “%(slug)s” exists already.") % {"slug": slug}
        )
    consultation = Consultation(
        title=title.strip() or slug, slug=slug, description=description, language=language
    )
    consultation.full_clean()
    consultation.save()
    if getattr(actor, "is_authenticated", False):
        ConsultationOrganiser.objects.create(consultation=consultation, user=actor)
    audit_log(
        actor=actor, action="consultation_create", target=consultation, consultation=consultation
    )
    return consultation


def consultation_for_import(
    *, consultation: Consultation | None, slug: str, title: str = "", actor: Any = None
) -> Consultation:
    """The consultation an import goes into: the one given, the one called `slug`, or a new one.

    The one find-or-create every import channel (CSV, spreadsheet, document, e-mail,
    Pol.is) uses; a new consultation is titled from its slug unless `title` is given.
    """
    if consultation is not None:
        return consultation
    found = Consultation.objects.filter(slug=slug).first()
    if found is not None:
        return found
    return consultation_create(
        title=title or slug.replace("-", " ").capitalize(), slug=slug, actor=actor
    )


@transaction.atomic
def organiser_grant(*, consultation: Consultation, user: Any, actor: Any = None) -> None:
    """Make `user` an organiser of `consultation` (idempotent)."""
    _grant, created = ConsultationOrganiser.objects.get_or_create(
        consultation=consultation, user=user
    )
    if created:
        audit_log(
            actor=actor,
            action="organiser_grant",
            target=consultation,
            consultation=consultation,
            detail={"user": user.get_username()},
        )


@transaction.atomic
def user_create_organiser(
    *, username: str, password: str, email: str = "", consultations: tuple[Consultation, ...] = ()
) -> Any:
    """A staff account (so the admin opens) that organises the given consultations."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError(_("User “%(name)s” exists already.") % {"name": username})
    user = user_model.objects.create_user(
        username=username, email=email, password=password, is_staff=True
    )
    for consultation in consultations:
        organiser_grant(consultation=consultation, user=user, actor="cli")
    audit_log(actor="cli", action="user_create_organiser", target=user, detail={"user": username})
    return user


def round_get_or_create(
    *, consultation: Consultation, title: str, when: date | None = None, place: str = ""
) -> Round:
    round_, _created = Round.objects.get_or_create(
        consultation=consultation, title=title, defaults={"date": when, "place": place}
    )
    return round_


def session_get_or_create(*, round: Round, title: str, facilitator_name: str = "") -> Session:
    session, _created = Session.objects.get_or_create(
        round=round,
        title=title,
        defaults={
            "facilitator_name": facilitator_name,
            "position": Session.objects.filter(round=round).count(),
        },
    )
    return session


def prompt_get_or_create(*, session: Session, text: str, per_participant_limit: int = 3) -> Prompt:
    prompt = session.prompts.filter(text=text).first()
    if prompt is None:
        prompt = Prompt.objects.create(
            session=session,
            text=text,
            per_participant_limit=per_participant_limit,
            position=session.prompts.count(),
        )
    return prompt


def participant_source_key(*, consultation: Consultation, key: str) -> str:
    """A keyed hash of how a source names a participant: recognisable, not readable."""
    normalised = " ".join(key.split()).casefold()
    return hmac.new(
        consultation.salt.encode(), normalised.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def participant_get_or_create(
    *,
    consultation: Consultation,
    key: str,
    attributes: dict[str, str] | None = None,
    display_name: str = "",
    name_consent: bool = False,
    taken_pseudonyms: set[str] | None = None,
) -> tuple[Participant, bool]:
    """The participant a source calls `key`, created with a fresh pseudonym when new.

    `key` itself is not stored (only its keyed hash). Attributes given here are
    added to those the participant has; an existing value is never overwritten by
    an empty one.
    """
    source_key = participant_source_key(consultation=consultation, key=key)
    participant = Participant.objects.filter(
        consultation=consultation, source_key=source_key
    ).first()
    created = participant is None
    if participant is None:
        if taken_pseudonyms is None:
            taken_pseudonyms = set(consultation.participants.values_list("pseudonym", flat=True))
        participant = Participant(
            consultation=consultation,
            source_key=source_key,
            pseudonym=pseudonym_generate(taken=taken_pseudonyms),
        )
        taken_pseudonyms.add(participant.pseudonym)
    changed = _participant_merge(participant, attributes or {}, display_name, name_consent)
    if created or changed:
        participant.save()
    return participant, created


def _participant_merge(
    participant: Participant, attributes: dict[str, str], display_name: str, name_consent: bool
) -> bool:
    changed = False
    for name, value in attributes.items():
        if value and participant.attributes.get(name) != value:
            participant.attributes[name] = value
            changed = True
    if display_name and participant.display_name != display_name:
        participant.display_name = display_name
        changed = True
    if name_consent and participant.name_consent_at is None:
        participant.name_consent_at = timezone.now()
        changed = True
    return changed


def consultation_attributes_add(*, consultation: Consultation, names: list[str]) -> None:
    """Make sure the consultation declares these participant attributes."""
    missing = [name for name in names if name not in consultation.attribute_names]
    if missing:
        consultation.participant_attributes = [*consultation.participant_attributes, *missing]
        consultation.save(update_fields=["participant_attributes"])


def attendance_record(*, participant: Participant, session: Session, active: bool = True) -> None:
    """Record that `participant` is in `session`; `active` when they did something there."""
    now = timezone.now()
    attendance, created = Attendance.objects.get_or_create(
        participant=participant, session=session, defaults={"active_at": now if active else None}
    )
    if active and not created and attendance.active_at is None:
        Attendance.objects.filter(pk=attendance.pk).update(active_at=now)


def session_present(session: Session) -> int:
    """Participants present: the facilitator's override, else the attendance that did something.

    The one definition of "present" (the denominator of every support word): a participant
    who joined and posted, voted or endorsed, or whom the facilitator confirmed. Input by
    e-mail, form, document or spreadsheet never adds to it.
    """
    if session.present_override is not None:
        return session.present_override
    return session.attendances.exclude(active_at=None).count()
