# SPDX-License-Identifier: EUPL-1.2
"""The e-mail import services and `inspraak import mail`, against the test database."""

from __future__ import annotations

import json
import mailbox
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import override_settings

from inspraak.consultations import services as cs
from inspraak.consultations.models import Consultation, Contribution, Participant, Round
from inspraak.consultations.privacy import participant_erase
from inspraak.consultations.selectors import consultation_export, consultation_export_rows
from inspraak.core.models import AuditEvent
from inspraak.intake.mail.cli import import_mail, mail_fetch_command
from inspraak.intake.mail.services import (
    TRIAGE_ROUND_TITLE,
    MailFileRejected,
    MailRejected,
    mail_import_file,
    mail_import_message,
)
from tests.intake.mailhelpers import DOCX_TYPE, FIXTURES, fixture, make_docx, make_message

pytestmark = pytest.mark.django_db
ALL_FIXTURES = sorted(path.name for path in FIXTURES.glob("*.eml"))


@pytest.fixture
def programme(make_consultation: Any) -> Consultation:
    return make_consultation(sessions=("Werk en inkomen", "Zorg", "Groen"))


def imported(consultation: Consultation, name: str, **kwargs: Any) -> Any:
    return mail_import_message(consultation=consultation, raw=fixture(name), **kwargs)


@pytest.mark.parametrize(
    ("name", "session", "how"),
    [
        ("qp_latin1_numbered.eml", "Werk en inkomen", "plus-address"),
        ("gmail_reply.eml", "Zorg", "subject"),
        ("base64_utf8_bullets.eml", "Groen", "subject"),
        ("outlook_html_only.eml", None, "only round"),
    ],
)
def test_messages_are_routed_by_plus_address_subject_or_the_only_round(
    programme: Consultation, name: str, session: str | None, how: str
) -> None:
    result = imported(programme, name)
    assert (result.round.title, result.routed_by) == ("Ronde 1", how)
    assert (result.session.title if result.session else None) == session
    stored = Contribution.objects.filter(round=result.round)
    assert stored.count() == result.created > 0
    assert {(c.channel, c.session_id) for c in stored} == {
        ("email", result.session.pk if result.session else None)
    }


def test_explicit_round_wins_and_a_tag_can_still_pick_its_session(
    programme: Consultation,
) -> None:
    second = cs.round_get_or_create(consultation=programme, title="Ledenavond")
    zorg = cs.session_get_or_create(round=second, title="Zorg")
    result = imported(programme, "gmail_reply.eml", round=second)
    assert (result.round, result.session, result.routed_by) == (second, zorg, "explicit")
    other = imported(programme, "qp_latin1_numbered.eml", round=second)
    assert (other.round, other.session, other.routed_by) == (second, None, "explicit")


def test_a_tag_naming_a_round_routes_to_that_round(programme: Consultation) -> None:
    cs.round_get_or_create(consultation=programme, title="Ledenavond")
    raw = make_message(subject="[Ledenavond] nog iets")
    result = mail_import_message(consultation=programme, raw=raw)
    assert (result.round.title, result.session, result.routed_by) == ("Ledenavond", None, "subject")


def test_unroutable_mail_goes_to_the_triage_round(programme: Consultation) -> None:
    cs.round_get_or_create(consultation=programme, title="Ledenavond")
    first = imported(programme, "outlook_html_only.eml")
    assert (first.round.title, first.routed_by) == (TRIAGE_ROUND_TITLE, "triage")
    second = mail_import_message(consultation=programme, raw=make_message())
    assert second.round == first.round
    assert programme.rounds.filter(title=TRIAGE_ROUND_TITLE).count() == 1


def test_the_triage_round_does_not_count_as_a_second_round(programme: Consultation) -> None:
    cs.round_get_or_create(consultation=programme, title=TRIAGE_ROUND_TITLE)
    assert imported(programme, "outlook_html_only.eml").routed_by == "only round"


