"""Gate: PLOVER event coding keeps its accuracy on the PLOVER gold standard dev records."""

from __future__ import annotations

import pytest

from benchmarks import events_eval
from benchmarks.floors import check_digest, floor, floors
from tests.conftest import need

pytestmark = [pytest.mark.model, pytest.mark.shared]

#: the floors, their measurements and the data's digest are in benchmarks/floors.json
EVAL = "events"


@pytest.fixture(scope="module")
def scores(nlp):
    check_digest(EVAL)
    return events_eval.evaluate(nlp, events_eval.load_gold(need(*events_eval.GOLD)))


@pytest.mark.parametrize("metric", sorted(floors(EVAL)))
def test_events_floor(scores, metric):
    assert scores.n == 152
    assert getattr(scores, metric) >= floor(EVAL, metric), str(scores)


def test_gold_records_load():
    records = events_eval.load_gold(need(*events_eval.GOLD))
    assert len(records) == 152
    assert all(r.type and r.text for r in records)
