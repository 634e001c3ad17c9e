# SPDX-License-Identifier: EUPL-1.2
"""The wall and its controls: access, opening, clusters, hiding, votes hidden until revealed."""

from __future__ import annotations

from typing import Any

from django.test import Client

from inspraak.consultations.models import Contribution, SessionFacilitator
from inspraak.core.models import AuditEvent
from inspraak.live import cluster_services, services
from inspraak.live.models import Cluster, LiveSession
from inspraak.votes.models import Vote
from tests.live.conftest import new_id


def _url(live: Any, tail: str = "") -> str:
    return f"/c/{live.session.round.consultation.slug}/sessions/{live.session_id}/live/{tail}"


def _post(phone: Client, live: Any, text: str) -> Contribution:
    phone.post(f"/j/{live.code}/post/", {"text": text, "client_id": new_id()})
    return Contribution.objects.get(text=text)


def test_organiser_opens_a_session_and_gets_code_qr_and_short_url(
    make_consultation: Any, organiser: Any, wall_client: Client
) -> None:
    session = make_consultation(organiser=organiser).rounds.get().sessions.get()
    base = f"/c/{session.round.consultation.slug}/sessions/{session.pk}/live/"
    assert b"Open the live session" in wall_client.get(base).content
    assert wall_client.post(base + "open/").status_code == 302
    live = LiveSession.objects.get(session=session)
    page = wall_client.get(base).content.decode()
    assert live.code in page and f"/j/{live.code}/" in page and "<svg" in page
    session.refresh_from_db()
    assert session.state == "live"
    wall_client.post(base + "close/", {"confirm": "1"})
    session.refresh_from_db()
    assert session.state == "closed"


def test_session_page_links_to_the_live_wall(live: Any, wall_client: Client) -> None:
    slug = live.session.round.consultation.slug
    page = wall_client.get(f"/c/{slug}/sessions/{live.session_id}/").content.decode()
    assert _url(live) in page


def test_facilitator_may_run_their_session(live: Any, make_user: Any) -> None:
    facilitator = make_user()
    SessionFacilitator.objects.create(session=live.session, user=facilitator)
    client = Client()
    client.force_login(facilitator)
    assert client.get(_url(live)).status_code == 200
    assert client.post(_url(live, "clusters/"), {"name": "Zorg"}).status_code == 302
    assert Cluster.objects.filter(name="Zorg").exists()


def test_other_organiser_gets_404_everywhere(live: Any, make_user: Any) -> None:
    stranger = make_user(is_staff=True)
    client = Client()
    client.force_login(stranger)
    assert client.get(_url(live)).status_code == 404
    assert client.post(_url(live, "close/")).status_code == 404
    assert client.get(_url(live, "events/")).status_code == 404
    assert LiveSession.objects.get().is_open


def test_participant_never_reaches_facilitator_controls(
    live: Any, make_phone: Any, wall_client: Client
) -> None:
    phone, _p = make_phone()
    postit = _post(phone, live, "mijn punt")
    for tail in ("", "board/", "events/"):
        assert phone.get(_url(live, tail)).status_code in (302, 404)
    for tail in ("close/", "suggest/", "clusters/", f"postits/{postit.pk}/", "polls/"):
        response = phone.post(_url(live, tail), {"action": "hide", "name": "x", "text": "x"})
        assert response.status_code == 302 and "/login/" in response["Location"]
    postit.refresh_from_db()
    assert not postit.hidden and LiveSession.objects.get().is_open


def test_hiding_keeps_the_postit_audited_and_off_the_wall(
    live: Any, make_phone: Any, wall_client: Client
) -> None:
    phone, _p = make_phone()
    postit = _post(phone, live, "scheldwoord")
    assert "scheldwoord" in wall_client.get(_url(live, "board/")).content.decode()
    wall_client.post(_url(live, f"postits/{postit.pk}/"), {"action": "hide", "reason": "abuse"})
    postit.refresh_from_db()
    assert postit.hidden
    assert AuditEvent.objects.filter(action="contribution_hide", target_id=str(postit.pk)).exists()
    assert "scheldwoord" not in wall_client.get(_url(live, "board/")).content.decode()


