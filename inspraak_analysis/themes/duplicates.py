# SPDX-License-Identifier: EUPL-1.2
"""Near-duplicate contributions as groups.

The pairs come from ``ThemeClusterer.similar_pairs_`` (cosine similarity at
least ``duplicate_similarity``, found in the similarity matrices grouping
computes anyway). A group of near-duplicates (connected pairs) is reported
as pairs of its first member with each other member, so 10,000 identical
post-its give 9,999 pairs rather than fifty million.
"""

from __future__ import annotations

import numpy as np

from inspraak_analysis.themes.graph import UnionFind


def groups(pairs: np.ndarray, n: int) -> list[list[int]]:
    """Connected groups (size >= 2) of ``0..n-1``, each sorted, ordered by first member."""
    sets = UnionFind(n)
    for a, b in pairs:
        sets.union(int(a), int(b))
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(sets.find(i), []).append(i)
    return sorted((m for m in members.values() if len(m) > 1), key=lambda m: m[0])
