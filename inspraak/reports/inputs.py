# SPDX-License-Identifier: EUPL-1.2
"""The two roads into a report: a stored round, or a CSV through the engine."""

from __future__ import annotations

from pathlib import Path

from django.utils import formats

from inspraak.consultations.models import Contribution, Round
from inspraak.consultations.services import session_present
from inspraak.reports.build import InContribution, InNote, InSession, InTheme, ReportInput
from inspraak.reports.document import Divided
from inspraak.sensemaking.models import ROUND_LEVEL_SESSION
from inspraak.sensemaking.opinions import division_rows, opinions_latest
from inspraak.sensemaking.selectors import run_latest


class NoAnalysis(Exception):
    """The round has no finished theme analysis to report on."""


def _provenance(c: Contribution) -> str:
    parts = [c.get_channel_display(), c.source_name]
    if c.source_line:
        parts.append(f"r. {c.source_line}")
    if c.source_page:
        parts.append(f"p. {c.source_page}")
    if c.source_detail:
        parts.append(c.source_detail)
    return " · ".join(p for p in parts if p)


def _divided(session: object, consultation: object) -> list[Divided]:
    run = opinions_latest(consultation=consultation, session=session)  # type: ignore[arg-type]
    if run is None:
        return []
    return [Divided(text, agree) for text, agree in division_rows(run.result)]


def report_input_from_round(
    round_: Round, *, contact: str = "", breakdown: str = ""
) -> ReportInput:
    """The round's latest theme analysis (with the organisers' edits) and its sources."""
    run = run_latest(round_id=round_.pk)
    if run is None:
        raise NoAnalysis(round_.title)
    consultation = round_.consultation
    contributions = {
        c.pk: InContribution(
            c.pk,
            c.text,
            c.session.title if c.session else ROUND_LEVEL_SESSION,
            c.participant.public_name if c.participant else "",
            c.channel,
            c.kind,
            _provenance(c),
            participant=str(c.participant_id or ""),
            attributes=dict(c.participant.attributes) if c.participant else {},
        )
        for c in Contribution.objects.filter(round=round_, hidden=False).select_related(
            "session", "participant"
        )
    }
    sessions = [
        InSession(
            s.title,
            list(s.prompts.values_list("text", flat=True)),
            session_present(s),
            _divided(s, consultation),
        )
        for s in round_.sessions.all()
    ]
    loose = {
        c.participant or c.id for c in contributions.values() if c.session == ROUND_LEVEL_SESSION
    }
    if loose:
        sessions.append(InSession(ROUND_LEVEL_SESSION, [], len(loose)))
    themes = [
        InTheme(
            str(t.pk),
            t.label,
            [m for m in t.members.values_list("pk", flat=True) if m in contributions],
            [q for q in t.quotes if q in contributions],
            {name: (v["participants"], v["present"]) for name, v in t.by_session.items()},
            t.discussed,
        )
        for t in run.themes.filter(is_leaf=True).prefetch_related("members")
    ]
    notes = [
        InNote(n.session.title, n.text, list(n.contributions.values_list("pk", flat=True)))
        for s in round_.sessions.all()
        for n in s.notes.all()
    ]
    claims = [(c["row"], c["text"]) for c in run.result.get("claims", [])]
    return ReportInput(
        title=consultation.title,
        round_title=round_.title,
        date=formats.date_format(round_.date, "DATE_FORMAT") if round_.date else "",
        place=round_.place,
        language=consultation.language,
        sessions=sessions,
        contributions=contributions,
        themes=[t for t in themes if t.members],
        notes=notes,
        claims=claims,
        contact=contact,
        breakdown=breakdown if breakdown in consultation.attribute_names else "",
    )


def report_input_from_csv(
    path: Path, *, present: dict[str, int] | None = None, title: str = ""
) -> ReportInput:
    """A CSV in the import format straight through the engine: no database."""
    from inspraak_analysis.csvinput import read_analysis_csv
    from inspraak_analysis.sensemaking import analyse

    rows = read_analysis_csv(path)
    result = analyse(rows, present=present)
    contributions = {
        int(c.id): InContribution(
            int(c.id),
            c.text,
            c.session,
            c.participant,
            c.channel or "postit",
            c.kind,
            f"{path.name} · r. {c.id}",
        )
        for c in rows
    }
    titles = list(dict.fromkeys(c.session for c in rows))
    counted = {
        name: n for t in result.themes for name, s in t.by_session.items() for n in [s.present]
    }
    themes = [
        InTheme(
            t.id,
            t.label,
            [int(i) for i in t.contribution_ids],
            [int(i) for i in t.quote_ids],
            {name: (s.participants, s.present) for name, s in t.by_session.items()},
            t.discussed,
        )
        for t in result.themes
        if t.is_leaf
    ]
    return ReportInput(
        title=title or path.stem,
        round_title=path.stem,
        date="",
        place="",
        language="nl",
        sessions=[InSession(name, [], counted.get(name, 0)) for name in titles],
        contributions=contributions,
        themes=themes,
        claims=[(int(c.contribution_id), c.text) for c in result.claims],
    )
