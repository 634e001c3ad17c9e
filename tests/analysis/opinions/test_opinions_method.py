# SPDX-License-Identifier: EUPL-1.2
"""The ported Pol.is statistics, checked against direct computations."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.metrics import silhouette_score

from inspraak_analysis.opinions import (
    KSmootherState,
    OpinionGroups,
    PolisKMeans,
    SparsityAwarePCA,
    build_vote_matrix,
    compute_opinions,
    smooth_k,
)
from inspraak_analysis.opinions.clusters import group_k_range, polis_silhouette
from inspraak_analysis.opinions.matrix import in_conversation
from inspraak_analysis.opinions.repness import (
    GroupVoteCounts,
    prop_test,
    repness_stats,
    select_representative,
    two_prop_test,
)


def _random_votes(seed: int, n: int = 60, m: int = 25, density: float = 0.5) -> sp.csr_array:
    rng = np.random.default_rng(seed)
    dense = rng.integers(-1, 2, size=(n, m)).astype(float)
    seen = rng.random((n, m)) < density
    seen[:, 0] = True  # every column voted on
    rows, cols = np.nonzero(seen)
    return sp.csr_array((dense[rows, cols], (rows, cols)), shape=(n, m))


def test_pca_matches_mean_imputation_and_sparsity_scaling() -> None:
    X = _random_votes(0)
    mod = np.zeros(X.shape[1], dtype=bool)
    mod[3] = True
    proj = SparsityAwarePCA().fit_transform(X, moderated_out=mod)
    # Reference: Pol.is steps written out densely.
    dense = np.full(X.shape, np.nan)
    coo = X.tocoo()
    dense[coo.row, coo.col] = coo.data
    dense[:, 3] = 0.0  # zero-out-columns: missing entries become 0 too
    means = np.nanmean(dense, axis=0)
    imputed = np.where(np.isnan(dense), means, dense)
    centred = imputed - imputed.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    comps = vt[:2] * np.where(vt[:2].sum(axis=1) < 0, -1, 1)[:, None]
    voted = ~np.isnan(dense)
    raw = np.where(voted, dense - means, 0.0) @ comps.T
    scale = np.sqrt(X.shape[1] / voted.sum(axis=1))
    np.testing.assert_allclose(proj, raw * scale[:, None], atol=1e-8)


def test_pca_large_path_agrees_with_small_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspraak_analysis.opinions.pca as pca

    X = _random_votes(1, n=200, m=40)
    exact = SparsityAwarePCA().fit(X).components_
    monkeypatch.setattr(pca, "_DENSE_MAX_CELLS", 0)
    monkeypatch.setattr(pca, "_GRAM_MAX_WORK", 0)
    approx = SparsityAwarePCA(random_state=3).fit(X).components_
    np.testing.assert_allclose(np.abs(np.sum(exact * approx, axis=1)), 1.0, atol=1e-3)


def test_prop_tests_match_polis_formulas() -> None:
    # stats.clj: prop-test adds 1 to successes and trials.
    assert prop_test(np.array([7]), np.array([9]))[0] == pytest.approx(2 * np.sqrt(10) * 0.3)
    z = two_prop_test(np.array([8]), np.array([2]), np.array([10]), np.array([10]))[0]
    pi1, pi2, pi_hat = 9 / 11, 3 / 11, 12 / 22
    expected = (pi1 - pi2) / np.sqrt(pi_hat * (1 - pi_hat) * (2 / 11))
    assert z == pytest.approx(expected)
    assert two_prop_test(np.array([5]), np.array([5]), np.array([5]), np.array([5]))[0] == 0.0


def test_repness_picks_what_each_group_stands_for() -> None:
    # Group 0 agrees with statement 0, group 1 with statement 1; statement 2 is shared.
    counts = GroupVoteCounts(
        agree=np.array([[18, 2, 15], [1, 17, 16]]),
        disagree=np.array([[1, 15, 1], [17, 1, 2]]),
        seen=np.array([[20, 20, 20], [20, 20, 20]]),
    )
    stats = repness_stats(counts)
    eligible = np.ones(3, dtype=bool)
    first = select_representative(stats, 0, eligible)
    second = select_representative(stats, 1, eligible)
    assert (first[0].statement, first[0].direction, first[0].best_agree) == (0, "agree", True)
    assert (second[0].statement, second[0].direction) == (1, "agree")
    assert [r.statement for r in first if r.direction == "disagree"] == [1]
    assert select_representative(stats, 0, np.zeros(3, dtype=bool)) == []


def test_smooth_k_waits_for_the_buffer() -> None:
    state = smooth_k(KSmootherState(), 3)
    assert state.smoothed_k == 3  # first update takes the best k
    for expected in (3, 3, 3, 2):
        state = smooth_k(state, 2, buffer=4)
        assert state.smoothed_k == expected
    assert smooth_k(state, 4).smoothed_k == 2


def test_silhouette_matches_scikit_learn() -> None:
    rng = np.random.default_rng(2)
    X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(5, 1, (20, 2)), [[20, 20]]])
    labels = np.array([0] * 30 + [1] * 20 + [2])
    dist = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    assert polis_silhouette(dist, labels) == pytest.approx(silhouette_score(X, labels))


def test_group_k_range_follows_max_k_fn() -> None:
    assert list(group_k_range(100)) == [2, 3, 4, 5]
    assert list(group_k_range(20)) == [2, 3]
    assert list(group_k_range(11)) == [2]
    assert list(group_k_range(5)) == [2]


def test_polis_kmeans_starts_from_first_distinct_points() -> None:
    X = np.array([[0.0, 0.0], [0.0, 0.0], [10.0, 0.0], [0.5, 0.0], [10.5, 0.0]])
    km = PolisKMeans(2).fit(X)
    np.testing.assert_allclose(sorted(km.cluster_centers_[:, 0]), [1 / 6, 10.25])
    assert km.labels_.tolist() == [0, 0, 1, 0, 1]


def test_estimators_follow_the_scikit_learn_contract() -> None:
    for est in (SparsityAwarePCA(), PolisKMeans(3), OpinionGroups(max_k=4)):
        params = est.get_params()
        assert clone(est).get_params() == params
        assert not [k for k in vars(est) if k.endswith("_")]  # nothing learned yet
    X = np.random.default_rng(0).normal(size=(50, 2))
    assert OpinionGroups().fit(X) is not None and PolisKMeans().fit(X).labels_.shape == (50,)


def test_in_conversation_replays_the_greedy_start_and_minimum() -> None:
    # 20 participants arrive in order; the first opens 8 statements. After the first
    # 15, only those with 7 votes are in.
    rows, cols = [0] * 8, list(range(8))
    for p in range(1, 20):
        n = 7 if p in (16, 18) else 2
        rows += [p] * n
        cols += list(range(n))
    placed = in_conversation(np.array(rows), np.array(cols), 20)
    assert np.flatnonzero(placed).tolist() == [*range(15), 16, 18]
    # While fewer than 7 statements have votes, voting on all of them is enough.
    early = in_conversation(np.array([0, 0, 1, 2, 3]), np.array([0, 1, 0, 1, 0]), 4, greedy_n=1)
    assert early.tolist() == [True, False, False, False]
    single = in_conversation(np.array(rows), np.array(cols), 20, replay=False)
    assert single.sum() == 15  # the two qualifying plus the 13 most active others


def test_matrix_rows_follow_first_vote_time() -> None:
    m = build_vote_matrix([("late", 1, 1, 50), ("early", 1, -1, 10), ("late", 2, 0, 5)])
    assert m.participant_ids.tolist() == ["late", "early"]
    assert m.values.nnz == 3  # the pass is stored as an explicit zero


def test_same_input_gives_the_same_output() -> None:
    rng = np.random.default_rng(5)
    votes = [
        (int(p), int(s), int(v), i)
        for i, (p, s, v) in enumerate(
            zip(
                rng.integers(0, 80, 1500),
                rng.integers(0, 30, 1500),
                rng.integers(-1, 2, 1500),
                strict=True,
            )
        )
    ]
    a, b = compute_opinions(votes, random_state=7), compute_opinions(list(votes), random_state=7)
    np.testing.assert_array_equal(a.group_of, b.group_of)
    np.testing.assert_array_equal(a.projection, b.projection)
    assert a.groups == b.groups and a.consensus == b.consensus


def test_previous_state_smooths_the_number_of_groups() -> None:
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(c, 0.3, (60, 2)) for c in ((0, 0), (6, 0), (0, 6))])
    first = OpinionGroups().fit(X)
    assert first.n_groups_ == 3
    forced = KSmootherState(last_k=2, last_k_count=1, smoothed_k=2)
    state = type(first.state_)(None, {}, forced)
    nxt = OpinionGroups().fit(X, previous=state)
    assert nxt.best_k_ == 3 and nxt.n_groups_ == 2  # k=3 must persist 4 updates first
