# SPDX-License-Identifier: EUPL-1.2
"""Refuse a request body above the limit before Django spools it to memory or disk.

Django's ASGI handler reads the whole body into a temporary file before any
middleware runs, and DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files.
This wraps the ASGI application: a declared Content-Length above the limit is
answered 413 without reading a byte, and a body that streams past the limit is cut
off (Django sees the client leave) and answered 413.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Message, Receive, Send], Awaitable[None]]


def _declared_length(scope: Message) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Too large")
        text = _("What you sent is larger than this server accepts. Try a smaller file.")
    body = (
        f'<!doctype html><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p>"
    ).encode()
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"connection", b"close")]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: bodies above `max_bytes` (default DATA_UPLOAD_MAX_MEMORY_SIZE) get 413."""

    def __init__(self, app: App, max_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send)
            return
        state = {"received": 0, "over": False, "started": False}

        async def limited_receive() -> Message:
            if state["over"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["over"] = True
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await self.app(scope, limited_receive, watched_send)
        if state["over"] and not state["started"]:
            await _refuse(send)
