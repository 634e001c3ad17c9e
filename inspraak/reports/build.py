# SPDX-License-Identifier: EUPL-1.2
"""Building the report document from plain input: every point with its sources.

`ReportInput` is what both roads give: stored data (inputs.py) or a CSV run
through the engine. The builder decides nothing by impression: support words
come from `inspraak_analysis.support` on the counts it shows beside them, and
those counts follow one definition — carriers are distinct participants present
in the session who wrote or endorsed a point, of the session's present count.
Input that arrived another way (e-mail, form, document, spreadsheet) is extra
input: reported beside the count, never inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from inspraak.reports.document import (
    Claim,
    Count,
    DecisionLine,
    ReportDocument,
    SessionSection,
    Source,
    ThemeRef,
    ThemeSection,
)
from inspraak.reports.picking import summary_pick, texts_pick
from inspraak.reports.privacy import breakdown_publishable, text_redact
from inspraak.reports.words import extra_title
from inspraak_analysis.support import support_level, support_rank
from inspraak_analysis.themes.model import SensemakingConfig

EXTRA_CHANNELS = SensemakingConfig().extra_channels

MAX_PROPOSALS = 5
MAX_QUOTES = 3
SUMMARY_THEMES = 6


@dataclass
class InContribution:
    id: int
    text: str
    session: str
    who: str
    channel: str
    kind: str
    provenance: str
    participant: str = ""  # an opaque key: counts distinct people, never shown
    attributes: dict[str, str] = field(default_factory=dict)
    channel_label: str = ""
    date: str = ""
    discussed: bool | None = None
    endorsers: list[str] = field(default_factory=list)  # opaque keys of "ik ook"
    extra: bool = False  # arrived by e-mail, form, document or spreadsheet
    private_words: list[str] = field(default_factory=list)  # never in a public text


@dataclass
class InTheme:
    key: str
    label: str
    members: list[int]
    quotes: list[int]
    by_session: dict[str, tuple[int, int]]  # the engine's counts; the builder recounts
    discussed: bool | None


@dataclass
class InNote:
    session: str
    text: str
    contribution_ids: list[int]


@dataclass
class InSession:
    title: str
    prompts: list[str]
    present: int
    divided: list = field(default_factory=list)  # type: ignore[type-arg]
    recorded: bool = False  # the discussion was recorded (notes or discussed marks)
    is_extra: bool = False


@dataclass
class ReportInput:
    title: str
    round_title: str
    date: str
    place: str
    language: str
    sessions: list[InSession]
    contributions: dict[int, InContribution]
    themes: list[InTheme]
    notes: list[InNote] = field(default_factory=list)
    claims: list[tuple[int, str]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)  # as decisions_for_report
    contact: str = ""
    breakdown: str = ""  # a participant attribute to count carriers by, e.g. "role"
    min_cell: int = 5


@dataclass
class _Plan:
    """One theme in one session, before its sources are numbered."""

    theme: InTheme
    here: list[int]
    count: Count
    extra: dict[str, int]
    quotes: list[int] = field(default_factory=list)
    proposals: list[int] = field(default_factory=list)
    summary: list[tuple[int, str]] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    section: ThemeSection | None = None


class _Sources:
    """Numbers each source once, in the order the report first cites it."""

    def __init__(self, inp: ReportInput, public: bool) -> None:
        self.inp, self.public = inp, public
        self.items: list[Source] = []
        self.numbers: dict[tuple[str, int], int] = {}
        self.titles = {s.title: extra_title(inp.language) for s in inp.sessions if s.is_extra}

    def text(self, c: InContribution) -> str:
        return text_redact(c.text, c.private_words) if self.public else c.text

    def contribution(self, cid: int) -> int:
        if ("c", cid) not in self.numbers:
            c = self.inp.contributions[cid]
            trail = (c.channel_label or c.channel) if self.public else c.provenance
            session = self.titles.get(c.session, c.session)
            source = Source(0, "contribution", self.text(c), session, "" if self.public else c.who,
                            c.channel, trail, contribution_id=cid, date=c.date)  # fmt: skip
            self._add(("c", cid), source)
        return self.numbers["c", cid]

    def note(self, index: int) -> int:
        if ("n", index) not in self.numbers:
            note = self.inp.notes[index]
            self._add(
                ("n", index),
                Source(0, "note", note.text, note.session, "", "note", _("discussion note")),
            )
        return self.numbers["n", index]

    def _add(self, key: tuple[str, int], source: Source) -> None:
        source.number = len(self.items) + 1
        self.items.append(source)
        self.numbers[key] = source.number


def _carriers(inp: ReportInput, ids: list[int]) -> set[str]:
    people: set[str] = set()
    for cid in ids:
        c = inp.contributions[cid]
        if not c.extra:
            people.add(c.participant or f"c{cid}")
        people.update(c.endorsers)
    return people


def _count(participants: int, present: int) -> Count:
    if present == 0:
        return Count(0, 0, "")
    participants = min(participants, present)
    return Count(participants, present, support_level(participants, present))


def _extra(inp: ReportInput, ids: list[int]) -> dict[str, int]:
    found: dict[str, int] = {}
    for cid in ids:
        c = inp.contributions[cid]
        if c.extra:
            label = c.channel_label or c.channel
            found[label] = found.get(label, 0) + 1
    return found


def _plan(inp: ReportInput, theme: InTheme, s: InSession) -> _Plan | None:
    here = [cid for cid in theme.members if inp.contributions[cid].session == s.title]
    if not here:
        return None
    count = _count(len(_carriers(inp, here)), s.present)
    plan = _Plan(theme, here, count, _extra(inp, here))
    texts = {cid: inp.contributions[cid].text for cid in here}
    plan.quotes = texts_pick(texts, MAX_QUOTES)
    proposals = {cid: t for cid, t in texts.items() if inp.contributions[cid].kind == "proposal"}
    for cid in plan.quotes:
        proposals.pop(cid, None)
    plan.proposals = texts_pick(proposals, MAX_PROPOSALS)
    rest = [(cid, t) for cid, t in texts.items() if cid not in plan.quotes + plan.proposals]
    # Summarise from what was said in the room where there is enough of it.
    live = [(cid, t) for cid, t in rest if not inp.contributions[cid].extra]
    rest = live if len(live) >= 2 else rest
    plan.summary = summary_pick(rest, texts.values()) if len(here) > 2 else []
    return plan


def _rank(plan: _Plan) -> tuple[int, int, int, str]:
    return (
        support_rank(plan.count.support),
        -plan.count.participants,
        -len(plan.here),
        plan.theme.label,
    )


def _notes_assign(inp: ReportInput, s: InSession, plans: list[_Plan]) -> None:
    """Each note under the one theme it shares most contributions with (ties: the first)."""
    for index, note in enumerate(inp.notes):
        if note.session != s.title:
            continue
        linked = set(note.contribution_ids)
        head = note.text[:60].lower()

        def fit(plan: _Plan, linked: set[int] = linked, head: str = head) -> tuple[bool, int]:
            # A note that opens with the theme's name is about that theme ("Schulden: ...").
            return plan.theme.label.lower() in head, len(linked & set(plan.here))

        best = max(plans, key=fit, default=None)
        if best is not None and linked & set(best.here):
            best.notes.append(index)


def _section(inp: ReportInput, plan: _Plan, sources: _Sources, s: InSession) -> ThemeSection:
    theme = plan.theme
    summary = [[sentence, sources.contribution(cid)] for cid, sentence in plan.summary]
    if sources.public:
        words = [w for cid, _s in plan.summary for w in inp.contributions[cid].private_words]
        summary = [[text_redact(text, words), n] for text, n in summary]
    quotes = [sources.contribution(cid) for cid in plan.quotes]
    proposals = [sources.contribution(cid) for cid in plan.proposals]
    notes = [sources.note(i) for i in plan.notes]
    people = _breakdown(inp, plan.here)
    shown = breakdown_publishable(people, inp.min_cell, other=_("other"))
    return ThemeSection(
        key=f"{theme.key}@{s.title}",
        label=theme.label,
        count=plan.count,
        total=plan.count,
        sessions={},
        quotes=quotes,
        proposals=proposals,
        notes=notes,
        sources=sorted(sources.contribution(cid) for cid in plan.here),
        discussed=_discussed(inp, plan, s),
        contribution_ids=sorted(plan.here),
        breakdown=shown,
        summary=summary,
        extra=plan.extra,
        breakdown_withheld=bool(people) and not shown,
    )


def _discussed(inp: ReportInput, plan: _Plan, s: InSession) -> bool | None:
    if not s.recorded:
        return None
    return bool(plan.notes) or any(inp.contributions[cid].discussed for cid in plan.here)


def _breakdown(inp: ReportInput, ids: list[int]) -> dict[str, int]:
    """Distinct carriers per value of the chosen attribute (never names)."""
    if not inp.breakdown:
        return {}
    people: dict[str, set[str]] = {}
    for cid in ids:
        c = inp.contributions[cid]
        if not c.extra:
            value = c.attributes.get(inp.breakdown) or "?"
            people.setdefault(value, set()).add(c.participant or f"c{cid}")
    return {value: len(who) for value, who in people.items()}


def opening(inp: ReportInput) -> list[str]:
    """The founding document's opening, from the data (in the active language)."""
    names = ", ".join(s.title for s in inp.sessions if not s.is_extra)
    if inp.date:
        first = _(
            "On %(date)s we spoke with you about %(title)s. Thank you for all your input!"
        ) % {"date": inp.date, "title": inp.title}
    else:
        first = _("We spoke with you about %(title)s. Thank you for all your input!") % {
            "title": inp.title
        }
    paragraphs = [
        first,
        _(
            "Below, per session (%(sessions)s), are the points that came up, with how many participants carried each of how many were present. Every point links to the contributions behind it."
        )
        % {"sessions": names},
        _(
            "These are not positions taken: they are insights, remarks and policy proposals that are taken along for consideration."
        ),
    ]
    if inp.contact:
        paragraphs.append(
            _(
                "Were you not there, or do you want to add something? Send your input to: %(contact)s"
            )
            % {"contact": inp.contact}
        )
    return paragraphs


