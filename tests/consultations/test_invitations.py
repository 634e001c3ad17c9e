# SPDX-License-Identifier: EUPL-1.2
"""A facilitator is invited by a link that works once, expires, and opens only its sessions."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inspraak.consultations.invitations import invitation_accept, invitation_create
from inspraak.consultations.models import FacilitatorInvitation, SessionFacilitator
from inspraak.core.models import AuditEvent
from tests.conftest import PASSWORD


def _invite(client: Any, data: dict[str, Any], **extra: Any) -> str:
    """The organiser makes a link on the page; returns its path."""
    a, session = data["a"], data["a_contribution"].session
    client.force_login(data["alice"])
    response = client.post(
        reverse("invitation_new", args=[a.slug]),
        {"sessions": [session.pk], "label": "Fatma", "valid_days": "7", **extra},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.content.decode().count("consultations/setup.js") == 1
    link = re.search(r'value="(http://testserver(/invite/[^"]+))"', response.content.decode())
    assert link is not None
    client.logout()
    return link.group(2)


def test_a_new_facilitator_makes_an_account_and_sees_their_session(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    path = _invite(client, two_consultations)
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"username": "fatma", "password": PASSWORD, "password_again": PASSWORD}
    )
    session = two_consultations["a_contribution"].session
    assert response["Location"] == reverse(
        "session", args=[two_consultations["a"].slug, session.pk]
    )
    fatma = get_user_model().objects.get(username="fatma")
    assert not fatma.is_staff and not fatma.is_superuser
    assert SessionFacilitator.objects.filter(user=fatma, session=session).exists()
    assert client.get(response["Location"]).status_code == 200
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "invitation_create" in actions and "invitation_accept" in actions


def test_the_link_works_once(client: Any, two_consultations: dict[str, Any]) -> None:
    path = _invite(client, two_consultations)
    client.post(path, {"username": "fatma", "password": PASSWORD, "password_again": PASSWORD})
    client.logout()
    assert client.get(path).status_code == 404
    again = client.post(
        path, {"username": "mallory", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert again.status_code == 404
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_an_expired_or_withdrawn_link_opens_nothing(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    path = _invite(client, two_consultations)
    FacilitatorInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(path).status_code == 404

    path = _invite(client, two_consultations)
    invitation = FacilitatorInvitation.objects.get(used_at=None, expires_at__gt=timezone.now())
    client.force_login(two_consultations["alice"])
    revoke = reverse("invitation_revoke", args=[two_consultations["a"].slug, invitation.pk])
    assert client.post(revoke).status_code == 302
    client.logout()
    assert client.get(path).status_code == 404


def test_an_unknown_token_is_not_found(client: Any, db: Any) -> None:
    assert client.get(reverse("invitation_accept", args=["x" * 43])).status_code == 404


def test_the_token_is_not_stored(client: Any, two_consultations: dict[str, Any]) -> None:
    path = _invite(client, two_consultations)
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 40
    invitation = FacilitatorInvitation.objects.get()
    assert token not in invitation.token_hash
    for event in AuditEvent.objects.all():
        assert token not in str(event.detail)


def test_an_existing_user_accepts_while_logged_in(
    client: Any, make_user: Any, two_consultations: dict[str, Any]
) -> None:
    path = _invite(client, two_consultations)
    dave = make_user("dave")
    client.force_login(dave)
    page = client.get(path).content.decode()
    assert 'name="as_me"' in page and "dave" in page and 'name="password"' not in page
    response = client.post(path, {"as_me": "1"})
    assert response.status_code == 302
    session = two_consultations["a_contribution"].session
    assert SessionFacilitator.objects.filter(user=dave, session=session).exists()


def test_a_taken_username_or_weak_password_is_explained(
    client: Any, make_user: Any, two_consultations: dict[str, Any]
) -> None:
    make_user("fatma")
    path = _invite(client, two_consultations)
    taken = client.post(
        path, {"username": "FATMA", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert taken.status_code == 400 and taken.context["form"].non_field_errors()
    weak = client.post(
        path, {"username": "fatma2", "password": "12345678", "password_again": "12345678"}
    )
    assert weak.status_code == 400 and b'role="alert"' in weak.content
    assert list(weak.context["form"].errors) == ["password"]
    differ = client.post(path, {"username": "fatma3", "password": PASSWORD, "password_again": "x"})
    assert differ.status_code == 400
    assert list(differ.context["form"].errors) == ["password_again"]
    assert FacilitatorInvitation.objects.get().used_at is None


def test_an_invitation_cannot_name_another_consultations_session(
    two_consultations: dict[str, Any],
) -> None:
    with pytest.raises(ValidationError):
        invitation_create(
            consultation=two_consultations["a"],
            sessions=[two_consultations["b_contribution"].session],
            actor=two_consultations["alice"],
        )


def test_the_form_offers_only_own_sessions(client: Any, two_consultations: dict[str, Any]) -> None:
    client.force_login(two_consultations["alice"])
    a, b_session = two_consultations["a"], two_consultations["b_contribution"].session
    page = client.get(reverse("invitation_new", args=[a.slug])).content.decode()
    assert f'value="{b_session.pk}"' not in page
    response = client.post(
        reverse("invitation_new", args=[a.slug]), {"sessions": [b_session.pk], "valid_days": "7"}
    )
    assert response.status_code == 400
    assert not FacilitatorInvitation.objects.exists()


def test_accepting_twice_through_the_service_grants_once(
    make_user: Any, two_consultations: dict[str, Any]
) -> None:
    invitation, _token = invitation_create(
        consultation=two_consultations["a"],
        sessions=[two_consultations["a_contribution"].session],
        actor=two_consultations["alice"],
    )
    invitation_accept(invitation=invitation, user=make_user("one"))
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=make_user("two"))
    assert SessionFacilitator.objects.filter(user__username="two").count() == 0


def test_the_accept_page_keeps_the_token_out_of_referers(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    response = client.get(_invite(client, two_consultations))
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
