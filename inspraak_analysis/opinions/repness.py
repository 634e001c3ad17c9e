# SPDX-License-Identifier: EUPL-1.2
"""Per-group vote counts and representative statements ("repness"), as Pol.is does.

Port of compdemocracy/polis math/src/polismath/math/repness.clj (``comment-stats``,
``add-comparitive-stats``, ``select-rep-comments``, ``beats-best-agr?``,
``passes-by-test?``, ``finalize-cmt-stats``, ``repness-metric``) and stats.clj
(``prop-test``, ``two-prop-test``, ``z-sig-90?``). Legend: n = count, p = probability,
r = representativeness, t = test; a = agree, d = disagree, s = seen.

* ``pa = (1 + na) / (2 + ns)`` and ``pd = (1 + nd) / (2 + ns)``: agree/disagree shares
  with a Laplace prior;
* ``pat``/``pdt``: one-proportion z statistic ``2 sqrt(n + 1) ((succ + 1)/(n + 1) - 1/2)``;
* ``ra``/``rd``: ``pa`` over the same share among everyone outside the group;
* ``rat``/``rdt``: two-proportion z test of the group against the rest (all counts + 1);
* significant means z > 1.2816 (90 %, one-sided).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

__all__ = [
    "Z_90",
    "GroupVoteCounts",
    "RepStatement",
    "RepnessStats",
    "group_vote_counts",
    "prop_test",
    "repness_stats",
    "select_representative",
    "two_prop_test",
]

Z_90 = 1.2816
Counts = NDArray[np.int64]
Floats = NDArray[np.float64]
Direction = Literal["agree", "disagree"]


@dataclass(frozen=True)
class GroupVoteCounts:
    """Vote counts per group (rows) and statement (columns)."""

    agree: Counts
    disagree: Counts
    seen: Counts

    @property
    def passed(self) -> Counts:
        return self.seen - self.agree - self.disagree


def group_vote_counts(
    values: sp.csr_array, labels: NDArray[np.intp], n_groups: int
) -> GroupVoteCounts:
    """Count agree/disagree/seen per group; rows labelled -1 belong to no group."""
    n_rows, n_cols = values.shape
    entry_group = np.repeat(labels, np.diff(values.indptr))
    member = entry_group >= 0
    cell = entry_group[member].astype(np.int64) * n_cols + values.indices[member]
    data = values.data[member]
    size = n_groups * n_cols

    def count(weights: NDArray[np.float64] | None) -> Counts:
        c = np.bincount(cell, weights=weights, minlength=size)
        return np.rint(c).astype(np.int64).reshape(n_groups, n_cols)

    return GroupVoteCounts(
        count((data == 1).astype(np.float64)), count((data == -1).astype(np.float64)), count(None)
    )


def prop_test(succ: Floats | Counts, n: Floats | Counts) -> Floats:
    """``stats/prop-test``: z for a proportion above 1/2, with +1 pseudo-counts."""
    s, m = np.asarray(succ, float) + 1.0, np.asarray(n, float) + 1.0
    return np.asarray(2.0 * np.sqrt(m) * (s / m - 0.5))


def two_prop_test(
    succ_in: Counts | Floats,
    succ_out: Counts | Floats,
    n_in: Counts | Floats,
    n_out: Counts | Floats,
) -> Floats:
    """``stats/two-prop-test``: z for group share above the rest's, +1 pseudo-counts."""
    s1, s2 = np.asarray(succ_in, float) + 1.0, np.asarray(succ_out, float) + 1.0
    n1, n2 = np.asarray(n_in, float) + 1.0, np.asarray(n_out, float) + 1.0
    pi_hat = (s1 + s2) / (n1 + n2)
    var = pi_hat * (1.0 - pi_hat) * (1.0 / n1 + 1.0 / n2)
    z = np.divide(s1 / n1 - s2 / n2, np.sqrt(var), out=np.zeros_like(var), where=var > 0)
    return np.asarray(np.where(pi_hat >= 1.0, 0.0, z))


@dataclass(frozen=True)
class RepnessStats:
    """``conv-repness`` statistics, each (n_groups, n_statements)."""

    na: Counts
    nd: Counts
    ns: Counts
    pa: Floats
    pd: Floats
    pat: Floats
    pdt: Floats
    ra: Floats
    rd: Floats
    rat: Floats
    rdt: Floats


