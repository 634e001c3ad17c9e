# SPDX-License-Identifier: EUPL-1.2
"""Feature vectors for grouping: TF-IDF over the content terms of each text.

The default, ``char_wb`` 3-5-grams over the analysed terms (lemmas,
compound parts, expanded abbreviations, typo-corrected), tolerates spelling
variation and inflection; ``word`` uses Porter stems of the same terms.
MEASUREMENTS.md found character n-grams on a par with the e5-small
embedding for Dutch post-its; docs/sensemaking.md has our own comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from inspraak_analysis.text import TypoCorrector, content_terms, stem

ANALYZERS = ("char_wb", "word", "char_wb+word")


def _identity(terms: str) -> list[str]:
    return terms.split()


class ContributionVectoriser:
    """Texts -> L2-normalised sparse TF-IDF rows (scikit-learn contract).

    After ``fit``: ``terms_`` (the analysed terms per fitted text) and
    ``corrector_`` (the learned typo mapping).
    """

    def __init__(
        self, analyzer: str = "char_wb", typo_correction: bool = True, thesaurus: bool = False
    ) -> None:
        self.analyzer = analyzer
        self.typo_correction = typo_correction
        self.thesaurus = thesaurus

    def fit(self, texts: Sequence[str]) -> Self:
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        if self.analyzer not in ANALYZERS:
            raise ValueError(f"analyzer must be one of {ANALYZERS}, not {self.analyzer!r}")
        raw = [content_terms(text, self.thesaurus) for text in texts]
        self.corrector_ = TypoCorrector().fit(raw if self.typo_correction else [])
        self.terms_ = self.corrector_.transform(raw)
        self.char_ = self.word_ = None
        if not any(self.terms_):  # nothing but stop words, numbers or symbols
            return sp.csr_matrix((len(self.terms_), 1), dtype=np.float32)
        blocks = []
        if "char_wb" in self.analyzer:
            self.char_ = self._char_vectoriser()
            blocks.append(self.char_.fit_transform(" ".join(t) for t in self.terms_))
        if "word" in self.analyzer:
            self.word_ = self._word_vectoriser()
            blocks.append(self.word_.fit_transform(self._stems(self.terms_)))
        return self._combine(blocks)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        terms = self.corrector_.transform(content_terms(t, self.thesaurus) for t in texts)
        if self.char_ is None and self.word_ is None:
            return sp.csr_matrix((len(terms), 1), dtype=np.float32)
        blocks = []
        if self.char_ is not None:
            blocks.append(self.char_.transform(" ".join(t) for t in terms))
        if self.word_ is not None:
            blocks.append(self.word_.transform(self._stems(terms)))
        return self._combine(blocks)

    @staticmethod
    def _char_vectoriser() -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )

    @staticmethod
    def _word_vectoriser() -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, dtype=np.float32, lowercase=False
        )

    @staticmethod
    def _stems(terms: Sequence[Sequence[str]]) -> list[str]:
        return [" ".join(stem(term) for term in doc) for doc in terms]

    @staticmethod
    def _combine(blocks: list[sp.csr_matrix]) -> sp.csr_matrix:
        matrix = blocks[0] if len(blocks) == 1 else sp.hstack(blocks, format="csr")
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms).astype(np.float32) @ matrix)
