"""Gate: White House readouts, the USA–counterpart CONSULT found from the body alone.

The gate scores a fixed subset (the first readouts with a named counterpart, in file
order; its size is the entry's ``subset`` in ``benchmarks/floors.json``, beside the floor and
what it measured) to stay within the CI time budget; ``python -m benchmarks.readouts_eval``
scores them all.
"""

from __future__ import annotations

import pytest

from benchmarks import readouts_eval
from benchmarks.floors import check_digest, floor, floors, subset
from tests.conftest import need

EVAL = "readouts"


@pytest.fixture(scope="module")
def scores(nlp):
    check_digest(EVAL)
    path = need(*readouts_eval.READOUTS)
    return readouts_eval.evaluate(nlp, readouts_eval.load_readouts(path, subset(EVAL)))


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.parametrize("metric", sorted(floors(EVAL)))
def test_readouts_floor(scores, metric):
    assert scores.n == subset(EVAL)
    assert getattr(scores, metric) >= floor(EVAL, metric), (
        f"{scores.share} ({scores.found}/{scores.n})"
    )


@pytest.mark.parametrize(
    "title,kind,countries",
    [
        (
            "Readout of President Joseph R. Biden, Jr. Call with President Vladimir Putin "
            "of Russia",
            "call",
            ("RUS",),
        ),
        (
            "Readout of President Biden’s Meeting with Prime Minister Mario Draghi of Italy",
            "meeting",
            ("ITA",),
        ),
        ("Readout of the Third National Climate Task Force Meeting", None, None),
        ("Readout of President Biden’s Call with Speaker Pelosi on Afghanistan", None, None),
        (
            "Readout of President Biden’s Meeting with Prime Minister Andersson of Sweden and "
            "President Niinistö of Finland",
            "meeting",
            ("SWE", "FIN"),
        ),
    ],
    ids=[
        "call-of-country",
        "meeting-of-country",
        "no-counterpart",
        "topic-not-counterpart",
        "two-counterparts",
    ],
)
def test_title_parsing(title, kind, countries):
    readout = readouts_eval.eligible({"id": "x", "title": title, "text": "", "published": None})
    if kind is None:
        assert readout is None
    else:
        assert (readout.kind, readout.countries) == (kind, countries)
