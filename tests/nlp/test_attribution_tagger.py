"""The attribution tagger: BIO decoding, gold labels, features, combining with the rules,
and falling back to the rules when the model is missing."""

from __future__ import annotations

import pytest

from backchannel.nlp.attribution import crf as at
from backchannel.nlp.attribution import find_attributions, parse_attributions
from backchannel.nlp.attribution.spans import Attribution
from benchmarks.attribution_eval import GoldAttribution

DECODE = [
    ("empty", [], []),
    ("one-cue", ["O", "B-cue", "O"], [("cue", 1, 2)]),
    (
        "run",
        ["B-source", "I-source", "B-cue", "B-content", "I-content"],
        [("source", 0, 2), ("cue", 2, 3), ("content", 3, 5)],
    ),
    ("orphan-inside", ["O", "I-content", "I-content"], [("content", 1, 3)]),
    ("role-switch", ["B-cue", "I-content"], [("cue", 0, 1), ("content", 1, 2)]),
    (
        "adjacent-begins",
        ["B-content", "B-content", "I-content"],
        [("content", 0, 1), ("content", 1, 3)],
    ),
]


@pytest.mark.parametrize("labels, spans", [d[1:] for d in DECODE], ids=[d[0] for d in DECODE])
def test_decode(labels, spans):
    assert [(s.role, s.start, s.end) for s in at.decode(labels)] == spans


TEXT = "The minister said that the talks had failed."


@pytest.mark.model
def test_gold_labels_follow_character_fragments(nlp):
    doc = nlp(TEXT)
    gold = GoldAttribution(((0, 12),), ((13, 17),), ((18, 43),))
    labels = at.gold_labels(doc, [gold])
    assert labels == ["B-source", "I-source", "B-cue", "B-content"] + ["I-content"] * 4 + ["O"]


@pytest.mark.model
def test_features_carry_the_rules(nlp):
    doc = nlp(TEXT)
    features = at.doc_features(doc, parse_attributions(doc))
    assert len(features) == len(doc)
    assert [f["rule"] for f in features[:3]] == ["B-source", "I-source", "B-cue"]
    assert features[2]["lemma"] == "say" and features[2]["cue.hi"]
    assert features[3]["-1:rule"] == "B-cue"


REFINE = [
    # id, tagged spans, expected (cue, source, content text) or None when dropped
    (
        "tagger-agrees",
        [("source", 0, 2), ("cue", 2, 3), ("content", 3, 8)],
        ((2, 3), (0, 2), "that the talks had failed"),
    ),
    (
        "tagger-narrows-source",
        [("source", 1, 2), ("cue", 2, 3), ("content", 4, 8)],
        ((2, 3), (1, 2), "that the talks had failed"),
    ),
    (
        "tagger-sees-no-source",
        [("cue", 2, 3), ("content", 3, 8)],
        ((2, 3), None, "that the talks had failed"),
    ),
    ("tagger-rejects-cue", [("source", 0, 2), ("content", 3, 8)], None),
]


@pytest.mark.model
@pytest.mark.parametrize("tagged, expected", [r[1:] for r in REFINE], ids=[r[0] for r in REFINE])
def test_refine_keeps_rule_edges_and_tagger_judgement(nlp, tagged, expected):
    doc = nlp(TEXT)
    rules = list(parse_attributions(doc))
    spans = [at.TaggedSpan(*s) for s in tagged]
    refined = at.refine(doc, rules, spans)
    if expected is None:
        assert refined == []
        return
    (attribution,) = refined
    content = "".join(doc.text[a:b] for a, b in attribution.content)
    assert (attribution.cue, attribution.source, content) == expected


@pytest.mark.model
def test_refine_adds_a_cue_the_rules_missed(nlp):
    doc = nlp(TEXT)
    spans = [
        at.TaggedSpan("source", 0, 2),
        at.TaggedSpan("cue", 2, 3),
        at.TaggedSpan("content", 3, 8),
    ]
    (added,) = at.refine(doc, [], spans)
    assert isinstance(added, Attribution)
    assert (added.cue, added.source) == ((2, 3), (0, 2))


@pytest.mark.model
def test_missing_model_falls_back_to_rules(nlp, monkeypatch, tmp_path):
    monkeypatch.setattr(at, "MODEL_PATH", tmp_path / "absent.crfsuite")
    at.tagger.cache_clear()
    try:
        assert at.tagger() is None
        doc = nlp(TEXT)
        assert find_attributions(doc, finder="crf") == find_attributions(doc, finder="rules")
    finally:
        at.tagger.cache_clear()
