"""Gate: attribution spans on PolNeAR dev (all 84 articles) must not regress.

Runs ``benchmarks.attribution_eval`` for every finder installed (the parse takes about 20 s
of one core; ``minilm``, four members, adds about two minutes). The floors, one per
``finder.role.match``, sit just under what was measured; they, the measurements and the
acceptance targets (exact-span F1 source >= 0.75, cue >= 0.75, content >= 0.65) are in
``benchmarks/floors.json``.
"""

from __future__ import annotations

import pytest

from benchmarks import attribution_eval
from benchmarks.floors import check_digest, floor, floors
from tests.conftest import need

EVAL = "attribution"


@pytest.fixture(scope="module")
def scores():
    check_digest(EVAL)
    return attribution_eval.run("dev")


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("metric", sorted(floors(EVAL)))
def test_attribution_floor(scores, metric):
    variant, role, match = metric.split(".")
    if variant not in scores:
        pytest.skip(f"the {variant} finder is not installed")
    value = scores[variant][(role, match)].f1
    assert value >= floor(EVAL, metric), f"{variant} {match} {role} F1 = {value:.3f}"


ANN = """T1\tSource 0 3\tJim
T2\tCue 4 8\tsaid
T3\tContent 9 14;20 25\thello world
T4\tAttribution 4 8\tsaid
E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3
"""


def test_parse_ann_keeps_discontinuous_content():
    (gold,) = attribution_eval.parse_ann(ANN)
    assert gold.source == ((0, 3),)
    assert gold.cue == ((4, 8),)
    assert gold.content == ((9, 14), (20, 25))


@pytest.mark.parametrize(
    "predicted, gold, exact, overlap",
    [
        ({((0, 5),)}, {((0, 5),)}, 1.0, 1.0),
        ({((0, 4),)}, {((0, 5),)}, 0.0, 1.0),
        ({((0, 5),)}, {((0, 5), (9, 12))}, 0.0, 1.0),
        ({((7, 9),)}, {((0, 5),)}, 0.0, 0.0),
    ],
    ids=["same", "shorter", "one-fragment-of-two", "disjoint"],
)
def test_span_matching(predicted, gold, exact, overlap):
    from collections import defaultdict

    counts = defaultdict(attribution_eval._Counts)
    attribution_eval.add_counts(counts, predicted, gold, "cue", 1.0)
    assert counts[("cue", "exact")].score().f1 == exact
    assert counts[("cue", "overlap")].score().f1 == overlap


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.parametrize(
    "argv, message",
    [
        (["nosuchsplit"], "PolNeAR has no split 'nosuchsplit'"),
        (["dev", "--finder", "nope"], "finder(s) nope not available here"),
    ],
)
def test_main_names_a_bad_split_or_finder(argv, message):
    need("attribution", "polnear", "dev")
    with pytest.raises(SystemExit, match=message.replace("(", r"\(").replace(")", r"\)")):
        attribution_eval.main(argv)
