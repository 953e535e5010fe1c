"""Gate: place resolution and toponym detection on GeoWebNews and GeoVirus must not regress.

Runs ``benchmarks.geo_eval`` on a fixed, evenly spread subset of each set (``LIMIT``
articles) to stay within the CI budget; ``python -m benchmarks.geo_eval`` scores all of it.
Floors sit just under what the subset measured; raise them when the scores rise.
"""

from __future__ import annotations

import pytest

from tests.conftest import need

pytestmark = [pytest.mark.model, pytest.mark.shared, pytest.mark.slow]

LIMIT = 100

#: measured on the 100-article subsets: GeoWebNews acc161 0.868, detected 0.924, literal F1
#: 0.608, all-types F1 0.564; GeoVirus acc161 0.871, detected 0.896, F1 0.854 (acceptance:
#: GeoVirus >= 0.85, GeoWebNews >= 0.80 accuracy within 161 km). The two detection floors
#: that count associative toponyms (GeoWebNews all types, GeoVirus, which tags "Canada's"
#: and "U.S. officials" as locations) were first set at 0.575 and 0.855, before actor
#: modifiers ("U.S. officials"), hamlets after "to" and alternate names ("Google") stopped
#: counting as places: that is deliberate (they are actors or wrong), and the literal floor
#: stayed where it was.
FLOORS = {
    "GeoWebNews": {"acc161": 0.86, "acc161_detected": 0.915, "detect_literal_f1": 0.60, "detect_f1": 0.56},
    "GeoVirus": {"acc161": 0.865, "acc161_detected": 0.89, "detect_f1": 0.85},
}


@pytest.fixture(scope="module")
def scores(nlp):
    need("geo", "GeoWebNews.xml")
    need("geo", "GeoVirus.xml")
    from benchmarks.geo_eval import evaluate

    return evaluate(nlp, limit=LIMIT)


@pytest.mark.parametrize(
    "dataset,metric",
    [(d, m) for d, floors in FLOORS.items() for m in floors],
    ids=[f"{d}-{m}" for d, floors in FLOORS.items() for m in floors],
)
def test_geo_floor(scores, dataset, metric):
    value = scores[dataset][metric]
    assert value >= FLOORS[dataset][metric], f"{dataset} {metric} = {value}"