def repness_stats(counts: GroupVoteCounts) -> RepnessStats:
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    rest_na, rest_nd, rest_ns = na.sum(0) - na, nd.sum(0) - nd, ns.sum(0) - ns
    pa, pd = (1.0 + na) / (2.0 + ns), (1.0 + nd) / (2.0 + ns)
    return RepnessStats(
        na=na,
        nd=nd,
        ns=ns,
        pa=pa,
        pd=pd,
        pat=prop_test(na, ns),
        pdt=prop_test(nd, ns),
        ra=pa / ((1.0 + rest_na) / (2.0 + rest_ns)),
        rd=pd / ((1.0 + rest_nd) / (2.0 + rest_ns)),
        rat=two_prop_test(na, rest_na, ns, rest_ns),
        rdt=two_prop_test(nd, rest_nd, ns, rest_ns),
    )


@dataclass(frozen=True)
class RepStatement:
    """One representative statement of a group (``finalize-cmt-stats``).

    ``statement`` is a column index; ``best_agree`` marks Pol.is's preferred agree pick.
    """

    statement: int
    direction: Direction
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False

    @property
    def metric(self) -> float:
        """``repness-metric``: repness x its test x p-success x its test."""
        return self.repness * self.repness_test * self.p_success * self.p_test


def _finalize(s: RepnessStats, g: int, j: int, best_agree: bool = False) -> RepStatement:
    agree = bool(s.rat[g, j] > s.rdt[g, j])
    n, p, pt, r, rt = (
        (s.na, s.pa, s.pat, s.ra, s.rat) if agree else (s.nd, s.pd, s.pdt, s.rd, s.rdt)
    )
    return RepStatement(
        statement=j,
        direction="agree" if agree else "disagree",
        n_success=int(n[g, j]),
        n_trials=int(s.ns[g, j]),
        p_success=float(p[g, j]),
        p_test=float(pt[g, j]),
        repness=float(r[g, j]),
        repness_test=float(rt[g, j]),
        best_agree=best_agree,
    )


def _best_agree(s: RepnessStats, g: int, columns: NDArray[np.intp]) -> int | None:
    """``beats-best-agr?`` folded over the statements in order."""
    best: int | None = None
    na, nd, ra, rat, pa, pat = s.na[g], s.nd[g], s.ra[g], s.rat[g], s.pa[g], s.pat[g]
    for j in columns.tolist():
        if na[j] == 0 and nd[j] == 0:
            continue
        if best is not None and ra[best] > 1.0:
            wins = ra[j] * rat[j] * pa[j] * pat[j] > ra[best] * rat[best] * pa[best] * pat[best]
        elif best is not None:
            wins = pa[j] * pat[j] > pa[best] * pat[best]
        else:
            wins = pat[j] > Z_90 or (ra[j] > 1.0 and pa[j] > 0.5)
        if wins:
            best = j
    return best


def select_representative(
    s: RepnessStats, group: int, eligible: NDArray[np.bool_], pick_max: int = 5
) -> list[RepStatement]:
    """``select-rep-comments`` for one group; ``eligible`` excludes moderated-out columns.

    Statements significant (90 %) both in share and against the rest, for agree or for
    disagree, sorted by ``repness-metric``; the best agree statement goes first; at most
    ``pick_max``; agrees before disagrees. With none significant: the best agree, else
    the statement with the best test value.
    """
    g = group
    columns = np.flatnonzero(eligible)
    if columns.size == 0:
        return []
    passes = ((s.rat[g] > Z_90) & (s.pat[g] > Z_90)) | ((s.rdt[g] > Z_90) & (s.pdt[g] > Z_90))
    sufficient = columns[passes[columns]]
    agree_col = _best_agree(s, g, columns)
    best_agree = None if agree_col is None else _finalize(s, g, agree_col, best_agree=True)
    if sufficient.size == 0:
        if best_agree is not None:
            return [best_agree]
        test = np.maximum(s.rat[g, columns], s.rdt[g, columns])
        return [_finalize(s, g, int(columns[int(np.argmax(test))]))]
    picked = [_finalize(s, g, int(j)) for j in sufficient if j != agree_col]
    picked.sort(key=lambda r: -r.metric)
    head = [best_agree] if best_agree is not None else []
    top = (head + picked)[:pick_max]
    return [r for r in top if r.direction == "agree"] + [
        r for r in top if r.direction == "disagree"
    ]
