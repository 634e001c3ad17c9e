# SPDX-License-Identifier: EUPL-1.2
"""Building the report document from plain input: every point with its sources.

`ReportInput` is what both roads give: stored data (sources.py) or a CSV run
through the engine. The builder decides nothing by impression: support words
come from `inspraak_analysis.support` on the counts it shows beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from inspraak.reports.document import (
    Claim,
    Count,
    Divided,
    ReportDocument,
    SessionSection,
    Source,
    ThemeRef,
    ThemeSection,
)
from inspraak_analysis.support import support_level, support_rank
from inspraak_analysis.themes.model import SensemakingConfig

EXTRA_CHANNELS = SensemakingConfig().extra_channels

MAX_PROPOSALS = 5


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


@dataclass
class InTheme:
    key: str
    label: str
    members: list[int]
    quotes: list[int]
    by_session: dict[str, tuple[int, int]]  # session → (participants, present)
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
    divided: list[Divided] = field(default_factory=list)


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
    contact: str = ""
    breakdown: str = ""  # a participant attribute to count carriers by, e.g. "role"


def _count(participants: int, present: int) -> Count:
    return Count(participants, present, support_level(participants, max(present, participants)))


class _Sources:
    """Numbers each source once, in the order the report first cites it."""

    def __init__(self, inp: ReportInput, public: bool) -> None:
        self.inp, self.public = inp, public
        self.items: list[Source] = []
        self.numbers: dict[tuple[str, int], int] = {}

    def contribution(self, cid: int) -> int:
        if ("c", cid) not in self.numbers:
            c = self.inp.contributions[cid]
            self._add(
                ("c", cid),
                Source(
                    0,
                    "contribution",
                    c.text,
                    c.session,
                    "" if self.public else c.who,
                    c.channel,
                    c.provenance,
                    contribution_id=cid,
                ),
            )
        return self.numbers["c", cid]

    def note(self, index: int, note: InNote) -> int:
        if ("n", index) not in self.numbers:
            self._add(
                ("n", index),
                Source(0, "note", note.text, note.session, "", "note", _("discussion note")),
            )
        return self.numbers["n", index]

    def _add(self, key: tuple[str, int], source: Source) -> None:
        source.number = len(self.items) + 1
        self.items.append(source)
        self.numbers[key] = source.number


def _rank(section: ThemeSection) -> tuple[int, int, str]:
    return (
        support_rank(section.count.support),
        -section.count.participants,
        section.label,
    )


def _theme_section(
    inp: ReportInput, theme: InTheme, session: str, sources: _Sources
) -> ThemeSection:
    here = [cid for cid in theme.members if inp.contributions[cid].session == session]
    quotes = [cid for cid in theme.quotes if cid in here] or here[:1]
    proposals = [
        cid for cid in here if inp.contributions[cid].kind == "proposal" and cid not in quotes
    ]
    notes = [
        (i, n)
        for i, n in enumerate(inp.notes)
        if n.session == session and set(n.contribution_ids) & set(here)
    ]
    participants, present = theme.by_session[session]
    total_p = sum(p for p, _n in theme.by_session.values())
    total_n = sum(n for _p, n in theme.by_session.values())
    return ThemeSection(
        key=f"{theme.key}@{session}",
        label=theme.label,
        count=_count(participants, present),
        total=_count(total_p, total_n),
        sessions={name: _count(p, n) for name, (p, n) in theme.by_session.items()},
        quotes=[sources.contribution(cid) for cid in quotes],
        proposals=[sources.contribution(cid) for cid in proposals[:MAX_PROPOSALS]],
        notes=[sources.note(i, n) for i, n in notes],
        sources=sorted(sources.contribution(cid) for cid in here),
        discussed=theme.discussed,
        contribution_ids=sorted(here),
        breakdown=_breakdown(inp, here),
    )


def _breakdown(inp: ReportInput, ids: list[int]) -> dict[str, int]:
    """Distinct carriers per value of the chosen attribute (never names)."""
    if not inp.breakdown:
        return {}
    people: dict[str, set[str]] = {}
    for cid in ids:
        c = inp.contributions[cid]
        if c.channel in EXTRA_CHANNELS:  # extra input carries nothing in the count (issue 13)
            continue
        value = c.attributes.get(inp.breakdown) or "?"
        people.setdefault(value, set()).add(c.participant or f"c{cid}")
    return {
        value: len(who)
        for value, who in sorted(people.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    }


def _ref(theme: InTheme) -> ThemeRef:
    total_p = sum(p for p, _n in theme.by_session.values())
    total_n = sum(n for _p, n in theme.by_session.values())
    return ThemeRef(
        theme.label,
        theme.key,
        _count(total_p, total_n),
        {name: _count(p, n) for name, (p, n) in theme.by_session.items()},
    )


def opening(inp: ReportInput) -> list[str]:
    """The founding document's opening, from the data (in the active language)."""
    names = ", ".join(s.title for s in inp.sessions)
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


def report_build(inp: ReportInput, *, public: bool = False) -> ReportDocument:
    """The whole report; `public` leaves every participant identity out."""
    sources = _Sources(inp, public)
    sessions = []
    for s in inp.sessions:
        themes = [
            _theme_section(inp, t, s.title, sources) for t in inp.themes if s.title in t.by_session
        ]
        sessions.append(
            SessionSection(
                key=f"session:{s.title}",
                title=s.title,
                prompts=s.prompts,
                present=s.present,
                themes=sorted(themes, key=_rank),
                divided=s.divided,
            )
        )
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
        not_discussed=[_ref(t) for t in inp.themes if t.discussed is False],
        cross_session=[_ref(t) for t in inp.themes if len(t.by_session) > 1],
        claims=claims,
        sources=sources.items,
        public=public,
        contact=inp.contact,
        breakdown=inp.breakdown,
    )
