# SPDX-License-Identifier: EUPL-1.2
"""Assemble ``Theme`` records from a grouping: counts, support, label, quotes.

Counting rules (docs/sensemaking.md): a participant is counted once per
session in which they carried the theme; ``present`` is the number present
in each session where the theme came up; totals are sums over sessions, so
a theme is *unaniem* only if every present participant of every one of its
sessions carried it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp

from inspraak_analysis.support import Votes, support_level
from inspraak_analysis.themes.labels import (
    Key,
    label_and_keywords,
    quote_positions,
    summary_sentence,
)
from inspraak_analysis.themes.model import Contribution, SensemakingConfig, SessionSupport, Theme


@dataclass(frozen=True)
class ThemeInput:
    """Everything per row that theme assembly needs, aligned with ``contributions``."""

    contributions: Sequence[Contribution]
    texts: Sequence[str]
    participant_keys: Sequence[str]
    present: Mapping[str, int]
    vectors: sp.csr_matrix
    idf: Mapping[str, float]
    votes: Sequence[Votes | None]
    discussed: Sequence[bool]
    sessions_with_info: frozenset[str]
    config: SensemakingConfig
    session_phrases: Mapping[str, Counter[Key]] = field(default_factory=dict)
    row_phrases: Sequence[Mapping[Key, str]] = ()
    n_terms: Sequence[int] = ()
    unit_of_row: np.ndarray | None = None
    unit_similarity: np.ndarray | None = None
    """Same-theme probability between units (semantic routes); None: lexical centre."""


def is_extra(c: Contribution, config: SensemakingConfig) -> bool:
    """Input by e-mail, form, document or spreadsheet: its sender was not present."""
    return c.channel in config.extra_channels


def _extra(inp: ThemeInput, rows: Sequence[int]) -> dict[str, int]:
    extra: dict[str, int] = {}
    for row in rows:
        c = inp.contributions[row]
        if is_extra(c, inp.config):
            extra[c.channel] = extra.get(c.channel, 0) + 1
    return dict(sorted(extra.items()))


def _by_session(inp: ThemeInput, rows: Sequence[int]) -> dict[str, SessionSupport]:
    """Carriers per session: authors and endorsers of in-room input; hidden input is not given."""
    carried: dict[str, set[str]] = {}
    for row in rows:
        c = inp.contributions[row]
        if is_extra(c, inp.config):
            continue
        keys = carried.setdefault(c.session, set())
        keys.add(inp.participant_keys[row])
        keys.update(who for who in c.endorsed_by if who.strip())
    return {
        session: SessionSupport(len(keys), inp.present[session])
        for session, keys in sorted(carried.items())
    }


def _votes(inp: ThemeInput, rows: Sequence[int]) -> Votes | None:
    total: Votes | None = None
    for row in rows:
        votes = inp.votes[row]
        if votes is not None:
            total = votes if total is None else total + votes
    return total


def _discussed(inp: ThemeInput, rows: Sequence[int], sessions: Sequence[str]) -> bool | None:
    if any(inp.discussed[row] for row in rows):
        return True
    return False if all(s in inp.sessions_with_info for s in sessions) else None


def make_theme(
    inp: ThemeInput, rows: Sequence[int], *, is_leaf: bool, avoid: frozenset[str] = frozenset()
) -> Theme:
    """A theme (id and parent filled in later) for the given rows."""
    by_session = _by_session(inp, rows)
    participants = sum(s.participants for s in by_session.values())
    present = sum(s.present for s in by_session.values())
    background = _Background(
        [inp.session_phrases[s] for s in by_session if s in inp.session_phrases]
    )
    found = [inp.row_phrases[r] for r in rows] if inp.row_phrases else None
    label, keywords = label_and_keywords(
        [inp.texts[r] for r in rows], inp.idf, inp.config.n_keywords, avoid, background, found
    )
    centrality = _centrality(inp, rows)
    quotes = quote_positions(
        centrality,
        [inp.participant_keys[r] for r in rows],
        inp.config.max_quotes,
    )
    return Theme(
        id="",
        label=label,
        parent=None,
        sessions=tuple(by_session) or tuple(sorted({inp.contributions[r].session for r in rows})),
        contribution_ids=tuple(inp.contributions[r].id for r in rows),
        participants=participants,
        present=present,
        support=support_level(participants, present, _votes(inp, rows), inp.config.support),
        by_session=by_session,
        keywords=tuple(keywords),
        quote_ids=tuple(inp.contributions[rows[q]].id for q in quotes),
        quote_texts=tuple(inp.texts[rows[q]] for q in quotes),
        is_leaf=is_leaf,
        discussed=_discussed(inp, rows, tuple(by_session)),
        summary=summary_sentence(
            [inp.texts[r] for r in rows],
            centrality,
            [inp.n_terms[r] for r in rows] if inp.n_terms else None,
        ),
        extra=_extra(inp, rows),
    )


MAX_BACKGROUND_SESSIONS = 8
ALL_SESSIONS = "\x00all"


class _Background(Mapping[Key, int]):
    """Phrase counts over the theme's sessions, summed only for the phrases asked about."""

    def __init__(self, counters: list[Counter[Key]]) -> None:
        self.counters = counters

    def __getitem__(self, key: Key) -> int:
        return sum(c.get(key, 0) for c in self.counters)

    def __iter__(self) -> Iterator[Key]:
        return iter({k for c in self.counters for k in c})

    def __len__(self) -> int:
        return len({k for c in self.counters for k in c})


