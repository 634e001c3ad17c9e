# SPDX-License-Identifier: EUPL-1.2
"""The phone through the test client: join, token scope, post, edit, withdraw, limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from inspraak.consultations.models import Attendance, Contribution
from inspraak.live import services
from inspraak.live.tokens import cookie_name, token_make
from tests.live.conftest import new_id


def test_code_uses_only_unambiguous_characters(live: Any) -> None:
    assert len(live.code) == 6
    assert not set(live.code) & set("0O1IL2Z5S8B6G")


def test_typed_code_is_normalised_and_redirects_to_the_phone(live: Any, client: Client) -> None:
    typed = f" {live.code[:3].lower()}-{live.code[3:].lower()} "
    response = client.get("/j/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/j/{live.code}/"
    assert client.get(f"/j/{live.code.lower()}/")["Location"] == f"/j/{live.code}/"


def test_joining_sets_a_token_and_records_attendance(live: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/j/{live.code}/")
    assert b'name="csrfmiddlewaretoken"' in page.content
    token = page.context["csrf_token"]
    response = client.post(
        f"/j/{live.code}/join/",
        {"display_name": "Anna", "name_consent": "1", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert cookie_name(live) in response.cookies
    attendance = Attendance.objects.get(session=live.session)
    assert attendance.participant.public_name == "Anna"
    assert client.get(f"/j/{live.code}/").templates[0].name == "live/phone.html"


def test_name_without_consent_is_not_stored(live: Any, client: Client) -> None:
    client.post(f"/j/{live.code}/join/", {"display_name": "Bert"})
    participant = Attendance.objects.get(session=live.session).participant
    assert participant.display_name == ""
    assert participant.public_name == participant.pseudonym


def test_join_keeps_only_the_organisers_attributes(live: Any, client: Client) -> None:
    consultation = live.session.round.consultation
    consultation.participant_attributes = ["role"]
    consultation.save()
    client.post(f"/j/{live.code}/join/", {"attr_role": "wethouder", "attr_secret": "x"})
    participant = Attendance.objects.get(session=live.session).participant
    assert participant.attributes == {"role": "wethouder"}


def test_phone_post_without_csrf_token_is_refused(live: Any, make_phone: Any) -> None:
    phone, _p = make_phone()
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = phone.cookies
    response = strict.post(f"/j/{live.code}/post/", {"text": "x", "client_id": new_id()})
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_post_without_javascript_redirects_back_and_lands_as_postit(
    live: Any, make_phone: Any
) -> None:
    phone, participant = make_phone()
    response = phone.post(f"/j/{live.code}/post/", {"text": "Meer  groen", "client_id": new_id()})
    assert response.status_code == 302
    postit = Contribution.objects.get()
    assert (postit.text, postit.channel, postit.participant) == (
        "Meer groen",
        "postit",
        participant,
    )
    assert postit.prompt == live.prompt and postit.session == live.session
    assert b"Meer groen" in phone.get(f"/j/{live.code}/").content


def test_retried_post_never_duplicates(live: Any, make_phone: Any) -> None:
    phone, _p = make_phone()
    data = {"text": "Betaalbare huur", "client_id": new_id()}
    first = phone.post(f"/j/{live.code}/post/", data, HTTP_ACCEPT="application/json")
    again = phone.post(f"/j/{live.code}/post/", data, HTTP_ACCEPT="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Contribution.objects.count() == 1


def test_someone_elses_client_id_is_refused(live: Any, make_phone: Any) -> None:
    (a, _pa), (b, _pb) = make_phone(), make_phone()
    data = {"text": "Eerste", "client_id": new_id()}
    a.post(f"/j/{live.code}/post/", data)
    response = b.post(f"/j/{live.code}/post/", data, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert Contribution.objects.count() == 1


def test_per_prompt_limit_holds(live: Any, make_phone: Any) -> None:
    phone, _p = make_phone()
    codes = [
        phone.post(
            f"/j/{live.code}/post/", {"text": f"punt {i}", "client_id": new_id()}
        ).status_code
        for i in range(4)
    ]
    assert codes == [302, 302, 302, 400]
    assert Contribution.objects.count() == 3


def test_limit_counts_per_prompt_and_a_late_retry_still_answers(live: Any, make_phone: Any) -> None:
    phone, participant = make_phone()
    ids = [new_id() for _i in range(3)]
    for i, client_id in enumerate(ids):
        services.postit_create(
            live=live, participant=participant, text=f"punt {i}", client_id=client_id
        )
    services.prompt_open(live=live, text="Een nieuwe vraag")
    # The retry of a post-it written under the previous prompt returns that post-it.
    data = {"text": "punt 2", "client_id": ids[2]}
    again = phone.post(f"/j/{live.code}/post/", data, HTTP_ACCEPT="application/json")
    assert again.status_code == 200
    assert again.json()["id"] == Contribution.objects.get(text="punt 2").pk
    # The new prompt has a limit of its own.
    data = {"text": "nieuw", "client_id": new_id()}
    fresh = phone.post(f"/j/{live.code}/post/", data, HTTP_ACCEPT="application/json")
    assert fresh.status_code == 201
    assert Contribution.objects.count() == 4


@override_settings(INSPRAAK_LIVE_POSTIT_MAX_CHARS=10)
def test_long_postit_is_refused_and_the_text_kept_as_draft(live: Any, make_phone: Any) -> None:
    phone, _p = make_phone()
    response = phone.post(f"/j/{live.code}/post/", {"text": "x" * 11, "client_id": new_id()})
    assert response.status_code == 400
    assert "x" * 11 in response.content.decode()
    assert not Contribution.objects.exists()


def test_edit_and_withdraw_own_postit_while_prompt_open(live: Any, make_phone: Any) -> None:
    phone, participant = make_phone()
    phone.post(f"/j/{live.code}/post/", {"text": "oud", "client_id": new_id()})
    postit = Contribution.objects.get()
    phone.post(f"/j/{live.code}/postits/{postit.pk}/", {"text": "nieuw"})
    postit.refresh_from_db()
    assert postit.text == "nieuw"
    phone.post(f"/j/{live.code}/postits/{postit.pk}/", {"withdraw": "1"})
    assert not Contribution.objects.exists()


def test_no_edit_after_the_prompt_closes(live: Any, make_phone: Any) -> None:
    phone, _p = make_phone()
    phone.post(f"/j/{live.code}/post/", {"text": "oud", "client_id": new_id()})
    services.prompt_close(live=live)
    postit = Contribution.objects.get()
    response = phone.post(f"/j/{live.code}/postits/{postit.pk}/", {"text": "nieuw"})
    assert response.status_code == 400
    response = phone.post(f"/j/{live.code}/post/", {"text": "later", "client_id": new_id()})
    assert response.status_code == 400
    postit.refresh_from_db()
    assert postit.text == "oud"


def test_cannot_edit_another_participants_postit(live: Any, make_phone: Any) -> None:
    (a, _pa), (b, _pb) = make_phone(), make_phone()
    a.post(f"/j/{live.code}/post/", {"text": "van a", "client_id": new_id()})
    postit = Contribution.objects.get()
    assert b.post(f"/j/{live.code}/postits/{postit.pk}/", {"withdraw": "1"}).status_code == 404
    assert Contribution.objects.count() == 1


def test_token_is_valid_only_for_its_own_session(
    live: Any, make_phone: Any, make_consultation: Any, organiser: Any
) -> None:
    other_session = make_consultation(organiser=organiser).rounds.get().sessions.get()
    other = services.live_open(session=other_session, actor=organiser)
    _phone, participant = make_phone()
    client = Client()
    client.cookies[cookie_name(other)] = token_make(live=live, participant=participant)
    response = client.post(f"/j/{other.code}/post/", {"text": "x", "client_id": new_id()})
    assert response.status_code == 403
    assert client.get(f"/j/{other.code}/").templates[0].name == "live/join.html"


def test_forged_token_is_refused(live: Any) -> None:
    client = Client()
    client.cookies[cookie_name(live)] = "eyJzIjoxLCJwIjoxfQ:forged:signature"
    response = client.post(f"/j/{live.code}/post/", {"text": "x", "client_id": new_id()})
    assert response.status_code == 403


def test_unknown_code_is_404(client: Client, db: Any) -> None:
    assert client.get("/j/XXXXXX/").status_code == 404


@override_settings(INSPRAAK_LIVE_RATE_PER_TOKEN_MIN=2)
def test_rate_limit_per_token(live: Any, make_phone: Any) -> None:
    phone, _p = make_phone()
    codes = [
        phone.post(f"/j/{live.code}/post/", {"text": "x", "client_id": new_id()}).status_code
        for _i in range(3)
    ]
    assert codes[-1] == 429


@override_settings(INSPRAAK_LIVE_RATE_PER_IP_MIN=2)
def test_rate_limit_per_address(live: Any, client: Client) -> None:
    codes = [client.post(f"/j/{live.code}/join/").status_code for _i in range(3)]
    assert codes == [302, 302, 429]


def test_postit_markup_is_escaped_on_the_phone(live: Any, make_phone: Any) -> None:
    phone, _p = make_phone()
    phone.post(f"/j/{live.code}/post/", {"text": "<script>x()</script>", "client_id": new_id()})
    page = phone.get(f"/j/{live.code}/").content.decode()
    assert "<script>x()" not in page and "&lt;script&gt;x()" in page


def test_joining_a_closed_session_is_refused(live: Any, organiser: Any) -> None:
    services.live_close(live=live, actor=organiser)
    with pytest.raises(ValidationError):
        services.participant_join(live=live)


def test_phone_page_is_small(live: Any, make_phone: Any) -> None:
    phone, _p = make_phone()
    for i in range(3):
        phone.post(f"/j/{live.code}/post/", {"text": "woord " * 40 + str(i), "client_id": new_id()})
    page = phone.get(f"/j/{live.code}/")
    static = sum(
        (Path(__file__).parents[2] / "inspraak/live/static/live" / name).stat().st_size
        for name in ("live.css", "phone.js")
    )
    assert len(page.content) + static < 20_000
