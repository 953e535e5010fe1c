"""Near-duplicate clusters: MinHash LSH candidates confirmed by containment.

Syndicated copies, truncated copies and copies with an added tail join the cluster of the
first article they copy. Copies are kept and linked, never dropped: they are not
independent confirmation, and counts of sources go by cluster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["Deduplicator", "shingles", "signature"]

NUM_PERM = 128
#: LSH candidate threshold (Jaccard): low, so truncated copies are still candidates.
LSH_THRESHOLD = 0.3
#: a candidate is a copy when this share of the smaller text's shingles is in the other.
CONTAINMENT = 0.8
SHINGLE = 5
#: datasketch's hashing scheme; stored signatures are only comparable within one scheme.
SCHEME = "affine64"

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Word ``size``-grams of the case-folded text (the whole text if shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(grams: set[str]) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME
    )


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass
class Deduplicator:
    """Assigns each new article to the cluster of the earliest article it copies.

    ``texts`` fetches stored texts by id (for candidates not seen in this run), so the
    index can be rebuilt from a store and a rerun clusters exactly as one uninterrupted run.
    """

    lsh: MinHashLSH = field(
        default_factory=lambda: MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    )
    clusters: dict[str, str] = field(default_factory=dict)
    _grams: dict[str, set[str]] = field(default_factory=dict)

    def load(self, article_id: str, cluster: str | None, data: bytes) -> None:
        """Add an already stored article to the index."""
        if article_id not in self.clusters:
            self.lsh.insert(article_id, from_bytes(data))
            self.clusters[article_id] = cluster or article_id

    def assign(self, article_id: str, text: str, fetch) -> tuple[str, bytes]:
        """The cluster id of a new article and its MinHash bytes; indexes the article.

        ``fetch(ids) -> {id: text}`` returns texts of stored candidates.
        """
        if article_id in self.clusters:
            return self.clusters[article_id], b""
        grams = shingles(text)
        minhash = signature(grams)
        cluster = self._match(grams, minhash, fetch) or article_id
        self.lsh.insert(article_id, minhash)
        self.clusters[article_id] = cluster
        self._grams[article_id] = grams
        return cluster, to_bytes(minhash)

    def _match(self, grams: set[str], minhash: MinHash, fetch) -> str | None:
        candidates = self.lsh.query(minhash)
        if not candidates:
            return None
        missing = [c for c in candidates if c not in self._grams]
        for cid, text in fetch(missing).items():
            self._grams[cid] = shingles(text)
        scored = [(containment(grams, self._grams.get(c, set())), c) for c in sorted(candidates)]
        score, best = max(scored, key=lambda pair: pair[0])
        return self.clusters[best] if score >= CONTAINMENT else None
