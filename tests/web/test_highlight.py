"""Highlighting overlapping spans of an article from stored offsets."""

from __future__ import annotations

import pytest

from backchannel.web.highlight import Layer, highlight, record_layers

TEXT = "Burns phoned Naryshkin <today>."


@pytest.mark.parametrize(
    "layers, expected",
    [
        ([], "Burns phoned Naryshkin &lt;today&gt;."),
        (
            [Layer("actor", 0, 5)],
            "<mark class='actor' title=''>Burns</mark> phoned Naryshkin &lt;today&gt;.",
        ),
        (
            [Layer("sentence", 0, 31), Layer("trigger", 6, 12, "CONSULT")],
            "<mark class='sentence' title=''>Burns </mark>"
            "<mark class='sentence trigger' title='CONSULT'>phoned</mark>"
            "<mark class='sentence' title=''> Naryshkin &lt;today&gt;.</mark>",
        ),
        ([Layer("actor", 50, 60), Layer("actor", 3, 3)], "Burns phoned Naryshkin &lt;today&gt;."),
    ],
    ids=["plain-escaped", "one-span", "nested", "out-of-range-ignored"],
)
def test_highlight(layers, expected):
    assert str(highlight(TEXT, layers)) == expected


def test_record_layers_focus_adds_sentence_and_trigger():
    record = {
        "actors": [{"start": 0, "end": 5, "name": "William Burns", "country": "USA"}],
        "events": [
            {
                "id": "e1",
                "type": "CONSULT",
                "modality": "asserted",
                "trigger": {"start": 6, "end": 12},
                "sentence": {"start": 0, "end": 31},
            }
        ],
    }
    kinds = sorted(layer.kind for layer in record_layers(record, focus="e1"))
    assert kinds == ["actor", "event", "sentence", "trigger"]
    assert sorted(layer.kind for layer in record_layers(record)) == ["actor", "event"]
