# SPDX-License-Identifier: EUPL-1.2
"""Integrity under parallel requests, on PostgreSQL where requests truly run at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from inspraak.consultations.models import Contribution
from inspraak.live import poll_services, services
from inspraak.live.models import LiveEvent
from inspraak.votes.models import Vote
from tests.live.conftest import new_id

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls in threads released together; their results or exceptions."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_parallel_double_votes_leave_one_vote(live: Any, organiser: Any) -> None:
    poll = poll_services.poll_open(live=live, text="Stelling", actor=organiser)
    participant = services.participant_join(live=live)
    results = _at_once(
        [lambda v=v: poll_services.poll_vote(poll=poll, participant=participant, value=v)
         for v in ("agree", "disagree") * 4]
    )  # fmt: skip
    assert not [r for r in results if isinstance(r, Exception)]
    assert Vote.objects.filter(statement=poll.statement).count() == 1


def test_parallel_retries_of_one_postit_make_one(live: Any) -> None:
    participant = services.participant_join(live=live)
    client_id = new_id()
    results = _at_once(
        [lambda: services.postit_create(
            live=live, participant=participant, text="Zelfde", client_id=client_id)] * 6
    )  # fmt: skip
    assert sum(1 for _postit, created in results if created) == 1
    assert Contribution.objects.count() == 1


def test_parallel_posts_cannot_pass_the_limit(live: Any) -> None:
    participant = services.participant_join(live=live)
    _at_once(
        [lambda i=i: services.postit_create(
            live=live, participant=participant, text=f"punt {i}", client_id=new_id())
         for i in range(8)]
    )  # fmt: skip
    assert Contribution.objects.count() == 3


def test_parallel_writers_get_gapless_event_numbers(live: Any) -> None:
    phones = [services.participant_join(live=live) for _i in range(8)]
    _at_once(
        [lambda p=p: services.postit_create(live=live, participant=p, text="x", client_id=new_id())
         for p in phones]
    )  # fmt: skip
    seqs = sorted(LiveEvent.objects.filter(live=live).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
