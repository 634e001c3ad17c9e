# SPDX-License-Identifier: EUPL-1.2
"""The two roads into a report: a stored round, or a CSV through the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import formats, timezone, translation

from inspraak.consultations.models import Contribution, Endorsement, Note, Round
from inspraak.consultations.services import session_present
from inspraak.reports.build import InContribution, InNote, InSession, InTheme, ReportInput
from inspraak.reports.document import Divided
from inspraak.sensemaking.models import ROUND_LEVEL_SESSION, AnalysisRun, Theme
from inspraak.sensemaking.opinions import division_rows
from inspraak.sensemaking.selectors import run_latest


class NoAnalysis(Exception):
    """The round has no finished theme analysis to report on."""


EXTRA_CHANNELS = frozenset({"form", "email", "document", "spreadsheet", "polis"})


def _provenance(c: Contribution) -> str:
    parts = [c.get_channel_display(), c.source_name]
    if c.source_line:
        parts.append(f"r. {c.source_line}")
    if c.source_page:
        parts.append(f"p. {c.source_page}")
    if c.source_detail:
        parts.append(c.source_detail)
    return " · ".join(p for p in parts if p)


def _private_words(c: Contribution) -> list[str]:
    """What would identify the author in a public text: a name given without consent, an address."""
    p = c.participant
    if p is None:
        return []
    found = [p.email] if p.email else []
    if p.display_name and p.name_consent_at is None:
        found.append(p.display_name)
    return found


def _divided(sessions: list[Any], consultation: Any) -> dict[int, list[Divided]]:
    """Each session's divided statements, from its latest opinion run (one query)."""
    runs = AnalysisRun.objects.filter(
        consultation=consultation,
        kind=AnalysisRun.Kind.OPINIONS,
        status=AnalysisRun.Status.DONE,
    ).order_by("started_at", "pk")
    latest = {run.parameters.get("session"): run for run in runs}
    return {s.pk: _division_plain(latest[s.pk].result) for s in sessions if s.pk in latest}


def _division_plain(result: dict[str, Any]) -> list[Divided]:
    """Divided statements with each group's plain share agreeing (of its votes cast), the
    same number the opinion page shows first; the engine's smoothed estimate only decides
    which statements divide."""
    found = []
    texts = result.get("statement_texts", {})
    for (text, _smoothed), d in zip(division_rows(result), result.get("division", []), strict=True):
        groups = result.get("statements", {}).get(str(d["statement"]), {}).get("groups", [])
        agree = [round(100 * g["agree"]) for g in groups if g.get("agree") is not None]
        found.append(Divided(texts.get(str(d["statement"]), text), agree))
    return found


def _contributions(round_: Round) -> dict[int, InContribution]:
    endorsers: dict[int, list[str]] = {}
    for cid, pid in Endorsement.objects.filter(contribution__round=round_).values_list(
        "contribution_id", "participant_id"
    ):
        endorsers.setdefault(cid, []).append(str(pid))
    found = Contribution.objects.filter(round=round_, hidden=False).select_related(
        "session", "participant"
    )
    return {
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
            channel_label=str(c.get_channel_display()),
            date=formats.date_format(timezone.localtime(c.created_at), "DATE_FORMAT"),
            discussed=c.discussed,
            endorsers=endorsers.get(c.pk, []),
            extra=c.channel in EXTRA_CHANNELS,
            private_words=_private_words(c),
        )
        for c in found
    }


def _sessions(round_: Round, contributions: dict[int, InContribution]) -> list[InSession]:
    sessions = list(round_.sessions.prefetch_related("prompts"))
    divided = _divided(sessions, round_.consultation)
    found = []
    for s in sessions:
        mine = [c for c in contributions.values() if c.session == s.title]
        live = {c.participant or f"c{c.id}" for c in mine if not c.extra}
        # Without any recorded attendance (an imported round) those who wrote are the present.
        present = session_present(s) or len(live)
        found.append(
            InSession(
                s.title,
                [p.text for p in s.prompts.all()],
                present,
                divided.get(s.pk, []),
                recorded=any(c.discussed for c in mine) or s.pk in _noted_sessions(round_),
            )
        )
    if any(c.session == ROUND_LEVEL_SESSION for c in contributions.values()):
        found.append(InSession(ROUND_LEVEL_SESSION, [], 0, is_extra=True))
    return found


