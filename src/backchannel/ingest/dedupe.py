"""Near-duplicate clusters: MinHash LSH candidates confirmed by containment.

Syndicated copies, truncated copies and copies with an added tail join the cluster of the
first article they copy. Copies are kept and linked, never dropped: they are not
independent confirmation, and counts of sources go by cluster.

The index holds every article of a run (and of the store it adds to) in arrays: the LSH
bands as 64-bit keys (:class:`BandIndex`, about 0.5 KB an article, where datasketch's
``MinHashLSH`` takes some 11 KB in Python objects) and the shingles as sorted 64-bit
fingerprints (about 1 KB), so memory grows by under 2 MB a thousand articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["BandIndex", "Deduplicator", "shingles", "signature"]

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


def fingerprint(grams: set[str]) -> np.ndarray:
    """The shingles as a sorted array of their 64-bit hashes (this process's): 8 bytes a
    shingle where the strings take about a hundred, for the index to keep every article's."""
    return np.unique(np.fromiter((hash(g) for g in grams), dtype=np.int64, count=len(grams)))


def overlap(a: np.ndarray, b: np.ndarray) -> float:
    """:func:`containment` of two fingerprints."""
    if not len(a) or not len(b):
        return 0.0
    shared = np.intersect1d(a, b, assume_unique=True)
    return len(shared) / min(len(a), len(b))


#: how many inserted rows wait in the unsorted tail before the sorted arrays are rebuilt
_TAIL = 4096
#: odd 64-bit multipliers that fold a band's hash values into one key
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


class BandIndex:
    """MinHash LSH over numpy arrays: the same bands as datasketch's ``MinHashLSH`` for
    ``threshold`` and ``num_perm`` (its ``b`` and ``r``), each band folded into a 64-bit
    key. A candidate shares a key in at least one band (a fold collision only adds a
    candidate, which containment then judges). Rows go to an unsorted tail searched by
    comparison, merged into per-band sorted arrays every ``_TAIL`` rows."""

    def __init__(self, threshold: float = LSH_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.b, self.r = lsh.b, lsh.r
        self.ids: list[str] = []
        self._rows = np.empty((0, self.b), dtype=np.uint64)  # sorted part, row order
        self._sorted = np.empty((self.b, 0), dtype=np.uint64)  # per band, keys ascending
        self._order = np.empty((self.b, 0), dtype=np.int64)  # per band, their rows
        self._tail = np.empty((_TAIL, self.b), dtype=np.uint64)  # rows not sorted yet
        self._waiting = 0

    def __len__(self) -> int:
        return len(self.ids)

    def keys(self, minhash: MinHash) -> np.ndarray:
        """The ``b`` band keys of a signature."""
        bands = minhash.hashvalues[: self.b * self.r].astype(np.uint64).reshape(self.b, self.r)
        mix = np.resize(_MIX, self.r)
        with np.errstate(over="ignore"):
            return (bands * mix).sum(axis=1, dtype=np.uint64) ^ np.arange(self.b, dtype=np.uint64)

    def insert(self, key: str, minhash: MinHash) -> None:
        self.ids.append(key)
        self._tail[self._waiting] = self.keys(minhash)
        self._waiting += 1
        if self._waiting == _TAIL:
            self._merge()

    def query(self, minhash: MinHash) -> list[str]:
        """The ids sharing a band key with ``minhash``."""
        keys = self.keys(minhash)
        rows: set[int] = set()
        for band in range(self.b) if self._sorted.shape[1] else ():
            line = self._sorted[band]
            lo, hi = np.searchsorted(line, keys[band]), np.searchsorted(line, keys[band], "right")
            rows.update(self._order[band, lo:hi].tolist())
        if self._waiting:
            hits = (self._tail[: self._waiting] == keys).any(axis=1)
            rows.update((len(self._rows) + np.flatnonzero(hits)).tolist())
        return [self.ids[i] for i in sorted(rows)]

    def _merge(self) -> None:
        self._rows = np.vstack([self._rows, self._tail[: self._waiting]])
        self._waiting = 0
        self._order = np.argsort(self._rows.T, axis=1, kind="stable")
        self._sorted = np.take_along_axis(self._rows.T, self._order, axis=1)


@dataclass
class Deduplicator:
    """Assigns each new article to the cluster of the earliest article it copies.

    ``texts`` fetches stored texts by id (for candidates not seen in this run), so the
    index can be rebuilt from a store and a rerun clusters exactly as one uninterrupted run.
    """

    lsh: BandIndex = field(default_factory=BandIndex)
    clusters: dict[str, str] = field(default_factory=dict)
    _grams: dict[str, np.ndarray] = field(default_factory=dict)  # fingerprints

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
        printed = fingerprint(grams)
        cluster = self._match(printed, minhash, fetch) or article_id
        self.lsh.insert(article_id, minhash)
        self.clusters[article_id] = cluster
        self._grams[article_id] = printed
        return cluster, to_bytes(minhash)

    def _match(self, printed: np.ndarray, minhash: MinHash, fetch) -> str | None:
        candidates = self.lsh.query(minhash)
        if not candidates:
            return None
        missing = [c for c in candidates if c not in self._grams]
        for cid, text in fetch(missing).items():
            self._grams[cid] = fingerprint(shingles(text))
        nothing = np.empty(0, dtype=np.int64)
        scored = [(overlap(printed, self._grams.get(c, nothing)), c) for c in sorted(candidates)]
        score, best = max(scored, key=lambda pair: pair[0])
        return self.clusters[best] if score >= CONTAINMENT else None
