# SPDX-License-Identifier: EUPL-1.2
"""A written outcome report as sessions → themes → points, with the support it states.

Pure: no database. `document_parse` reads Markdown, DOCX or PDF bytes (see
formats.py) and returns a ParsedDocument, the preview the organiser corrects
before documents.py stores it. Rules (documented in docs/documents.md):

- a heading starting with "Sessie" opens a session, whatever its level; without
  any, the shallowest heading level that repeats gives the sessions;
- any other heading inside a session opens a theme, unless it is shallower than
  the session heading: then it is a point (`# ` lines used as bullets);
- a short paragraph ending in ":" directly followed by bullets is a theme too;
- every other paragraph or bullet is a point; a paragraph broken mid-sentence
  across a blank line is joined back;
- content before the first session (title, introduction) is not imported.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from inspraak.intake.documents import formats
from inspraak.intake.files import FileRejected, Problem

# Support levels; the same values as Contribution.Support.
UNANIMOUS, BROAD, ONE, DOUBTS, NOT_DISCUSSED = (
    "unanimous",
    "broad",
    "one",
    "doubts",
    "not_discussed",
)
_I = re.IGNORECASE
# Qualifiers a report must carry on, whatever support is stated beside them.
_QUALIFIERS = [
    (NOT_DISCUSSED, re.compile(r"genoemd,?\s+maar\s+niet\s+(?:meer\s+)?besproken", _I)),
    (DOUBTS, re.compile(r"\btwijfels?\b", _I)),
]
# Stated support: the first one the text names is the point's.
_LEVELS = [
    (UNANIMOUS, re.compile(r"\bunaniem\b|\bconsensus\b", _I)),
    (
        UNANIMOUS,
        re.compile(r"\balle\s+(?:aanwezige\s+)?(?:aanwezigen|wethouders|deelnemers)\b", _I),
    ),
    (
        UNANIMOUS,
        re.compile(
            r"\biedereen\s+(?:\w+\s+)?(?:gaf|was|vond|steunde|benadrukte|onderschreef)\b", _I
        ),
    ),
    (BROAD, re.compile(r"\bbreed\b|\bbrede\s+steun\b|\bde\s+meesten\b", _I)),
    (
        ONE,
        re.compile(r"\b[eé][eé]n\s+(?:van\s+de\s+)?(?:aanwezigen?|wethouders?|deelnemers?)\b", _I),
    ),
]
SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".docx", ".pdf")
_TITLE_PREFIX = re.compile(r"^uitkomst(?:en)?\s+(?:van\s+de\s+)?gesprekken\s+", _I)


@dataclass
class ParsedPoint:
    id: int
    text: str
    theme: str
    detail: str  # "Sessie Zorg › Preventie › alinea 3": where it stands in the source
    origin: str  # the session heading it stood under, kept when the point is moved
    line: int | None = None
    page: int | None = None
    support: str = ""
    phrase: str = ""  # the words that stated the support
    skip: bool = False

    @property
    def discussed(self) -> bool:
        return self.support != NOT_DISCUSSED


@dataclass
class ParsedSession:
    heading: str
    title: str
    points: list[ParsedPoint] = field(default_factory=list)
    skip: bool = False

    def themes(self) -> list[tuple[str, list[ParsedPoint]]]:
        """The session's points grouped by theme, in document order."""
        grouped: dict[str, list[ParsedPoint]] = {}
        for point in self.points:
            grouped.setdefault(point.theme, []).append(point)
        return list(grouped.items())


@dataclass
class ParsedDocument:
    file_name: str
    title: str
    sessions: list[ParsedSession] = field(default_factory=list)
    introduction: int = 0  # paragraphs before the first session, not imported

    def points(self) -> list[tuple[ParsedSession, ParsedPoint]]:
        """Every point that will be imported, with its (possibly corrected) session."""
        return [(s, p) for s in self.sessions if not s.skip for p in s.points if not p.skip]

    @property
    def round_title(self) -> str:
        return _TITLE_PREFIX.sub("", self.title).strip()[:200]

    def point(self, point_id: int) -> tuple[ParsedSession, ParsedPoint]:
        for session in self.sessions:
            for point in session.points:
                if point.id == point_id:
                    return session, point
        raise KeyError(point_id)

    def correct_session(self, index: int, *, title: str, skip: bool) -> None:
        """Rename or skip a session (IndexError for one that is not there)."""
        session = self.sessions[index]
        session.title = " ".join(title.split())[:200] or session.title
        session.skip = skip

    def correct_point(self, point_id: int, *, session_index: int, skip: bool) -> None:
        """Move a point to another session, or skip it (KeyError/IndexError when unknown)."""
        target = self.sessions[session_index]
        session, point = self.point(point_id)
        point.skip = skip
        if target is not session:
            session.points.remove(point)
            target.points = sorted([*target.points, point], key=lambda p: p.id)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedDocument:
        sessions = [
            ParsedSession(**{**s, "points": [ParsedPoint(**p) for p in s["points"]]})
            for s in data["sessions"]
        ]
        return cls(**{**data, "sessions": sessions})


