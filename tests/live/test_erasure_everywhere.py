# SPDX-License-Identifier: EUPL-1.2
"""Erasure reaches every copy (issue 12.3): after it, no table or public link holds their words.

A participant posts on the phone (the live event log), e-mails a point whose
Message-ID and subject name them (the audit trail), votes (an opinion run keeps
their group and place on the map) and is quoted by a theme run. After erasure the
whole database is searched, table by table, for their text, pseudonym and ids.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from inspraak.consultations import services as cs
from inspraak.consultations.models import Contribution
from inspraak.consultations.privacy import participant_data, participant_erase
from inspraak.intake.mail.services import mail_import_message
from inspraak.reports.services import report_create, report_version_create, report_version_publish
from inspraak.sensemaking.models import AnalysisRun
from inspraak.sensemaking.opinions import opinions_compute
from inspraak.sensemaking.themes import themes_analyse
from inspraak.votes.services import statement_create, vote_cast
from tests.intake.mailhelpers import make_message
from tests.live.conftest import new_id

pytestmark = pytest.mark.django_db

SECRET = "Mijn buurman Jan de Vries krijgt geen hulp bij zijn schulden"
MAIL_POINT = "Jan de Vries vraagt om een schuldhulpmaatje in Lelystad"
MESSAGE_ID = "<jan.devries.4711@mail.example.org>"


def _database_text() -> str:
    """Every row of every table, as one searchable text."""
    dumps = []
    for model in apps.get_models():
        for row in model.objects.all().values():
            dumps.append(json.dumps(row, default=str, ensure_ascii=False))
    return "\n".join(dumps)


def _voters(consultation: Any, participant: Any) -> None:
    statements = [
        statement_create(consultation=consultation, text=f"Stelling {n}") for n in range(4)
    ]
    voters = [participant] + [
        cs.participant_get_or_create(consultation=consultation, key=f"v{n}")[0] for n in range(9)
    ]
    for n, voter in enumerate(voters):
        for i, statement in enumerate(statements):
            vote_cast(
                statement=statement, participant=voter, value=1 if (n < 5) == (i % 2 == 0) else -1
            )


def test_an_erased_participant_is_found_nowhere(live: Any, make_phone: Any, organiser: Any) -> None:
    consultation, session = live.session.round.consultation, live.session
    phone, participant = make_phone()
    response = phone.post(
        f"/j/{live.code}/post/",
        {"text": SECRET, "client_id": new_id()},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    raw = make_message(
        body=MAIL_POINT,
        sender="Jan de Vries <jan.devries@example.org>",
        subject="Inbreng van Jan de Vries, Dorpsstraat 4",
        message_id=MESSAGE_ID,
    )
    mail_import_message(consultation=consultation, raw=raw, round=session.round, actor=organiser)
    mailer = Contribution.objects.get(channel="email").participant
    _voters(consultation, participant)
    opinions_compute(consultation=consultation, actor=organiser)
    for n in range(4):
        other, _ = cs.participant_get_or_create(consultation=consultation, key=f"w{n}")
        cs.attendance_record(participant=other, session=session)
    themes_analyse(consultation=consultation, round=session.round, actor=organiser)
    report = report_create(round=session.round, actor=organiser)
    version = report_version_create(report=report, actor=organiser)
    report_version_publish(version=version, actor=organiser)
    version.refresh_from_db()
    public = f"/r/{version.public_token}/"
    assert SECRET in Client().get(public).content.decode()
    pseudonym, mail_pseudonym = participant.pseudonym, mailer.pseudonym
    before = _database_text()
    assert SECRET in before and "Dorpsstraat" in before and MAIL_POINT in before

    download = json.dumps(participant_data(participant), ensure_ascii=False)
    assert SECRET in download and '"opinion_groups"' in download
    assert any(g["group"] is not None for g in participant_data(participant)["opinion_groups"])

    participant_erase(participant=participant, actor=organiser)
    participant_erase(participant=mailer, actor=organiser)

    everything = _database_text()
    served = Client().get(public).content.decode()
    assert SECRET not in served and pseudonym not in served
    for needle in (SECRET, MAIL_POINT, MESSAGE_ID, "Dorpsstraat", pseudonym, mail_pseudonym):
        assert needle not in everything, needle
    run = AnalysisRun.objects.get(kind=AnalysisRun.Kind.OPINIONS)
    assert str(participant.pk) not in run.result["participants"]
    assert str(participant.pk) not in run.result["pca"]
