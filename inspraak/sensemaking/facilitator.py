# SPDX-License-Identifier: EUPL-1.2
"""The facilitator's recorded support, as the analysis reads it.

The live app sits above this one and registers the lookup in its AppConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# What the facilitator recorded in the room for a set of contributions: the live app
# sits above this one and registers the lookup (`facilitator_counts_register`).
FacilitatorCounts = Callable[[set[int]], list[dict[str, Any]]]
FACILITATOR_COUNTS: list[FacilitatorCounts] = []


def facilitator_counts_register(lookup: FacilitatorCounts) -> None:
    FACILITATOR_COUNTS[:] = [lookup]
