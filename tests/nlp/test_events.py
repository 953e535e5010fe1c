"""Event coding: triggers, arguments, modality and channel on single sentences.

Each case names a sentence, the trigger word of the event it checks, and what that event
must be: PLOVER type, CAMEO code prefix, actor and recipient countries (``None``: no
recipient expected to be checked), modality, channel (``None``: not checked).
"""

from __future__ import annotations

import pytest

from backchannel.nlp.events.triggers import crosswalk, lexicon

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}

# (id, sentence, trigger word, type, cameo prefix, actor country, recipient country,
#  modality, channel)
CASES = [
    (
        "threat-infinitive",
        "Iran threatened to shell Iraqi towns.",
        "threatened",
        "THREATEN",
        "13",
        "IRN",
        "IRQ",
        "asserted",
        None,
    ),
    (
        "host-swaps-visitor",
        "Russian President Vladimir Putin hosted Chinese President Xi Jinping.",
        "hosted",
        "CONSULT",
        "043",
        "CHN",
        "RUS",
        "asserted",
        "in_person",
    ),
    (
        "negated-meeting",
        "Iran and Iraq did not meet in Geneva.",
        "meet",
        "CONSULT",
        "04",
        "IRN",
        None,
        "negated",
        None,
    ),
    # PLOVER manual, CONSULT: "references to future meetings, summits, state visits … should
    # be coded as AGREE" (CAMEO 036, express intent to meet)
    (
        "future-meeting",
        "President Biden will meet President Xi Jinping of China next week.",
        "meet",
        "AGREE",
        "036",
        "USA",
        "CHN",
        "asserted",
        None,
    ),
    (
        "announced-sanctions-threaten",
        "China will impose sanctions on Japan.",
        "impose",
        "THREATEN",
        "1312",
        "CHN",
        "JPN",
        "asserted",
        None,
    ),
    (
        "conditional-payment",
        "Germany warned that there would be repercussions if Moscow paid rewards to the Taliban.",
        "paid",
        "AID",
        "07",
        "RUS",
        None,
        "conditional",
        None,
    ),
    (
        "accuse-object",
        "The United States accused Russia of hacking the election.",
        "accused",
        "ACCUSE",
        "11",
        "USA",
        "RUS",
        "asserted",
        None,
    ),
    (
        "arrest-domestic",
        "Israeli soldiers arrested 20 Palestinians in Hebron.",
        "arrested",
        "COERCE",
        "173",
        "ISR",
        "PSE",
        "asserted",
        None,
    ),
    (
        "reported-clause",
        "Officials said Russia offered cash to the Taliban.",
        "offered",
        "AGREE",
        "03",
        "RUS",
        "AFG",
        "asserted",
        None,
    ),
    (
        "nominal-between",
        "The call between President Biden and President Putin of Russia lasted an hour.",
        "call",
        "CONSULT",
        "041",
        "USA",
        "RUS",
        "asserted",
        "phone",
    ),
    (
        "nominal-possessive",
        "CIA Director William Burns's call to Vladimir Putin of Russia was brief.",
        "call",
        "CONSULT",
        "041",
        "USA",
        "RUS",
        "asserted",
        "phone",
    ),
    (
        "light-verb-nominal",
        "The State Department issued warnings to Russia through diplomatic channels.",
        "warnings",
        "THREATEN",
        "130",
        "USA",
        "RUS",
        "asserted",
        "diplomatic_channels",
    ),
    (
        "spoke-with-is-call",
        "President Biden spoke today with Chancellor Olaf Scholz of Germany.",
        "spoke",
        "CONSULT",
        "041",
        "USA",
        "DEU",
        "asserted",
        "phone",
    ),
    (
        "spoke-on-sidelines",
        "Biden spoke with Prime Minister Modi of India on the sidelines of the summit.",
        "spoke",
        "CONSULT",
        "040",
        "USA",
        "IND",
        "asserted",
        "in_person",
    ),
    (
        "reciprocal-subject",
        "President Biden and President Emmanuel Macron of France spoke today about Afghanistan.",
        "spoke",
        "CONSULT",
        "041",
        "USA",
        "FRA",
        "asserted",
        "phone",
    ),
    (
        "denial-016",
        "Moscow denied the reports.",
        "denied",
        "REJECT",
        "016",
        "RUS",
        None,
        "asserted",
        None,
    ),
    (
        "appeal-02x",
        "The European Union urged Serbia to release the prisoners.",
        "urged",
        "REQUEST",
        "02",
        "IGO",
        "SRB",
        "asserted",
        None,
    ),
    (
        "passive-agent",
        "Three US soldiers were killed by Taliban fighters.",
        "killed",
        "ASSAULT",
        "19",
        "AFG",
        "USA",
        "asserted",
        None,
    ),
    (
        "reported-demand",
        "The Bush administration declared that China must drop its trade barriers.",
        "declared",
        "REQUEST",
        "10",
        "USA",
        "CHN",
        "asserted",
        None,
    ),
    (
        "intent-cooperative",
        "Israel will evacuate all settlements in the Gaza Strip.",
        "evacuate",
        "AGREE",
        "03",
        "ISR",
        None,
        "asserted",
        None,
    ),
    # a bare word of intent gives way to the action it announces (PLOVER: a future threat
    # of force is THREATEN, a future meeting offered is AGREE, by the one who offers it)
    (
        "intent-coercion",
        "Thailand's government said it is prepared to impose a curfew on Bangkok.",
        "impose",
        "THREATEN",
        "13",
        "THA",
        None,
        "asserted",
        None,
    ),
    (
        "intent-meeting-offered",
        "The Norwegian foreign minister said Norway would be ready to host talks between "
        "Colombia and Venezuela.",
        "host",
        "AGREE",
        "03",
        "NOR",
        None,
        "asserted",
        None,
    ),
    # lifting a curfew is a concession (PLOVER CONCEDE: "removing curfews")
    (
        "lifted-curfew",
        "Kenya lifted the curfew in Mombasa.",
        "lifted",
        "CONCEDE",
        "08",
        "KEN",
        None,
        "asserted",
        None,
    ),
    # civilians taking up conflict are political actors by themselves
    (
        "civilians-vow-to-fight",
        "Ethnic Serbs in Croatia have vowed to fight for their villages.",
        "fight",
        "THREATEN",
        "13",
        "HRV",
        None,
        "asserted",
        None,
    ),
    # a negated acceptance or concession is a refusal (CAMEO 12)
    (
        "negated-acceptance",
        "Syria did not accept the Egyptian proposal for talks with Israel.",
        "accept",
        "REJECT",
        "12",
        "SYR",
        None,
        "asserted",
        None,
    ),
    (
        "negated-concession",
        "Peru said it would not meet the rebels' demands.",
        "meet",
        "REJECT",
        "12",
        "PER",
        None,
        "asserted",
        None,
    ),
]


