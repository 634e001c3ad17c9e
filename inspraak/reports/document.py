# SPDX-License-Identifier: EUPL-1.2
"""The outcome report as plain data, before any format.

Builders (build.py) fill it from stored data or straight from a CSV through the
engine; renderers (render_*.py) turn it into HTML, Markdown, DOCX and PDF. Every
number here comes from counts; the only free text is the organiser's edits,
kept apart in `ThemeSection.edited_text` and `SessionSection.edited_intro`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Source:
    """One contribution, note or vote tally behind a point; numbered for print formats."""

    number: int
    kind: str  # contribution | note | votes
    text: str
    session: str
    who: str  # pseudonym, or a name given with consent; empty in public versions
    channel: str
    provenance: str  # the full trail for organisers; in public only the channel in words
    contribution_id: int | None = None
    date: str = ""


@dataclass
class Count:
    participants: int
    present: int
    support: str


@dataclass
class ThemeSection:
    key: str
    label: str
    count: Count  # in this session
    total: Count  # over all sessions of the theme
    sessions: dict[str, Count]
    quotes: list[int]  # source numbers
    proposals: list[int]
    notes: list[int]
    sources: list[int]
    discussed: bool | None
    contribution_ids: list[int] = field(default_factory=list)
    breakdown: dict[str, int] = field(default_factory=dict)  # attribute value → carriers
    edited_text: str = ""
    changed_since_edit: bool = False
    summary: list[list[Any]] = field(default_factory=list)  # [sentence, source number]
    extra: dict[str, int] = field(default_factory=dict)  # channel label → extra contributions
    breakdown_withheld: bool = False  # every cell was below the minimum: nothing published
    listed_briefly: bool = False  # set while printing a long report: one line, not a section

    @property
    def is_extra(self) -> bool:
        """A theme of extra input only (no session): counted in contributions, not people."""
        return self.count.present == 0

    def fingerprint(self) -> str:
        """What the section says in numbers and sources: an edit is flagged when it changes."""
        data = [self.label, asdict(self.count), sorted(self.contribution_ids)]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class Divided:
    """A statement on which the session's opinion groups split (from their votes)."""

    text: str
    agree_by_group: list[int]  # percent agreeing, per opinion group


@dataclass
class SessionSection:
    key: str
    title: str
    prompts: list[str]
    present: int
    themes: list[ThemeSection]
    divided: list[Divided] = field(default_factory=list)
    edited_intro: str = ""
    extra: dict[str, int] = field(default_factory=dict)  # channel label → extra contributions
    is_extra: bool = False  # the bucket of input that belongs to no session

    @property
    def anchor(self) -> str:
        return "s-" + hashlib.sha256(self.key.encode()).hexdigest()[:8]

    def full_themes(self) -> list[ThemeSection]:
        """Themes written out in full: carried by several, edited, or in a session of one."""
        return [t for t in self.themes if not self._brief(t)]

    def brief_themes(self) -> list[ThemeSection]:
        """Themes named by one participant only: listed briefly, as the founding document does."""
        return [t for t in self.themes if self._brief(t)]

    @staticmethod
    def _brief(t: ThemeSection) -> bool:
        if t.edited_text:
            return False
        if t.listed_briefly:
            return True
        if t.is_extra:
            return sum(t.extra.values()) <= 1
        return t.count.participants <= 1 and t.count.present > 1


@dataclass
class ThemeRef:
    label: str
    key: str
    total: Count
    sessions: dict[str, Count]
    session: str = ""  # for a point of one session (summary, not discussed)
    quotes: list[int] = field(default_factory=list)


@dataclass
class Claim:
    text: str
    source: int


@dataclass
class DecisionLine:
    """What the committee did with one theme, as published (never the internal note)."""

    theme: str
    status: str
    explanation: str = ""
    chapters: list[str] = field(default_factory=list)


@dataclass(eq=False)  # compared by identity: renderers cache its charts by the object
class ReportDocument:
    title: str
    round_title: str
    date: str
    place: str
    language: str
    opening: list[str]
    sessions: list[SessionSection]
    not_discussed: list[ThemeRef]
    cross_session: list[ThemeRef]
    claims: list[Claim]
    sources: list[Source]
    public: bool = False
    contact: str = ""
    breakdown: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    summary: list[ThemeRef] = field(default_factory=list)  # the broadest support, first
    decisions: list[DecisionLine] = field(default_factory=list)  # once published

    def theme_sessions(self) -> list[SessionSection]:
        """The sessions proper, without the bucket of extra input."""
        return [s for s in self.sessions if not s.is_extra]

    def source(self, number: int) -> Source:
        return self.sources[number - 1]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["meta"] = {k: v for k, v in self.meta.items() if not k.startswith("_")}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportDocument:
        def count(d: dict[str, Any]) -> Count:
            return Count(**d)

        def theme(d: dict[str, Any]) -> ThemeSection:
            return ThemeSection(
                **{
                    **d,
                    "count": count(d["count"]),
                    "total": count(d["total"]),
                    "sessions": {k: count(v) for k, v in d["sessions"].items()},
                }
            )

        def ref(d: dict[str, Any]) -> ThemeRef:
            return ThemeRef(
                **{
                    **d,
                    "total": count(d["total"]),
                    "sessions": {k: count(v) for k, v in d["sessions"].items()},
                }
            )

        return cls(
            **{
                **data,
                "sessions": [
                    SessionSection(
                        **{
                            **s,
                            "themes": [theme(t) for t in s["themes"]],
                            "divided": [Divided(**d) for d in s["divided"]],
                        }
                    )
                    for s in data["sessions"]
                ],
                "not_discussed": [ref(r) for r in data["not_discussed"]],
                "summary": [ref(r) for r in data.get("summary", [])],
                "cross_session": [ref(r) for r in data["cross_session"]],
                "claims": [Claim(**c) for c in data["claims"]],
                "decisions": [DecisionLine(**d) for d in data.get("decisions", [])],
                "sources": [Source(**s) for s in data["sources"]],
            }
        )
