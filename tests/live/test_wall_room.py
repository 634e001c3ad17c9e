# SPDX-License-Identifier: EUPL-1.2
"""The facilitator's wall and the projection: closing, support, suggestions, reopening."""

from __future__ import annotations

from typing import Any

from django.test import Client

from inspraak.consultations.models import Contribution
from inspraak.live import cluster_services, services
from inspraak.live.models import Cluster, ClusterItem, ClusterSupport
from tests.live.conftest import new_id


def _url(live: Any, tail: str) -> str:
    return f"/c/{live.session.round.consultation.slug}/sessions/{live.session_id}/live/{tail}"


def _postits(live: Any, make_phone: Any, texts: list[str]) -> list[Any]:
    _client, participant = make_phone()
    live.prompt.per_participant_limit = 50
    live.prompt.save()
    return [
        services.postit_create(live=live, participant=participant, text=t, client_id=new_id())[0]
        for t in texts
    ]


def test_closing_asks_first_and_closes_only_when_confirmed(live: Any, wall_client: Client) -> None:
    page = wall_client.post(_url(live, "close/"))
    assert page.status_code == 200 and b'name="confirm"' in page.content
    live.refresh_from_db()
    assert live.is_open
    wall_client.post(_url(live, "close/"), {"confirm": "1"})
    live.refresh_from_db()
    assert not live.is_open


def test_reopening_keeps_the_clusters(live: Any, organiser: Any, make_phone: Any) -> None:
    (postit,) = _postits(live, make_phone, ["Meer groen"])
    cluster = cluster_services.cluster_create(live=live, name="Groen")
    cluster_services.postit_move(postit=postit, cluster=cluster)
    services.live_close(live=live, actor=organiser)
    services.live_open(session=live.session, actor=organiser)
    assert ClusterItem.objects.get(contribution=postit).cluster == cluster


def test_suggesting_again_adds_to_the_cluster_of_the_same_topic(live: Any, make_phone: Any) -> None:  # fmt: skip
    texts = ["schulden bij de energie", "schulden en huur", "schulden stapelen op",
             "meer groen in de wijk", "groen in de wijk", "bomen en groen in de wijk"]  # fmt: skip
    _postits(live, make_phone, texts)
    first = cluster_services.clusters_suggest(live=live)
    assert first, "the engine found no groups to test with"
    names = sorted(Cluster.objects.filter(live=live).values_list("name", flat=True))
    ClusterItem.objects.filter(cluster__live=live).delete()  # loose again, as if newly posted
    cluster_services.clusters_suggest(live=live)
    assert sorted(Cluster.objects.filter(live=live).values_list("name", flat=True)) == names


def test_the_facilitator_records_support_for_a_cluster(live: Any, wall_client: Client) -> None:
    cluster = cluster_services.cluster_create(live=live, name="Groen")
    data = {"action": "support", "supporters": "8", "present": "9"}
    assert wall_client.post(_url(live, f"clusters/{cluster.pk}/"), data).status_code == 302
    support = ClusterSupport.objects.get(cluster=cluster)
    assert (support.supporters, support.present) == (8, 9)
    bad = {"action": "support", "supporters": "10", "present": "9"}
    answer = wall_client.post(
        _url(live, f"clusters/{cluster.pk}/"), bad, HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 400 and answer.json()["error"]
    answer = wall_client.post(_url(live, f"clusters/{cluster.pk}/"), {"action": "merge", "into": "x"}, HTTP_ACCEPT="application/json")  # fmt: skip
    assert answer.status_code == 400


def test_projection_has_no_site_chrome_and_no_moderation(live: Any, wall_client: Client, make_phone: Any) -> None:  # fmt: skip
    _postits(live, make_phone, ["Meer groen"])
    page = wall_client.get(_url(live, "project/")).content.decode()
    assert "Meer groen" in page and live.code in page
    assert 'action="/logout' not in page and "crumbs" not in page
    assert 'value="hide"' not in page and "<form" not in page
    assert wall_client.get(_url(live, "?project=1"))["Location"].endswith("/live/project/")


def test_wall_counts_joined_posted_voted_and_the_join_rate(live: Any, wall_client: Client, make_phone: Any) -> None:  # fmt: skip
    make_phone()
    _postits(live, make_phone, ["Meer groen", "Minder auto's"])
    counts = wall_client.get(_url(live, "counts/")).json()
    assert counts["joined"] == 2 and counts["posted"] == 2 and counts["voted"] == 0
    assert counts["present"] == 1 and counts["joins_last_minute"] == 2


def test_phones_see_the_wall_only_when_the_facilitator_allows(live: Any, wall_client: Client, make_phone: Any) -> None:  # fmt: skip
    _postits(live, make_phone, ["Meer groen"])
    phone, _participant = make_phone()
    assert b"Meer groen" not in phone.get(f"/j/{live.code}/").content
    wall_client.post(_url(live, "room/"), {"action": "endorse_on"})
    assert b"Meer groen" in phone.get(f"/j/{live.code}/").content
    assert Contribution.objects.filter(session=live.session).count() == 1
