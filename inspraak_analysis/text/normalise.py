# SPDX-License-Identifier: EUPL-1.2
"""Normalisation and tokenisation of short Dutch texts.

``normalise`` keeps diacritics (``creëren`` stays ``creëren``) so that
labels and quotes read as written; matching keys use ``fold_diacritics`` so
that ``cooperatie`` and ``coöperatie`` still meet.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCT_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u00ad": "",
        "\u200b": "",
    }
)
# "i.p.v." -> "ipv", "o.a." -> "oa": dotted abbreviations become one token.
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}", re.UNICODE)
_MARKUP = re.compile(r"(?m)^\s*(?:[#>*\-\u2022]+\s*)+|[*_]{2,}")
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


def normalise(text: str) -> str:
    """Lower-case, NFC, plain quotes and dashes, no markup, single spaces.

    Diacritics are kept. The result is meant for matching and tokenising,
    never shown to people (quotes show the original text).
    """
    text = unicodedata.normalize("NFC", text).translate(_PUNCT_MAP)
    text = _MARKUP.sub(" ", text)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    return _SPACE.sub(" ", text.lower()).strip()


def fold_diacritics(word: str) -> str:
    """``coöperatie`` -> ``cooperatie``: strip combining marks, for matching only."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenise(text: str) -> list[str]:
    """Words (with inner hyphens and apostrophes: ``mbo'ers``) and numbers."""
    return _TOKEN.findall(normalise(text))


def surface_tokens(text: str) -> list[str]:
    """Tokens as written (case kept), for building labels from a theme's own words."""
    clean = unicodedata.normalize("NFC", text).translate(_PUNCT_MAP)
    return _TOKEN.findall(_MARKUP.sub(" ", clean))


def split_sentences(text: str) -> list[str]:
    """Split on sentence punctuation and line breaks; empty parts dropped."""
    clean = unicodedata.normalize("NFC", text).translate(_PUNCT_MAP)
    parts = (_SPACE.sub(" ", part).strip(" -#*") for part in _SENTENCE_END.split(clean))
    return [part for part in parts if part]
