"""Gate: main-text extraction keeps its word 4-gram F1 on the article-extraction-benchmark dev
pages."""

from __future__ import annotations

import pytest

from benchmarks import extraction
from benchmarks.floors import check_digest, floor, floors
from tests.conftest import need

#: the floors, their measurements and the data's digest are in benchmarks/floors.json
EVAL = "extraction"


@pytest.fixture(scope="module")
def scores():
    check_digest(EVAL)
    return extraction.run(folder=need("ingest", "aeb-dev"))


@pytest.mark.shared
@pytest.mark.parametrize("metric", sorted(floors(EVAL)))
def test_extraction_floor(scores, metric):
    assert scores.pages == 91
    assert getattr(scores, metric) >= floor(EVAL, metric), str(scores)


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
