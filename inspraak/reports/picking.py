# SPDX-License-Identifier: EUPL-1.2
"""Choosing what a theme section quotes: the informative texts near the theme's centre.

Plain word statistics, no model: a text's centrality is the cosine of its word
counts with the theme's summed word counts (words shared by many members weigh
more), and its informativeness grows with its number of distinct content words
up to a sentence's worth. "Schulden!!" is central but says little; a long aside
says much but is far from the centre; the product prefers what is both. Near
duplicates of a text already chosen are skipped, so three quotes say three things.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-Ý0-9\"“'])")
# Function words of Dutch and English that carry no topic.
_STOP_WORDS = """
    aan als bij dan dat de den der des deze die dit door een en er het hier hij hoe
    ik in is je jij kan maar meer met moet naar niet nog nu of om ook op over te tot
    uit van veel voor was wat we wel wij wordt worden zal ze zijn zich zo zou the and
    for that this with are was not but have from they you our its all can more
    """
_STOP = frozenset(_STOP_WORDS.split())
INFORMATIVE_WORDS = 12  # distinct content words at which a text counts as fully informative
DUPLICATE_OVERLAP = 0.75  # word-set overlap above which two texts say the same


def words(text: str) -> list[str]:
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP]


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(n * b[w] for w, n in a.items())
    norm = math.sqrt(sum(n * n for n in a.values())) * math.sqrt(sum(n * n for n in b.values()))
    return dot / norm if norm else 0.0


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _scores(texts: dict[int, str]) -> dict[int, float]:
    bags = {key: Counter(words(text)) for key, text in texts.items()}
    centre: Counter[str] = Counter()
    for bag in bags.values():
        centre.update(set(bag))
    return {
        key: (0.05 + _cosine(bag, centre)) * min(len(bag), INFORMATIVE_WORDS) / INFORMATIVE_WORDS
        for key, bag in bags.items()
    }


def texts_pick(texts: dict[int, str], k: int) -> list[int]:
    """Up to k keys of the most representative, mutually different texts (best first)."""
    scores = _scores(texts)
    chosen: list[int] = []
    seen: list[set[str]] = []
    for key in sorted(texts, key=lambda key: (-scores[key], key)):
        bag = set(words(texts[key]))
        if any(_overlap(bag, other) > DUPLICATE_OVERLAP for other in seen):
            continue
        chosen.append(key)
        seen.append(bag)
        if len(chosen) == k:
            break
    return chosen


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]


def summary_pick(
    candidates: Iterable[tuple[int, str]], centre_texts: Iterable[str], *, max_chars: int = 320
) -> list[tuple[int, str]]:
    """Sentences (with the key of the text they come from) that best state the theme.

    Extractive only: every sentence is one of the sources' own, unchanged.
    """
    centre: Counter[str] = Counter()
    for text in centre_texts:
        centre.update(set(words(text)))
    scored = []
    for key, text in candidates:
        for sentence in sentences(text):
            bag = Counter(words(sentence))
            if len(bag) >= 4:
                informative = min(len(bag), INFORMATIVE_WORDS) / INFORMATIVE_WORDS
                scored.append((_cosine(bag, centre) * informative, key, sentence))
    picked: list[tuple[int, str]] = []
    used = 0
    for _score, key, sentence in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if used + len(sentence) > max_chars and picked:
            break
        if all(
            _overlap(set(words(sentence)), set(words(p))) <= DUPLICATE_OVERLAP for _k, p in picked
        ):
            picked.append((key, sentence))
            used += len(sentence)
        if len(picked) == 2:
            break
    return picked
