# SPDX-License-Identifier: EUPL-1.2
"""A small thesaurus of Dutch policy words that mean the same thing.

Lexical features miss that *bus*, *buslijn* and *ov* are one point, or
*huis* and *woning*. Each group below maps lemmas (or compound parts) onto
one concept term that is added next to the words themselves — never in
place of them, and never shown: labels and keywords use the participants'
own words. Groups are kept narrow on purpose; a broad one (all of *zorg*)
would merge distinct points.
"""

from __future__ import annotations

_GROUPS: dict[str, tuple[str, ...]] = {
    "woning": ("woning", "huis", "huizen", "huisvesting", "woonruimte", "koophuis", "huurhuis"),
    "ov": (
        "openbaar",
        "vervoer",
        "bus",
        "buslijn",
        "busverbinding",
        "bushalte",
        "buurtbus",
        "regiotaxi",
        "trein",
        "ov-verbinding",
        "busvervoer",
    ),
    "oudere": ("oudere", "ouderen", "senior", "bejaarde", "plusser", "pensionado"),
    "jongere": ("jongere", "jongeren", "jeugd", "tiener", "puber"),
    "eenzaam": ("eenzaam", "eenzaamheid", "vereenzamen", "vereenzaming", "isolement"),
    "handhaving": ("handhaving", "handhaven", "boa", "wijkagent", "politie", "agent", "toezicht"),
    "drugs": ("drugs", "drug", "dealen", "dealer", "drugsoverlast", "drugsgebruik"),
    "afval": ("afval", "zwerfafval", "zwerfvuil", "vuil", "dumping", "afvalbak"),
    "groen": ("groen", "boom", "bomen", "tegel", "geveltuin", "park", "hittestress"),
    "fiets": ("fiets", "fietspad", "fietsroute", "fietser", "fietsen", "fietsnetwerk"),
    "energie": ("energie", "energierekening", "stroom", "gasrekening", "energietoeslag"),
    "isolatie": (
        "isolatie",
        "isoleren",
        "geïsoleerd",
        "geisoleerd",
        "verduurzaming",
        "verduurzamen",
    ),
    "armoede": ("armoede", "minima", "minimum", "arm", "armen", "kleine beurs"),
    "schuld": ("schuld", "schulden", "deurwaarder", "schuldhulp", "schuldhulpverlening"),
    "leraar": ("leraar", "leraren", "docent", "juf", "meester", "lerarentekort"),
    "inspraak": ("inspraak", "inspraakavond", "participatie", "meepraten", "meebeslissen"),
    "personeel": ("personeel", "vakmensen", "vakman", "arbeidskracht", "personeelstekort"),
}

CONCEPTS: dict[str, str] = {
    word: f"_{concept}" for concept, words in _GROUPS.items() for word in words
}
