# SPDX-License-Identifier: EUPL-1.2
"""An organiser of A can neither see nor change B: pages, exports, uploads, admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from inspraak.consultations.models import Contribution, SessionFacilitator


def b_urls(data: dict[str, Any]) -> list[str]:
    b, c = data["b"], data["b_contribution"]
    return [
        reverse("consultation", args=[b.slug]),
        reverse("session", args=[b.slug, c.session_id]),
        reverse("contribution", args=[b.slug, c.pk]),
        reverse("export", args=[b.slug, "json"]),
        reverse("export", args=[b.slug, "csv"]),
        reverse("contributions_upload", args=[b.slug]),
    ]


def test_organiser_of_a_gets_not_found_on_every_page_of_b(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    client.force_login(two_consultations["alice"])
    for url in b_urls(two_consultations):
        assert client.get(url).status_code == 404, url


def test_organiser_of_a_sees_a_and_not_b_on_the_dashboard(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    client.force_login(two_consultations["alice"])
    page = client.get(reverse("dashboard")).content.decode()
    assert two_consultations["a"].slug in page
    assert two_consultations["b"].slug not in page


def test_organiser_of_a_cannot_hide_a_contribution_of_b(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    client.force_login(two_consultations["alice"])
    b, c = two_consultations["b"], two_consultations["b_contribution"]
    response = client.post(reverse("contribution_hide", args=[b.slug, c.pk]), {"hidden": "1"})
    assert response.status_code == 404
    c.refresh_from_db()
    assert c.hidden is False


def test_organiser_of_a_cannot_import_into_b(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(two_consultations["alice"])
    upload = SimpleUploadedFile("x.csv", b"session,participant,text\nZorg,Anna,Stiekem\n")
    url = reverse("contributions_upload", args=[two_consultations["b"].slug])
    assert client.post(url, {"file": upload}).status_code == 404
    assert not Contribution.objects.filter(text="Stiekem").exists()


def test_admin_shows_an_organiser_only_their_own_rows(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    client.force_login(two_consultations["alice"])
    listing = client.get(reverse("admin:consultations_contribution_changelist"))
    assert listing.status_code == 200
    assert "Meer groen in de wijk" in listing.content.decode()
    assert "Geheime inbreng van B" not in listing.content.decode()
    c = two_consultations["b_contribution"]
    change = client.get(reverse("admin:consultations_contribution_change", args=[c.pk]))
    assert change.status_code in (302, 404)
    posted = client.post(
        reverse("admin:consultations_contribution_change", args=[c.pk]), {"text": "gewijzigd"}
    )
    assert posted.status_code in (302, 403, 404)
    c.refresh_from_db()
    assert c.text == "Geheime inbreng van B"


def test_admin_choices_offer_only_own_sessions(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    client.force_login(two_consultations["alice"])
    page = client.get(reverse("admin:consultations_contribution_add")).content.decode()
    a_session = two_consultations["a_contribution"].session_id
    b_session = two_consultations["b_contribution"].session_id
    assert f'value="{a_session}"' in page
    assert f'value="{b_session}"' not in page


def test_admin_role_grants_are_for_site_administrators_only(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    client.force_login(two_consultations["alice"])
    response = client.get(reverse("admin:consultations_consultationorganiser_changelist"))
    assert response.status_code == 403


def test_facilitator_sees_their_session_only(
    client: Any, make_user: Any, two_consultations: dict[str, Any], add_contribution: Any
) -> None:
    a = two_consultations["a"]
    other = add_contribution(a, "Andere sessie", session="Groen")
    carol = make_user("carol")
    SessionFacilitator.objects.create(
        session=two_consultations["a_contribution"].session, user=carol
    )
    client.force_login(carol)
    own = two_consultations["a_contribution"]
    assert client.get(reverse("session", args=[a.slug, own.session_id])).status_code == 200
    assert client.get(reverse("session", args=[a.slug, other.session_id])).status_code == 404
    assert client.get(reverse("contribution", args=[a.slug, other.pk])).status_code == 404
    assert client.get(reverse("export", args=[a.slug, "json"])).status_code == 404
    assert client.get(reverse("contributions_upload", args=[a.slug])).status_code == 404


def test_anonymous_visitor_is_sent_to_login_from_every_organiser_page(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    for url in [reverse("dashboard"), *b_urls(two_consultations)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), (
            url
        )
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_user_without_role_sees_nothing(
    client: Any, make_user: Any, two_consultations: dict[str, Any]
) -> None:
    client.force_login(make_user("nobody"))
    for url in b_urls(two_consultations):
        assert client.get(url).status_code == 404, url
    assert "B" not in client.get(reverse("dashboard")).context["consultations"].values_list(
        "title", flat=True
    )


# --- Issue 12, item 6: a facilitator sees only what the role allows. ---


@pytest.fixture
def facilitated(make_user: Any, two_consultations: dict[str, Any], add_contribution: Any) -> Any:
    from inspraak.consultations.services import participant_get_or_create

    a = two_consultations["a"]
    a.participant_attributes = ["gemeente"]
    a.save()
    session = two_consultations["a_contribution"].session
    carol = make_user("carol")
    SessionFacilitator.objects.create(session=session, user=carol)
    add_contribution(a, "Tekst uit Edam", who="edam")
    add_contribution(a, "Tekst uit Zaanstad", who="zaan")
    add_contribution(a, "Verborgen scheldwoord", who="edam", hidden=True)
    for key, place in (("edam", "Edam"), ("zaan", "Zaanstad")):
        participant_get_or_create(consultation=a, key=key, attributes={"gemeente": place})
    return {**two_consultations, "carol": carol, "session": session}


def test_facilitator_does_not_see_hidden_input_with_hidden_1(client: Any, facilitated: Any) -> None:
    client.force_login(facilitated["carol"])
    url = reverse("session", args=[facilitated["a"].slug, facilitated["session"].pk])
    page = client.get(url, {"hidden": "1"}).content.decode()
    assert "Tekst uit Edam" in page
    assert "Verborgen scheldwoord" not in page


def test_facilitator_cannot_filter_by_attribute(client: Any, facilitated: Any) -> None:
    client.force_login(facilitated["carol"])
    url = reverse("session", args=[facilitated["a"].slug, facilitated["session"].pk])
    response = client.get(url, {"attribute": "gemeente", "value": "Edam"})
    page = response.content.decode()
    # The filter is ignored: both places' input stays listed, so nothing is learnt.
    assert "Tekst uit Edam" in page and "Tekst uit Zaanstad" in page
    assert 'name="attribute"' not in page and "Zaanstad</option>" not in page
    assert response.context["filter"].attribute == ""


def test_organiser_keeps_hidden_input_and_the_attribute_filter(
    client: Any, facilitated: Any
) -> None:
    client.force_login(facilitated["alice"])
    url = reverse("session", args=[facilitated["a"].slug, facilitated["session"].pk])
    assert "Verborgen scheldwoord" in client.get(url, {"hidden": "1"}).content.decode()
    page = client.get(url, {"attribute": "gemeente", "value": "Edam"}).content.decode()
    assert "Tekst uit Edam" in page and "Tekst uit Zaanstad" not in page


# --- Issue 12, item 9: the admin shows organiser B nothing named in A. ---


def test_admin_pages_of_organiser_b_contain_no_title_of_a(
    client: Any, make_user: Any, make_consultation: Any
) -> None:
    from django.contrib import admin

    alice, bob = make_user("alice", is_staff=True), make_user("bob", is_staff=True)
    secret = make_consultation(organiser=alice, title="Alfa-geheim", sessions=("Sessie-alfa",))
    secret.rounds.update(title="Ronde-alfa")
    make_consultation(organiser=bob, title="Bravo")
    client.force_login(bob)
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages += [reverse("admin:{}_{}_changelist".format(*info))]
        pages += [reverse("admin:{}_{}_add".format(*info))]
    for url in pages:
        body = client.get(url).content.decode()
        for name in ("Alfa-geheim", "Ronde-alfa", "Sessie-alfa"):
            assert name not in body, (url, name)


def test_round_filter_in_the_admin_lists_own_consultations(
    client: Any, two_consultations: dict[str, Any], make_consultation: Any
) -> None:
    # The filter shows from two choices on: give alice a second consultation.
    second = make_consultation(organiser=two_consultations["alice"])
    client.force_login(two_consultations["alice"])
    page = client.get(reverse("admin:consultations_round_changelist")).content.decode()
    assert f"consultation__id__exact={two_consultations['a'].pk}" in page
    assert f"consultation__id__exact={second.pk}" in page
    assert f"consultation__id__exact={two_consultations['b'].pk}" not in page


# --- The access helpers of the set-up pages, branch by branch. ---


def test_who_may_create_consultations(make_user: Any) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from inspraak.consultations.access import access_create_consultation, can_create_consultations

    assert not can_create_consultations(AnonymousUser())
    assert not can_create_consultations(make_user("plain"))
    assert not can_create_consultations(make_user("gone", is_staff=True, is_active=False))
    assert can_create_consultations(make_user("staff", is_staff=True))
    assert can_create_consultations(make_user("root", is_superuser=True))
    with pytest.raises(PermissionDenied):
        access_create_consultation(make_user("plain2"))
    access_create_consultation(make_user("staff2", is_staff=True))


def test_a_user_without_staff_cannot_post_a_new_consultation(client: Any, make_user: Any) -> None:
    client.force_login(make_user("plain"))
    response = client.post(reverse("consultation_new"), {"title": "Stiekem"})
    assert response.status_code == 403


def test_contribution_filter_is_cut_for_everyone_but_organisers(facilitated: Any) -> None:
    from inspraak.consultations.access import access_contribution_filter
    from inspraak.consultations.selectors import ContributionFilter

    f = ContributionFilter(q="x", attribute="gemeente", value="Edam", show_hidden=True)
    a = facilitated["a"]
    assert access_contribution_filter(facilitated["alice"], a, f) == f
    cut = access_contribution_filter(facilitated["carol"], a, f)
    assert (cut.q, cut.attribute, cut.value, cut.show_hidden) == ("x", "", "", False)
    assert access_contribution_filter(facilitated["bob"], a, f).show_hidden is False


@pytest.mark.parametrize("helper", ["round", "session", "prompt", "statement", "invitation"])
def test_set_up_helpers_open_own_objects_only(helper: str, facilitated: Any) -> None:
    from django.http import Http404

    from inspraak.consultations import access
    from inspraak.consultations.invitations import invitation_create
    from inspraak.consultations.setup_services import prompt_save
    from inspraak.votes.access import access_statement
    from inspraak.votes.services import statement_create

    def make(c: Any) -> Any:
        session = c.rounds.first().sessions.first()
        return {
            "round": lambda: c.rounds.first(),
            "session": lambda: session,
            "prompt": lambda: prompt_save(
                session=session, text="V", per_participant_limit=3, position=None, actor=None
            ),
            "statement": lambda: statement_create(consultation=c, text="S"),
            "invitation": lambda: invitation_create(consultation=c, sessions=[session], actor=None)[
                0
            ],
        }[helper]()

    fetch = {
        "round": access.access_round,
        "session": access.access_session_manage,
        "prompt": access.access_prompt,
        "statement": access_statement,
        "invitation": access.access_invitation,
    }[helper]
    a, b = facilitated["a"], facilitated["b"]
    own, other = make(a), make(b)
    assert fetch(facilitated["alice"], a.slug, own.pk) == own
    for user, slug, pk in [
        (facilitated["alice"], a.slug, other.pk),  # another consultation's object via own slug
        (facilitated["alice"], b.slug, other.pk),  # another consultation
        (facilitated["carol"], a.slug, own.pk),  # a facilitator manages nothing
        (facilitated["alice"], a.slug, 999999),  # nothing there
    ]:
        with pytest.raises(Http404):
            fetch(user, slug, pk)


def test_invitation_token_opens_only_while_unused_and_unexpired(
    make_user: Any, two_consultations: dict[str, Any]
) -> None:
    from datetime import timedelta

    from django.http import Http404
    from django.utils import timezone

    from inspraak.consultations.access import access_invitation_token
    from inspraak.consultations.invitations import invitation_accept, invitation_create

    session = two_consultations["a_contribution"].session
    invitation, token = invitation_create(
        consultation=two_consultations["a"], sessions=[session], actor=None
    )
    assert access_invitation_token(token) == invitation
    for bad in ("", "nope", token[:-1]):
        with pytest.raises(Http404):
            access_invitation_token(bad)
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    with pytest.raises(Http404):
        access_invitation_token(token)
    invitation.expires_at = timezone.now() + timedelta(days=1)
    invitation.save()
    invitation_accept(invitation=invitation, user=make_user("x"))
    with pytest.raises(Http404):
        access_invitation_token(token)
