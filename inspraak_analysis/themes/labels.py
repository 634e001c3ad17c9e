# SPDX-License-Identifier: EUPL-1.2
"""Labels, keywords and quotes, taken from a theme's own texts.

A label is the phrase of one to three words (starting and ending with a
content word, within one clause) that the most contributions of the theme
share, weighted by how rare its words are in the whole input; the words are
shown exactly as a participant wrote them, so a label is never an invented
word. Keywords are the best single words by the same score. Quotes are the
contributions nearest the theme's centre, one per participant first.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from inspraak_analysis.text import (
    GENERIC_WORDS,
    STOPWORDS,
    content_terms,
    fold_diacritics,
    lemma,
    split_compound,
)
from inspraak_analysis.text.normalise import surface_tokens
from inspraak_analysis.text.words import is_known

_CLAUSE = re.compile(r"[.,;:!?()\[\]/\n\"|+=&]+|\s-\s")
MAX_LABEL_WORDS = 3
MAX_WORD_CHARS = 40
MAX_LABEL_CHARS = 80
MAX_RERANKED = 60
Key = tuple[str, ...]


def idf_weights(documents: Sequence[Sequence[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each term (scikit-learn's formula)."""
    n = len(documents)
    df = Counter(term for doc in documents for term in set(doc))
    return {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}


def _key(token: str) -> str | None:
    lower = token.lower()
    if not lower.isalpha() or not 2 <= len(lower) <= MAX_WORD_CHARS:
        return None
    if lower in STOPWORDS or lower in GENERIC_WORDS:
        return None
    base = lemma(lower)
    return None if base in GENERIC_WORDS else fold_diacritics(base)


def phrases(text: str) -> dict[Key, str]:
    """Candidate phrases of a text: content key -> first surface form."""
    found: dict[Key, str] = {}
    for clause in _CLAUSE.split(text):
        tokens = surface_tokens(clause)
        keys = [_key(token) for token in tokens]
        for start, first in enumerate(keys):
            if first is None:
                continue
            for end in range(start, min(start + MAX_LABEL_WORDS, len(tokens))):
                if keys[end] is None or not tokens[end].isalpha():
                    continue
                key = tuple(k for k in keys[start : end + 1] if k is not None)
                found.setdefault(key, " ".join(tokens[start : end + 1]))
    return found


def _score(key: Key, coverage: int, idf: Mapping[str, float], default_idf: float) -> float:
    rarity = sum(idf.get(term, default_idf) for term in key) / len(key)
    return coverage * rarity * (1.0 + 0.25 * (len(key) - 1))


def phrase_counts(texts: Sequence[str]) -> Counter[Key]:
    """In how many of the texts each candidate phrase occurs (a session's background)."""
    return Counter(key for text in texts for key in phrases(text))


def _ranked(
    texts: Sequence[str],
    idf: Mapping[str, float],
    background: Mapping[Key, int] | None = None,
    found: Sequence[Mapping[Key, str]] | None = None,
) -> list[tuple[Key, str]]:
    coverage: Counter[Key] = Counter()
    forms: dict[Key, Counter[str]] = {}
    order: dict[Key, int] = {}
    for candidates in found if found is not None else [phrases(t) for t in texts]:
        for key, form in candidates.items():
            coverage[key] += 1
            forms.setdefault(key, Counter())[form] += 1
            order.setdefault(key, len(order))
    default_idf = max(idf.values(), default=1.0)
    # The most used surface form; on a tie a correctly spelt one ("Bestaanszekerheid",
    # not the typo "Bestaanszekerhied" that the typo correction folded into it).
    best = {key: min(forms[key], key=lambda f: (-forms[key][f], f)) for key in coverage}

    def base(key: Key) -> float:
        return _score(key, coverage[key], idf, default_idf) * _form_weight(best[key])

    ranked = sorted(coverage, key=lambda key: (-round(base(key), 9), order[key]))
    # Only the leading candidates can become a label or keyword: the finer (and
    # dearer) criteria are applied to them alone (100k texts spent 40 s here).
    top, rest = ranked[:MAX_RERANKED], ranked[MAX_RERANKED:]
    for key in top:  # on a tie, a correctly spelt form ("Bestaanszekerheid", not the typo)
        best[key] = min(forms[key], key=lambda f: (-forms[key][f], not _spelt_right(f), f))

    def rank(key: Key) -> tuple[float, bool, int]:
        score = base(key)
        if background is not None:
            # Share within the theme's sessions: a phrase the whole evening
            # used names the evening, not this theme.
            score *= coverage[key] / max(background.get(key, 0), coverage[key])
        return (-round(score, 9), not _spelt_right(best[key]), order[key])

    return [(key, best[key]) for key in [*sorted(top, key=rank), *rest]]