def test_contributions_carry_provenance(programme: Consultation) -> None:
    result = imported(programme, "qp_latin1_numbered.eml")
    first = Contribution.objects.filter(round=result.round).order_by("id").first()
    assert first.source_name == "<5f3a1c2e-8b7d-4e21-9c0a-77d1e2b3c4f5@xs4all.nl>"
    assert first.source_detail == "Mijn punten · point 1"
    assert first.created_at.isoformat() == "2026-03-16T13:02:11+00:00"
    assert first.kind == "remark" and len(first.import_key) == 64


def test_docx_attachment_points_are_stored_with_their_paragraph(programme: Consultation) -> None:
    raw = make_message(
        "Zie bijlage.", attachments=(("plan.docx", make_docx(["Punt uit Word."]), DOCX_TYPE),)
    )
    mail_import_message(consultation=programme, raw=raw)
    details = list(Contribution.objects.order_by("id").values_list("text", "source_detail"))
    assert details == [
        ("Zie bijlage.", "Inbreng · point 1"),
        ("Punt uit Word.", "Inbreng · plan.docx, paragraph 1"),
    ]


def test_a_message_is_imported_once_whatever_the_round(programme: Consultation) -> None:
    first = imported(programme, "gmail_reply.eml")
    other_round = cs.round_get_or_create(consultation=programme, title="Ledenavond")
    again = imported(programme, "gmail_reply.eml", round=other_round)
    assert (first.created, again.created, again.duplicate) == (2, 0, True)
    assert Contribution.objects.count() == 2


def test_a_message_without_message_id_is_recognised_by_its_bytes(programme: Consultation) -> None:
    raw = make_message(message_id=None)
    mail_import_message(consultation=programme, raw=raw)
    assert mail_import_message(consultation=programme, raw=raw).duplicate
    assert Contribution.objects.count() == 1


def test_sender_address_is_on_the_participant_only(programme: Consultation) -> None:
    for name in ALL_FIXTURES:
        imported(programme, name)
    senders = {
        "j.devries@gemeente-voorbeeld.nl",
        "piet.jansen1970@gmail.com",
        "a.bakker@xs4all.nl",
        "k.devries@example.org",
    }
    assert set(Participant.objects.values_list("email", flat=True)) == senders
    stored = json.dumps(
        list(Contribution.objects.values("text", "source_name", "source_detail")),
        ensure_ascii=False,
    ).lower()
    export = json.dumps(consultation_export(programme), ensure_ascii=False).lower()
    rows = json.dumps(consultation_export_rows(programme), ensure_ascii=False).lower()
    audit = json.dumps(list(AuditEvent.objects.values("detail")), ensure_ascii=False).lower()
    for sender in senders:
        local = sender.split("@")[0]
        assert local not in stored and local not in export and local not in rows
        assert local not in audit
    assert "de vries" not in export and "koïn" not in export


def test_the_same_sender_is_one_participant_whatever_the_case(programme: Consultation) -> None:
    mail_import_message(consultation=programme, raw=make_message(sender="Lid <LID@Example.org>"))
    mail_import_message(
        consultation=programme,
        raw=make_message("Ander punt.", sender="lid@example.org", message_id="<2@example.org>"),
    )
    assert Participant.objects.count() == 1
    assert Contribution.objects.values("participant").distinct().count() == 1


def test_an_erased_sender_is_not_imported_again(programme: Consultation) -> None:
    imported(programme, "gmail_reply.eml")
    participant_erase(participant=Participant.objects.get(), actor="test")
    again = imported(programme, "gmail_reply.eml")
    later = mail_import_message(
        consultation=programme,
        raw=make_message(sender="Piet <piet.jansen1970@gmail.com>", message_id="<nieuw@x>"),
    )
    assert again.erased and later.erased and later.created == 0
    assert Contribution.objects.count() == 0 and Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "this is not an e-mail message: it is empty"),
        (b"%PDF-1.4\n\x00\x01", "this is not an e-mail message: it has no headers"),
        (make_message("Beste,\n\nGroet,\nJan"), "the message has no text to import"),
        (make_message("x" * 3000), "; the limit is 2.0\xa0KB"),
    ],
)
def test_bad_input_stores_nothing(make_consultation: Any, raw: bytes, message: str) -> None:
    consultation = make_consultation()
    consultation.rounds.all().delete()  # so a triage round would have to be created
    with override_settings(INSPRAAK_IMPORT_MAX_BYTES=2048), pytest.raises(MailRejected) as info:
        mail_import_message(consultation=consultation, raw=raw)
    assert message in str(info.value)
    assert Contribution.objects.count() == 0 and Participant.objects.count() == 0
    assert not Round.objects.exists()