def _session(inp: ReportInput, s: InSession, sources: _Sources) -> tuple[SessionSection, list]:  # type: ignore[type-arg]
    plans = [p for t in inp.themes if (p := _plan(inp, t, s)) is not None]
    plans.sort(key=_rank)
    _notes_assign(inp, s, plans)
    section = SessionSection(
        key=f"session:{s.title}",
        title=extra_title(inp.language) if s.is_extra else s.title,
        prompts=s.prompts,
        present=s.present,
        themes=[],
        divided=s.divided,
        extra=_extra(inp, [cid for p in plans for cid in p.here]),
        is_extra=s.is_extra,
    )
    for plan in plans:  # numbered in reading order: written-out themes, then brief ones
        plan.section = _section(inp, plan, sources, s) if not _is_brief(plan) else None
    for plan in plans:
        plan.section = plan.section or _section(inp, plan, sources, s)
    section.themes = [p.section for p in plans if p.section is not None]
    return section, plans


def _is_brief(plan: _Plan) -> bool:
    probe = ThemeSection("", "", plan.count, plan.count, {}, [], [], [], [], None, extra=plan.extra)
    return SessionSection._brief(probe)


def _ref(label: str, key: str, counts: dict[str, Count]) -> ThemeRef:
    live = {name: c for name, c in counts.items() if c.present}
    total = _count(
        sum(c.participants for c in live.values()), sum(c.present for c in live.values())
    )
    return ThemeRef(label, key, total, live)


