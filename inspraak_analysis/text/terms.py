# SPDX-License-Identifier: EUPL-1.2
"""From a post-it to its content terms, and corpus-level typo tolerance.

A *term* is a diacritic-folded lemma of a content word; compounds add their
parts as extra terms, abbreviations are replaced by what they stand for.
``TypoCorrector`` maps a rare term onto a frequent one at edit distance one
(SymSpell's deletion index: Garbe 2012), so *verhuurdersheffnig* meets
*verhuurdersheffing*.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Self

from inspraak_analysis.text.concepts import CONCEPTS
from inspraak_analysis.text.normalise import fold_diacritics, tokenise
from inspraak_analysis.text.stopwords import GENERIC_WORDS, STOPWORDS
from inspraak_analysis.text.words import expand, is_known, lemma, split_compound


def _is_content(word: str) -> bool:
    return len(word) > 1 and word not in STOPWORDS and word not in GENERIC_WORDS


def _words(token: str) -> list[str]:
    """A token as the words it stands for: abbreviations expanded, hyphens split."""
    if token in {"mbo'ers", "hbo'ers", "zzp'ers"} or "'" not in token:
        pieces = [token]
    else:
        pieces = [token.split("'", 1)[0]]
    if "-" in pieces[0]:
        pieces = [pieces[0].replace("-", ""), *pieces[0].split("-")]
    return [word for piece in pieces for word in expand(piece)]


def content_terms(text: str, concepts: bool = False) -> list[str]:
    """Content terms of a text in order; numbers, stop and generic words dropped.

    With ``concepts``, thesaurus concepts (``_ov`` for *bus*) follow the word.
    """
    terms: list[str] = []
    for token in tokenise(text):
        if token[0].isdigit():
            continue
        for word in _words(token):
            base = lemma(word)
            if not (_is_content(word) and _is_content(base)):
                continue
            terms.append(fold_diacritics(base))
            parts = [lemma(part) for part in split_compound(word)]
            terms.extend(fold_diacritics(p) for p in parts if _is_content(p))
            if concepts:
                terms.extend(_concepts(word, base, parts))
    return terms


def _concepts(word: str, base: str, parts: list[str]) -> list[str]:
    found = {CONCEPTS.get(w) for w in (word, base, *parts)}
    return sorted(c for c in found if c is not None)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoCorrector:
    """Map rare unknown terms to a frequent term one edit away.

    scikit-learn style: ``fit`` learns ``mapping_`` from a corpus of term
    lists; ``transform`` applies it. Deterministic: ties go to the more
    frequent term, then the alphabetically first.
    """

    def __init__(self, min_length: int = 5, min_count: int = 2, max_length: int = 40) -> None:
        self.min_length = min_length
        self.min_count = min_count
        self.max_length = max_length

    def fit(self, documents: Iterable[Sequence[str]]) -> Self:
        counts = Counter(
            term for doc in documents for term in set(doc) if len(term) <= self.max_length
        )
        index: dict[str, list[str]] = {}
        for term, count in counts.items():
            if count >= self.min_count and len(term) >= self.min_length - 1:
                for key in {term, *_deletes(term)}:
                    index.setdefault(key, []).append(term)
        self.mapping_: dict[str, str] = {}
        for term, count in counts.items():
            if count < self.min_count and len(term) >= self.min_length and not is_known(term):
                target = self._best(term, index, counts)
                if target is not None:
                    self.mapping_[term] = target
        return self

    @staticmethod
    def _best(term: str, index: dict[str, list[str]], counts: Counter[str]) -> str | None:
        candidates = {c for key in {term, *_deletes(term)} for c in index.get(key, ())}
        candidates.discard(term)
        if not candidates:
            return None
        return min(candidates, key=lambda c: (-counts[c], c))

    def transform(self, documents: Iterable[Sequence[str]]) -> list[list[str]]:
        return [[self.mapping_.get(term, term) for term in doc] for doc in documents]
