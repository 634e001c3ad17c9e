# SPDX-License-Identifier: EUPL-1.2
"""The upload page runs the same import service as the CLI."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from inspraak.consultations.models import Contribution
from inspraak.core.models import AuditEvent


def upload(client: Any, slug: str, body: bytes, name: str = "postits.csv") -> Any:
    url = reverse("contributions_upload", args=[slug])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(url, {"file": SimpleUploadedFile(name, body, "text/csv")})


def test_organiser_uploads_a_csv_and_it_is_audited(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    response = upload(
        client, consultation.slug, b"session;participant;text\nZorg;Anna;Preventie voorop\n"
    )
    assert response.status_code == 302
    assert Contribution.objects.get().text == "Preventie voorop"
    event = AuditEvent.objects.get(action="contributions_import")
    assert event.actor == organiser and event.detail["created"] == 1


def test_bad_upload_lists_problems_and_keeps_existing_input(
    client: Any, organiser: Any, make_consultation: Any, add_contribution: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    add_contribution(consultation, "Bestaande inbreng")
    client.force_login(organiser)
    response = upload(
        client, consultation.slug, b"session,participant,text\nZorg,,Zonder naam\n", name="fout.csv"
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "fout.csv:2: participant:" in body
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Bestaande inbreng"]


@override_settings(INSPRAAK_IMPORT_MAX_BYTES=10)
def test_upload_over_the_limit_is_refused_before_reading(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation = make_consultation(organiser=organiser)
    client.force_login(organiser)
    response = upload(client, consultation.slug, b"session,participant,text\nZorg,Anna,Te groot\n")
    assert response.status_code == 400
    assert "the limit is 10" in response.content.decode()
    assert not Contribution.objects.exists()
