"""The bench corpus ingested with ``--workers 2``: no article lost to a crash (issue 15).

Bounded for ``make test``: the first 1,000 articles and ``reuters21578-17744``, on which the
NLP stage once crashed. ``python -m benchmarks.reliability --full`` ingests all 23,802.
"""

from __future__ import annotations

import pytest

from tests.conftest import need
from tests.reliability.bench import BENCH, CRASHER, corpus_slice, ingest_bench

pytestmark = [
    pytest.mark.model,
    pytest.mark.shared,
    pytest.mark.slow,
    pytest.mark.timeout(3600, method="thread"),
]


def test_a_slice_of_the_bench_corpus_with_two_workers_loses_no_article(tmp_path, figures):
    need(*BENCH)
    result = ingest_bench(
        corpus_slice(tmp_path, 1000, also=(CRASHER,)),
        tmp_path / "bench.db",
        "first 1,000 + crasher",
    )
    figures.add_bench(result)
    assert result["exit"] == 0, result["stderr_tail"]
    assert result["lines"] == 1001, "the slice lacks the article that once crashed the NLP stage"
    assert result["read"] == result["lines"]
    handled = result["added"] + result["unchanged"] + result["skipped"] + result["failed"]
    assert result["read"] == handled, (
        f"read {result['read']}, but added + already stored + skipped + failed = {handled}"
    )
    assert result["stored"] == result["added"]
    assert result["lost"] == 0 and result["duplicates"] == 0 and not result["problems"], result[
        "problems"
    ]
    assert result["failed"] == 0 and result["failed_ids"] == [], (
        f"articles failed: {result['stderr_tail']}"
    )
