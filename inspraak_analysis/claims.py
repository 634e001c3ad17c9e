# SPDX-License-Identifier: EUPL-1.2
"""Figures and factual claims that a committee should check before use.

A sentence is a claim to verify when it states a proportion or a trend as
fact ("75% van de inwoners", "1 op 8 kinderen", "1/3", "de meeste",
"verdubbeld") — always — or a large number or an amount of money
("300.000 codes", "200 euro") unless the sentence reads as a proposal
("1 miljoen bomen planten", "100 km vastleggen"): a target is not a fact.
Recall is preferred over precision: an extra line for the committee costs
less than an unchecked figure in a programme.
"""

from __future__ import annotations

import re

from inspraak_analysis.text.normalise import split_sentences

_NUM_WORD = (
    r"(?:\d+|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|"
    r"honderd|duizend)"
)
_FRACTION_WORD = r"(?:derde|kwart|vierde|vijfde|zesde|tiende|helft)"
_STRONG = re.compile(
    "|".join(
        [
            r"\d+(?:[.,]\d+)?\s*(?:%|procent\b|promille\b)",
            rf"\b{_NUM_WORD}\s+op\s+(?:de\s+)?{_NUM_WORD}\b",
            r"(?<![\d/])\d+\s*/\s*\d+(?![\d/])",
            rf"\b(?:een|één|twee|drie|de)[\s-]?{_FRACTION_WORD}\b",
            r"\bde\s+meeste\b|\bde\s+meesten\b|\bmeerderheid\b|\bminderheid\b",
            r"\bverdubbel\w*|\bverdrievoudig\w*|\bgehalveerd\b|\bhalvering\b",
            r"\b(?:ge)?(?:stegen|daald|gedaald)\s+(?:met|naar)\b|\btoename\s+van\b",
            r"\bbijna\s+(?:niets|niemand|iedereen|alle|geen)\b|\bnauwelijks\s+(?:meer|nog)\b",
            r"\b\d+\s*(?:keer|maal)\s+zo\b",
        ]
    ),
    re.IGNORECASE,
)
_WEAK = re.compile(
    r"\b\d{1,3}(?:\.\d{3})+\b"  # 300.000
    r"|\b\d+(?:[.,]\d+)?\s*(?:duizend|miljoen|miljard|mln|mld)\b"
    r"|€\s*\d|\b\d+(?:[.,]\d+)?\s*(?:euro|eur)\b"
    r"|\b(?!(?:19|20)\d\d\b)\d{3,}\b",  # 3+ digits, but not a year
    re.IGNORECASE,
)
_PROPOSAL = re.compile(
    r"\b(?:planten|bouwen|vastleggen|invoeren|investeren|investeer|verhogen|verlagen|"
    r"uittrekken|reserveren|vrijmaken|beschikbaar\s+stellen|realiseren|minimaal|minstens|"
    r"maximaal|maximum|doel|doelstelling|streven)\b",
    re.IGNORECASE,
)
MAX_CLAIM_CHARS = 300


def is_claim(sentence: str) -> bool:
    """True when the sentence states a figure or trend as fact (see module doc)."""
    if _STRONG.search(sentence):
        return True
    return bool(_WEAK.search(sentence)) and not _PROPOSAL.search(sentence)


def extract_claims(text: str) -> list[str]:
    """The sentences of ``text`` that are claims to verify, in order, each once."""
    found: list[str] = []
    for sentence in split_sentences(text):
        if is_claim(sentence) and sentence not in found:
            found.append(_shorten(sentence))
    return found


def _shorten(sentence: str) -> str:
    if len(sentence) <= MAX_CLAIM_CHARS:
        return sentence
    return sentence[: MAX_CLAIM_CHARS - 1].rsplit(" ", 1)[0] + "…"
