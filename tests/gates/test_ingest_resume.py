"""Ingest is idempotent and survives SIGKILL: a rerun ends exactly like one clean run."""

from __future__ import annotations

import pytest

from tests.conftest import need


@pytest.mark.shared
@pytest.mark.slow
def test_second_ingest_adds_nothing_and_killed_ingest_resumes_exactly():
    need("corpora", "bench", "reuters21578_bbc.jsonl")
    from benchmarks.ingest_bench import run

    result = run(limit=3000)
    assert result.second_run_added == 0
    assert 0 < result.killed_after < result.stored, "the kill must land part-way"
    assert result.resumed_identical
