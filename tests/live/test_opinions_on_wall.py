# SPDX-License-Identifier: EUPL-1.2
"""Opinion groups from the room's votes, shown on the wall when the facilitator reveals them."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from inspraak.live import poll_services as polls
from inspraak.live.models import LiveEvent
from inspraak.sensemaking.models import AnalysisRun


def test_revealed_opinion_groups_appear_on_the_wall_without_identities(
    live: Any, make_phone: Any, wall_client: Any, organiser: Any
) -> None:
    slug, sid = live.session.round.consultation.slug, live.session_id
    board = reverse("live_board", args=[slug, sid])
    statements = ["Meer groen", "Minder auto's", "Hogere huren", "Lagere huren"]
    phones = [make_phone() for _ in range(8)]
    for i, text in enumerate(statements):
        poll = polls.poll_open(live=live, text=text, actor=organiser)
        for n, (_client, participant) in enumerate(phones):
            polls.poll_vote(
                poll=poll,
                participant=participant,
                value="agree" if (n < 4) == (i % 2 == 0) else "disagree",
            )
    assert "<circle" not in wall_client.get(board).content.decode()

    response = wall_client.post(reverse("live_opinions", args=[slug, sid]))
    assert response.status_code == 302
    page = wall_client.get(board).content.decode()
    assert page.count("<circle") == 8
    assert all(0 <= float(v) <= 400 for v in re.findall(r'cx="([^"]+)"', page))
    assert not any(p.pseudonym in page for _c, p in phones)
    run = AnalysisRun.objects.get(kind="opinions")
    assert run.parameters == {"session": sid} and len(run.result["groups"]) == 2
    assert LiveEvent.objects.filter(live=live, kind="opinions_revealed").exists()


def test_phones_cannot_reveal_opinion_groups(live: Any, make_phone: Any) -> None:
    client, _participant = make_phone()
    slug, sid = live.session.round.consultation.slug, live.session_id
    response = client.post(reverse("live_opinions", args=[slug, sid]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    live.refresh_from_db()
    assert live.opinions_revealed_at is None
