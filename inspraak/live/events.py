# SPDX-License-Identifier: EUPL-1.2
"""The live event log and its wake-up.

Services call `event_append` inside their transaction: the event row commits with
the change it describes, numbered per session under the LiveSession row's lock, so
sequence numbers become visible in order and a client that saw event n has seen
every event before it. After the commit `transaction.on_commit` wakes the streams:
in this process directly, and on PostgreSQL through NOTIFY so the other worker
processes wake too. A slow poll of the counters is the safety net (and, on SQLite,
the only cross-process path).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connection, transaction
from django.db.models import F

from inspraak.live.models import LiveEvent, LiveSession

log = logging.getLogger("inspraak.live")

CHANNEL = "inspraak_live"
# Kinds a phone needs: what it may do now. Post-it traffic stays on the wall.
PHONE_KINDS = frozenset(
    {"session_opened", "session_closed", "prompt_opened", "prompt_closed", "poll_opened",
     "poll_closed", "poll_revealed", "postit_hidden", "endorse_opened", "endorse_closed"}
)  # fmt: skip
POLL_S = {"sqlite": 0.5, "postgresql": 2.0}


F_ = TypeVar("F_", bound=Callable[..., Any])
_sqlite_writes = threading.Lock()


def serialised(function: F_) -> F_:
    """On SQLite, let one live write at a time reach the database from this process.

    SQLite allows one writer; a second one waits in SQLite's busy handler, which
    sleeps in steps of up to 100 ms. Queueing on a lock here instead keeps the
    wait to the length of the writes ahead (a few milliseconds each).
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return function(*args, **kwargs)
        with _sqlite_writes:
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def event_append(*, live: LiveSession, kind: str, data: dict[str, Any]) -> LiveEvent:
    """Write one event in the caller's transaction; wake the streams after it commits."""
    for_phones = kind in PHONE_KINDS
    # The UPDATE takes the row lock that orders this session's events until commit.
    seq = _seq_next(live.pk, for_phones)
    event = LiveEvent.objects.create(
        live=live, seq=seq, kind=kind, data=data, for_phones=for_phones
    )
    transaction.on_commit(lambda: event_publish(live_id=live.pk, seq=seq, for_phones=for_phones))
    return event


def _seq_next(live_id: int, for_phones: bool) -> int:
    """Count one event for `live_id` and return its number: one statement where it can."""
    if not _returning():
        updates: dict[str, Any] = {"last_seq": F("last_seq") + 1}
        if for_phones:
            updates["phone_seq"] = F("last_seq") + 1
        LiveSession.objects.filter(pk=live_id).update(**updates)
        return LiveSession.objects.filter(pk=live_id).values_list("last_seq", flat=True).get()
    meta, qn = LiveSession._meta, connection.ops.quote_name
    last = qn(meta.get_field("last_seq").column)
    assign = f"{last} = {last} + 1"
    if for_phones:  # the right-hand side reads the row as it was: both get the new number
        assign += f", {qn(meta.get_field('phone_seq').column)} = {last} + 1"
    # Only the model's own quoted names go into the text; the value is a parameter.
    table, pk = qn(meta.db_table), qn(meta.pk.column)
    sql = f"UPDATE {table} SET {assign} WHERE {pk} = %s RETURNING {last}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [live_id])
        return int(cursor.fetchone()[0])


def _returning() -> bool:
    """UPDATE … RETURNING: PostgreSQL, and SQLite from 3.35."""
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 35)


def event_publish(*, live_id: int, seq: int, for_phones: bool) -> None:
    """Wake the streams of `live_id`, here and (PostgreSQL) in every other process."""
    hub.bump(live_id, seq, seq if for_phones else 0)
    if connection.vendor == "postgresql":
        payload = f"{live_id}:{seq}:{int(for_phones)}"
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])
        except Exception:  # the poll catches up; a lost wake-up must not fail the write
            log.exception("live: NOTIFY failed")


def _counters(ids: Iterable[int]) -> list[tuple[int, int, int]]:
    try:
        return list(
            LiveSession.objects.filter(pk__in=list(ids)).values_list("pk", "last_seq", "phone_seq")
        )
    finally:
        close_old_connections()
        connection.close()


class Hub:
    """Per process: the latest known sequence numbers, and the streams waiting on them."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.latest: dict[tuple[int, str], int] = {}
        self.waiting: dict[tuple[int, str], asyncio.Event] = {}
        self.watchers: dict[int, int] = {}
        self.tasks: list[asyncio.Task[None]] = []

    def bump(self, live_id: int, seq: int, phone_seq: int) -> None:
        """Record new events; safe from any thread."""
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._bump, live_id, seq, phone_seq)

    def _bump(self, live_id: int, seq: int, phone_seq: int) -> None:
        for audience, value in (("wall", seq), ("phone", phone_seq)):
            key = (live_id, audience)
            if value > self.latest.get(key, 0):
                self.latest[key] = value
                waiting = self.waiting.pop(key, None)
                if waiting is not None:
                    waiting.set()

    async def wait(self, live_id: int, audience: str, after: int, timeout: float) -> None:
        """Return when `audience` may have events after `after`, or after `timeout` seconds."""
        self._start()
        key = (live_id, audience)
        if self.latest.get(key, 0) > after:
            return
        waiting = self.waiting.setdefault(key, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiting.wait(), timeout)

    @contextlib.contextmanager
    def watching(self, live_id: int) -> Any:
        self.watchers[live_id] = self.watchers.get(live_id, 0) + 1
        try:
            yield
        finally:
            self.watchers[live_id] -= 1
            if not self.watchers[live_id]:
                del self.watchers[live_id]

    def _start(self) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is loop and self.tasks:
            return
        self.loop, self.latest, self.waiting = loop, {}, {}
        self.tasks = [loop.create_task(self._poll())]
        if connection.vendor == "postgresql":
            self.tasks.append(loop.create_task(self._listen()))

    async def _poll(self) -> None:
        interval = POLL_S.get(connection.vendor, 1.0)
        while True:
            await asyncio.sleep(interval)
            if not self.watchers:
                continue
            try:
                rows = await sync_to_async(_counters, thread_sensitive=False)(list(self.watchers))
            except Exception:
                log.exception("live: polling the event counters failed")
                continue
            for live_id, seq, phone_seq in rows:
                self._bump(live_id, seq, phone_seq)

    async def _listen(self) -> None:
        """PostgreSQL LISTEN on its own connection: the wake-up shared by all workers."""
        import psycopg

        params = _pg_params()
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(**params, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    async for note in conn.notifies():
                        live_id, seq, phone = (int(x) for x in note.payload.split(":"))
                        self._bump(live_id, seq, seq if phone else 0)
            except Exception:
                log.exception("live: LISTEN connection lost; reconnecting")
                await asyncio.sleep(1)


def _pg_params() -> dict[str, Any]:
    s = connection.settings_dict
    params = {"dbname": s["NAME"], "user": s["USER"], "password": s["PASSWORD"]}
    params.update(host=s["HOST"] or None, port=s["PORT"] or None)
    return {k: v for k, v in params.items() if v not in (None, "")}


hub = Hub()
