# SPDX-License-Identifier: EUPL-1.2
"""Word-level Dutch processing: abbreviations, lemmas, stems, compounds.

Lemmas come from simplemma's Dutch dictionary; words it does not know are
split into known parts where possible (*participatiebudgetten* ->
*participatie* + *budget*), and stems come from Snowball's classic Dutch
(Porter) stemmer, which is gentler than the newer Kraaij-Pohlmann one (that
one reduces *gemeenten* to *meen*).
"""

from __future__ import annotations

from functools import lru_cache

import simplemma
import snowballstemmer

from inspraak_analysis.text.normalise import fold_diacritics

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ov": ("openbaar", "vervoer"),
    "gl": ("groenlinks",),
    "wmo": ("wmo", "maatschappelijke", "ondersteuning"),
    "ggz": ("ggz", "geestelijke", "gezondheidszorg"),
    "pgb": ("persoonsgebonden", "budget"),
    "zzp": ("zzp", "zelfstandige"),
    "zzp'ers": ("zzp", "zelfstandige"),
    "zzpers": ("zzp", "zelfstandige"),
    "mbo'ers": ("mbo", "studenten"),
    "hbo'ers": ("hbo", "studenten"),
    "bso": ("buitenschoolse", "opvang"),
    "kdv": ("kinderdagverblijf",),
    "sw": ("sociale", "werkvoorziening"),
    "ozb": ("onroerendezaakbelasting",),
    "aow": ("aow", "pensioen"),
    "nl": ("nederland",),
    "ned": ("nederland",),
    "gem": ("gemeente",),
    "gemeentes": ("gemeenten",),
    "vve": ("vroegschoolse", "educatie"),
    "cjg": ("jeugd", "gezin"),
    "jz": ("jeugdzorg",),
    "buig": ("buig", "uitkeringen", "budget"),
    "sde": ("sde", "subsidie"),
    "lhbti": ("lhbti", "lhbtiq"),
    "lhbtiq": ("lhbti", "lhbtiq"),
    "fte": ("formatie",),
    "min": ("minimum",),
}

MIN_PART = 4
MAX_COMPOUND = 50  # longer "words" are not Dutch compounds but pasted junk
_STEMMER = snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    """True when simplemma's Dutch dictionary knows the word form."""
    return bool(simplemma.is_known(word, lang="nl"))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Dictionary lemma (``afgeschaft`` -> ``afschaffen``), else the word itself."""
    if not word.isalpha():
        return word
    found = str(simplemma.lemmatize(word, lang="nl")).replace("_", "").lower()
    return found if found else word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter stem of the diacritic-folded word (``betaalbare`` -> ``betal``)."""
    return str(_STEMMER.stemWord(fold_diacritics(word)))


def _modifier_forms(part: str) -> list[str]:
    """A compound's left part as written and without a linking -s-/-e-/-en-."""
    forms = [part]
    for link in ("s", "e", "en", "n"):
        if part.endswith(link) and len(part) - len(link) >= MIN_PART - 1:
            forms.append(part[: -len(link)])
    return forms


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Known parts of a Dutch compound, or ``()`` when it is not one.

    Tries the longest known head first (Dutch compounds are right-headed)
    and splits the modifier recursively: ``jeugdzorgkosten`` ->
    ``("jeugd", "zorg", "kosten")``. Known words shorter than 10 letters are
    left alone, which keeps ``verdeling`` from becoming *verde* + *ling*.
    """
    if not word.isalpha() or not 2 * MIN_PART <= len(word) <= MAX_COMPOUND:
        return ()
    if len(word) < 10 and is_known(word):
        return ()
    best: tuple[str, ...] = ()
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[cut:]
        if is_known(head):
            parts = _split_modifier(word[:cut])
            if parts and _balance(parts, head) > _balance(best[:-1], best[-1] if best else ""):
                best = (*parts, head)
    return best


def _balance(modifier: tuple[str, ...], head: str) -> int:
    """Length of the shortest part: *buurt|huizen* beats *buur|thuizen*."""
    return min((len(part) for part in (*modifier, head)), default=0) if modifier else -1


def _split_modifier(part: str) -> tuple[str, ...]:
    for modifier in _modifier_forms(part):
        if len(modifier) >= MIN_PART - 1 and is_known(modifier):
            return (modifier,)
    for modifier in _modifier_forms(part):
        inner = split_compound(modifier)
        if inner:
            return inner
    return ()


def expand(token: str) -> tuple[str, ...]:
    """Replace a known abbreviation by the words it stands for."""
    return ABBREVIATIONS.get(token, (token,))
