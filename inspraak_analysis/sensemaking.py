# SPDX-License-Identifier: EUPL-1.2
"""The sensemaking pipeline: contributions in, themes with support out.

``analyse`` groups Dutch contributions into leaf and parent themes across
sessions, counts support per theme, finds near-duplicates, claims to
verify and themes named but not discussed. It is deterministic (same input,
same JSON byte for byte) and never imports Django. The method, thresholds
and result format are documented in docs/sensemaking.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from inspraak_analysis.claims import extract_claims
from inspraak_analysis.support import Votes
from inspraak_analysis.themes import duplicates as dup
from inspraak_analysis.themes import semantic
from inspraak_analysis.themes.build import (
    ALL_SESSIONS,
    MAX_BACKGROUND_SESSIONS,
    ThemeInput,
    build_themes,
    is_extra,
)
from inspraak_analysis.themes.encoders import Embedder, default_embedder
from inspraak_analysis.themes.features import ContributionVectoriser
from inspraak_analysis.themes.grouping import ThemeClusterer
from inspraak_analysis.themes.labels import Key, idf_weights, phrases
from inspraak_analysis.themes.model import (
    Claim,
    Contribution,
    ContributionId,
    Note,
    SensemakingConfig,
    SensemakingResult,
    SessionSupport,
    Theme,
)
from inspraak_analysis.themes.pairs import shipped_models
from inspraak_analysis.themes.render import result_to_json, result_to_markdown

__all__ = [
    "Claim",
    "Contribution",
    "Note",
    "SensemakingConfig",
    "SensemakingResult",
    "SessionSupport",
    "Theme",
    "Votes",
    "analyse",
    "result_to_json",
    "result_to_markdown",
]

Progress = Callable[[str, int, int], None]
STAGES = ("features", "grouping", "duplicates", "themes", "claims")


def analyse(
    contributions: Sequence[Contribution],
    *,
    present: Mapping[str, int] | None = None,
    notes: Sequence[Note] = (),
    votes: Mapping[ContributionId, Votes] | None = None,
    config: SensemakingConfig | None = None,
    progress: Progress | None = None,
    embed: Embedder | None = None,
) -> SensemakingResult:
    """Themes, support, duplicates, claims and named-not-discussed for the input.

    ``present`` maps a session to the participants present (default: the
    distinct participants who contributed in it; a smaller given number is
    raised to that, with a warning). ``votes`` holds agree/disagree/pass
    counts per contribution id. ``progress(stage, done, total)`` is called
    once per stage. ``embed(model, texts)`` returns sentence vectors (pass one
    that reads a cache; default: compute them). Raises ``ValueError`` on
    duplicate contribution ids.
    """
    cfg = config or SensemakingConfig()
    embedder = embed or default_embedder(cfg.n_threads)
    with threadpool_limits(limits=cfg.n_threads):
        return _Run(contributions, present, notes, votes or {}, cfg, progress, embedder).result()


class _Run:
    """One analysis; each method is one stage of ``analyse``."""

    def __init__(
        self,
        contributions: Sequence[Contribution],
        present: Mapping[str, int] | None,
        notes: Sequence[Note],
        votes: Mapping[ContributionId, Votes],
        cfg: SensemakingConfig,
        progress: Progress | None,
        embed: Embedder,
    ) -> None:
        self.embed = embed
        self.unit_similarity: np.ndarray | None = None
        self.items = list(contributions)
        self.notes, self.votes, self.cfg, self.progress = notes, votes, cfg, progress
        self.warnings: list[str] = []
        self._check_ids()
        self.texts = [self._clip(c) for c in self.items]
        self.keys = [_participant_key(c) for c in self.items]
        self.present = self._present(present or {})

    def _check_ids(self) -> None:
        seen: set[ContributionId] = set()
        for c in self.items:
            if c.id in seen:
                raise ValueError(f"contribution id {c.id!r} occurs more than once")
            seen.add(c.id)

    def _clip(self, c: Contribution) -> str:
        if len(c.text) <= self.cfg.max_text_chars:
            return c.text
        self.warnings.append(
            f"contribution {c.id}: only the first {self.cfg.max_text_chars} of "
            f"{len(c.text)} characters were analysed"
        )
        return c.text[: self.cfg.max_text_chars]

    def _present(self, given: Mapping[str, int]) -> dict[str, int]:
        """Present per session: as given, but never below who visibly carried something there.

        Extra input (e-mail, form, ...) adds nobody: its senders were not in the room.
        """
        seen: dict[str, set[str]] = {}
        for c, key in zip(self.items, self.keys, strict=True):
            if is_extra(c, self.cfg):
                continue
            people = seen.setdefault(c.session, set())
            people.add(key)
            people.update(who for who in c.endorsed_by if who.strip())
        present = {}
        for session, keys in sorted(seen.items()):
            stated = given.get(session, len(keys))
            if stated < len(keys):
                self.warnings.append(
                    f"session {session!r}: {stated} present given, but {len(keys)} "
                    f"participants contributed; counting {len(keys)} present"
                )
            present[session] = max(stated, len(keys))
        return present

    def _step(self, stage: str) -> None:
        if self.progress is not None:
            self.progress(stage, STAGES.index(stage) + 1, len(STAGES))

    def result(self) -> SensemakingResult:
        if not self.items:
            return SensemakingResult((), (), (), (), tuple(self.warnings), (), "")
        self.vectoriser = ContributionVectoriser(
            analyzer=self.cfg.analyzer, thesaurus=self.cfg.thesaurus
        )
        self.vectors = self.vectoriser.fit_transform(self.texts)
        self._units()
        self._step("features")
        self.route = self._route()
        labels, parents, similar = self._group()
        self._step("grouping")
        pairs, leaf_of_unit = self._duplicates(labels, similar)
        self._step("duplicates")
        themes = build_themes(self._theme_input(), leaf_of_unit[self.unit_of_row], parents)
        self._step("themes")
        claims = tuple(
            Claim(c.id, claim)
            for c, text in zip(self.items, self.texts, strict=True)
            for claim in extract_claims(text)
        )
        self._step("claims")
        not_discussed = tuple(t.id for t in themes if t.is_leaf and t.discussed is False)
        order = tuple(c.id for c in self.items)
        return SensemakingResult(
            tuple(themes), pairs, claims, not_discussed, tuple(self.warnings), order, self.route
        )

    def _route(self) -> str:
        if self.cfg.route != "auto":
            return self.cfg.route
        n = len(self.unit_rows)
        if n <= self.cfg.max_full_texts:
            return "full"
        return "medium" if n <= self.cfg.max_semantic_texts else "fast"

    def _group(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Leaf per unit, parent per leaf, similar unit pairs, by the chosen route."""
        if self.route in ("full", "medium"):
            try:
                return self._group_semantic()
            except (ImportError, OSError) as error:  # an encoder missing on this platform
                self.warnings.append(f"sentence encoder unavailable ({error}); lexical route")
                self.route = "fast"
        clusterer = ThemeClusterer(
            self.cfg.leaf_distance,
            self.cfg.parent_distance,
            max_exact=self.cfg.max_exact_texts,
            cell_size=self.cfg.cell_size_texts,
            pair_similarity=self.cfg.duplicate_similarity,
            random_state=self.cfg.random_state,
        ).fit(self.vectors[self.unit_rows])
        return clusterer.labels_, clusterer.parents_, clusterer.similar_pairs_

    def _group_semantic(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        model = self.cfg.pair_model or shipped_models()[self.route]
        rows = self.unit_rows
        sessions = [self.items[r].session for r in rows]
        dense = semantic.dense_views(
            [self.texts[r] for r in rows],
            [self.vectoriser.terms_[r] for r in rows],
            sessions,
            model.views,
            self.embed,
        )
        grouping = semantic.group(
            model, self.vectors[rows], dense, sessions, self.cfg.duplicate_similarity
        )
        self.unit_similarity = grouping.probability
        return grouping.labels, grouping.parents, grouping.similar_pairs

    def _units(self) -> None:
        """Rows with identical analysed terms share one unit (and one vector)."""
        unit_of_key: dict[str, int] = {}
        self.unit_rows: list[int] = []
        unit_of_row = []
        for row, terms in enumerate(self.vectoriser.terms_):
            key = " ".join(terms) or "\x00" + " ".join(self.texts[row].lower().split())
            if key not in unit_of_key:
                unit_of_key[key] = len(self.unit_rows)
                self.unit_rows.append(row)
            unit_of_row.append(unit_of_key[key])
        self.unit_of_row = np.asarray(unit_of_row, dtype=np.int64)

    def _duplicates(
        self, leaf_of_unit: np.ndarray, pairs: np.ndarray
    ) -> tuple[tuple[tuple[ContributionId, ContributionId], ...], np.ndarray]:
        """Near-duplicate pairs within one leaf theme.

        Pairs that straddle two leaves are left out rather than merging the
        leaves: merging along pairs chains unrelated themes together on
        large inputs, and a reported pair must never contradict the themes.
        """
        same = leaf_of_unit[pairs[:, 0]] == leaf_of_unit[pairs[:, 1]]
        return self._row_pairs(pairs[same]), leaf_of_unit

    def _row_pairs(
        self, unit_pairs: np.ndarray
    ) -> tuple[tuple[ContributionId, ContributionId], ...]:
        unit_groups = dup.groups(unit_pairs, len(self.unit_rows))
        grouped = {u for group in unit_groups for u in group}
        rows_of_unit: dict[int, list[int]] = {}
        for row, unit in enumerate(self.unit_of_row.tolist()):
            rows_of_unit.setdefault(unit, []).append(row)
        row_groups = [sorted(r for u in g for r in rows_of_unit[u]) for g in unit_groups]
        row_groups += [
            rows for u, rows in rows_of_unit.items() if len(rows) > 1 and u not in grouped
        ]
        pairs = [(g[0], other) for g in row_groups for other in g[1:]]
        return tuple((self.items[a].id, self.items[b].id) for a, b in sorted(pairs))

    def _theme_input(self) -> ThemeInput:
        discussed = self._discussed_rows()
        info = {c.session for c, d in zip(self.items, discussed, strict=True) if d}
        info |= {note.session for note in self.notes}
        return ThemeInput(
            contributions=self.items,
            texts=self.texts,
            participant_keys=self.keys,
            present=self.present,
            vectors=self.vectors,
            idf=idf_weights(self.vectoriser.terms_),
            votes=[self.votes.get(c.id) for c in self.items],
            discussed=discussed,
            sessions_with_info=frozenset(info),
            config=self.cfg,
            session_phrases=self._session_phrases(),
            row_phrases=self.row_phrases,
            n_terms=[len(t) for t in self.vectoriser.terms_],
            unit_of_row=self.unit_of_row,
            unit_similarity=self.unit_similarity,
        )

    def _session_phrases(self) -> dict[str, Counter[Key]]:
        """Each row's candidate phrases (once), and how many rows of each session use each."""
        self.row_phrases = [phrases(text) for text in self.texts]
        counts: dict[str, Counter[Key]] = {}
        for c, found in zip(self.items, self.row_phrases, strict=True):
            counts.setdefault(c.session, Counter()).update(found.keys())
        if len(counts) > MAX_BACKGROUND_SESSIONS:
            total: Counter[Key] = Counter()
            for session_counts in counts.values():
                total.update(session_counts)
            counts[ALL_SESSIONS] = total
        return counts

    def _discussed_rows(self) -> list[bool]:
        """Marked discussed, named by a note, or resembling a note of its session."""
        discussed = [c.discussed for c in self.items]
        row_of_id = {c.id: row for row, c in enumerate(self.items)}
        for note in self.notes:
            for cid in note.contribution_ids:
                if cid in row_of_id:
                    discussed[row_of_id[cid]] = True
        loose = [note for note in self.notes if not note.contribution_ids]
        if loose:
            sims = self.vectors @ self.vectoriser.transform([n.text for n in loose]).T
            dense = np.asarray(sims.toarray())
            for row, c in enumerate(self.items):
                for j, note in enumerate(loose):
                    if note.session == c.session and dense[row, j] >= self.cfg.note_similarity:
                        discussed[row] = True
        return discussed


def _participant_key(c: Contribution) -> str:
    """Participants count per session; an anonymous contribution counts as its own person."""
    who = c.participant.strip()
    return f"{who}" if who else f"\x00anonymous:{c.id!r}"