def _event(nlp, text: str, word: str):
    doc = nlp(text)
    matches = [e for e in doc._.bc_events if word in e.trigger.text]
    assert matches, f"no event triggered by {word!r}: {[e.trigger.text for e in doc._.bc_events]}"
    return matches[0]


@pytest.mark.model
@pytest.mark.parametrize(
    "text,word,kind,cameo,actor,recipient,modality,channel",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_event_coding(nlp, text, word, kind, cameo, actor, recipient, modality, channel):
    event = _event(nlp, text, word)
    assert event.type == kind
    assert event.cameo.startswith(cameo)
    assert actor in {a.country for a in event.actor}
    if recipient is not None:
        assert recipient in {a.country for a in event.recipient}
    assert event.modality == modality
    if channel is not None:
        assert event.channel == channel


@pytest.mark.model
def test_event_offsets_point_into_the_text(nlp):
    text = "Yesterday Iran threatened to shell Iraqi towns."
    event = _event(nlp, text, "threatened")
    assert text[event.trigger.start : event.trigger.end] == event.trigger.text
    assert text[event.sentence.start : event.sentence.end] == event.sentence.text


@pytest.mark.model
def test_event_ids_are_stable_and_distinct(nlp):
    text = "Iran threatened Iraq. Iraq accused Iran of aggression."
    first = [e.id for e in nlp(text)._.bc_events]
    second = [e.id for e in nlp(text)._.bc_events]
    assert first == second
    assert len(set(first)) == len(first) == 2


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The weather in Paris was mild on Tuesday.",
        "Hailstorms in south China killed two people.",
        "The defending champion won the final in three sets.",
        "Manufacturing productivity declined 0.1 pct in the third quarter.",
        "Analysts said the market should extend its dull trend.",
    ],
    ids=[
        "no-trigger",
        "natural-force-subject",
        "participle-modifier",
        "decline-as-fall",
        "forecast-not-demand",
    ],
)
def test_no_event(nlp, text):
    assert nlp(text)._.bc_events == ()


@pytest.mark.model
def test_unparsed_doc_has_no_events(nlp):
    from backchannel.nlp.events import find_events

    assert find_events(nlp.make_doc("Iran threatened Iraq.")) == ()


def test_crosswalk_types_are_plover():
    assert {code.type for code in crosswalk().values()} <= PLOVER_TYPES


@pytest.mark.parametrize("lemma", ["warn", "meet", "visit", "deny", "urge", "arrest", "attack"])
def test_lexicon_has_core_verbs(lemma):
    entries = lexicon().entries[("verb", lemma)]
    assert all(entry.code.type in PLOVER_TYPES for entry in entries)


def test_intent_table_maps_to_verbal_types():
    assert {code.type for code in lexicon().intent.values()} <= {"AGREE", "THREATEN"}


@pytest.mark.model
@pytest.mark.parametrize(
    "stance,modality",
    [("assert", "asserted"), ("deny", "denied")],
    ids=["asserted-statement", "denial-statement"],
)
def test_statement_content_attributes_and_denies(nlp, stance, modality):
    from backchannel.nlp.events import find_events
    from backchannel.records import Span, Statement

    text = "Russia said that it paid rewards to the Taliban."
    doc = nlp(text)
    start = text.index("it paid")
    content = Span(text[start:-1], start, len(text) - 1)
    doc._.bc_statements = (Statement("s1", None, None, content, False, stance),)
    event = next(e for e in find_events(doc) if e.trigger.text == "paid")
    assert event.attributed_to == ("s1",)
    assert event.modality == modality
