# SPDX-License-Identifier: EUPL-1.2
"""Readable Dutch pseudonyms ("Groene Reiger") for participants who stay anonymous."""

from __future__ import annotations

import secrets
from collections.abc import Set

ADJECTIVES = (
    "Blauwe",
    "Groene",
    "Rode",
    "Gele",
    "Paarse",
    "Oranje",
    "Zilveren",
    "Gouden",
    "Snelle",
    "Stille",
    "Wijze",
    "Dappere",
    "Vrolijke",
    "Rustige",
    "Slimme",
    "Kleine",
    "Grote",
    "Nieuwsgierige",
    "Zachte",
    "Heldere",
)
ANIMALS = (
    "Reiger",
    "Merel",
    "Vos",
    "Das",
    "Egel",
    "Otter",
    "Bever",
    "Uil",
    "Specht",
    "Zwaluw",
    "Kievit",
    "Ree",
    "Haas",
    "Eekhoorn",
    "Mus",
    "Koolmees",
    "Lepelaar",
    "Grutto",
    "Zeehond",
    "IJsvogel",
)


def pseudonym_generate(*, taken: Set[str]) -> str:
    """A pseudonym not in `taken`; numbered ("Blauwe Reiger 2") once the pairs run out."""
    for _attempt in range(50):
        name = f"{secrets.choice(ADJECTIVES)} {secrets.choice(ANIMALS)}"
        if name not in taken:
            return name
    base = f"{secrets.choice(ADJECTIVES)} {secrets.choice(ANIMALS)}"
    number = 2
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"
