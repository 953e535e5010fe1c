"""Accuracy gate for time expressions: TempEval-3 scores on TimeBank + AQUAINT (dev).

Runs ``benchmarks.time_eval`` on all 256 dev documents (about 25 s of CPU for spaCy's
parse, under 2 s for the time grammar). Floors sit just under what was measured and only
ever go up; the value F1 floor is the acceptance threshold (HeidelTime scores about 0.78
on TempEval-3 platinum).
"""

from __future__ import annotations

import pytest

from tests.conftest import need

pytestmark = [pytest.mark.model, pytest.mark.shared, pytest.mark.slow]

#: measured: relaxed F1 0.943, strict F1 0.858, value accuracy 0.859, type accuracy 0.964,
#: value F1 0.810
FLOORS = {
    "relaxed_f1": 0.94,
    "strict_f1": 0.855,
    "value_accuracy": 0.855,
    "type_accuracy": 0.96,
    "value_f1": 0.805,
}

#: the time component may cost at most this share of spaCy's own parse time
MAX_COST = 0.10


@pytest.fixture(scope="module")
def scores():
    from benchmarks.time_eval import evaluate

    need("time", "tbaq")
    return evaluate()


@pytest.mark.parametrize(("metric", "floor"), sorted(FLOORS.items()), ids=sorted(FLOORS))
def test_time_scores_stay_above_floor(scores, metric, floor):
    assert getattr(scores, metric) >= floor, f"{metric} fell to {getattr(scores, metric):.3f}"


def test_time_component_is_cheap(scores):
    assert scores.times_seconds <= MAX_COST * scores.spacy_seconds
