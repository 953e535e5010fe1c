"""Accuracy gate for time expressions: TempEval-3 scores on TimeBank + AQUAINT (dev).

Runs ``benchmarks.time_eval`` on a fixed half of the documents (every other file, sorted
by name) so that it stays within the CI budget; ``python -m benchmarks.time_eval`` scores
them all. Floors sit just under what was measured and only ever go up.
"""

from __future__ import annotations

import pytest

from tests.conftest import need

pytestmark = [pytest.mark.model, pytest.mark.shared, pytest.mark.slow]

#: measured on the every-other-file half: see the final report of the time work
FLOORS = {
    "relaxed_f1": 0.92,
    "strict_f1": 0.83,
    "value_accuracy": 0.83,
    "type_accuracy": 0.94,
    "value_f1": 0.78,
}

#: the time component may cost at most this share of spaCy's own parse time
MAX_COST = 0.10


@pytest.fixture(scope="module")
def scores():
    from benchmarks.time_eval import evaluate

    need("time", "tbaq")
    return evaluate(step=2)


@pytest.mark.parametrize(("metric", "floor"), sorted(FLOORS.items()), ids=sorted(FLOORS))
def test_time_scores_stay_above_floor(scores, metric, floor):
    assert getattr(scores, metric) >= floor, f"{metric} fell to {getattr(scores, metric):.3f}"


def test_time_component_is_cheap(scores):
    assert scores.times_seconds <= MAX_COST * scores.spacy_seconds
