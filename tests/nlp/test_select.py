"""Sentence selection: which sentences go through the parser, and what the others keep.

The rule parts (sentence splits, the choice of sentences) run on Docs built from words over
the blank English vocabulary; the pipeline parts load the model.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English

import backchannel.nlp.extensions  # noqa: F401  (registers doc._.bc_*)
from backchannel.errors import ConfigError
from backchannel.nlp import select
from backchannel.nlp.actors.kb import default_kb
from backchannel.settings import Settings

CALM = "Prices rose 5 pct on Monday."
EVENT = "Russia sanctioned Ukraine on Tuesday."


@pytest.fixture(scope="module")
def blank():
    return English()


@pytest.fixture(scope="module")
def candidates():
    return select.Candidates.build(default_kb())


def test_sentences_split_after_full_stops_and_line_breaks(blank):
    doc = blank.make_doc('He left. "She stayed." Then\n\nnothing more')
    words = [t.text for t in doc]
    starts = select.sentence_starts(doc)
    assert [words[i] for i in starts] == ["He", '"', "Then", "nothing"]


def test_white_space_stays_with_the_sentence_before_it(blank):
    doc = blank.make_doc("It rained.\n\nIt snowed.")
    assert doc[3].text == "\n\n" and select.sentence_starts(doc) == [0, 4]


def test_a_sentence_with_a_trigger_is_chosen_and_one_without_is_not(blank, candidates):
    doc = blank.make_doc(f"{CALM} {EVENT}")
    second = next(i for i in select.sentence_starts(doc) if i)
    assert select.chosen(doc, candidates) == [(second, len(doc))]


@pytest.mark.parametrize(
    "text",
    [
        "The farmers said prices would fall.",  # a verb of saying, inflected
        "Talks between the two sides ended without a date.",  # a trigger noun, plural
        'The harvest was "very poor" this year.',  # a quotation
        "The defense minister arrived late.",  # a title
        "Angela Merkel was in the audience.",  # a known name
    ],
)
def test_cues_quotes_titles_and_names_are_chosen(blank, candidates, text):
    doc = blank.make_doc(text)
    assert select.chosen(doc, candidates) == [(0, len(doc))]


def test_a_capitalised_trigger_word_inside_a_sentence_is_a_name(blank, candidates):
    doc = blank.make_doc("Shipments for March fell 5 pct.")
    assert select.chosen(doc, candidates) == []


def test_a_trigger_that_needs_a_word_is_chosen_only_with_it(blank, candidates):
    without = blank.make_doc("The fund will pay a dividend of 5 cts.")
    with_it = blank.make_doc("The rebels will pay a ransom as compensation.")
    assert select.chosen(without, candidates) == []
    assert select.chosen(with_it, candidates) == [(0, len(with_it))]


def test_the_switch_reads_the_environment():
    assert Settings().select_sentences is False  # off unless asked for
    assert Settings.load({"BACKCHANNEL_SELECT_SENTENCES": "off"}).select_sentences is False
    assert Settings.load({"BACKCHANNEL_SELECT_SENTENCES": "1"}).select_sentences is True
    with pytest.raises(ConfigError, match="BACKCHANNEL_SELECT_SENTENCES"):
        Settings.load({"BACKCHANNEL_SELECT_SENTENCES": "sometimes"})


@pytest.fixture(scope="module")
def selective():
    """The full pipeline with sentence selection switched on."""
    from backchannel.nlp import load

    return load(settings=Settings.load(select_sentences=True))


@pytest.mark.model
def test_only_chosen_sentences_are_parsed_and_offsets_stay(selective):
    from backchannel.nlp.pipeline import make_doc

    text = f"{CALM}\n\n{EVENT}"
    assert select.NAME in selective.pipe_names and "parser" not in selective.pipe_names
    doc = selective(make_doc(selective, text))
    calm, event = list(doc.sents)[0], list(doc.sents)[-1]
    assert doc.text == text
    assert [t.idx for t in doc] == [t.idx for t in selective.make_doc(text)]
    assert {t.pos_ for t in calm} == {""} and not [t for t in calm if t.lemma_]
    assert calm.root.i == 0 and not [e for e in doc.ents if e.start < calm.end]
    assert {t.pos_ for t in event} >= {"PROPN", "VERB"}
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == ["Russia", "Ukraine"]
    [found] = doc._.bc_events
    assert (
        found.type == "SANCTION" and text[found.trigger.start : found.trigger.end] == "sanctioned"
    )


@pytest.mark.model
def test_the_switch_parses_every_sentence():
    from backchannel.nlp import load

    full = load(settings=Settings.load(select_sentences=False))
    assert select.NAME not in full.pipe_names and "parser" in full.pipe_names
    doc = full(f"{CALM} {EVENT}")
    assert all(t.pos_ for t in doc)


@pytest.mark.model
def test_events_and_statements_match_the_full_parse(selective):
    from backchannel.nlp import load
    from backchannel.nlp.pipeline import make_doc

    full = load(settings=Settings.load(select_sentences=False))
    text = (
        f"{CALM} Shares of the firm closed higher.\n\n"
        'Iran accused Israel of the attack, a spokesman said. "We will respond," he added.\n\n'
        "Exports fell 3 pct in March."
    )
    chosen, everything = (n(make_doc(n, text, published="2024-05-02")) for n in (selective, full))
    assert chosen._.bc_events == everything._.bc_events
    assert chosen._.bc_statements == everything._.bc_statements
    assert len(chosen._.bc_events) >= 1 and len(chosen._.bc_statements) >= 1


@pytest.mark.model
def test_a_place_name_keeps_its_sentence(selective):
    candidates = selective.get_pipe(select.NAME).candidates
    doc = selective.make_doc("Prices rose 5 pct in Pandi.")
    assert select.chosen(doc, candidates) == [(0, len(doc))]
    assert [p.name for p in selective("Prices rose 5 pct in Pandi.")._.bc_places] == ["Pandi"]
