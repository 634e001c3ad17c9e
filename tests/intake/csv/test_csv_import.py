# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from inspraak.consultations.models import Attendance, Consultation, Contribution, Participant
from inspraak.intake.csv.services import contributions_import_csv
from inspraak.intake.files import FileRejected

FIXTURES = Path(__file__).parents[2] / "fixtures" / "csv"
HEADER = "session,participant,text,kind,channel,created_at,discussed\n"


def run(
    data: str | bytes, *, slug: str = "programma", name: str = "input.csv", **kwargs: Any
) -> Any:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return contributions_import_csv(data=raw, file_name=name, consultation_slug=slug, **kwargs)


def rejected(data: str | bytes, **kwargs: Any) -> list[str]:
    with pytest.raises(FileRejected) as info:
        run(data, **kwargs)
    return info.value.messages


@pytest.mark.django_db
def test_good_file_creates_consultation_round_sessions_and_participants() -> None:
    result = run((FIXTURES / "good.csv").read_bytes(), name="good.csv")
    assert (result.created, result.skipped, result.rows) == (4, 0, 4)
    consultation = Consultation.objects.get(slug="programma")
    assert [r.title for r in consultation.rounds.all()] == ["Ronde 1"]
    assert sorted(s.title for s in consultation.rounds.get().sessions.all()) == [
        "Werk en inkomen",
        "Zorg",
    ]
    assert consultation.participants.count() == 3
    assert set(consultation.participant_attributes) == {"role", "municipality"}
    anna = Contribution.objects.get(text="Meer inzetten op preventie")
    assert anna.participant.attributes == {"role": "wethouder", "municipality": "Utrecht"}
    assert anna.kind == "proposal" and anna.discussed is True
    assert anna.prompt.text == "Schrijf drie problemen op"
    assert anna.created_at.isoformat() == "2026-01-24T09:05:00+00:00"


@pytest.mark.django_db
def test_participant_names_are_not_stored_and_pseudonyms_are_given() -> None:
    run((FIXTURES / "good.csv").read_bytes())
    names = {"Anna", "Bram", "Cas"}
    for participant in Participant.objects.all():
        assert participant.pseudonym and participant.public_name == participant.pseudonym
        assert not names & {participant.pseudonym, participant.display_name, participant.source_key}


@pytest.mark.django_db
def test_quoted_newline_stays_in_one_contribution_with_its_starting_line() -> None:
    run((FIXTURES / "good.csv").read_bytes(), name="good.csv")
    bram = Contribution.objects.get(text__startswith="Jeugdzorgkosten")
    assert "\n1 op de 8" in bram.text
    assert (bram.source_name, bram.source_line) == ("good.csv", 3)
    after = Contribution.objects.get(text="Verhuurdersheffing afschaffen")
    assert after.source_line == 5


@pytest.mark.django_db
def test_dutch_words_and_dates_are_understood() -> None:
    run((FIXTURES / "good.csv").read_bytes())
    cas = Contribution.objects.get(text="minimumloon omhoog!!")
    assert (cas.kind, cas.channel) == ("idea", "postit")
    assert cas.created_at.isoformat() == "2026-01-24T09:15:00+00:00"


@pytest.mark.django_db
def test_semicolon_file_from_dutch_excel() -> None:
    result = run((FIXTURES / "semicolon.csv").read_bytes())
    assert result.created == 2
    assert Contribution.objects.filter(text="Natuurinclusief bouwen; verplicht").exists()


@pytest.mark.django_db
def test_byte_order_mark_is_not_part_of_the_first_column() -> None:
    result = run((FIXTURES / "bom.csv").read_bytes())
    assert result.created == 1
    assert Contribution.objects.get().session.title == "Eén samenleving"


@pytest.mark.django_db
def test_importing_the_same_file_twice_adds_nothing() -> None:
    data = (FIXTURES / "good.csv").read_bytes()
    run(data)
    second = run(data)
    assert (second.created, second.skipped) == (0, 4)
    assert Contribution.objects.count() == 4
    assert Participant.objects.count() == 3
    assert Attendance.objects.count() == 4


@pytest.mark.django_db
def test_identical_rows_within_a_file_are_both_kept_but_only_once() -> None:
    data = HEADER + "Zorg,Anna,Preventie!,,,,\nZorg,Anna,Preventie!,,,,\n"
    assert run(data).created == 2
    assert run(data).created == 0


