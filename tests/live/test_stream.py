# SPDX-License-Identifier: EUPL-1.2
"""The event stream: ordered events, catch-up from Last-Event-ID, phones see only theirs."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.test import AsyncClient

from inspraak.live import cluster_services, poll_services, services, stream
from inspraak.live.events import hub
from inspraak.live.models import LiveEvent
from inspraak.live.tokens import cookie_name, token_make
from tests.live.conftest import new_id

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _close_the_views_connection() -> Any:
    """The async client runs sync code on asgiref's shared thread: close its connection."""
    yield
    asyncio.run(sync_to_async(lambda: connection.close())())


def _url(live: Any) -> str:
    return f"/c/{live.session.round.consultation.slug}/sessions/{live.session_id}/live/events/"


def _parse(text: str) -> list[tuple[int, str]]:
    events = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "id" in fields:
            events.append((int(fields["id"]), fields["event"]))
    return events


async def _read(client: AsyncClient, url: str, n: int, **headers: Any) -> list[tuple[int, str]]:
    """The first `n` events of a stream (or what arrived within five seconds)."""
    response = await client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    text, chunks = "", response.streaming_content
    try:
        async with asyncio.timeout(5):
            async for chunk in chunks:
                text += chunk.decode() if isinstance(chunk, bytes) else chunk
                if len(_parse(text)) >= n:
                    break
    except TimeoutError:
        pass
    finally:
        await chunks.aclose()
    return _parse(text)


def _postits(live: Any, n: int) -> Any:
    participant = services.participant_join(live=live)
    for i in range(n):
        services.postit_create(
            live=live, participant=participant, text=f"punt {i}", client_id=new_id()
        )
    return participant


def _in_thread(function: Any, **kwargs: Any) -> Any:
    try:
        return function(**kwargs)
    finally:
        connection.close()


def test_events_are_numbered_in_order_per_session(live: Any, organiser: Any) -> None:
    _postits(live, 3)
    live.refresh_from_db()
    assert (live.last_seq, live.phone_seq) == (5, 1)  # phones saw only session_opened
    poll_services.poll_open(live=live, text="Stelling", actor=organiser)
    live.refresh_from_db()
    assert (live.last_seq, live.phone_seq) == (6, 6)
    seqs = list(LiveEvent.objects.filter(live=live).order_by("pk").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_streams_at_the_same_event_share_one_read(monkeypatch: Any) -> None:
    calls: list[tuple[int, int, bool]] = []

    def slow_read(live_id: int, after: int, phones: bool) -> list[tuple[int, str, str]]:
        calls.append((live_id, after, phones))
        time.sleep(0.1)
        return [(after + 1, "poll_opened", "{}")]

    monkeypatch.setattr(stream, "_read", slow_read)

    async def scenario() -> list[Any]:
        readers = [asyncio.create_task(stream._read_shared(7, 3, True)) for _i in range(5)]
        await asyncio.sleep(0.02)
        readers[0].cancel()  # a phone that goes away does not cancel the others' read
        results = await asyncio.gather(*readers, return_exceptions=True)
        later = await stream._read_shared(7, 3, True)  # a read once the first is done
        return [*results, later]

    results = asyncio.run(scenario())
    assert isinstance(results[0], asyncio.CancelledError)
    assert results[1:] == [[(4, "poll_opened", "{}")]] * 5
    assert calls == [(7, 3, True)] * 2


def test_wall_stream_catches_up_from_last_event_id(live: Any, organiser: Any) -> None:
    _postits(live, 3)
    kinds = list(LiveEvent.objects.filter(live=live).order_by("seq").values_list("kind", flat=True))
    assert kinds == ["session_opened", "joined", *["postit_created"] * 3]
    client = AsyncClient()
    client.force_login(organiser)  # type: ignore[attr-defined]  # sync helper
    everything = asyncio.run(_read(client, _url(live), 5))
    assert [seq for seq, _k in everything] == [1, 2, 3, 4, 5]
    missed = asyncio.run(_read(client, _url(live), 2, headers={"Last-Event-ID": "3"}))
    assert missed == [(4, "postit_created"), (5, "postit_created")]


def test_stream_wakes_for_an_event_committed_while_it_waits(live: Any, organiser: Any) -> None:
    client = AsyncClient()
    client.force_login(organiser)  # type: ignore[attr-defined]

    async def scenario() -> list[tuple[int, str]]:
        reader = asyncio.create_task(_read(client, _url(live), 1, headers={"Last-Event-ID": "1"}))
        for _tick in range(400):  # until the stream waits on the hub (slow on a busy machine)
            if hub.waiting:
                break
            await asyncio.sleep(0.025)
        await asyncio.to_thread(
            _in_thread, cluster_services.cluster_create, live=live, name="Nieuw"
        )
        return await reader

    assert asyncio.run(scenario()) == [(2, "cluster_created")]
    assert hub.loop is not None


def test_phone_stream_carries_only_what_phones_need(live: Any, organiser: Any) -> None:
    participant = _postits(live, 2)
    poll_services.poll_open(live=live, text="Stelling", actor=organiser)
    client = AsyncClient()
    client.cookies[cookie_name(live)] = token_make(live=live, participant=participant)
    events = asyncio.run(_read(client, f"/j/{live.code}/events/", 2))
    assert [kind for _seq, kind in events] == ["session_opened", "poll_opened"]


def test_phone_stream_refuses_a_phone_that_has_not_joined(live: Any) -> None:
    response = asyncio.run(AsyncClient().get(f"/j/{live.code}/events/"))
    assert response.status_code == 403
