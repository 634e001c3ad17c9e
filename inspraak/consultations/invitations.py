# SPDX-License-Identifier: EUPL-1.2
"""Facilitator invitations: a one-time link that gives its holder the facilitator role.

The token is 32 random bytes (URL-safe), shown once; only its SHA-256 is stored, so a
copy of the database opens nothing. A link works until it expires and only once:
acceptance locks the row, so two simultaneous clicks grant once.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.consultations.models import Consultation, FacilitatorInvitation, Session
from inspraak.consultations.setup_services import facilitator_grant
from inspraak.core.audit import audit_log

VALID_DAYS_DEFAULT = 7
VALID_DAYS_MAX = 30


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    consultation: Consultation,
    sessions: Iterable[Session],
    label: str = "",
    valid_days: int = VALID_DAYS_DEFAULT,
    actor: Any,
) -> tuple[FacilitatorInvitation, str]:
    """A new invitation and its token (the only time the token is known)."""
    sessions = list(sessions)
    if not sessions:
        raise ValidationError(_("Choose at least one session."))
    if any(s.round.consultation_id != consultation.pk for s in sessions):
        raise ValidationError(_("A session belongs to another consultation."))
    if not 1 <= valid_days <= VALID_DAYS_MAX:
        raise ValidationError(_("A link is valid for 1 to %(n)d days.") % {"n": VALID_DAYS_MAX})
    token = secrets.token_urlsafe(32)
    invitation = FacilitatorInvitation.objects.create(
        consultation=consultation,
        token_hash=invitation_token_hash(token),
        label=label.strip()[:150],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=timezone.now() + timedelta(days=valid_days),
    )
    invitation.sessions.set(sessions)
    audit_log(
        actor=actor,
        action="invitation_create",
        target=invitation,
        consultation=consultation,
        detail={"sessions": [s.pk for s in sessions], "valid_days": valid_days},
    )
    return invitation, token


def invitation_usable(invitation: FacilitatorInvitation) -> bool:
    return invitation.used_at is None and invitation.expires_at > timezone.now()


@transaction.atomic
def invitation_accept(*, invitation: FacilitatorInvitation, user: Any) -> list[Session]:
    """Grant `user` the facilitator role for the invitation's sessions, once.

    Raises ValidationError when the link was used (by anyone) or expired meanwhile.
    """
    locked = FacilitatorInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_usable(locked):
        raise ValidationError(_("This invitation has been used or has expired."))
    locked.used_at, locked.used_by = timezone.now(), user
    locked.save(update_fields=["used_at", "used_by"])
    sessions = list(locked.sessions.select_related("round__consultation"))
    for session in sessions:
        facilitator_grant(session=session, user=user, actor=user)
    audit_log(
        actor=user,
        action="invitation_accept",
        target=locked,
        consultation=locked.consultation,
        detail={"user": user.get_username(), "sessions": [s.pk for s in sessions]},
    )
    return sessions


@transaction.atomic
def invitation_accept_new_user(
    *, invitation: FacilitatorInvitation, username: str, password: str
) -> Any:
    """Create an account (no staff, no admin) and accept the invitation with it."""
    user_model = get_user_model()
    username = username.strip()
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("This username is taken; choose another or log in."))
    user = user_model(username=username)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def invitation_revoke(*, invitation: FacilitatorInvitation, actor: Any) -> None:
    """End a link before it is used (it then opens nothing)."""
    if invitation.used_at is not None:
        return
    invitation.expires_at = timezone.now()
    invitation.save(update_fields=["expires_at"])
    audit_log(
        actor=actor,
        action="invitation_revoke",
        target=invitation,
        consultation=invitation.consultation,
    )
