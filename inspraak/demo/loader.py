# SPDX-License-Identifier: EUPL-1.2
"""Load the demo consultation (data files in inspraak/demo/data) through the services.

The demo goes through the same import service and vote service as real input,
so it shows what inspraak does with a real round, and breaks when they break.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from inspraak.consultations import services as cs
from inspraak.consultations.attributes import AttributeSpec
from inspraak.consultations.contributions import ContributionDraft, contributions_add
from inspraak.consultations.models import Consultation, Contribution, Note, SessionFacilitator
from inspraak.consultations.setup_services import consultation_attributes_set
from inspraak.decisions.demo import demo_decisions_load
from inspraak.intake.csv.services import contributions_import_csv
from inspraak.intake.documents.services import document_import, document_read
from inspraak.intake.polis.services import polis_import
from inspraak.intake.sheets.services import Mapping, sheet_import, sheet_read
from inspraak.intake.webform.forms import WebForm
from inspraak.intake.webform.services import form_submit, round_form_set
from inspraak.reports.services import report_create, report_version_create, report_version_publish
from inspraak.sensemaking.opinions import opinions_compute
from inspraak.sensemaking.themes import themes_analyse
from inspraak.votes.services import statement_create, vote_cast

DATA = Path(__file__).parent / "data"


@dataclass
class DemoInfo:
    consultation: Consultation
    organiser: str
    facilitator: str
    password: str
    summary: str
    report_path: str
    own_path: str = ""


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@transaction.atomic
def demo_load(*, password: str | None = None) -> DemoInfo:
    """Create the demo consultation with its accounts; returns how to log in."""
    password = password or secrets.token_urlsafe(9)
    user_model = get_user_model()
    organiser = user_model.objects.create_user(
        username="organisator", password=password, is_staff=True
    )
    facilitator = user_model.objects.create_user(username="gespreksleider", password=password)
    spec = _json("consultation.json")
    consultation = cs.consultation_create(
        title=spec["title"],
        slug=spec["slug"],
        description=spec["description"],
        language=spec["language"],
        actor=organiser,
    )
    sessions = _round_load(consultation, spec, organiser)
    main_round = consultation.rounds.get()
    published = _analyses_run(consultation, main_round, sessions, organiser)
    _earlier_input_load(consultation, organiser)
    SessionFacilitator.objects.create(session=next(iter(sessions.values())), user=facilitator)
    own_path = demo_decisions_load(consultation=consultation, round=main_round, actor=organiser)
    # The committee decided after the first version: the second says what became of the input,
    # and the public link moves to it.
    published = report_version_publish(
        version=report_version_create(report=published.report, actor=organiser),
        actor=organiser,
        move_from=published,
    )
    return DemoInfo(
        consultation,
        organiser.username,
        facilitator.username,
        password,
        _summary(consultation),
        f"/r/{published.public_token}/",
        own_path,
    )


def _round_load(consultation: Consultation, spec: dict[str, Any], organiser: Any) -> dict[str, Any]:
    """The round itself: sessions, who was there, post-its, notes, votes, and what came after."""
    sessions = _rounds_create(consultation, spec["rounds"])
    participants = _participants_create(consultation)
    for row in _csv("attendance.csv"):
        cs.attendance_record(
            participant=participants[row["participant"]], session=sessions[row["session"]]
        )
    contributions_import_csv(
        data=(DATA / "postits.csv").read_bytes(),
        file_name="postits.csv",
        consultation=consultation,
        actor=organiser,
    )
    _notes_create(consultation, sessions, organiser)
    _statements_create(consultation, sessions, participants, organiser)
    _emails_create(consultation, sessions, participants)
    _form_create(consultation, sessions, organiser)
    _branch_sheet_import(consultation, organiser)
    return sessions


def _analyses_run(
    consultation: Consultation, round_: Any, sessions: dict[str, Any], organiser: Any
) -> Any:
    """Opinion groups per session and overall, themes, and a published report."""
    for session in sessions.values():
        if session.statements.exists():
            opinions_compute(consultation=consultation, session=session, actor=organiser)
    opinions_compute(consultation=consultation, actor=organiser)
    themes_analyse(consultation=consultation, round=round_, actor=organiser)
    report = report_create(round=round_, contact="programma@example.org", actor=organiser)
    return report_version_publish(
        version=report_version_create(report=report, actor=organiser), actor=organiser
    )


def _earlier_input_load(consultation: Consultation, organiser: Any) -> None:
    """Input from before inspraak: the founding document's report, and a Pol.is conversation.

    The report (the committee's hand-written "Uitkomst gesprekken" that inspraak was
    built to replace) becomes its own round, analysed like any other. The Pol.is
    export (CC BY 4.0, see polis-biodiversity/README.md) becomes statements and votes.
    """
    name = "uitkomst-bestuurdersnetwerk-24-januari.md"
    document = document_read(data=(DATA / name).read_bytes(), file_name=name)
    result = document_import(document=document, consultation=consultation, actor=organiser)
    earlier = consultation.rounds.get(title=result.round_title)
    themes_analyse(consultation=consultation, round=earlier, actor=organiser)
    polis_import(consultation=consultation, path=DATA / "polis-biodiversity", actor=organiser)


def _rounds_create(consultation: Consultation, rounds: list[dict[str, Any]]) -> dict[str, Any]:
    sessions = {}
    for spec in rounds:
        round_ = cs.round_get_or_create(
            consultation=consultation,
            title=spec["title"],
            when=date.fromisoformat(spec["date"]) if spec.get("date") else None,
            place=spec.get("place", ""),
        )
        for s in spec["sessions"]:
            session = cs.session_get_or_create(
                round=round_, title=s["title"], facilitator_name=s["facilitator"]
            )
            session.state = session.State.CLOSED
            session.present_override = s.get("present")
            session.save(update_fields=["state", "present_override"])
            cs.prompt_get_or_create(session=session, text=s["prompt"])
            sessions[s["title"]] = session
    return sessions


def _participants_create(consultation: Consultation) -> dict[str, Any]:
    rows = _csv("participants.csv")
    attributes = ["role", "municipality", "region"]
    consultation_attributes_set(
        consultation=consultation,
        specs=[
            AttributeSpec(
                "role",
                "Rol",
                "Role",
                (
                    "wethouder",
                    "raadslid",
                    "bestuurder afdeling",
                    "beleidsmedewerker",
                    "lid",
                    "bewoner",
                ),
            ),
            AttributeSpec("municipality", "Gemeente", "Municipality"),
            AttributeSpec("region", "Provincie", "Province"),
        ],
        actor="demo",
    )
    participants = {}
    for row in rows:
        participant, _created = cs.participant_get_or_create(
            consultation=consultation,
            key=row["participant"],
            attributes={name: row[name] for name in attributes},
            display_name=row["display_name"],
            name_consent=row["consent_name"] == "ja",
        )
        participants[row["participant"]] = participant
    return participants


def _notes_create(consultation: Consultation, sessions: dict[str, Any], author: Any) -> None:
    # Post-its were imported in file order, so data row n is the n-th imported contribution.
    imported = list(
        Contribution.objects.filter(round__consultation=consultation, source_name="postits.csv")
        .order_by("id")
        .values_list("pk", flat=True)
    )
    for spec in _json("notes.json"):
        note = Note.objects.create(
            session=sessions[spec["session"]], text=spec["text"], author=author
        )
        note.contributions.set([imported[row - 1] for row in spec["postits"]])


def _statements_create(
    consultation: Consultation, sessions: dict[str, Any], participants: dict[str, Any], actor: Any
) -> None:
    for spec in _json("statements.json"):
        statement = statement_create(
            consultation=consultation,
            text=spec["text"],
            session=sessions[spec["session"]],
            actor=actor,
        )
        for key, value in spec["votes"].items():
            vote_cast(statement=statement, participant=participants[key], value=value)


def _emails_create(
    consultation: Consultation, sessions: dict[str, Any], participants: dict[str, Any]
) -> None:
    round_ = consultation.rounds.get()
    for mail in _json("emails.json"):
        participant = participants.get(mail["participant"] or "")
        if participant is None:
            participant, _created = cs.participant_get_or_create(
                consultation=consultation, key=mail["sender"]
            )
            participant.email = mail["sender"]
            participant.save(update_fields=["email"])
        drafts = [
            ContributionDraft(
                text=point,
                channel=Contribution.Channel.EMAIL,
                round=round_,
                session=sessions.get(mail["session"] or ""),
                participant=participant,
                source_name=mail["message_id"],
                source_detail=f"{mail['subject']} · punt {number}",
                idempotency_key=f"{mail['message_id']}\x1f{number}",
                created_at=datetime.fromisoformat(mail["received_at"]),
            )
            for number, point in enumerate(mail["points"], start=1)
        ]
        contributions_add(
            consultation=consultation, drafts=drafts, actor="demo", source="mail_import"
        )


def _form_create(consultation: Consultation, sessions: dict[str, Any], organiser: Any) -> None:
    """Open the round's web form and send the demo's submissions through it."""
    round_form = round_form_set(
        round=consultation.rounds.get(),
        is_open=True,
        new_link=False,
        actor=organiser,
        intro="Was je er niet bij of wil je nog iets toevoegen? Schrijf hier je punten.",
    )
    for entry in _json("form.json"):
        data: dict[str, Any] = {
            "submission": str(uuid.uuid4()),
            "website": "",
            "kind": entry["kind"],
            "session": sessions[entry["session"]].pk if entry["session"] else "",
            "name": entry["name"],
            "name_consent": "on" if entry.get("consent") else "",
        }
        data.update({f"point_{n}": text for n, text in enumerate(entry["points"], start=1)})
        form = WebForm(data, round_form=round_form)
        if not form.is_valid():
            raise ValueError(f"demo form entry is invalid: {form.errors.as_text()}")
        form_submit(round_form=round_form, form=form, address=f"demo-{uuid.uuid4()}")


def _branch_sheet_import(consultation: Consultation, organiser: Any) -> None:
    """A local branch's spreadsheet, as XLSX, through the column-mapping import."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inbreng afdeling"
    for row in csv.reader((DATA / "afdeling-deventer.csv").open(encoding="utf-8", newline="")):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = sheet_read(data=buffer.getvalue(), file_name="afdeling-deventer.xlsx")
    mapping = Mapping(text="Inbreng", participant="Naam", session="Thema", attributes=["role"])
    sheet_import(table=table, mapping=mapping, consultation=consultation, actor=organiser)


def _summary(consultation: Consultation) -> str:
    n_sessions = sum(r.sessions.count() for r in consultation.rounds.all())
    return (
        f"Demo “{consultation.title}”: {n_sessions} sessions, "
        f"{consultation.participants.count()} participants, "
        f"{Contribution.objects.filter(round__consultation=consultation).count()} contributions, "
        f"{consultation.statements.count()} statements."
    )
