# SPDX-License-Identifier: EUPL-1.2
"""Server-Sent Events: the wall's and the phones' live feed. It only relays the event log.

A client sends the last sequence number it saw as Last-Event-ID (browsers do on
reconnect) and first gets every event after it from the log. A stream ends after
STREAM_MAX_S so connections recycle; the browser reconnects and catches up.
"""

from __future__ import annotations

import asyncio
import json
import time
import weakref
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from inspraak.core.ids import id_parse
from inspraak.live.access import access_live
from inspraak.live.events import hub
from inspraak.live.selectors import events_since, live_by_code
from inspraak.live.tokens import access_phone

KEEPALIVE_S = 15.0
STREAM_MAX_S = 300.0
RETRY_MS = 2000


def _last_event_id(request: HttpRequest) -> int:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("after", "")
    return id_parse(raw) or 0


def _read(live_id: int, after: int, phones: bool) -> list[tuple[int, str, str]]:
    """One read of the log, on a pool thread that gives its connection back at once."""
    try:
        events = events_since(live_id=live_id, after=after, phones=phones)
        return [(e.seq, e.kind, json.dumps(e.data, ensure_ascii=False)) for e in events]
    finally:
        connection.close()


Events = list[tuple[int, str, str]]
# Reads in flight, per event loop: streams that want the same events share one read.
_reading: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Any, asyncio.Future[Events]]]
_reading = weakref.WeakKeyDictionary()


async def _read_shared(live_id: int, after: int, phones: bool) -> Events:
    """`_read`, once for all the streams of a session that are at the same event.

    After an event every stream of the session wakes and asks for what follows the
    same number: the wall's few, and on a phone event hundreds of phones. One read on
    one pool thread answers them all. A stream that joins a read begun just before
    the newest commit misses nothing: that commit wakes the hub, so the stream's next
    wait returns (at once, or on the wake-up) and it reads again.
    """
    loop = asyncio.get_running_loop()
    reading = _reading.setdefault(loop, {})
    key = (live_id, after, phones)
    future = reading.get(key)
    if future is None:
        future = asyncio.ensure_future(
            sync_to_async(_read, thread_sensitive=False)(live_id, after, phones)
        )
        reading[key] = future
        future.add_done_callback(lambda _f: reading.pop(key, None))
    # A stream that goes away (its phone closed) must not cancel the others' read.
    return await asyncio.shield(future)


async def event_stream(
    live_id: int, after: int, *, phones: bool, max_s: float = STREAM_MAX_S
) -> AsyncIterator[str]:
    """The SSE text for `live_id` after sequence `after`, until `max_s` seconds have passed."""
    audience = "phone" if phones else "wall"
    yield f"retry: {RETRY_MS}\n\n"
    deadline = time.monotonic() + max_s
    with hub.watching(live_id):
        while time.monotonic() < deadline:
            events = await _read_shared(live_id, after, phones)
            for seq, kind, data in events:
                yield f"id: {seq}\nevent: {kind}\ndata: {data}\n\n"
                after = seq
            if events:
                continue
            await hub.wait(live_id, audience, after, min(KEEPALIVE_S, deadline - time.monotonic()))
            yield ": keepalive\n\n"


def _response(stream: AsyncIterator[str]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


async def wall_events(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    user = await request.auser()
    live: Any = await sync_to_async(access_live)(user, slug, session_id)
    return _response(event_stream(live.pk, _last_event_id(request), phones=False))


async def phone_events(request: HttpRequest, code: str) -> HttpResponse:
    live: Any = await sync_to_async(live_by_code)(code)
    participant = await sync_to_async(access_phone)(request, live)
    if participant is None:
        return HttpResponse(status=403)
    return _response(event_stream(live.pk, _last_event_id(request), phones=True))
