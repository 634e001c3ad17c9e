# SPDX-License-Identifier: EUPL-1.2
"""Dutch text pipeline: normalise, tokenise, stop words, lemmas, compounds, typos."""

from inspraak_analysis.text.normalise import (
    fold_diacritics,
    normalise,
    split_sentences,
    surface_tokens,
    tokenise,
)
from inspraak_analysis.text.stopwords import GENERIC_WORDS, STOPWORDS
from inspraak_analysis.text.terms import TypoCorrector, content_terms
from inspraak_analysis.text.words import lemma, split_compound, stem

__all__ = [
    "GENERIC_WORDS",
    "STOPWORDS",
    "TypoCorrector",
    "content_terms",
    "fold_diacritics",
    "lemma",
    "normalise",
    "split_compound",
    "split_sentences",
    "stem",
    "surface_tokens",
    "tokenise",
]
