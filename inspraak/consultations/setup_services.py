# SPDX-License-Identifier: EUPL-1.2
"""Writes behind the set-up pages: organisers build a consultation without the admin.

Each function is keyword-only, validates, runs in one transaction and is audited.
Unique titles (a round in its consultation, a session in its round) are checked here so
a person gets a sentence, not an integrity error.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from inspraak.consultations.attributes import AttributeSpec, consultation_attributes
from inspraak.consultations.models import (
    Consultation,
    Prompt,
    Round,
    Session,
    SessionFacilitator,
)
from inspraak.core.audit import audit_log

ATTRIBUTE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_ATTRIBUTES = 12
MAX_CHOICES = 60


def _changed(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Set `values` on `obj`; return the fields that changed (for the audit log)."""
    changed = {k: str(v) for k, v in values.items() if getattr(obj, k) != v}
    for name, value in values.items():
        setattr(obj, name, value)
    return changed


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, title: str, description: str, state: str, actor: Any
) -> Consultation:
    changed = _changed(
        consultation, {"title": title.strip(), "description": description.strip(), "state": state}
    )
    consultation.full_clean()
    consultation.save()
    audit_log(
        actor=actor,
        action="consultation_update",
        target=consultation,
        consultation=consultation,
        detail={"changed": sorted(changed)},
    )
    return consultation


def _round_title_free(consultation: Consultation, title: str, exclude: int | None) -> None:
    if consultation.rounds.filter(title=title).exclude(pk=exclude).exists():
        raise ValidationError(
            _("This consultation has a round “%(title)s” already.") % {"title": title}
        )


@transaction.atomic
def round_save(
    *,
    consultation: Consultation,
    title: str,
    when: date | None,
    place: str,
    actor: Any,
    round: Round | None = None,
) -> Round:
    """Create a round, or change `round` when given."""
    title = title.strip()
    _round_title_free(consultation, title, round.pk if round else None)
    round_ = round or Round(consultation=consultation)
    _changed(round_, {"title": title, "date": when, "place": place.strip()})
    round_.full_clean()
    round_.save()
    audit_log(
        actor=actor,
        action="round_update" if round else "round_create",
        target=round_,
        consultation=consultation,
    )
    return round_


@transaction.atomic
def session_save(
    *,
    round: Round,
    title: str,
    facilitator_name: str,
    present_override: int | None,
    actor: Any,
    session: Session | None = None,
) -> Session:
    """Create a session in `round`, or change `session` (which may move to `round`)."""
    title = title.strip()
    taken = Session.objects.filter(round=round, title=title).exclude(
        pk=session.pk if session else None
    )
    if taken.exists():
        raise ValidationError(_("This round has a session “%(title)s” already.") % {"title": title})
    session_ = session or Session(round=round, position=round.sessions.count())
    values = {"round": round, "title": title, "facilitator_name": facilitator_name.strip()}
    _changed(session_, {**values, "present_override": present_override})
    session_.full_clean()
    session_.save()
    audit_log(
        actor=actor,
        action="session_update" if session else "session_create",
        target=session_,
        consultation=round.consultation,
        detail={"present_override": present_override},
    )
    return session_


@transaction.atomic
def prompt_save(
    *,
    session: Session,
    text: str,
    per_participant_limit: int,
    position: int | None,
    actor: Any,
    prompt: Prompt | None = None,
) -> Prompt:
    """Create a prompt (a question put to the room), or change `prompt`."""
    text = text.strip()
    if not text:
        raise ValidationError(_("A prompt needs a question."))
    if not 1 <= per_participant_limit <= 50:
        raise ValidationError(_("The limit per participant is between 1 and 50."))
    prompt_ = prompt or Prompt(session=session)
    if position is None:
        position = prompt.position if prompt else session.prompts.count()
    _changed(
        prompt_,
        {"text": text, "per_participant_limit": per_participant_limit, "position": position},
    )
    prompt_.save()
    audit_log(
        actor=actor,
        action="prompt_update" if prompt else "prompt_create",
        target=prompt_,
        consultation=session.round.consultation,
    )
    return prompt_


@transaction.atomic
def consultation_attributes_set(
    *, consultation: Consultation, specs: list[AttributeSpec], actor: Any
) -> None:
    """Replace the declared attributes (stored in the shape `attributes.py` documents).

    A name participants already carry keeps its values: dropping an attribute from the
    list hides it from forms and tables, it does not touch `Participant.attributes`.
    """
    names = [spec.name for spec in specs]
    if len(specs) > MAX_ATTRIBUTES:
        raise ValidationError(_("At most %(n)d attributes.") % {"n": MAX_ATTRIBUTES})
    for spec in specs:
        if not ATTRIBUTE_NAME.match(spec.name):
            raise ValidationError(
                _("“%(name)s” is not a usable name: lower-case letters, digits and _ only.")
                % {"name": spec.name}
            )
        if len(spec.choices) > MAX_CHOICES:
            raise ValidationError(_("At most %(n)d choices per attribute.") % {"n": MAX_CHOICES})
    if len(set(names)) != len(names):
        raise ValidationError(_("Each attribute needs its own name."))
    before = [spec.name for spec in consultation_attributes(consultation)]
    consultation.participant_attributes = [spec.as_json() for spec in specs]
    consultation.save(update_fields=["participant_attributes"])
    audit_log(
        actor=actor,
        action="consultation_attributes_set",
        target=consultation,
        consultation=consultation,
        detail={"before": before, "after": names},
    )


@transaction.atomic
def facilitator_grant(*, session: Session, user: Any, actor: Any) -> bool:
    """Make `user` facilitator of `session` (idempotent); True when newly granted."""
    _grant, created = SessionFacilitator.objects.get_or_create(session=session, user=user)
    if created:
        audit_log(
            actor=actor,
            action="facilitator_grant",
            target=session,
            consultation=session.round.consultation,
            detail={"user": user.get_username()},
        )
    return created


@transaction.atomic
def facilitator_revoke(*, session: Session, user: Any, actor: Any) -> None:
    deleted, _rows = SessionFacilitator.objects.filter(session=session, user=user).delete()
    if deleted:
        audit_log(
            actor=actor,
            action="facilitator_revoke",
            target=session,
            consultation=session.round.consultation,
            detail={"user": user.get_username()},
        )


def _in_use(obj: Prompt | Session | Round) -> bool:
    """Whether anything participants gave hangs off `obj` (then it is kept, not deleted).

    A session's statements are not counted: deleting the session keeps them and their
    votes (their session becomes empty).
    """
    if isinstance(obj, Prompt):
        return obj.contributions.exists()
    if isinstance(obj, Session):
        return obj.contributions.exists() or obj.attendances.exists()
    if isinstance(obj, Round):
        return obj.sessions.exists() or obj.contributions.exists()
    raise TypeError(type(obj))


@transaction.atomic
def setup_delete(*, obj: Prompt | Session | Round, actor: Any) -> None:
    """Delete a prompt, session or round made by mistake, while nothing uses it.

    Input is never deleted this way: once a prompt has post-its, a session attendance or
    input, or a round sessions, the deletion is refused.
    """
    if _in_use(obj):
        raise ValidationError(_("This is in use and cannot be deleted: change it instead."))
    if isinstance(obj, Round):
        consultation = obj.consultation
    else:
        session = obj if isinstance(obj, Session) else obj.session
        consultation = session.round.consultation
    audit_log(
        actor=actor,
        action=f"{obj._meta.model_name}_delete",
        target=obj,
        consultation=consultation,
        detail={"title": str(obj)[:80]},
    )
    obj.delete()
