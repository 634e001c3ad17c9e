# SPDX-License-Identifier: EUPL-1.2
"""Opinion groups and consensus from agree/disagree/pass votes: the Pol.is method.

Public API: :func:`compute_opinions` and :func:`result_to_json`; the estimators
(:class:`SparsityAwarePCA`, :class:`PolisKMeans`, :class:`OpinionGroups`) follow
scikit-learn's contract. See docs/opinions.md.
"""

from .clusters import GroupingState, KSmootherState, OpinionGroups, PolisKMeans, smooth_k
from .matrix import VoteMatrix, build_vote_matrix
from .pca import SparsityAwarePCA
from .pipeline import compute_opinions, statement_moderation
from .result import RESULT_FORMAT, OpinionGroup, OpinionResult, result_to_json

__all__ = [
    "RESULT_FORMAT",
    "GroupingState",
    "KSmootherState",
    "OpinionGroup",
    "OpinionGroups",
    "OpinionResult",
    "PolisKMeans",
    "SparsityAwarePCA",
    "VoteMatrix",
    "build_vote_matrix",
    "compute_opinions",
    "result_to_json",
    "smooth_k",
    "statement_moderation",
]
