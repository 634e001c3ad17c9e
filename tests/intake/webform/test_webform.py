# SPDX-License-Identifier: EUPL-1.2
"""The web form: points in, channel `form`, spam kept out, nothing stored twice."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from inspraak.consultations.models import Contribution, Participant
from inspraak.intake.webform.services import SUBMISSIONS_PER_HOUR_PER_ADDRESS, round_form_set


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_form(make_consultation: Any, organiser: Any) -> Any:
    consultation = make_consultation(organiser=organiser, sessions=("Zorg", "Wonen"))
    return round_form_set(
        round=consultation.rounds.get(),
        is_open=True,
        intro="Wat mist er?",
        new_link=False,
        actor=organiser,
    )


def post(client: Any, round_form: Any, **fields: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {"submission": str(uuid.uuid4()), "website": "", **fields}
    return client.post(reverse("web_form", args=[round_form.token]), data)


def test_points_become_form_contributions_with_provenance(client: Any, open_form: Any) -> None:
    zorg = open_form.round.sessions.get(title="Zorg")
    response = post(
        client,
        open_form,
        point_1="Meer wijkverpleging",
        point_3="Mantelzorg ontlasten",
        session=str(zorg.pk),
        kind="proposal",
    )
    assert (
        response.status_code == 200 and "2 points have been received" in response.content.decode()
    )
    stored = list(Contribution.objects.order_by("pk"))
    assert [c.text for c in stored] == ["Meer wijkverpleging", "Mantelzorg ontlasten"]
    assert {(c.channel, c.kind, c.session_id) for c in stored} == {("form", "proposal", zorg.pk)}
    assert stored[0].source_name == "web form" and "point 1" in stored[0].source_detail
    assert stored[0].participant.public_name == stored[0].participant.pseudonym


def test_a_retried_submission_is_stored_once(client: Any, open_form: Any) -> None:
    same = str(uuid.uuid4())
    post(client, open_form, point_1="Eén keer", submission=same)
    again = post(client, open_form, point_1="Eén keer", submission=same)
    assert "already received" in again.content.decode()
    assert Contribution.objects.count() == 1


def test_honeypot_submissions_are_not_stored(client: Any, open_form: Any) -> None:
    response = post(client, open_form, point_1="Koop nu!", website="http://spam.example")
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_rate_limit_per_address(client: Any, open_form: Any) -> None:
    for n in range(SUBMISSIONS_PER_HOUR_PER_ADDRESS):
        post(client, open_form, point_1=f"Punt {n}")
    refused = post(client, open_form, point_1="Nog een")
    assert refused.status_code == 400 and "Too many submissions" in refused.content.decode()
    assert Contribution.objects.count() == SUBMISSIONS_PER_HOUR_PER_ADDRESS


def test_empty_too_long_and_unconsented_email_are_refused(client: Any, open_form: Any) -> None:
    assert "at least one point" in post(client, open_form).content.decode()
    assert post(client, open_form, point_1="x" * 2001).status_code == 400
    response = post(client, open_form, point_1="Met mail", email="a@example.org")
    assert (
        response.status_code == 400 and "leave your e-mail address out" in response.content.decode()
    )
    assert not Contribution.objects.exists()


def test_name_shown_only_with_consent_and_email_kept_private(client: Any, open_form: Any) -> None:
    post(client, open_form, point_1="Zonder toestemming", name="Piet Jansen")
    post(
        client,
        open_form,
        point_1="Met toestemming",
        name="Ans de Boer",
        name_consent="on",
        email="Ans@Example.org",
        email_consent="on",
    )
    # Without consent the name is not even stored: only the pseudonym exists.
    assert not Participant.objects.filter(display_name="Piet Jansen").exists()
    piet = Contribution.objects.get(text="Zonder toestemming").participant
    ans = Participant.objects.get(display_name="Ans de Boer")
    assert piet.public_name == piet.pseudonym and piet.display_name == ""
    assert ans.public_name == "Ans de Boer" and ans.email == "ans@example.org"
    assert not Contribution.objects.filter(text__icontains="example.org").exists()


def test_closed_form_and_unknown_link(client: Any, open_form: Any, organiser: Any) -> None:
    round_form_set(round=open_form.round, is_open=False, intro="", new_link=False, actor=organiser)
    assert client.get(reverse("web_form", args=[open_form.token])).status_code == 410
    assert post(client, open_form, point_1="Te laat").status_code == 410
    assert client.get(reverse("web_form", args=["bestaat-niet"])).status_code == 404
    assert not Contribution.objects.exists()


def test_new_link_retires_the_old_one(client: Any, open_form: Any, organiser: Any) -> None:
    old = open_form.token
    client.force_login(organiser)
    slug = open_form.round.consultation.slug
    client.post(
        reverse("round_form_update", args=[slug, open_form.round.pk]),
        {"is_open": "1", "new_link": "1"},
    )
    open_form.refresh_from_db()
    assert open_form.token != old
    assert client.get(reverse("web_form", args=[old])).status_code == 404
    assert client.get(reverse("web_form", args=[open_form.token])).status_code == 200


def test_only_organisers_switch_the_form(client: Any, two_consultations: dict[str, Any]) -> None:
    b = two_consultations["b"]
    client.force_login(two_consultations["alice"])
    response = client.post(
        reverse("round_form_update", args=[b.slug, b.rounds.get().pk]), {"is_open": "1"}
    )
    assert response.status_code == 404
    assert not b.rounds.get().__class__.objects.filter(form__is_open=True).exists()


def test_form_page_escapes_the_intro(client: Any, open_form: Any, organiser: Any) -> None:
    round_form_set(
        round=open_form.round,
        is_open=True,
        intro="<script>alert(1)</script>",
        new_link=False,
        actor=organiser,
    )
    page = client.get(reverse("web_form", args=[open_form.token])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_a_typed_e_mail_address_takes_over_no_participant(client: Any, open_form: Any) -> None:
    from inspraak.consultations import services as cs

    consultation = open_form.round.consultation
    anna, _ = cs.participant_get_or_create(
        consultation=consultation, key="anna@example.org", display_name="Anna", name_consent=True
    )
    anna.email = "anna@example.org"
    anna.save()
    before = (anna.display_name, anna.name_consent_at, anna.public_name, anna.attributes)
    post(
        client,
        open_form,
        point_1="Ik ben Anna niet",
        name="Mallory",
        name_consent="on",
        email="anna@example.org",
        email_consent="on",
    )
    anna.refresh_from_db()
    assert (anna.display_name, anna.name_consent_at, anna.public_name, anna.attributes) == before
    assert not anna.contributions.exists(), "the points went to a new participant, not to Anna"
    assert Contribution.objects.get(text="Ik ben Anna niet").participant.public_name == "Mallory"


def test_the_thanks_page_gives_the_submitter_their_own_page(client: Any, open_form: Any) -> None:
    response = post(client, open_form, point_1="Meer bankjes in het park")
    link = re.search(r'href="(/mijn/[^"]+/)"', response.content.decode())
    assert link, "the thanks page links the submitter's own page"
    own = client.get(link.group(1))
    assert own.status_code == 200 and "Meer bankjes in het park" in own.content.decode()
