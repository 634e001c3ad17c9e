# SPDX-License-Identifier: EUPL-1.2
"""Figures and factual claims to verify."""

from __future__ import annotations

import pytest

from inspraak_analysis.claims import extract_claims


@pytest.mark.parametrize(
    "text",
    [
        "Rond de 75% van mijn inwoners kampt met problematische schulden",
        "1 op 8 kinderen heeft te maken met jeugdzorg",
        "een op de vijf jongeren voelt zich eenzaam",
        "300.000 codes in totaal bij gemeenten",
        "We kunnen maar 1/3 van de uitkeringsgerechtigden helpen",
        "De meeste gemeenten helpen nu een fractie",
        "Het aantal daklozen is verdubbeld sinds 2015",
        "De helft van de huurders betaalt te veel",
        "Een kaartje van 200 euro kost 60 euro",
        "De overgrote meerderheid van het aanbod is niet evidence-based",
        "Wachtlijst is 12 procent langer dan vorig jaar",
    ],
)
def test_figures_stated_as_fact_are_claims(text: str) -> None:
    assert extract_claims(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "1 miljoen bomen planten",
        "Schone lucht: 100 km vastleggen",
        "Verhuurdersheffing afschaffen",
        "Drie dagen gratis kinderopvang",
        "In 2030 klimaatneutraal",
        "",
    ],
)
def test_proposals_and_plain_text_are_not_claims(text: str) -> None:
    assert extract_claims(text) == []


def test_only_the_sentence_with_the_figure_is_quoted() -> None:
    text = "Veel problemen zijn gemedicaliseerd. 1 op 8 kinderen heeft jeugdzorg. Dus preventie."
    assert extract_claims(text) == ["1 op 8 kinderen heeft jeugdzorg."]


def test_a_very_long_claim_is_shortened() -> None:
    (claim,) = extract_claims("75% " + "zeer lang " * 100)
    assert len(claim) <= 300 and claim.endswith("…")