def _noted_sessions(round_: Round) -> set[int]:
    return set(Note.objects.filter(session__round=round_).values_list("session_id", flat=True))


def _themes(run: AnalysisRun, contributions: dict[int, InContribution]) -> list[InTheme]:
    members: dict[int, list[int]] = {}
    through = Theme.members.through.objects.filter(theme__run=run, theme__is_leaf=True)
    for tid, cid in through.values_list("theme_id", "contribution_id"):
        if cid in contributions:
            members.setdefault(tid, []).append(cid)
    themes = []
    for t in run.themes.filter(is_leaf=True).order_by("position", "pk"):
        ids = sorted(members.get(t.pk, []))
        if ids:
            sessions = {contributions[cid].session: (0, 0) for cid in ids}
            themes.append(InTheme(str(t.pk), t.label, ids, [], sessions, t.discussed))
    return themes


def _notes(round_: Round) -> list[InNote]:
    links: dict[int, list[int]] = {}
    through = Note.contributions.through.objects.filter(note__session__round=round_)
    for nid, cid in through.values_list("note_id", "contribution_id"):
        links.setdefault(nid, []).append(cid)
    notes = Note.objects.filter(session__round=round_).select_related("session")
    return [InNote(n.session.title, n.text, links.get(n.pk, [])) for n in notes.order_by("pk")]


def report_input_from_round(
    round_: Round, *, contact: str = "", breakdown: str = ""
) -> ReportInput:
    """The round's latest theme analysis (with the organisers' edits) and its sources.

    Counts are made here from the contributions themselves, by the one definition:
    carriers are the distinct participants present who wrote or endorsed a point,
    of `session_present`; input by e-mail, form, document or spreadsheet is counted
    apart as extra input and never enlarges either number.
    """
    run = run_latest(round_id=round_.pk)
    if run is None:
        raise NoAnalysis(round_.title)
    consultation = round_.consultation
    with translation.override(consultation.language):
        contributions = _contributions(round_)
        date = formats.date_format(round_.date, "DATE_FORMAT") if round_.date else ""
    claims = [(c["row"], c["text"]) for c in run.result.get("claims", [])]
    return ReportInput(
        title=consultation.title,
        round_title=round_.title,
        date=date,
        place=round_.place,
        language=consultation.language,
        sessions=_sessions(round_, contributions),
        contributions=contributions,
        themes=_themes(run, contributions),
        notes=_notes(round_),
        claims=claims,
        contact=contact,
        breakdown=breakdown if breakdown in consultation.attribute_names else "",
        min_cell=settings.INSPRAAK_REPORT_MIN_CELL,
        decisions=[entry for provider in _decision_providers for entry in provider(round_)],
    )


# The decisions app sits above the reports; it registers how a round's published
# decisions are read ("Wat we met de inbreng deden").
_decision_providers: list[Any] = []


def decisions_provider_register(provider: Any) -> None:
    _decision_providers[:] = [provider]


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
            participant=c.participant,
            channel_label=c.channel or "postit",
            discussed=c.discussed,
            extra=(c.channel or "postit") in EXTRA_CHANNELS,
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
        sessions=[
            InSession(
                name,
                [],
                counted.get(name) or _live_people(contributions, name),
                recorded=any(c.discussed for c in contributions.values() if c.session == name),
            )
            for name in titles
        ],
        contributions=contributions,
        themes=themes,
        claims=[(int(c.contribution_id), c.text) for c in result.claims],
    )


def _live_people(contributions: dict[int, InContribution], session: str) -> int:
    return len(
        {
            c.participant or c.id
            for c in contributions.values()
            if c.session == session and not c.extra
        }
    )