def _not_discussed(inp: ReportInput, sessions: list, sources: _Sources) -> list[ThemeRef]:  # type: ignore[type-arg]
    """Per session, the themes with contributions that were not discussed — also when such a
    contribution was merged into a theme that was discussed otherwise."""
    found = []
    for s, plans in sessions:
        if not s.recorded:
            continue
        for plan in plans:
            noted = {cid for i in plan.notes for cid in inp.notes[i].contribution_ids}
            left = [
                cid
                for cid in plan.here
                if not inp.contributions[cid].discussed and cid not in noted
            ]
            if left and (len(left) >= 2 or not plan.section.discussed):  # type: ignore[union-attr]
                texts = {cid: inp.contributions[cid].text for cid in left}
                count = _count(len(_carriers(inp, left)), s.present)
                quotes = [sources.contribution(cid) for cid in texts_pick(texts, 2)]
                found.append(ThemeRef(plan.theme.label, plan.theme.key, count, {}, s.title, quotes))
    return found


def report_build(inp: ReportInput, *, public: bool = False) -> ReportDocument:
    """The whole report; `public` leaves every participant identity out."""
    sources = _Sources(inp, public)
    built = [(s, _session(inp, s, sources)) for s in inp.sessions]
    sessions = [section for _s, (section, _p) in built]
    by_theme: dict[str, dict[str, Count]] = {}
    for section in sessions:
        for t in section.themes:
            by_theme.setdefault(t.key.split("@")[0], {})[section.title] = t.count
    for section in sessions:
        for t in section.themes:
            t.sessions = by_theme[t.key.split("@")[0]]
            live = [c for c in t.sessions.values() if c.present]
            t.total = _count(sum(c.participants for c in live), sum(c.present for c in live))
    labels = {t.key: t.label for t in inp.themes}
    cross = [
        _ref(labels[key], key, counts)
        for key, counts in by_theme.items()
        if sum(1 for c in counts.values() if c.present) > 1
    ]
    not_discussed = _not_discussed(inp, [(s, p) for s, (_x, p) in built], sources)
    claims = [
        Claim(text, sources.contribution(cid))
        for cid, text in inp.claims
        if cid in inp.contributions
    ]
    return ReportDocument(
        title=inp.title,
        round_title=inp.round_title,
        date=inp.date,
        place=inp.place,
        language=inp.language,
        opening=opening(inp),
        sessions=sessions,
        not_discussed=not_discussed,
        cross_session=cross,
        claims=claims,
        sources=sources.items,
        public=public,
        contact=inp.contact,
        breakdown=inp.breakdown,
        summary=_summary(sessions),
        decisions=[_decision(d) for d in inp.decisions if d.get("status") != "pending"],
    )


def _decision(entry: dict[str, Any]) -> DecisionLine:
    chapters = [f"{c['number']}. {c['title']}" for c in entry.get("chapters", [])]
    return DecisionLine(
        theme=entry["theme"],
        status=str(entry["status_label"]),
        explanation=entry.get("explanation", ""),
        chapters=chapters,
    )


def _summary(sessions: list[SessionSection]) -> list[ThemeRef]:
    """The themes with the broadest support over the round, one line each."""
    themes = [(s, t) for s in sessions if not s.is_extra for t in s.full_themes()]
    themes.sort(
        key=lambda st: (
            support_rank(st[1].count.support),
            -st[1].count.participants / max(st[1].count.present, 1),
            st[1].label,
        )
    )
    return [
        ThemeRef(t.label, t.key, t.count, {}, s.title)
        for s, t in themes[:SUMMARY_THEMES]
        if t.count.participants >= 2
    ]
