# SPDX-License-Identifier: EUPL-1.2
"""Making, checking and revoking organisers' API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspraak.api.models import ApiToken
from inspraak.consultations.models import Consultation
from inspraak.core.audit import audit_log

PREFIX = "insp_"


def _hash(raw: str) -> str:
    # The token is 32 random bytes: a plain SHA-256 cannot be reversed or guessed.
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(*, consultation: Consultation, name: str, actor: Any) -> tuple[ApiToken, str]:
    """A new token for `consultation`; the plain token is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the token a name, such as who uses it."))
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        consultation=consultation,
        name=name[:100],
        prefix=raw[: len(PREFIX) + 4],
        token_hash=_hash(raw),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_log(
        actor=actor,
        action="api_token_create",
        target=token,
        consultation=consultation,
        detail={"name": token.name},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor,
            action="api_token_revoke",
            target=token,
            consultation=token.consultation,
            detail={"name": token.name},
        )


def api_token_check(raw: str) -> ApiToken | None:
    """The live token `raw` stands for, or None; records when it was last used."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.filter(token_hash=_hash(raw), revoked_at=None)
        .select_related("consultation")
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
