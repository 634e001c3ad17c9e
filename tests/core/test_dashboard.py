# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

from django.urls import reverse

from inspraak.consultations.models import Consultation


def test_organiser_creates_a_consultation_and_becomes_its_organiser(
    client: Any, organiser: Any
) -> None:
    client.force_login(organiser)
    response = client.post(
        reverse("consultation_new"), {"title": "Coalitieakkoord 2026", "slug": ""}
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "consultation", args=[consultation.slug]
    )
    assert consultation.slug == "coalitieakkoord-2026"
    assert consultation.organiser_grants.filter(user=organiser).exists()


def test_duplicate_short_name_is_a_form_error_not_a_crash(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    existing = make_consultation(organiser=organiser)
    client.force_login(organiser)
    response = client.post(reverse("consultation_new"), {"title": "Anders", "slug": existing.slug})
    assert response.status_code == 400
    assert Consultation.objects.count() == 1


def test_user_without_staff_role_cannot_create_consultations(client: Any, make_user: Any) -> None:
    client.force_login(make_user())
    assert client.post(reverse("consultation_new"), {"title": "X"}).status_code == 403
    assert not Consultation.objects.exists()


def test_session_table_filters_by_kind_channel_and_attribute(
    client: Any, organiser: Any, make_consultation: Any, add_contribution: Any
) -> None:
    from inspraak.consultations import services as cs

    consultation = make_consultation(organiser=organiser)
    a = add_contribution(consultation, "Preventie voorop", who="anna", kind="proposal")
    add_contribution(
        consultation, "Wachtlijsten jeugdzorg", who="bram", kind="problem", channel="email"
    )
    cs.consultation_attributes_add(consultation=consultation, names=["role"])
    a.participant.attributes = {"role": "wethouder"}
    a.participant.save()
    client.force_login(organiser)
    url = reverse("session", args=[consultation.slug, a.session_id])

    def texts(**query: str) -> list[str]:
        page = client.get(url, query).context["page"]
        return [c.text for c in page]

    assert sorted(texts()) == ["Preventie voorop", "Wachtlijsten jeugdzorg"]
    assert texts(kind="problem") == ["Wachtlijsten jeugdzorg"]
    assert texts(channel="email") == ["Wachtlijsten jeugdzorg"]
    assert texts(attribute="role", value="wethouder") == ["Preventie voorop"]
    assert texts(q="jeugdzorg wachtlijsten") == ["Wachtlijsten jeugdzorg"]
    # An attribute the consultation does not declare is ignored, not passed to the database.
    assert sorted(texts(attribute="role__contains", value="x")) == sorted(texts())


def test_hidden_contribution_is_kept_audited_and_left_out(
    client: Any, organiser: Any, make_consultation: Any, add_contribution: Any
) -> None:
    from inspraak.core.models import AuditEvent

    consultation = make_consultation(organiser=organiser)
    c = add_contribution(consultation, "Scheldwoord")
    client.force_login(organiser)
    client.post(
        reverse("contribution_hide", args=[consultation.slug, c.pk]),
        {"hidden": "1", "reason": "kwetsend"},
    )
    c.refresh_from_db()
    assert c.hidden
    assert AuditEvent.objects.get(action="contribution_hide").detail == {"reason": "kwetsend"}
    page = client.get(reverse("session", args=[consultation.slug, c.session_id])).context["page"]
    assert list(page) == []
    shown = client.get(
        reverse("session", args=[consultation.slug, c.session_id]), {"hidden": "1"}
    ).context["page"]
    assert [x.pk for x in shown] == [c.pk]