def _centrality(inp: ThemeInput, rows: Sequence[int]) -> np.ndarray:
    """How central each row is in its theme: mean pair probability, else lexical."""
    if inp.unit_similarity is not None and inp.unit_of_row is not None:
        units = inp.unit_of_row[list(rows)]
        return np.asarray(inp.unit_similarity[np.ix_(units, units)].mean(axis=1)).ravel()
    block = inp.vectors[list(rows)]
    centre = np.asarray(block.mean(axis=0)).ravel()
    return np.asarray(block @ centre).ravel()


def _rank(rows: Sequence[int], theme: Theme) -> tuple[int, int, int]:
    return (-theme.participants, -len(rows), rows[0])


def build_themes(
    inp: ThemeInput, leaf_of_row: np.ndarray, parent_of_leaf: np.ndarray
) -> list[Theme]:
    """All themes in report order: each top-level theme, then its children."""
    leaf_rows: dict[int, list[int]] = {}
    for row, leaf in enumerate(leaf_of_row.tolist()):
        leaf_rows.setdefault(int(leaf), []).append(row)
    children: dict[int, list[int]] = {}
    tops: list[tuple[tuple[int, int, int], Theme, list[Theme]]] = []
    for leaf in sorted(leaf_rows):
        parent = int(parent_of_leaf[leaf]) if leaf < len(parent_of_leaf) else -1
        if parent >= 0:
            children.setdefault(parent, []).append(leaf)
        else:
            theme = make_theme(inp, leaf_rows[leaf], is_leaf=True)
            tops.append((_rank(leaf_rows[leaf], theme), theme, []))
    for leaves in children.values():
        if len(leaves) == 1:
            theme = make_theme(inp, leaf_rows[leaves[0]], is_leaf=True)
            tops.append((_rank(leaf_rows[leaves[0]], theme), theme, []))
            continue
        rows = sorted(r for leaf in leaves for r in leaf_rows[leaf])
        kids = [make_theme(inp, leaf_rows[leaf], is_leaf=True) for leaf in leaves]
        order = sorted(range(len(kids)), key=lambda i: _rank(leaf_rows[leaves[i]], kids[i]))
        avoid = frozenset(kid.label for kid in kids)
        parent_theme = make_theme(inp, rows, is_leaf=False, avoid=avoid)
        tops.append((_rank(rows, parent_theme), parent_theme, [kids[i] for i in order]))
    return _number(sorted(tops, key=lambda item: item[0]))


def _number(tops: list[tuple[tuple[int, int, int], Theme, list[Theme]]]) -> list[Theme]:
    numbered: list[Theme] = []
    for _, theme, kids in tops:
        parent_id = f"t{len(numbered) + 1}"
        numbered.append(_with(theme, parent_id, None))
        numbered.extend(_with(kid, f"t{len(numbered) + 1}", parent_id) for kid in kids)
    return numbered


def _with(theme: Theme, theme_id: str, parent: str | None) -> Theme:
    return replace(theme, id=theme_id, parent=parent)
