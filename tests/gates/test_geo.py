"""Gate: place resolution and toponym detection on GeoWebNews and GeoVirus must not regress.

Runs ``benchmarks.geo_eval`` on a fixed, evenly spread subset of each set (the entry's
``subset`` of articles) to stay within the CI budget; ``python -m benchmarks.geo_eval``
scores all of it. The floors (``DATASET.metric``), what they were measured on and why two
of them moved are in ``benchmarks/floors.json``.
"""

from __future__ import annotations

import pytest

from benchmarks.floors import check_digest, floor, floors, subset

pytestmark = [pytest.mark.model, pytest.mark.shared, pytest.mark.slow]

EVAL = "geo"


@pytest.fixture(scope="module")
def scores(nlp):
    check_digest(EVAL)
    from benchmarks.geo_eval import evaluate

    return evaluate(nlp, limit=subset(EVAL))


@pytest.mark.parametrize("metric", list(floors(EVAL)))
def test_geo_floor(scores, metric):
    dataset, name = metric.split(".")
    value = scores[dataset][name]
    assert value >= floor(EVAL, metric), f"{dataset} {name} = {value}"