def support_recognised(text: str) -> tuple[str, str]:
    """(support level, the phrase stating it) for a point's text, or ("", "")."""
    for level, pattern in _QUALIFIERS:
        match = pattern.search(text)
        if match:
            return level, match.group(0)
    found = [(m.start(), level, m.group(0)) for level, p in _LEVELS for m in [p.search(text)] if m]
    if not found:
        return "", ""
    _start, level, phrase = min(found)
    return level, phrase


def document_parse(data: bytes, file_name: str) -> ParsedDocument:
    """The preview of a report; raises FileRejected for an unreadable or empty one."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileRejected(
            file_name,
            [Problem(0, "-", _("import Markdown (.md), Word (.docx) or PDF (.pdf) files"))],
        )
    if suffix == ".docx":
        blocks = formats.docx_blocks(data, file_name)
    elif suffix == ".pdf":
        blocks = formats.pdf_blocks(data, file_name)
    else:
        blocks = formats.markdown_blocks(data, file_name)
    document = structure(_joined(blocks), file_name=file_name)
    if not document.points():
        raise FileRejected(file_name, [Problem(0, "-", _("the document has no points to import"))])
    return document


def _joined(blocks: list[formats.Block]) -> list[formats.Block]:
    """A paragraph broken across a blank line mid-sentence ("Eén van" / "de aanwezigen") is one."""
    joined: list[formats.Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and block.kind == formats.PARAGRAPH
            and previous.kind != formats.HEADING
            and block.text[:1].islower()
            and not previous.text.endswith(formats.TERMINAL)
        ):
            previous.text = f"{previous.text} {block.text}"
            continue
        joined.append(block)
    return joined


def _is_session(block: formats.Block) -> bool:
    return block.kind == formats.HEADING and block.text.lower().startswith("sessie ")


def _session_level(blocks: list[formats.Block]) -> int | None:
    """The heading level of sessions when no heading says "Sessie": the shallowest that repeats."""
    levels = [b.level for b in blocks if b.kind == formats.HEADING and 0 < b.level < 7]
    repeated = sorted(level for level in set(levels) if levels.count(level) > 1)
    return repeated[0] if repeated else None


class _Builder:
    """Walks the blocks once, keeping the current session and theme."""

    def __init__(self, file_name: str, by_name: bool, level: int | None) -> None:
        self.document = ParsedDocument(file_name=file_name, title="")
        self.by_name, self.level = by_name, level
        self.session: ParsedSession | None = None
        self.session_level = 0
        self.theme = ""
        self.paragraph = 0

    def opens_session(self, block: formats.Block) -> bool:
        if self.by_name:
            return _is_session(block)
        return block.kind == formats.HEADING and block.level == self.level

    def heading(self, block: formats.Block) -> None:
        if self.opens_session(block):
            title = re.sub(r"^sessie\s+", "", block.text, flags=_I).rstrip(":").strip()
            self.session = ParsedSession(heading=block.text, title=title[:200] or block.text)
            self.document.sessions.append(self.session)
            self.session_level, self.theme, self.paragraph = block.level, "", 0
        elif self.session is None:
            self.document.title = self.document.title or block.text
        elif self.by_name and 0 < block.level < self.session_level:
            self.point(block)  # a `# ` line under a `## Sessie`: used as a bullet
        else:
            self.theme, self.paragraph = block.text.rstrip(":").strip(), 0

    def point(self, block: formats.Block) -> None:
        if self.session is None:
            self.document.introduction += 1
            return
        self.paragraph += 1
        # Data, not interface: it points into a Dutch source, so it stays Dutch.
        place = [self.session.heading, self.theme, f"alinea {self.paragraph}"]
        support, phrase = support_recognised(block.text)
        self.session.points.append(
            ParsedPoint(
                id=sum(len(s.points) for s in self.document.sessions) + 1,
                text=block.text,
                theme=self.theme,
                detail=" › ".join(part for part in place if part)[:255],
                origin=self.session.heading,
                line=block.line,
                page=block.page,
                support=support,
                phrase=phrase,
            )
        )


def structure(blocks: list[formats.Block], *, file_name: str) -> ParsedDocument:
    """Sessions, themes and points from blocks (see the module docstring for the rules)."""
    by_name = any(_is_session(b) for b in blocks)
    builder = _Builder(file_name, by_name, None if by_name else _session_level(blocks))
    if not by_name and builder.level is None:
        builder.session = ParsedSession(heading="", title=PurePath(file_name).stem[:200])
        builder.document.sessions.append(builder.session)
    for n, block in enumerate(blocks):
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if block.kind == formats.HEADING:
            builder.heading(block)
        elif _is_lead_in(block, following) and builder.session is not None:
            builder.theme, builder.paragraph = block.text.rstrip(":").strip(), 0
        else:
            builder.point(block)
    return builder.document


def _is_lead_in(block: formats.Block, following: formats.Block | None) -> bool:
    """ "Vragen zijn wel:" before a list: a theme heading written as a paragraph."""
    return (
        block.kind == formats.PARAGRAPH
        and block.text.endswith(":")
        and len(block.text) <= 100
        and following is not None
        and following.kind == formats.BULLET
    )
