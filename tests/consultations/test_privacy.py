# SPDX-License-Identifier: EUPL-1.2
"""A participant can get their data and have it erased; erased stays erased."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner
from django.urls import reverse

from inspraak.cli import main
from inspraak.consultations.models import Attendance, Contribution, Participant
from inspraak.core.models import AuditEvent
from inspraak.intake.csv.services import contributions_import_csv
from inspraak.votes.models import Vote
from inspraak.votes.services import statement_create, vote_cast

CSV = b"session,participant,text\nZorg,Anna,Preventie voorop\nZorg,Bram,Wachtlijsten\n"


def imported(make_consultation: Any) -> tuple[Any, Participant]:
    consultation = make_consultation()
    contributions_import_csv(data=CSV, file_name="zorg.csv", consultation=consultation)
    anna = Participant.objects.get(contributions__text="Preventie voorop")
    statement = statement_create(consultation=consultation, text="Preventie eerst")
    vote_cast(statement=statement, participant=anna, value=1)
    return consultation, anna


def test_data_download_holds_all_of_a_participants_input(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation, anna = imported(make_consultation)
    consultation.organiser_grants.create(user=organiser)
    client.force_login(organiser)
    response = client.get(reverse("participant_data", args=[consultation.slug, anna.pk]))
    data = json.loads(response.content)
    assert data["pseudonym"] == anna.pseudonym
    assert [c["text"] for c in data["contributions"]] == ["Preventie voorop"]
    assert data["votes"][0]["statement"] == "Preventie eerst"
    assert data["sessions"] == ["Zorg"]


def test_erasure_removes_input_votes_attendance_and_survives_a_reimport(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation, anna = imported(make_consultation)
    consultation.organiser_grants.create(user=organiser)
    client.force_login(organiser)
    url = reverse("participant_erase", args=[consultation.slug, anna.pk])
    client.post(url, {"confirm": "verkeerd"})
    assert Participant.objects.filter(pk=anna.pk).exists(), "erased without confirmation"
    client.post(url, {"confirm": anna.pseudonym})
    assert not Participant.objects.filter(pk=anna.pk).exists()
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Wachtlijsten"]
    assert not Vote.objects.exists() and Attendance.objects.count() == 1
    event = AuditEvent.objects.get(action="participant_erase")
    assert event.detail == {"contributions": 1, "votes": 1, "attendance": 1}
    assert anna.pseudonym not in json.dumps(event.detail) + event.target_id
    again = contributions_import_csv(data=CSV, file_name="zorg.csv", consultation=consultation)
    assert (again.created, again.skipped, again.erased) == (0, 1, 1)
    assert not Contribution.objects.filter(text="Preventie voorop").exists()


def test_other_organisers_cannot_reach_participants(
    client: Any, two_consultations: dict[str, Any]
) -> None:
    b = two_consultations["b"]
    bram = two_consultations["b_contribution"].participant
    client.force_login(two_consultations["alice"])
    assert client.get(reverse("participants", args=[b.slug])).status_code == 404
    assert client.get(reverse("participant_data", args=[b.slug, bram.pk])).status_code == 404
    response = client.post(
        reverse("participant_erase", args=[b.slug, bram.pk]), {"confirm": bram.pseudonym}
    )
    assert response.status_code == 404
    assert Participant.objects.filter(pk=bram.pk).exists()


def test_cli_gives_and_erases_data(make_consultation: Any) -> None:
    consultation, anna = imported(make_consultation)
    runner = CliRunner()
    shown = runner.invoke(
        main, ["participant", "data", anna.pseudonym, "--consultation", consultation.slug]
    )
    assert json.loads(shown.output)["contributions"][0]["text"] == "Preventie voorop"
    erased = runner.invoke(
        main, ["participant", "erase", anna.pseudonym, "--consultation", consultation.slug, "--yes"]
    )
    assert erased.exit_code == 0 and "1 contributions, 1 votes, 1 attendances" in erased.output
    assert not Participant.objects.filter(pk=anna.pk).exists()


def test_participant_pages_show_names_only_as_organiser_information(
    client: Any, organiser: Any, make_consultation: Any
) -> None:
    consultation, anna = imported(make_consultation)
    anna.display_name = "Anna de Vries"
    anna.save()
    consultation.organiser_grants.create(user=organiser)
    client.force_login(organiser)
    listing = client.get(reverse("participants", args=[consultation.slug]))
    assert anna.pseudonym in listing.content.decode()
    assert "geen toestemming om te tonen" in listing.content.decode()
    detail = client.get(reverse("participant", args=[consultation.slug, anna.pk]))
    assert "Preventie voorop" in detail.content.decode()