def test_group_merge_and_mark_discussed(live: Any, make_phone: Any, wall_client: Client) -> None:
    phone, _p = make_phone()
    a, b = _post(phone, live, "huur"), _post(phone, live, "wonen")
    wall_client.post(_url(live, f"postits/{a.pk}/"), {"cluster": "new", "name": "Wonen"})
    wonen = Cluster.objects.get(name="Wonen")
    extra = cluster_services.cluster_create(live=live, name="Huisvesting")
    wall_client.post(_url(live, f"postits/{b.pk}/"), {"action": "move", "cluster": extra.pk})
    wall_client.post(_url(live, f"clusters/{extra.pk}/"), {"action": "merge", "into": wonen.pk})
    assert list(Cluster.objects.values_list("name", flat=True)) == ["Wonen"]
    assert set(wonen.items.values_list("contribution_id", flat=True)) == {a.pk, b.pk}
    wall_client.post(
        _url(live, f"clusters/{wonen.pk}/"), {"action": "note", "text": "Iedereen eens"}
    )
    wall_client.post(_url(live, f"clusters/{wonen.pk}/"), {"action": "discussed"})
    assert set(Contribution.objects.values_list("discussed", flat=True)) == {True}
    note = live.session.notes.get()
    assert set(note.contributions.all()) == {a, b}


def test_cluster_of_another_session_is_404(
    live: Any, wall_client: Client, make_consultation: Any, organiser: Any
) -> None:
    other_session = make_consultation(organiser=organiser).rounds.get().sessions.get()
    other = services.live_open(session=other_session, actor=organiser)
    foreign = cluster_services.cluster_create(live=other, name="Elders")
    response = wall_client.post(_url(live, f"clusters/{foreign.pk}/"), {"action": "discussed"})
    assert response.status_code == 404


def test_suggest_groups_makes_clusters_from_the_engine(
    live: Any, make_phone: Any, wall_client: Client
) -> None:
    texts = ["betaalbare huur woningen", "huur woningen te duur", "meer bomen in de wijk"]
    for text in texts + ["bomen en groen in de wijk"]:
        phone, _p = make_phone()
        _post(phone, live, text)
    wall_client.post(_url(live, "suggest/"))
    assert Cluster.objects.exists()
    assert all(c.items.count() >= 2 for c in Cluster.objects.all())


def test_vote_results_stay_hidden_until_revealed(
    live: Any, make_phone: Any, wall_client: Client
) -> None:
    wall_client.post(_url(live, "polls/"), {"text": "Basisbaan voor iedereen"})
    poll = live.polls.get()
    for value in ("agree", "agree", "disagree"):
        phone, _p = make_phone()
        assert phone.post(f"/j/{live.code}/votes/{poll.pk}/", {"value": value}).status_code == 302
    board = wall_client.get(_url(live, "board/")).content.decode()
    assert "3 votes, result hidden" in board and "2 agree" not in board
    assert "2 agree" not in phone.get(f"/j/{live.code}/").content.decode()
    wall_client.post(_url(live, f"polls/{poll.pk}/"), {"action": "reveal"})
    assert "2 agree · 1 disagree · 0 pass" in wall_client.get(_url(live, "board/")).content.decode()
    assert "2 agree · 1 disagree" in phone.get(f"/j/{live.code}/").content.decode()
    response = phone.post(f"/j/{live.code}/votes/{poll.pk}/", {"value": "pass"})
    assert response.status_code == 400


def test_voting_again_replaces_the_vote(live: Any, make_phone: Any, wall_client: Client) -> None:
    wall_client.post(_url(live, "polls/"), {"text": "Stelling"})
    poll = live.polls.get()
    phone, _p = make_phone()
    phone.post(f"/j/{live.code}/votes/{poll.pk}/", {"value": "agree"})
    phone.post(f"/j/{live.code}/votes/{poll.pk}/", {"value": "pass"})
    assert list(Vote.objects.values_list("value", flat=True)) == [0]


def test_postit_markup_is_escaped_on_the_wall(
    live: Any, make_phone: Any, wall_client: Client
) -> None:
    phone, _p = make_phone()
    _post(phone, live, '<img src=x onerror="alert(1)">')
    wall_client.post(_url(live, "clusters/"), {"name": "<b>vet</b>"})
    page = wall_client.get(_url(live)).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<b>vet</b>" not in page


def test_closing_the_prompt_and_session_from_the_wall(
    live: Any, make_phone: Any, wall_client: Client
) -> None:
    phone, _p = make_phone()
    wall_client.post(_url(live, "prompt/"), {"action": "close"})
    assert (
        phone.post(f"/j/{live.code}/post/", {"text": "x", "client_id": new_id()}).status_code == 400
    )
    wall_client.post(_url(live, "prompt/"), {"text": "Wat moet er beter?"})
    assert (
        phone.post(f"/j/{live.code}/post/", {"text": "x", "client_id": new_id()}).status_code == 302
    )
    wall_client.post(_url(live, "close/"), {"confirm": "1"})
    assert "closed" in phone.get(f"/j/{live.code}/").content.decode()
    assert (
        phone.post(f"/j/{live.code}/post/", {"text": "y", "client_id": new_id()}).status_code == 400
    )