def _spelt_right(form: str) -> bool:
    """Every word in the dictionary, or a compound of dictionary words."""
    return all(is_known(w.lower()) or bool(split_compound(w.lower())) for w in form.split())


def _form_weight(form: str) -> float:
    """Labels read best ending in a noun: an inflected adjective (*sociale*)
    or a lone infinitive (*versterken*) at the end is held back."""
    words = form.lower().split()
    last = words[-1]
    base = lemma(last)
    if last.endswith("e") and base != last and not base.endswith("e"):
        return 0.4
    if len(words) == 1 and last.endswith("en") and base == last and is_known(last):
        return 0.6
    if len(words) > 1 and base != last and base.endswith("en") and not last.endswith("en"):
        return 0.3  # ends in a conjugated verb: "rechten neigt", "wet brengt"
    return 1.0


def _display(form: str) -> str:
    words = [
        w if (w.isupper() and len(w) > 1) or w[1:] != w[1:].lower() else w.lower()
        for w in form.split()
    ]
    label = " ".join(words)[:MAX_LABEL_CHARS]
    return label[:1].upper() + label[1:]


def label_and_keywords(
    texts: Sequence[str],
    idf: Mapping[str, float],
    n_keywords: int = 5,
    avoid: frozenset[str] = frozenset(),
    background: Mapping[Key, int] | None = None,
    found: Sequence[Mapping[Key, str]] | None = None,
) -> tuple[str, list[str]]:
    """A short label and up to ``n_keywords`` keywords from the texts themselves.

    The label is the best phrase whose display form is not in ``avoid``
    (a parent avoids its children's labels), else the best phrase.
    """
    ranked = _ranked(texts, idf, background, found)
    if not ranked:
        first = " ".join(surface_tokens(texts[0])[:MAX_LABEL_WORDS]) if texts else ""
        return (_display(first) if first else "(zonder tekst)"), []
    labels = [_display(form) for _, form in ranked]
    label = next((x for x in labels if x not in avoid), labels[0])
    singles = [
        form.lower() if not form.isupper() else form for key, form in ranked if len(key) == 1
    ]
    return label, list(dict.fromkeys(singles))[:n_keywords]


MAX_SUMMARY_CHARS = 200
# Sentences end at . ! ? or a line break; a colon keeps its explanation ("Water: ...").
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def summary_sentence(
    texts: Sequence[str], centrality: np.ndarray, n_terms: Sequence[int] | None = None
) -> str:
    """The first sentence of the most central contribution that says something.

    Centrality is weighed by how many content words a text has (up to
    four), so "Eens!" never summarises a theme when a real sentence is near.
    """
    if not texts:
        return ""
    counts = n_terms if n_terms is not None else [len(content_terms(t)) for t in texts]
    info = [min(n, 4) / 4.0 for n in counts]
    best = max(range(len(texts)), key=lambda i: (float(centrality[i]) * info[i], -i))
    sentences = [p.strip() for p in _SENTENCE.split(texts[best]) if p.strip()]
    sentence = " ".join((sentences or [texts[best].strip()])[0].split())
    if len(sentence) > MAX_SUMMARY_CHARS:
        sentence = sentence[:MAX_SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    return sentence


def quote_positions(
    similarity: np.ndarray, participants: Sequence[str], max_quotes: int = 3
) -> list[int]:
    """Positions of up to ``max_quotes`` representative texts, most central first.

    One quote per participant before a participant is quoted twice; ties go
    to the earlier position.
    """
    order = sorted(range(len(similarity)), key=lambda i: (-float(similarity[i]), i))
    chosen: list[int] = []
    seen: set[str] = set()
    for i in order:
        if participants[i] not in seen and len(chosen) < max_quotes:
            chosen.append(i)
            seen.add(participants[i])
    for i in order:
        if i not in chosen and len(chosen) < max_quotes:
            chosen.append(i)
    return chosen
