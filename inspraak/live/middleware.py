# SPDX-License-Identifier: EUPL-1.2
"""A bound on the requests one worker process runs at once.

Under ASGI every request runs its sync part on a thread of its own, and each such
thread opens its own database connection. When 500 phones scan the QR code within
ten seconds the server falls behind, hundreds of requests are in flight, and on
PostgreSQL they would exceed `max_connections` (100 by default) and fail with 500s.
Waiting here instead costs latency, never an error. Event streams pass through
quickly: their waiting happens after the response is returned, outside the bound.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.db import close_old_connections


class ConcurrencyLimitMiddleware:
    async_capable = True
    sync_capable = True

    def __init__(self, get_response: Callable[..., Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        self._limits: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: Any) -> Any:
        if not self.is_async:  # the test client and WSGI: one request per thread anyway
            return self.get_response(request)
        return self._limited(request)

    async def _limited(self, request: Any) -> Any:
        loop = asyncio.get_running_loop()
        limit = self._limits.get(loop)
        if limit is None:
            limit = self._limits[loop] = asyncio.Semaphore(settings.INSPRAAK_DB_CONCURRENCY)
        async with limit:
            response = await self.get_response(request)
            # Give the request thread's connection back inside the bound: Django would close
            # it only when the response has been sent, and on a busy server that lags.
            await sync_to_async(close_old_connections)()
            return response
