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
