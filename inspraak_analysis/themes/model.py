# SPDX-License-Identifier: EUPL-1.2
"""Plain data in and out of the sensemaking engine (no Django, no numpy)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from inspraak_analysis.support import SupportThresholds

if TYPE_CHECKING:
    from inspraak_analysis.themes.pairs import PairModel

ContributionId = Hashable


@dataclass(frozen=True)
class Contribution:
    """One post-it, e-mail point or form answer. ``id`` is opaque (str or int)."""

    id: ContributionId
    session: str
    participant: str
    text: str
    kind: str = ""
    channel: str = ""
    discussed: bool = False
    endorsed_by: tuple[str, ...] = ()
    """Participants of the same session who said "ik ook": they carry it too."""


@dataclass(frozen=True)
class Note:
    """A discussion note; it marks the contributions it names (or resembles) as discussed."""

    session: str
    text: str
    contribution_ids: tuple[ContributionId, ...] = ()


@dataclass(frozen=True)
class SessionSupport:
    participants: int
    present: int


@dataclass(frozen=True)
class Theme:
    """A leaf theme (``parent`` may name its parent) or a parent theme."""

    id: str
    label: str
    parent: str | None
    sessions: tuple[str, ...]
    contribution_ids: tuple[ContributionId, ...]
    participants: int
    present: int
    support: str
    by_session: dict[str, SessionSupport]
    keywords: tuple[str, ...]
    quote_ids: tuple[ContributionId, ...]
    quote_texts: tuple[str, ...] = ()
    is_leaf: bool = True
    discussed: bool | None = None
    summary: str = ""
    """One sentence from the theme's most central informative contribution."""
    extra: dict[str, int] = field(default_factory=dict)
    """Extra input per channel (e-mail, form, ...): counted beside, never as present."""


@dataclass(frozen=True)
class Claim:
    contribution_id: ContributionId
    text: str


@dataclass(frozen=True)
class SensemakingConfig:
    """Every tunable of the pipeline, with its unit in its name (docs/sensemaking.md)."""

    analyzer: str = "char_wb+word"
    thesaurus: bool = False
    leaf_distance: float = 0.85
    parent_distance: float = 0.92
    duplicate_similarity: float = 0.55
    note_similarity: float = 0.3
    max_exact_texts: int = 4000
    cell_size_texts: int = 1500
    max_text_chars: int = 20_000
    max_quotes: int = 3
    n_keywords: int = 5
    n_threads: int = 1
    route: str = "auto"
    """"full" (lexical + e5 pair model), "medium" (lexical + USE), "fast" (lexical
    cells, for very large inputs) or "auto": full up to ``max_full_texts``
    distinct texts, medium up to ``max_semantic_texts``, fast above."""
    max_full_texts: int = 1000
    max_semantic_texts: int = 3000
    extra_channels: tuple[str, ...] = ("email", "form", "document", "spreadsheet")
    """Channels whose senders were not in the room: extra input, never present."""
    random_state: int = 0
    support: SupportThresholds = field(default_factory=SupportThresholds)
    pair_model: PairModel | None = None
    """A pair model to use instead of the shipped one (benchmarks score held-out models)."""


@dataclass(frozen=True)
class SensemakingResult:
    themes: tuple[Theme, ...]
    duplicates: tuple[tuple[ContributionId, ContributionId], ...]
    claims: tuple[Claim, ...]
    not_discussed: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    order: tuple[ContributionId, ...] = ()
    """Contribution ids in input order: the default row numbers (1-based)."""
    route: str = ""
    """Which grouping route ran ("full", "medium" or "fast")."""
