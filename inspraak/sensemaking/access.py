# SPDX-License-Identifier: EUPL-1.2
"""Who may see and do what with stored themes: fetch the object and check the right in one call.

The rights themselves (organisers, facilitators) are in inspraak.consultations.access.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from inspraak.consultations.access import access_consultation


def access_theme(user: Any, slug: str, theme_id: int) -> Any:
    """A stored theme of a consultation the user manages."""
    from inspraak.sensemaking.models import Theme

    consultation = access_consultation(user, slug, manage=True)
    try:
        return Theme.objects.select_related("run", "run__round").get(
            pk=theme_id, run__consultation=consultation
        )
    except Theme.DoesNotExist:
        raise Http404("No such theme.") from None
