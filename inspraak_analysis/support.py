# SPDX-License-Identifier: EUPL-1.2
"""Support levels: the words a report may use, derived from counts only.

PRODUCT.md, "How support is stated": the words follow documented,
configurable thresholds, and a report never says *unaniem* without the
count behind it. The rules, checked in this order:

1. ``verdeeld`` — votes were held on the point and split: at least
   ``divided_min_votes`` agree/disagree votes, and the smaller side has at
   least ``divided_min_share`` of them.
2. ``unaniem`` — every present participant carried it (``participants ==
   present``) and at least ``unanimous_min_present`` were present.
3. ``breed gedragen`` — at least ``broad_min_participants`` carried it and
   ``participants / present >= broad_min_share``.
4. ``door meerdere deelnemers`` — two or more carried it.
5. ``door één deelnemer genoemd`` — exactly one carried it.

``participants`` counts distinct participants who wrote or endorsed a
contribution in the point; ``present`` counts those present in the
session(s) where it came up. Both are summed over sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

UNANIMOUS = "unaniem"
BROAD = "breed gedragen"
SEVERAL = "door meerdere deelnemers"
ONE = "door één deelnemer genoemd"
DIVIDED = "verdeeld"
NONE = "niet gedragen"

LEVELS: tuple[str, ...] = (DIVIDED, UNANIMOUS, BROAD, SEVERAL, ONE, NONE)
# The order pages and reports list themes in: strongest support first, and
# "verdeeld" beside the broadest, as it needs discussing.
LISTING_ORDER: tuple[str, ...] = (UNANIMOUS, BROAD, DIVIDED, SEVERAL, ONE, NONE)


def support_rank(word: str) -> int:
    """A support word's place in LISTING_ORDER (unknown words last)."""
    return LISTING_ORDER.index(word) if word in LISTING_ORDER else len(LISTING_ORDER)


@dataclass(frozen=True)
class Votes:
    """Agree/disagree/pass votes cast on a point (Pol.is style)."""

    agree: int = 0
    disagree: int = 0
    passed: int = 0

    def __add__(self, other: Votes) -> Votes:
        return Votes(
            self.agree + other.agree, self.disagree + other.disagree, self.passed + other.passed
        )


@dataclass(frozen=True)
class SupportThresholds:
    """The documented thresholds; every field is a tunable with its unit in its name."""

    unanimous_min_present: int = 2
    broad_min_share: float = 0.6
    broad_min_participants: int = 3
    divided_min_votes: int = 4
    divided_min_share: float = 0.3

    def __post_init__(self) -> None:
        if not 0.5 < self.broad_min_share <= 1.0:
            raise ValueError("broad_min_share must be a majority: above 0.5 and at most 1")
        if not 0.0 < self.divided_min_share <= 0.5:
            raise ValueError("divided_min_share must be in (0, 0.5]")
        if self.unanimous_min_present < 1 or self.broad_min_participants < 2:
            raise ValueError("unanimous_min_present >= 1 and broad_min_participants >= 2")


def is_divided(votes: Votes | None, thresholds: SupportThresholds) -> bool:
    """True when the agree/disagree votes split (passes do not count)."""
    if votes is None:
        return False
    cast = votes.agree + votes.disagree
    if cast < thresholds.divided_min_votes:
        return False
    return min(votes.agree, votes.disagree) >= thresholds.divided_min_share * cast


def support_level(
    participants: int,
    present: int,
    votes: Votes | None = None,
    thresholds: SupportThresholds | None = None,
) -> str:
    """The support word for ``participants`` of ``present`` (see module doc)."""
    t = thresholds or SupportThresholds()
    if participants < 0 or present < participants:
        raise ValueError(f"impossible counts: {participants} of {present} present")
    if is_divided(votes, t):
        return DIVIDED
    if participants == present and present >= t.unanimous_min_present:
        return UNANIMOUS
    if participants >= t.broad_min_participants and participants >= t.broad_min_share * present:
        return BROAD
    if participants >= 2:
        return SEVERAL
    return ONE if participants == 1 else NONE
