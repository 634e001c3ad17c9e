# SPDX-License-Identifier: EUPL-1.2
"""Who may see and do what with statements: fetch the object and check the right in one call.

The rights themselves (organisers, facilitators) are in inspraak.consultations.access.
"""

from __future__ import annotations

from typing import Any

from inspraak.consultations.access import access_consultation, managed_get


def access_statement(user: Any, slug: str, statement_id: int) -> Any:
    from inspraak.votes.models import Statement

    consultation = access_consultation(user, slug, manage=True)
    statements = Statement.objects.filter(consultation=consultation)
    return managed_get(
        statements.select_related("consultation", "session"), "No such statement.", pk=statement_id
    )