@pytest.mark.django_db
def test_a_grown_file_adds_only_its_new_rows() -> None:
    run(HEADER + "Zorg,Anna,Preventie,,,,\n")
    result = run(HEADER + "Zorg,Anna,Preventie,,,,\nZorg,Bram,Wachtlijsten,,,,\n")
    assert (result.created, result.skipped) == (1, 1)


BAD_ROWS = [
    ("Zorg,Anna,,,,,\n", "text", "required"),
    (",Anna,Preventie,,,,\n", "session", "required"),
    ("Zorg,,Preventie,,,,\n", "participant", "required"),
    ("Zorg,Anna,Preventie,gedicht,,,\n", "kind", "gedicht"),
    ("Zorg,Anna,Preventie,,fax,,\n", "channel", "fax"),
    ("Zorg,Anna,Preventie,,,gisteren,\n", "created_at", "date"),
    ("Zorg,Anna,Preventie,,,,misschien\n", "discussed", "ja or nee"),
    ("Zorg,Anna,Preventie,,,,,extra\n", "-", "header has 7"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "column", "words"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_by_line_and_column(
    row: str, column: str, words: str
) -> None:
    messages = rejected(HEADER + "Zorg,Anna,Goed punt,,,,\n" + row)
    assert len(messages) == 1
    assert messages[0].startswith(f"input.csv:3: {column}: ")
    assert words.lower() in messages[0].lower()
    assert not Consultation.objects.exists()


@pytest.mark.django_db
@override_settings(INSPRAAK_CONTRIBUTION_MAX_CHARS=50)
def test_too_long_text_is_a_bad_row() -> None:
    messages = rejected(HEADER + "Zorg,Anna," + "x" * 51 + ",,,,\n")
    assert messages[0].startswith("input.csv:2: text: ")


@pytest.mark.django_db
def test_every_bad_row_is_listed_and_nothing_is_imported(
    add_contribution: Any, make_consultation: Any
) -> None:
    existing = make_consultation()
    add_contribution(existing, "Eerder ingevoerd")
    data = HEADER + "Zorg,Anna,Goed,,,,\nZorg,,Fout 1,,,,\nZorg,Bram,Goed,,,,\nZorg,Cas,,,,,\n"
    messages = rejected(data, slug=existing.slug)
    assert [m.split(":")[1] for m in messages] == ["3", "5"]
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Eerder ingevoerd"]


@pytest.mark.django_db
def test_missing_required_columns_are_named() -> None:
    messages = rejected("session,text\nZorg,Preventie\n")
    assert messages == ["input.csv:1: participant: required column is missing"]


@pytest.mark.django_db
def test_not_utf8_points_at_the_line() -> None:
    data = (HEADER + "Zorg,Anna,Goed,,,,\nZorg,Bram,Caf").encode() + "é,,,,\n".encode("latin-1")
    messages = rejected(data)
    assert messages[0].startswith("input.csv:3: -: ") and "UTF-8" in messages[0]


@pytest.mark.django_db
def test_empty_and_header_only_files_are_rejected_clearly() -> None:
    assert "empty" in rejected(b"")[0]
    assert "no rows" in rejected(HEADER)[0]


@pytest.mark.django_db
@override_settings(INSPRAAK_IMPORT_MAX_BYTES=100)
def test_file_over_the_size_limit_is_refused_with_its_size() -> None:
    messages = rejected(HEADER + "Zorg,Anna," + "x" * 200 + ",,,,\n")
    assert messages[0].startswith("input.csv:0: -: the file is 2")
    assert messages[0].endswith("the limit is 100\xa0bytes")


@pytest.mark.django_db
def test_rows_go_to_the_named_round_or_the_only_round(make_consultation: Any) -> None:
    consultation = make_consultation()
    run(HEADER + "Zorg,Anna,Een,,,,\n", slug=consultation.slug)
    assert consultation.rounds.get().contributions.count() == 1
    run(HEADER + "Zorg,Anna,Twee,,,,\n", slug=consultation.slug, round_title="Ronde 2")
    assert consultation.rounds.get(title="Ronde 2").contributions.count() == 1
    messages = rejected(HEADER + "Zorg,Anna,Drie,,,,\n", slug=consultation.slug)
    assert "several rounds" in messages[0]


@pytest.mark.django_db
def test_only_postits_make_their_writer_present() -> None:
    run(HEADER + "Zorg,Anna,In de zaal,,postit,,\nZorg,Bram,Per mail nagestuurd,,email,,\n")
    present = {a.participant.contributions.get().text for a in Attendance.objects.all()}
    assert present == {"In de zaal"}
