# SPDX-License-Identifier: EUPL-1.2
"""A bound on the requests one worker process runs at once, and on their connections.

Under ASGI every request runs its sync part on a thread of its own, and each such
thread opens its own database connection. When 500 phones scan the QR code within
ten seconds the server falls behind, hundreds of requests are in flight, and on
PostgreSQL they exceeded `max_connections` (100 by default) and failed with 500s.
Waiting here instead costs latency, never an error. The connection is given back
before the bound is released (Django would close it only once the response has
been sent, which lags on a busy server). Event streams pass through quickly: they
wait after their response is returned, outside the bound and without a connection.

It is a sync middleware on purpose: WhiteNoise below it is sync-only, so Django runs
the whole chain on the request's thread, and this bound wraps that thread's work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections


class ConcurrencyLimitMiddleware:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        self.limit = threading.BoundedSemaphore(settings.INSPRAAK_DB_CONCURRENCY)

    def __call__(self, request: Any) -> Any:
        with self.limit:
            try:
                return self.get_response(request)
            finally:
                # Not inside a transaction (a test's): closing would end it.
                if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
                    close_old_connections()
