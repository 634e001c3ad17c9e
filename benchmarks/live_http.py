# SPDX-License-Identifier: EUPL-1.2
"""A minimal asyncio HTTP/1.1 client for the live benchmarks: keep-alive, cookies, SSE.

Only what the benchmark needs against a loopback server (no TLS, no proxies), so
hundreds of simulated phones fit in one process without third-party packages.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)

    def csrf(self) -> str:
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', self.body)
        return found.group(1).decode() if found else ""


class Client:
    """One browser: one keep-alive connection and a cookie jar."""

    def __init__(self, host: str, port: int, cookies: dict[str, str] | None = None) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = cookies if cookies is not None else {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    def _head(self, method: str, path: str, headers: dict[str, str], length: int) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if method == "POST":
            lines.append(f"Content-Length: {length}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    async def _send(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(self._head(method, path, headers, len(body)) + body)
        await self.writer.drain()

    async def _status_and_headers(self) -> tuple[int, list[tuple[str, str]]]:
        assert self.reader is not None
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        headers = []
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _sep, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
            if name.strip().lower() == "set-cookie":
                for key, morsel in SimpleCookie(value.strip()).items():
                    self.cookies[key] = morsel.value
        return int(status_line.split()[1]), headers

    async def _chunks(self) -> AsyncIterator[bytes]:
        assert self.reader is not None
        while True:
            size = int((await self.reader.readline()).split(b";")[0], 16)
            if size == 0:
                await self.reader.readline()
                return
            yield await self.reader.readexactly(size)
            await self.reader.readline()

    async def request(
        self, method: str, path: str, *, form: dict[str, str] | None = None, **headers: str
    ) -> Response:
        body = urlencode(form or {}).encode()
        if method == "POST":
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        for fresh in (self.writer is None, True):
            try:
                await self._send(method, path, headers, body)
                status, got = await self._status_and_headers()
                break
            except (ConnectionError, OSError, asyncio.IncompleteReadError):
                # The server closes idle keep-alive connections (uvicorn: after 5 s):
                # a reused connection gets one retry on a new one, as browsers do.
                await self.close()
                if fresh:
                    raise ConnectionError("request failed") from None
        fields = dict(got)
        if fields.get("transfer-encoding") == "chunked":
            data = b"".join([c async for c in self._chunks()])
        else:
            assert self.reader is not None
            data = await self.reader.readexactly(int(fields.get("content-length", "0")))
        if fields.get("connection") == "close":
            await self.close()
        return Response(status, got, data)

    async def events(self, path: str, last_id: int) -> AsyncIterator[tuple[int, str, str]]:
        """Server-sent events as (id, kind, data), on a connection of their own."""
        await self.close()
        headers = {"Accept": "text/event-stream", "Last-Event-ID": str(last_id)}
        await self._send("GET", path, headers, b"")
        status, _headers = await self._status_and_headers()
        if status != 200:
            raise ConnectionError(f"stream refused: {status}")
        buffer = ""
        async for chunk in self._chunks():
            buffer += chunk.decode()
            while "\n\n" in buffer:
                block, buffer = buffer.split("\n\n", 1)
                fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
                if "id" in fields:
                    yield int(fields["id"]), fields.get("event", ""), fields.get("data", "")
