# SPDX-License-Identifier: EUPL-1.2
"""The Dutch text pipeline."""

from __future__ import annotations

from inspraak_analysis.text import (
    TypoCorrector,
    content_terms,
    normalise,
    split_compound,
    tokenise,
)


def test_normalisation_keeps_diacritics() -> None:
    assert normalise("  Creëren van  COÖPERATIES’s ") == "creëren van coöperaties's"


def test_dotted_abbreviations_become_one_token() -> None:
    assert tokenise("i.p.v. de auto") == ["ipv", "de", "auto"]


def test_tokens_keep_inner_hyphens_and_apostrophes() -> None:
    assert tokenise("Sociaal-culturele voorzieningen voor mbo'ers") == [
        "sociaal-culturele",
        "voorzieningen",
        "voor",
        "mbo'ers",
    ]


def test_compounds_split_into_known_parts() -> None:
    assert split_compound("verhuurdersheffing") == ("verhuurders", "heffing")
    assert split_compound("participatiebudgetten") == ("participatie", "budgetten")
    assert split_compound("jeugdzorgkosten") == ("jeugd", "zorg", "kosten")
    assert split_compound("buurthuizen") == ("buurt", "huizen")
    assert split_compound("verdeling") == ()


def test_content_terms_drop_stop_words_and_expand_abbreviations() -> None:
    assert content_terms("Meer aandacht voor het OV in de regio") == [
        "openbaar",
        "vervoer",
        "regio",
    ]


def test_inflections_meet_in_one_lemma() -> None:
    assert content_terms("afgeschaft") == content_terms("afschaffen")


def test_a_rare_typo_maps_to_the_frequent_spelling() -> None:
    docs = [["verhuurdersheffing"], ["verhuurdersheffing"], ["verhuurdersheffnig"]]
    corrector = TypoCorrector().fit(docs)
    assert corrector.transform(docs)[2] == ["verhuurdersheffing"]


def test_the_optional_thesaurus_adds_concepts_next_to_the_words() -> None:
    terms = content_terms("De buslijn is geschrapt", concepts=True)
    assert terms == ["buslijn", "_ov", "schrappen"]
    assert "_ov" not in content_terms("De buslijn is geschrapt")
