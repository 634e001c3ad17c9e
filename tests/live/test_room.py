# SPDX-License-Identifier: EUPL-1.2
"""The room: who counts as present, the join limit, errors a phone can show, "ik ook"."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from inspraak.consultations.models import Contribution, Endorsement
from inspraak.consultations.services import session_present
from inspraak.live import poll_services, room_services, services
from tests.live.conftest import new_id


def _post(client: Client, live: Any, text: str = "Meer groen", **extra: str) -> Any:
    data = {"text": text, "client_id": new_id(), **extra}
    return client.post(f"/j/{live.code}/post/", data, HTTP_ACCEPT="application/json")


def test_a_join_alone_is_not_present_but_posting_is(live: Any, make_phone: Any) -> None:
    (_idle, _a), (active, _b) = make_phone(), make_phone()
    assert session_present(live.session) == 0
    assert _post(active, live).status_code == 201
    assert session_present(live.session) == 1


def test_voting_and_me_too_make_a_participant_present(live: Any, make_phone: Any, organiser: Any) -> None:  # fmt: skip
    (_a, author), (_b, voter), (_c, endorser) = make_phone(), make_phone(), make_phone()
    postit, _created = services.postit_create(
        live=live, participant=author, text="Meer groen", client_id=new_id()
    )
    poll = poll_services.poll_open(live=live, text="Eens?", actor=organiser)
    poll_services.poll_vote(poll=poll, participant=voter, value="agree")
    room_services.endorse_open_set(live=live, on=True)
    room_services.endorsement_set(live=live, postit=postit, participant=endorser, on=True)
    assert session_present(live.session) == 3


def test_the_facilitator_confirms_who_joined(live: Any, make_phone: Any, organiser: Any, wall_client: Client) -> None:  # fmt: skip
    make_phone(), make_phone()
    url = f"/c/{live.session.round.consultation.slug}/sessions/{live.session_id}/live/room/"
    assert wall_client.post(url, {"action": "confirm_present"}).status_code == 302
    assert session_present(live.session) == 2


def test_sixty_joins_in_three_seconds_from_one_address_are_refused(live: Any) -> None:
    codes = []
    with mock.patch("inspraak.live.tokens._now", side_effect=[1000 + i * 0.05 for i in range(60)]):  # fmt: skip
        for _i in range(60):
            codes.append(Client().post(f"/j/{live.code}/join/").status_code)
    assert codes.count(429) >= 10
    assert codes[: settings.INSPRAAK_LIVE_JOIN_BURST] == [302] * settings.INSPRAAK_LIVE_JOIN_BURST
    assert live.session.attendances.count() == codes.count(302)


def test_refused_join_is_a_page_in_the_phones_language(live: Any) -> None:
    with override_settings(INSPRAAK_LIVE_JOIN_BURST=1, INSPRAAK_LIVE_JOIN_PER_MIN=1):
        Client().post(f"/j/{live.code}/join/")
        client = Client(HTTP_ACCEPT_LANGUAGE="nl")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(f"/j/{live.code}/join/")
    assert response.status_code == 429
    assert response.templates[0].name == "live/problem.html"
    assert b"Wait a minute" in response.content  # Dutch once the catalogue has it


def test_a_room_of_500_joining_within_two_minutes_passes(live: Any) -> None:
    times = [1000 + i * 0.24 for i in range(500)]  # 500 joins in 120 s, one address
    with mock.patch("inspraak.live.tokens._now", side_effect=times):
        codes = [Client().post(f"/j/{live.code}/join/").status_code for _i in range(500)]
    assert codes == [302] * 500


def test_join_state_is_in_the_shared_database_cache() -> None:
    assert settings.CACHES["shared"]["BACKEND"].endswith("DatabaseCache")


def test_an_unknown_code_gets_a_page_with_the_way_back(client: Client, db: Any) -> None:
    response = client.get("/j/XXXXXX/")
    assert response.status_code == 404
    assert response.templates[0].name == "live/problem.html"
    assert b'href="/j/"' in response.content
    api = client.post("/j/xxxxxx/post/", HTTP_ACCEPT="application/json")
    assert api.status_code == 404 and "error" in api.json()


def test_codes_are_case_insensitive_on_every_endpoint(live: Any, make_phone: Any) -> None:
    phone, _participant = make_phone()
    phone.cookies[f"inspraak_live_{live.pk}"]["path"] = "/"
    response = phone.post(
        f"/j/{live.code.lower()}/post/",
        {"text": "klein", "client_id": new_id()},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    assert phone.get(f"/j/{live.code.lower()}/events/").status_code == 200


def test_phone_errors_are_json_with_a_sentence(live: Any, client: Client) -> None:
    response = _post(client, live)
    assert response.status_code == 403
    assert response.json()["error"]


def test_an_expired_form_token_is_json_on_the_phone(live: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/j/{live.code}/join/", HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json()["error"]


def test_the_post_answer_lets_the_page_update_in_place(live: Any, make_phone: Any) -> None:
    phone, _participant = make_phone()
    body = _post(phone, live, "  Meer   bomen ").json()
    assert body["created"] is True and body["text"] == "Meer bomen"


def test_control_characters_are_cleaned_from_phone_text(live: Any, make_phone: Any) -> None:
    phone, _participant = make_phone()
    assert _post(phone, live, "Meer\x00 groen\x07").status_code == 201
    assert Contribution.objects.get(session=live.session).text == "Meer groen"
    with pytest.raises(ValidationError):
        services.text_clean("\x00") or services.postit_create(
            live=live, participant=_participant, text="\x00\x01", client_id=new_id()
        )


def test_the_kind_of_post_it_is_kept_when_chosen(live: Any, make_phone: Any) -> None:
    phone, _participant = make_phone()
    _post(phone, live, "Waarom zo duur?", kind="question")
    _post(phone, live, "Iets", kind="nonsense")
    kinds = dict(Contribution.objects.filter(session=live.session).values_list("text", "kind"))
    assert kinds == {"Waarom zo duur?": "question", "Iets": "remark"}


def test_me_too_once_per_participant_undoable_and_not_on_ones_own(live: Any, make_phone: Any) -> None:  # fmt: skip
    (author_phone, _author), (phone, _other) = make_phone(), make_phone()
    postit_id = _post(author_phone, live).json()["id"]
    url = f"/j/{live.code}/endorse/{postit_id}/"
    assert phone.post(url, HTTP_ACCEPT="application/json").status_code == 400  # not allowed yet
    room_services.endorse_open_set(live=live, on=True)
    assert phone.post(url, HTTP_ACCEPT="application/json").json()["endorsed"] is True
    phone.post(url, HTTP_ACCEPT="application/json")
    assert Endorsement.objects.filter(contribution_id=postit_id).count() == 1
    assert b"Me too" in phone.get(f"/j/{live.code}/").content
    assert author_phone.post(url, HTTP_ACCEPT="application/json").status_code == 400
    phone.post(url, {"undo": "1"}, HTTP_ACCEPT="application/json")
    assert not Endorsement.objects.filter(contribution_id=postit_id).exists()


def test_attributes_with_labels_and_choices(live: Any, client: Client) -> None:
    consultation = live.session.round.consultation
    consultation.participant_attributes = [
        "role",
        {"name": "gemeente", "label_nl": "Gemeente", "label_en": "Municipality",
         "choices": ["Utrecht", "Zeist"]},
    ]  # fmt: skip
    consultation.save()
    page = client.get(f"/j/{live.code}/").content.decode()
    assert "<select" in page and "Zeist" in page and ">role<" not in page
    client.post(f"/j/{live.code}/join/", {"attr_gemeente": "Zeist", "attr_role": "inwoner"})
    participant = live.session.attendances.get().participant
    assert participant.attributes == {"gemeente": "Zeist", "role": "inwoner"}


def test_join_page_says_what_is_stored(live: Any, client: Client) -> None:
    assert b'id="privacy-h"' in client.get(f"/j/{live.code}/").content
