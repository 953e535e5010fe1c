"""Accuracy gate for time expressions: TempEval-3 scores on TimeBank + AQUAINT (dev).

Runs ``benchmarks.time_eval`` on all 256 dev documents (about 25 s of CPU for spaCy's
parse, under 2 s for the time grammar). The floors sit just under what was measured and
only ever go up; they and the measurements are in ``benchmarks/floors.json``.
"""

from __future__ import annotations

import pytest

from benchmarks.floors import check_digest, floor, floors

pytestmark = [pytest.mark.model, pytest.mark.shared, pytest.mark.slow]

EVAL = "time"

#: the time component may cost at most this share of spaCy's own parse time
MAX_COST = 0.10


@pytest.fixture(scope="module")
def scores():
    from benchmarks.time_eval import evaluate

    check_digest(EVAL)
    return evaluate()


@pytest.mark.parametrize("metric", sorted(floors(EVAL)))
def test_time_scores_stay_above_floor(scores, metric):
    assert getattr(scores, metric) >= floor(EVAL, metric), (
        f"{metric} fell to {getattr(scores, metric):.3f}"
    )


def test_time_component_is_cheap(scores):
    assert scores.times_seconds <= MAX_COST * scores.spacy_seconds
