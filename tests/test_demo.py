# SPDX-License-Identifier: EUPL-1.2
"""The demo is a realistic round: the sizes the product brief asks for, loaded through the services."""

from __future__ import annotations

from typing import Any

from inspraak.consultations.models import Contribution, Note, Participant
from inspraak.demo.loader import demo_load
from inspraak.votes.models import Vote


def test_demo_has_a_full_round(db: Any) -> None:
    info = demo_load(password="demo-wachtwoord-1")
    consultation = info.consultation
    main_round, earlier = consultation.rounds.all()
    assert main_round.date is not None and main_round.sessions.count() == 4
    participants = Participant.objects.filter(consultation=consultation)
    assert participants.count() >= 30
    present = participants.filter(attendances__isnull=False).distinct()
    assert present.count() >= 30 and all(p.attributes.get("role") for p in present)
    postits = Contribution.objects.filter(channel="postit")
    assert postits.count() >= 120
    assert Contribution.objects.filter(channel="email").count() >= 5
    assert Contribution.objects.filter(channel="form").count() >= 4
    sheet = Contribution.objects.filter(channel="spreadsheet")
    assert sheet.count() == 8 and sheet.first().source_name == "afdeling-deventer.xlsx"
    assert Note.objects.exists() and Vote.objects.count() >= 50
    named = participants.exclude(display_name="")
    assert named.filter(name_consent_at=None).exists(), "someone gave a name without consent"
    assert all(p.public_name == p.pseudonym for p in named.filter(name_consent_at=None))


def test_demo_notes_point_at_discussed_postits(db: Any) -> None:
    demo_load(password="demo-wachtwoord-1")
    for note in Note.objects.all():
        assert note.contributions.exists()
        assert all(
            c.discussed and c.session_id == note.session_id for c in note.contributions.all()
        )


def test_demo_shows_opinion_groups_per_session(db: Any) -> None:
    from inspraak.sensemaking.models import AnalysisRun

    demo_load(password="demo-wachtwoord-1")
    runs = AnalysisRun.objects.filter(kind="opinions", status="done")
    assert runs.count() == 5
    assert all(run.result["summary"]["votes"] > 0 for run in runs)
    assert any(len(run.result["groups"]) >= 2 for run in runs)


def test_demo_has_analysed_themes_with_a_cross_session_point(db: Any) -> None:
    from inspraak.sensemaking.models import Theme

    demo_load(password="demo-wachtwoord-1")
    leaves = Theme.objects.filter(is_leaf=True, run__status="done")
    assert leaves.count() >= 10
    assert any(len(t.by_session) > 1 for t in leaves)


def test_demo_holds_input_from_before_inspraak(db: Any) -> None:
    """The founding document as a round of its own, and a Pol.is conversation's votes."""
    from inspraak.sensemaking.models import AnalysisRun
    from inspraak.votes.models import Statement

    consultation = demo_load(password="demo-wachtwoord-1").consultation
    _main, earlier = consultation.rounds.all()
    assert earlier.title == "Bestuurdersnetwerk 24 januari"
    assert {s.title for s in earlier.sessions.all()} >= {"Werk en inkomen", "Zorg", "Groen"}
    documented = Contribution.objects.filter(round=earlier, channel="document", kind="summary")
    assert documented.filter(support_stated="unanimous").exists()
    assert AnalysisRun.objects.filter(round=earlier, kind="themes", status="done").exists()
    polis = Statement.objects.filter(consultation=consultation, source_key__startswith="polis:")
    assert polis.count() > 100 and Vote.objects.filter(statement__in=polis).count() > 20_000
