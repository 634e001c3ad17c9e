# SPDX-License-Identifier: EUPL-1.2
"""Recording audit events from services."""

from __future__ import annotations

from typing import Any

from django.db import models

from inspraak.core.models import AuditEvent


def audit_log(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    consultation: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` (a user, or None for the system) did `action` on `target`."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = (
        user.get_username() if user is not None else (actor if isinstance(actor, str) else "system")
    )
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label[:150],
        action=action,
        consultation=consultation,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=detail or {},
    )
