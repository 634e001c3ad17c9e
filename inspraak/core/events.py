# SPDX-License-Identifier: EUPL-1.2
"""Domain events: a write announces what changed; apps above core subscribe.

The contributions service publishes `contribution.added`, `.hidden`, `.shown`,
`.edited`, `.withdrawn` and `.erased` whatever the channel, and the live wall
subscribes (`inspraak.live.subscribers`), so core never imports the apps above it.

Handlers run synchronously inside the publisher's transaction: what they write
commits or rolls back with the change they describe (the live event log is numbered
in that transaction). A handler with an effect outside the database defers it with
`transaction.on_commit`, as the live wake-up does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[["Event"], None]

_handlers: dict[str, list[Handler]] = defaultdict(list)


@dataclass(frozen=True)
class Event:
    kind: str
    contribution_ids: tuple[int, ...] = ()
    session_ids: tuple[int, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    # The changed rows themselves, as the publisher holds them: handlers read them here
    # rather than fetch again what was just written (the phone's post is a hot path).
    rows: tuple[Any, ...] = ()


def subscribe(kind: str, handler: Handler) -> None:
    """Call `handler` for every event of `kind`; subscribing twice is a no-op."""
    if handler not in _handlers[kind]:
        _handlers[kind].append(handler)


def publish(event: Event) -> None:
    """Hand `event` to its subscribers now, in the caller's transaction."""
    for handler in list(_handlers.get(event.kind, ())):
        handler(event)
