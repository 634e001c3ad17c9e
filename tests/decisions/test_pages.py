# SPDX-License-Identifier: EUPL-1.2
"""The decision meeting, chapters, a participant's own page and the public page, through the client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspraak.consultations.privacy import participant_erase
from inspraak.decisions import services
from inspraak.decisions.models import Chapter, Disposition
from tests.decisions.conftest import themes_of


def client_for(user: Any = None, language: str = "en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def themes(world: Any) -> list[Any]:
    return themes_of(world)


def own_url(world: Any) -> str:
    return services.participant_link(world.mine)


def test_organiser_decides_several_themes_without_javascript(world: Any, themes: Any) -> None:
    client = client_for(world.organiser)
    url = reverse("decisions", args=[world.consultation.slug])
    page = client.get(url).content.decode()
    assert "0 of 3 decided" in page and "Wonen" in page and "meeting.js" in page
    assert "<script>" not in page and " onclick" not in page
    response = client.post(
        reverse("decisions_decide", args=[world.consultation.slug]),
        {
            "round": world.round.pk,
            "theme": [themes[0].pk, themes[1].pk],
            "status": "rejected",
            "explanation": "Te duur.",
            "meeting_title": "Programmacommissie",
            "meeting_date": "2026-04-02",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "2 of 3 decided" in page and "Te duur." in page and "Programmacommissie" in page
    undecided = client.get(url, {"round": world.round.pk, "undecided": 1}).content.decode()
    assert "Zorg dichtbij" in undecided and ">Wonen<" not in undecided


def test_a_missing_reason_is_shown_and_nothing_is_stored(world: Any, themes: Any) -> None:
    client = client_for(world.organiser)
    response = client.post(
        reverse("decisions_decide", args=[world.consultation.slug]),
        {"round": world.round.pk, "theme": [themes[0].pk], "status": "out_of_scope"},
        follow=True,
    )
    assert "reason" in response.content.decode()
    assert not Disposition.objects.exists()


def test_organisers_of_another_consultation_see_nothing(
    world: Any, themes: Any, make_user: Any, make_consultation: Any
) -> None:
    stranger = make_user("vreemde", is_staff=True)
    make_consultation(organiser=stranger)
    client = client_for(stranger)
    slug = world.consultation.slug
    assert client.get(reverse("decisions", args=[slug])).status_code == 404
    assert client.get(reverse("decision_chapters", args=[slug])).status_code == 404
    response = client.post(
        reverse("decisions_decide", args=[slug]),
        {"round": world.round.pk, "theme": [themes[0].pk], "status": "adopted"},
    )
    assert response.status_code == 404 and not Disposition.objects.exists()
    link = reverse("decision_participant_link", args=[slug, world.mine.pk])
    assert client.get(link).status_code == 404
    assert (
        client.post(
            reverse("decisions_publish", args=[slug]), {"round": world.round.pk}
        ).status_code
        == 404
    )
    assert client_for().get(reverse("decisions", args=[slug])).status_code == 302


def test_chapters_are_edited_by_organisers(world: Any) -> None:
    client = client_for(world.organiser)
    url = reverse("decision_chapters", args=[world.consultation.slug])
    client.post(url, {"number": "3", "title": "Bestaanszekerheid", "description": "Werk"})
    chapter = Chapter.objects.get()
    client.post(url, {"chapter": chapter.pk, "number": "4", "title": "Wonen"})
    chapter.refresh_from_db()
    assert (chapter.number, chapter.title) == (4, "Wonen")
    client.post(url, {"chapter": chapter.pk, "delete": "1", "number": "4", "title": "Wonen"})
    assert not Chapter.objects.exists()


def test_own_page_lists_exactly_my_contributions_across_channels(world: Any, themes: Any) -> None:
    page = client_for().get(own_url(world)).content.decode()
    for mine in ("Huren moeten omlaag", "Gratis bus voor ouderen", "Wijkverpleging terug"):
        assert mine in page
    for theirs in ("Betaalbare huurwoningen", "Buslijnen op het platteland", "Geheime tekst"):
        assert theirs not in page
    assert "post-it" in page and "web form" in page and "e-mail" in page
    # Theme labels are made of several people's words: only once the round is public.
    assert "Openbaar vervoer" not in page
    services.decisions_publish(round=world.round, actor=world.organiser)
    page = client_for().get(own_url(world)).content.decode()
    assert "Wonen" in page and "Openbaar vervoer" in page
    assert "Geheime tekst" not in page


def test_unpublished_decisions_are_invisible_until_published(world: Any, themes: Any) -> None:
    services.disposition_decide(
        round=world.round,
        contribution_ids={c.pk for c in themes[0].members.all()},
        label="Wonen",
        decision=services.Decision(status="rejected", explanation="GEHEIM-BESLUIT vooraf"),
        actor=world.organiser,
    )
    anyone = client_for()
    assert "GEHEIM-BESLUIT" not in anyone.get(own_url(world)).content.decode()
    public = reverse("decisions_public", args=[world.consultation.slug])
    assert anyone.get(public).status_code == 404
    services.decisions_publish(round=world.round, actor=world.organiser)
    page = anyone.get(own_url(world)).content.decode()
    assert "GEHEIM-BESLUIT vooraf" in page and "not adopted" in page
    assert "0 of your 3 points have been taken up" in page
    public_page = anyone.get(public).content.decode()
    assert "GEHEIM-BESLUIT vooraf" in public_page and "Wonen" in public_page
    assert "Huren moeten omlaag" not in public_page


def test_revoked_unknown_and_erased_links_give_a_404_in_the_page_language(world: Any) -> None:
    url = own_url(world)
    anyone = client_for()
    token = url.split("/")[2]
    assert anyone.post(reverse("own_revoke", args=[token])).status_code == 200
    gone = anyone.get(url)
    assert gone.status_code == 404 and "This link does not work" in gone.content.decode()
    dutch = client_for(language="nl").get("/mijn/onbekend-token/")
    assert dutch.status_code == 404 and 'lang="nl"' in dutch.content.decode()
    fresh = own_url(world)
    assert fresh != url and anyone.get(fresh).status_code == 200
    participant_erase(participant=world.mine, actor=world.organiser)
    assert anyone.get(fresh).status_code == 404


def test_erasure_helper_removes_links_and_notices(world: Any, themes: Any) -> None:
    url = own_url(world)
    services.decisions_publish(round=world.round, actor=world.organiser)
    assert world.mine.decision_notices.count() == 1
    services.decisions_erase_participant(world.mine)
    assert client_for().get(url).status_code == 404
    assert world.mine.decision_notices.count() == 0


def test_organiser_revokes_and_remakes_a_participants_link(world: Any) -> None:
    url = own_url(world)
    client = client_for(world.organiser)
    page = reverse("decision_participant_link", args=[world.consultation.slug, world.mine.pk])
    assert url in client.get(page).content.decode()
    client.post(page)
    assert client_for().get(url).status_code == 404
    client.post(
        reverse("decision_participant_link_make", args=[world.consultation.slug, world.mine.pk])
    )
    assert services.participant_link(world.mine) != url


def test_participant_text_is_escaped_on_the_own_page(world: Any, themes: Any) -> None:
    world.c["huur"].text = "<script>alert(1)</script>"
    world.c["huur"].save()
    page = client_for().get(own_url(world)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_a_single_contribution_is_decided_on_the_theme_page(world: Any, themes: Any) -> None:
    client = client_for(world.organiser)
    url = reverse("decisions_theme", args=[world.consultation.slug, themes[0].pk])
    page = client.get(url).content.decode()
    assert "Huren moeten omlaag" in page and "Betaalbare huurwoningen" in page
    client.post(
        url,
        {
            "contribution": [world.c["huur"].pk, world.c["ov"].pk],  # ov is in another theme
            "status": "out_of_scope",
            "explanation": "Huurprijzen regelt het Rijk.",
        },
    )
    singles = Disposition.objects.filter(scope="contribution")
    assert [d.contribution_ids for d in singles] == [[world.c["huur"].pk]]
    services.decisions_publish(round=world.round, actor=world.organiser)
    own = client_for().get(own_url(world)).content.decode()
    assert "Huurprijzen regelt het Rijk." in own and "out of scope" in own


def test_the_theme_page_is_for_its_organisers_only(world: Any, themes: Any, make_user: Any) -> None:
    stranger = make_user("vreemde2", is_staff=True)
    url = reverse("decisions_theme", args=[world.consultation.slug, themes[0].pk])
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(stranger).post(url, {"contribution": [world.c["huur"].pk]}).status_code == 404