@override_settings(INSPRAAK_CONTRIBUTION_MAX_CHARS=50)
def test_an_overlong_point_is_shortened(programme: Consultation) -> None:
    mail_import_message(consultation=programme, raw=make_message("lang " * 40))
    text = Contribution.objects.get().text
    assert len(text) == 50 and text.endswith("…")


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(path)
    for raw in messages:
        box.add(raw)
    box.close()
    return path


def test_mbox_file_imports_every_message_and_creates_the_consultation(tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "inbox.mbox", [fixture(name) for name in ALL_FIXTURES])
    results = mail_import_file(path=path, consultation_slug="nieuw-programma", actor="test")
    consultation = Consultation.objects.get(slug="nieuw-programma")
    assert [r.routed_by for r in results] == ["triage"] * 4  # a new consultation has no rounds
    assert {r.round.title for r in results} == {TRIAGE_ROUND_TITLE}
    assert Contribution.objects.filter(round__consultation=consultation).count() == 12
    assert mail_import_file(path=path, consultation=consultation)[0].duplicate


def test_a_bad_message_in_an_mbox_imports_nothing(programme: Consultation, tmp_path: Path) -> None:
    good = fixture("gmail_reply.eml")
    path = write_mbox(tmp_path / "inbox.mbox", [good, b"From: x@example.org\n\n\n"])
    with pytest.raises(MailFileRejected) as info:
        mail_import_file(path=path, consultation=programme)
    assert info.value.problems == ["message 2: the message has no text to import"]
    assert Contribution.objects.count() == 0


def test_eml_file_with_a_round(programme: Consultation) -> None:
    path = FIXTURES / "outlook_html_only.eml"
    results = mail_import_file(path=path, consultation=programme, round_title="Nazending")
    assert (results[0].round.title, results[0].routed_by, results[0].created) == (
        "Nazending",
        "explicit",
        3,
    )


def test_cli_imports_a_mail_file_and_reports_duplicates(programme: Consultation) -> None:
    path = str(FIXTURES / "qp_latin1_numbered.eml")
    args = [path, "--consultation", programme.slug]
    result = CliRunner().invoke(import_mail, args)
    assert result.exit_code == 0, result.output
    assert "3 points → Ronde 1 / Werk en inkomen (plus-address)" in result.output
    assert "3 contributions imported from 1 message(s)." in result.output
    again = CliRunner().invoke(import_mail, args)
    assert "imported before, skipped" in again.output and "0 contributions" in again.output


def test_cli_rejects_a_bad_file_and_lists_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "leeg.eml"
    bad.write_bytes(b"From: a@example.org\n\n")
    result = CliRunner().invoke(import_mail, [str(bad), "--consultation", "x"])
    assert result.exit_code == 1
    assert "leeg.eml: message 1: the message has no text to import" in result.output
    assert "nothing imported: 1 bad message(s)" in result.output
    assert not Consultation.objects.filter(slug="x").exists()


@pytest.mark.parametrize("command", [import_mail, mail_fetch_command], ids=lambda c: c.name)
def test_every_mail_command_and_option_has_help(command: Any) -> None:
    assert (command.help or "").strip()
    options = [p for p in command.params if p.param_type_name == "option"]
    assert all((option.help or "").strip() for option in options)


@override_settings(INSPRAAK_IMPORT_MAX_BYTES=1024)
def test_an_oversized_eml_file_is_refused_unread(programme: Consultation) -> None:
    with pytest.raises(MailFileRejected) as info:
        mail_import_file(path=FIXTURES / "outlook_html_only.eml", consultation=programme)
    assert info.value.problems == ["the message is 3.0\xa0KB; the limit is 1.0\xa0KB"]
