# SPDX-License-Identifier: EUPL-1.2
"""The engine's sentence vectors, cached in the database by text.

``embeddings_cached`` is an ``Embedder`` for ``inspraak_analysis.sensemaking.analyse``:
it reads the vectors it has, computes only the missing ones and stores them.
``embeddings_forget`` drops the vectors of texts that are erased.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from inspraak.sensemaking.models import TextEmbedding
from inspraak_analysis.themes.encoders import DIMS, MODELS, encode, text_key
from inspraak_analysis.themes.model import SensemakingConfig

CHUNK = 500


def _stored(keys: Sequence[str]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), CHUNK):
        rows = TextEmbedding.objects.filter(key__in=unique[start : start + CHUNK])
        found.update({key: bytes(vector) for key, vector in rows.values_list("key", "vector")})
    return found


def embeddings_cached(model: str, texts: Sequence[str]) -> np.ndarray:
    """Unit vectors for the texts: stored ones read, missing ones computed and stored."""
    keys = [text_key(model, text) for text in texts]
    stored = _stored(keys)
    missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in stored}
    if missing:
        order = sorted(missing)
        vectors = encode(model, [missing[key] for key in order])
        new = [
            TextEmbedding(key=key, model=model, vector=vector.astype(np.float32).tobytes())
            for key, vector in zip(order, vectors, strict=True)
        ]
        TextEmbedding.objects.bulk_create(new, ignore_conflicts=True, batch_size=CHUNK)
        stored.update({row.key: bytes(row.vector) for row in new})
    out = np.zeros((len(texts), DIMS[model]), dtype=np.float32)
    for row, key in enumerate(keys):
        out[row] = np.frombuffer(stored[key], dtype=np.float32)
    return out


def embeddings_forget(*, texts: Iterable[str]) -> int:
    """Delete the stored vectors of these texts (for every encoder); returns how many."""
    keys = [text_key(model, text) for text in texts for model in MODELS]
    deleted, _ = TextEmbedding.objects.filter(key__in=keys).delete()
    return deleted


# The wall answers "Groepen voorstellen" within ~2 s: e5 costs 25-185 ms per text and
# view on a shared machine, so only this many missing texts are embedded on the spot.
WALL_MAX_MISSING = 10


def suggest_config(texts: Sequence[str]) -> SensemakingConfig:
    """The engine's settings for the wall: the full route when e5 vectors are (nearly) all
    stored, else the medium route (lexical + USE, ~1 ms per text)."""
    keys = [text_key("e5", t) for t in texts]
    missing = len(set(keys) - set(_stored(keys)))
    return SensemakingConfig(route="full" if missing <= WALL_MAX_MISSING else "medium")
