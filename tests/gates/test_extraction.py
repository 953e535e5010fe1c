"""Gate: main-text extraction keeps its word 4-gram F1 on the article-extraction-benchmark dev pages."""

from __future__ import annotations

import pytest

from benchmarks import extraction
from tests.conftest import need

#: Measured 2026-11-24 on all 91 dev pages: P=0.9708 R=0.9783 F1=0.9745 (acceptance: F1 >= 0.96).
FLOORS = {"precision": 0.965, "recall": 0.975, "f1": 0.970}


@pytest.fixture(scope="module")
def scores():
    folder = need("ingest", "aeb-dev")
    return extraction.run(folder=folder)


@pytest.mark.parametrize("metric", sorted(FLOORS), ids=sorted(FLOORS))
def test_extraction_floor(scores, metric):
    assert scores.pages == 91
    assert getattr(scores, metric) >= FLOORS[metric], str(scores)


@pytest.mark.parametrize(
    ("true", "predicted", "expected"),
    [
        ("one two three four five", "one two three four five", (1.0, 0.0, 0.0)),
        ("one two three four five", "", (0.0, 0.0, 1.0)),
        ("one two three four five", "one two three four five six", (2 / 3, 1 / 3, 0.0)),
        ("short text", "short text", (1.0, 0.0, 0.0)),
    ],
    ids=["identical", "nothing-extracted", "one-extra-word", "fewer-than-four-words"],
)
def test_page_counts(true, predicted, expected):
    assert extraction.page_counts(true, predicted) == pytest.approx(expected)
