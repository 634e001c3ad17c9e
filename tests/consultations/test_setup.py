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
    assert event.detail == {"text_changed": True, "votes": 1, "moderation": 1}


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


def test_a_prompt_made_by_mistake_is_deleted_but_one_with_postits_is_kept(
    client: Any, setup: dict[str, Any]
) -> None:
    from inspraak.consultations.setup_services import prompt_save

    a, contribution = setup["a"], setup["a_contribution"]
    session = contribution.session
    empty = prompt_save(
        session=session, text="Typo", per_participant_limit=3, position=None, actor=None
    )
    used = prompt_save(
        session=session, text="Echt", per_participant_limit=3, position=None, actor=None
    )
    contribution.prompt = used
    contribution.save()
    assert client.post(reverse("prompt_delete", args=[a.slug, empty.pk])).status_code == 302
    assert client.post(reverse("prompt_delete", args=[a.slug, used.pk])).status_code == 302
    assert list(session.prompts.values_list("text", flat=True)) == ["Echt"]
    assert AuditEvent.objects.filter(action="prompt_delete").count() == 1


def test_a_session_with_input_cannot_be_deleted_an_empty_one_can(
    client: Any, setup: dict[str, Any]
) -> None:
    a = setup["a"]
    used = setup["a_contribution"].session
    empty = Session.objects.create(round=used.round, title="Leeg")
    client.post(reverse("session_delete", args=[a.slug, used.pk]))
    client.post(reverse("session_delete", args=[a.slug, empty.pk]))
    assert list(Session.objects.filter(round=used.round).values_list("title", flat=True)) == [
        "Zorg"
    ]
    assert client.get(reverse("session_delete", args=[a.slug, used.pk])).status_code == 405


def test_a_statement_with_votes_is_kept_and_a_round_with_sessions_too(
    client: Any, setup: dict[str, Any]
) -> None:
    from inspraak.consultations import services as cs
    from inspraak.votes.services import statement_create, vote_cast

    a = setup["a"]
    voted = statement_create(consultation=a, text="Met stemmen")
    fresh = statement_create(consultation=a, text="Zonder stemmen")
    participant, _ = cs.participant_get_or_create(consultation=a, key="v")
    vote_cast(statement=voted, participant=participant, value=1)
    client.post(reverse("statement_delete", args=[a.slug, voted.pk]))
    client.post(reverse("statement_delete", args=[a.slug, fresh.pk]))
    assert list(Statement.objects.filter(consultation=a).values_list("text", flat=True)) == [
        "Met stemmen"
    ]
    client.post(reverse("round_delete", args=[a.slug, a.rounds.get().pk]))
    assert a.rounds.count() == 1
    b_prompt = setup["b"].rounds.get().sessions.get()
    assert (
        client.post(reverse("session_delete", args=[setup["b"].slug, b_prompt.pk])).status_code
        == 404
    )


def test_removing_a_facilitators_access(client: Any, make_user: Any, setup: dict[str, Any]) -> None:
    from inspraak.consultations.models import SessionFacilitator

    a, session = setup["a"], setup["a_contribution"].session
    grant = SessionFacilitator.objects.create(session=session, user=make_user("carol"))
    url = reverse("facilitator_remove", args=[a.slug, session.pk])
    assert client.post(url, {"grant": "x1"}).status_code == 302  # not a number: nothing, no 500
    assert SessionFacilitator.objects.filter(pk=grant.pk).exists()
    client.post(url, {"grant": str(grant.pk)})
    assert not SessionFacilitator.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.filter(action="facilitator_revoke").exists()


def test_a_rounds_date_is_shown_in_the_date_field_when_edited(
    client: Any, setup: dict[str, Any]
) -> None:
    import datetime

    round_ = setup["a"].rounds.get()
    round_.date = datetime.date(2027, 3, 14)
    round_.save()
    page = client.get(reverse("round_edit", args=[setup["a"].slug, round_.pk])).content.decode()
    # A browser's date field reads only ISO dates, whatever the page's language.
    assert 'type="date"' in page and 'value="2027-03-14"' in page


def test_a_statement_is_moderated_out_in_the_app(client: Any, setup: dict[str, Any]) -> None:
    from inspraak.votes.services import statement_create

    a = setup["a"]
    statement = statement_create(consultation=a, text="Scheldpartij")
    client.post(
        reverse("statement_edit", args=[a.slug, statement.pk]),
        {"text": "Scheldpartij", "moderation": str(Statement.Moderation.REJECTED)},
    )
    statement.refresh_from_db()
    assert statement.moderation == Statement.Moderation.REJECTED
    response = client.post(
        reverse("statement_edit", args=[a.slug, statement.pk]),
        {"text": "Scheldpartij", "moderation": "7"},
    )
    assert response.status_code == 400


def test_the_session_set_up_page_offers_deletion_once_below_the_content(
    client: Any, setup: dict[str, Any]
) -> None:
    a, session = setup["a"], setup["a_contribution"].session
    page = client.get(reverse("session_setup", args=[a.slug, session.pk])).content.decode()
    delete = reverse("session_delete", args=[a.slug, session.pk])
    assert page.count(f'action="{delete}"') == 1
    assert page.index("<h1>") < page.index(f'action="{delete}"')
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<form" not in title
