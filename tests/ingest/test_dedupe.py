"""Near-duplicate clustering: copies join the cluster of the article they copy."""

from __future__ import annotations

import numpy as np
import pytest

from backchannel.ingest.dedupe import (
    LSH_THRESHOLD,
    NUM_PERM,
    BandIndex,
    Deduplicator,
    containment,
    shingles,
    signature,
)

BASE = (
    "CIA Director William Burns initiated a phone call with Sergei Naryshkin, the head of "
    "Russia's foreign intelligence service, to reassure the Kremlin that the United States "
    "had no involvement in the internal turmoil. The call between Burns and Naryshkin is "
    "believed to be the highest-level contact between the two governments since the "
    "attempted mutiny, which posed a significant threat to Russian President Vladimir "
    "Putin's rule. The outreach is part of a broader strategy by the White House to signal "
    "to Putin and his inner circle that the United States played no role."
)
OTHER = (
    "The European Union imposed new sanctions on Belarus on Monday, accusing the government "
    "of flying migrants to its border with Poland and Lithuania to destabilise the bloc. "
    "Foreign ministers meeting in Brussels agreed to freeze the assets of seventeen officials."
)


def _fetch_none(ids):
    return {}


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(BASE, id="identical"),
        pytest.param(BASE[: len(BASE) // 2], id="truncated-half"),
        pytest.param(
            BASE + " Reporting by a wire service; editing by the desk. Subscribe now.",
            id="added-tail",
        ),
        pytest.param(
            "WASHINGTON (Wire) - " + BASE.replace("United States", "U.S."), id="syndicated-edits"
        ),
    ],
)
def test_copies_join_the_cluster_of_the_original(copy):
    dedup = Deduplicator()
    assert dedup.assign("a", BASE, _fetch_none)[0] == "a"
    assert dedup.assign("b", copy, _fetch_none)[0] == "a"


def test_unrelated_article_starts_its_own_cluster():
    dedup = Deduplicator()
    dedup.assign("a", BASE, _fetch_none)
    assert dedup.assign("b", OTHER, _fetch_none)[0] == "b"


def test_index_rebuilt_from_stored_signatures_clusters_like_one_run():
    first = Deduplicator()
    _, signature = first.assign("a", BASE, _fetch_none)
    rebuilt = Deduplicator()
    rebuilt.load("a", "a", signature)
    assert rebuilt.assign("b", BASE[:400], lambda ids: {i: BASE for i in ids})[0] == "a"


def test_containment_is_share_of_the_smaller_set():
    small, large = shingles(" ".join(BASE.split()[:30])), shingles(BASE)
    assert containment(small, large) == 1.0
    assert containment(shingles(OTHER), large) == 0.0


def _variants(count: int) -> list[str]:
    """Texts that share more or less of BASE and OTHER: copies, halves, mixtures."""
    words, other = BASE.split(), OTHER.split()
    texts = []
    for n in range(count):
        cut = 5 + (n * 7) % (len(words) - 5)
        texts.append(" ".join(words[:cut] + other[: n % len(other)] + [f"w{n}"]))
    return texts


def test_band_index_finds_what_datasketch_lsh_finds():
    from datasketch import MinHashLSH

    ours, theirs = BandIndex(), MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    assert (ours.b, ours.r) == (theirs.b, theirs.r)
    signatures = [signature(shingles(text)) for text in _variants(60)]
    for n, minhash in enumerate(signatures):
        assert set(theirs.query(minhash)) <= set(ours.query(minhash))
        ours.insert(str(n), minhash)
        theirs.insert(str(n), minhash)
    for minhash in signatures:
        assert set(theirs.query(minhash)) <= set(ours.query(minhash))


def test_band_index_merges_its_tail_and_still_finds(monkeypatch):
    from backchannel.ingest import dedupe

    monkeypatch.setattr(dedupe, "_TAIL", 4)
    index = BandIndex()
    signatures = [signature(shingles(text)) for text in _variants(10)]
    for n, minhash in enumerate(signatures):
        index.insert(str(n), minhash)
    assert len(index) == 10 and index._waiting == 2  # two merges, two rows waiting
    for n, minhash in enumerate(signatures):
        assert str(n) in index.query(minhash)
    unrelated = "Quarterly sales at the bakery chain rose on strong demand for rye bread"
    assert index.query(signature(shingles(unrelated))) == []


def test_the_index_keeps_arrays_not_strings():
    dedup = Deduplicator()
    for n, text in enumerate(_variants(20)):
        dedup.assign(str(n), text, _fetch_none)
    assert all(isinstance(v, np.ndarray) for v in dedup._grams.values())
    assert dedup.lsh._tail.dtype == np.uint64
