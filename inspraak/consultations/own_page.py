# SPDX-License-Identifier: EUPL-1.2
"""The link to a participant's own page ("Wat is er met mijn inbreng gedaan?").

The page belongs to the decisions app, which sits above every channel; it registers
how a link is made (`own_page_register`), and the phone and the web form ask here.
"""

from __future__ import annotations

from collections.abc import Callable

from inspraak.consultations.models import Participant

_maker: list[Callable[[Participant], str]] = []


def own_page_register(maker: Callable[[Participant], str]) -> None:
    _maker[:] = [maker]


def own_page_path(participant: Participant | None) -> str:
    """The path of the participant's own page, made on first use; "" when there is none."""
    if participant is None or not _maker:
        return ""
    return _maker[0](participant)
