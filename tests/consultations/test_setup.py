# SPDX-License-Identifier: EUPL-1.2
"""Organisers set a consultation up in the app: the pages, the services behind them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from inspraak.consultations.attributes import AttributeSpec, consultation_attributes
from inspraak.consultations.models import Prompt, Round, Session
from inspraak.core.models import AuditEvent
from inspraak.votes.models import Statement


@pytest.fixture
def setup(client: Any, two_consultations: dict[str, Any]) -> dict[str, Any]:
    client.force_login(two_consultations["alice"])
    return two_consultations


def test_organiser_creates_a_round_a_session_a_prompt_and_a_statement(
    client: Any, setup: dict[str, Any]
) -> None:
    a = setup["a"]
    response = client.post(
        reverse("round_new", args=[a.slug]),
        {"title": "Ronde 2", "when": "2027-03-01", "place": "Zaandam"},
    )
    assert response.status_code == 302
    round_ = Round.objects.get(consultation=a, title="Ronde 2")
    assert str(round_.date) == "2027-03-01" and round_.place == "Zaandam"

    response = client.post(
        reverse("session_new", args=[a.slug]),
        {
            "round": round_.pk,
            "title": "Wonen",
            "facilitator_name": "Fatma",
            "present_override": "12",
        },
    )
    session = Session.objects.get(round=round_, title="Wonen")
    assert response["Location"] == reverse("session_setup", args=[a.slug, session.pk])
    assert session.present_override == 12 and session.facilitator_name == "Fatma"

    client.post(
        reverse("prompt_new", args=[a.slug, session.pk]),
        {"text": "Wat moet er anders?", "per_participant_limit": "5"},
    )
    prompt = Prompt.objects.get(session=session)
    assert prompt.per_participant_limit == 5 and prompt.position == 0

    client.post(
        reverse("statement_new", args=[a.slug]),
        {"text": "Huur mag niet meer dan een derde van het inkomen zijn.", "session": session.pk},
    )
    assert Statement.objects.get(consultation=a).session == session
    actions = set(AuditEvent.objects.filter(consultation=a).values_list("action", flat=True))
    assert {"round_create", "session_create", "prompt_create", "statement_create"} <= actions
    page = client.get(reverse("session_setup", args=[a.slug, session.pk])).content.decode()
    assert "Wat moet er anders?" in page and "Huur mag niet" in page


def test_organiser_edits_a_session_and_clears_the_present_override(
    client: Any, setup: dict[str, Any]
) -> None:
    a, session = setup["a"], setup["a_contribution"].session
    url = reverse("session_setup", args=[a.slug, session.pk])
    client.post(
        url, {"round": session.round_id, "title": "Zorg en welzijn", "present_override": "7"}
    )
    session.refresh_from_db()
    assert (session.title, session.present_override) == ("Zorg en welzijn", 7)
    client.post(
        url, {"round": session.round_id, "title": "Zorg en welzijn", "present_override": ""}
    )
    session.refresh_from_db()
    assert session.present_override is None


def test_a_duplicate_session_title_is_a_form_error_not_a_crash(
    client: Any, setup: dict[str, Any]
) -> None:
    a = setup["a"]
    round_ = a.rounds.first()
    response = client.post(
        reverse("session_new", args=[a.slug]), {"round": round_.pk, "title": "Zorg"}
    )
    assert response.status_code == 400
    assert "Zorg" in " ".join(response.context["form"].non_field_errors())
    assert round_.sessions.filter(title="Zorg").count() == 1


def test_a_missing_title_shows_which_field_to_fix(client: Any, setup: dict[str, Any]) -> None:
    response = client.post(reverse("round_new", args=[setup["a"].slug]), {"title": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="field-error"' in page and 'role="alert"' in page


def test_a_session_cannot_be_moved_into_another_consultations_round(
    client: Any, setup: dict[str, Any]
) -> None:
    a, session = setup["a"], setup["a_contribution"].session
    b_round = setup["b"].rounds.first()
    url = reverse("session_setup", args=[a.slug, session.pk])
    response = client.post(url, {"round": b_round.pk, "title": "Zorg"})
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.round.consultation == a


def test_statement_for_another_consultations_session_is_refused(
    client: Any, setup: dict[str, Any]
) -> None:
    a, b_session = setup["a"], setup["b_contribution"].session
    response = client.post(
        reverse("statement_new", args=[a.slug]), {"text": "Stelling", "session": b_session.pk}
    )
    assert response.status_code == 400
    assert not Statement.objects.filter(text="Stelling").exists()


def test_editing_a_statement_keeps_its_votes_and_audits_the_change(
    client: Any, setup: dict[str, Any]
) -> None:
    from inspraak.consultations import services as cs
    from inspraak.votes.services import statement_create, vote_cast

    a = setup["a"]
    statement = statement_create(consultation=a, text="Meer bankjes", actor=setup["alice"])
    participant, _ = cs.participant_get_or_create(consultation=a, key="v1")
    vote_cast(statement=statement, participant=participant, value="agree")
    client.post(
        reverse("statement_edit", args=[a.slug, statement.pk]), {"text": "Meer bankjes in het park"}
    )
    statement.refresh_from_db()
    assert statement.text == "Meer bankjes in het park" and statement.votes.count() == 1
    event = AuditEvent.objects.get(action="statement_update")
    assert event.detail == {"text_changed": True, "votes": 1}


def test_prompt_order_and_limit_are_edited(client: Any, setup: dict[str, Any]) -> None:
    from inspraak.consultations.setup_services import prompt_save

    a, session = setup["a"], setup["a_contribution"].session
    first = prompt_save(
        session=session, text="Een", per_participant_limit=3, position=None, actor=None
    )
    second = prompt_save(
        session=session, text="Twee", per_participant_limit=3, position=None, actor=None
    )
    client.post(
        reverse("prompt_edit", args=[a.slug, second.pk]),
        {"text": "Twee", "per_participant_limit": "1", "position": "0"},
    )
    client.post(
        reverse("prompt_edit", args=[a.slug, first.pk]),
        {"text": "Een", "per_participant_limit": "3", "position": "1"},
    )
    assert [p.text for p in session.prompts.all()] == ["Twee", "Een"]
    assert session.prompts.get(text="Twee").per_participant_limit == 1


def test_consultation_details_are_edited(client: Any, setup: dict[str, Any]) -> None:
    a = setup["a"]
    client.post(
        reverse("consultation_edit", args=[a.slug]),
        {"title": "Nieuw programma", "description": "Uitleg", "state": "closed"},
    )
    a.refresh_from_db()
    assert (a.title, a.description, a.state) == ("Nieuw programma", "Uitleg", "closed")


def _attribute_post(rows: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {"a-TOTAL_FORMS": str(len(rows)), "a-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"a-{i}-{k}": v for k, v in row.items()})
    return data


def test_attributes_get_dutch_and_english_labels_and_choices(
    client: Any, setup: dict[str, Any]
) -> None:
    a = setup["a"]
    rows = [
        {
            "name": "gemeente",
            "label_nl": "Gemeente",
            "label_en": "Municipality",
            "choices": "Zaanstad\nPurmerend\n\nZaanstad",
        },
        {"name": "rol", "label_nl": "Rol", "label_en": "", "choices": ""},
    ]
    response = client.post(reverse("attributes_edit", args=[a.slug]), _attribute_post(rows))
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.participant_attributes[0] == {
        "name": "gemeente",
        "label_nl": "Gemeente",
        "label_en": "Municipality",
        "choices": ["Zaanstad", "Purmerend"],
    }
    specs = consultation_attributes(a)
    assert specs[1].label("en") == "Rol" and specs[0].label("en") == "Municipality"
    assert a.attribute_names == ["gemeente", "rol"]


def test_an_attribute_name_with_spaces_is_refused(client: Any, setup: dict[str, Any]) -> None:
    a = setup["a"]
    rows = [{"name": "Mijn gemeente", "label_nl": "Gemeente", "label_en": "", "choices": ""}]
    response = client.post(reverse("attributes_edit", args=[a.slug]), _attribute_post(rows))
    assert response.status_code == 400
    a.refresh_from_db()
    assert a.participant_attributes == []


def test_old_bare_name_attributes_stay_readable_and_editable(
    client: Any, setup: dict[str, Any]
) -> None:
    a = setup["a"]
    a.participant_attributes = ["role", {"name": "gemeente", "label_nl": "Gemeente"}, 5, ""]
    a.save()
    assert consultation_attributes(a) == [
        AttributeSpec(name="role"),
        AttributeSpec(name="gemeente", label_nl="Gemeente"),
    ]
    page = client.get(reverse("attributes_edit", args=[a.slug])).content.decode()
    assert 'value="role"' in page and 'value="gemeente"' in page


def test_imports_adding_an_attribute_do_not_duplicate_a_labelled_one(
    setup: dict[str, Any],
) -> None:
    from inspraak.consultations.services import consultation_attributes_add

    a = setup["a"]
    a.participant_attributes = [{"name": "gemeente", "label_nl": "Gemeente"}]
    a.save()
    consultation_attributes_add(consultation=a, names=["gemeente", "rol"])
    assert a.attribute_names == ["gemeente", "rol"]


def test_facilitator_cannot_open_set_up_pages(
    client: Any, make_user: Any, two_consultations: dict[str, Any]
) -> None:
    from inspraak.consultations.models import SessionFacilitator

    a, session = two_consultations["a"], two_consultations["a_contribution"].session
    carol = make_user("carol")
    SessionFacilitator.objects.create(session=session, user=carol)
    client.force_login(carol)
    for url in [
        reverse("setup", args=[a.slug]),
        reverse("session_setup", args=[a.slug, session.pk]),
        reverse("prompt_new", args=[a.slug, session.pk]),
        reverse("attributes_edit", args=[a.slug]),
        reverse("invitation_new", args=[a.slug]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("session_setup", args=[a.slug, session.pk]), {"title": "X"})
    assert response.status_code == 404


def test_participants_list_pages_and_searches(client: Any, setup: dict[str, Any]) -> None:
    from inspraak.consultations import services as cs

    a = setup["a"]
    a.participant_attributes = ["gemeente"]
    a.save()
    for i in range(60):
        cs.participant_get_or_create(
            consultation=a, key=f"k{i}", attributes={"gemeente": "Zaanstad" if i < 3 else "Edam"}
        )
    url = reverse("participants", args=[a.slug])
    first = client.get(url)
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 61
    assert len(client.get(url, {"page": "2"}).context["page"].object_list) == 11
    found = client.get(url, {"attribute": "gemeente", "value": "Zaanstad"}).context["page"]
    assert found.paginator.count == 3
    pseudonym = a.participants.order_by("pk").last().pseudonym
    by_name = client.get(url, {"q": pseudonym}).context["page"]
    assert pseudonym in [p.pseudonym for p in by_name]
    ignored = client.get(url, {"attribute": "notdeclared", "value": "x"}).context["page"]
    assert ignored.paginator.count == 61


def test_an_attribute_in_use_keeps_its_name(client: Any, setup: dict[str, Any]) -> None:
    a = setup["a"]
    a.participant_attributes = ["role"]
    a.save()
    rows = [{"name": "renamed", "label_nl": "Rol", "label_en": "Role", "choices": "Raadslid"}]
    response = client.post(reverse("attributes_edit", args=[a.slug]), _attribute_post(rows, 1))
    assert response.status_code == 302
    a.refresh_from_db()
    assert consultation_attributes(a) == [
        AttributeSpec(name="role", label_nl="Rol", label_en="Role", choices=("Raadslid",))
    ]
