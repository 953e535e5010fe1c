"""Rule functions on ``Doc``s built by hand from words, heads, deps and tags.

As spaCy tests its own rules: no statistical model is loaded (only the blank English
vocabulary, for lowercase forms), each sentence is written out
with the parse the rule reads, so a failure points at the rule and not at the parser.
A row of a sentence is ``"word head dep pos tag lemma"`` with ``head`` the absolute index
of the token's head (its own index for the root).
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

import backchannel.nlp.extensions  # noqa: F401  (registers doc._.bc_*)
from backchannel.nlp.attribution.quotes import (
    find_quotes,
    overlapping,
    quote_at,
    quoted_tokens,
)
from backchannel.nlp.events.arguments import _is_passive, _subject
from backchannel.nlp.events.modality import announced, modality, ultimatum
from backchannel.nlp.events.place import _governing_verb, _placed_on, event_place
from backchannel.nlp.events.triggers import Trigger
from backchannel.nlp.sentence_limit import forced_starts
from backchannel.nlp.time.doc import governing_verb, tense_at
from backchannel.records import Place

#: a blank English vocabulary (no model): its lexical attributes give ``lower_``, which a
#: bare ``Vocab()`` leaves empty
VOCAB = English().vocab


def build(rows: list[str]) -> Doc:
    """A Doc from ``"word head dep pos tag lemma"`` rows (heads absolute)."""
    words, heads, deps, pos, tags, lemmas = zip(*(row.split() for row in rows))
    return Doc(
        VOCAB,
        words=list(words),
        heads=[int(h) for h in heads],
        deps=list(deps),
        pos=list(pos),
        tags=list(tags),
        lemmas=list(lemmas),
    )


def word(doc: Doc, text: str):
    return next(t for t in doc if t.text == text)


def trigger(doc: Doc, text: str) -> Trigger:
    head = word(doc, text)
    return Trigger(head=head, start=head.i, end=head.i + 1, entry=None, predicate=head)


# --- sentences ---------------------------------------------------------------------------

MET = [
    "Iran 1 nsubj PROPN NNP Iran",
    "met 1 ROOT VERB VBD meet",
    "Iraq 1 dobj PROPN NNP Iraq",
    ". 1 punct PUNCT . .",
]
NOT_MEET = [
    "Iran 3 nsubj PROPN NNP Iran",
    "did 3 aux AUX VBD do",
    "not 3 neg PART RB not",
    "meet 3 ROOT VERB VB meet",
    "Iraq 3 dobj PROPN NNP Iraq",
    ". 3 punct PUNCT . .",
]
WILL_MEET = [
    "Iran 2 nsubj PROPN NNP Iran",
    "will 2 aux AUX MD will",
    "meet 2 ROOT VERB VB meet",
    "Iraq 2 dobj PROPN NNP Iraq",
    ". 2 punct PUNCT . .",
]
COULD_MEET = [
    "Iran 2 nsubj PROPN NNP Iran",
    "could 2 aux AUX MD could",
    "meet 2 ROOT VERB VB meet",
    "Iraq 2 dobj PROPN NNP Iraq",
    ". 2 punct PUNCT . .",
]
PLANS_TO_MEET = [
    "Iran 1 nsubj PROPN NNP Iran",
    "plans 1 ROOT VERB VBZ plan",
    "to 3 aux PART TO to",
    "meet 1 xcomp VERB VB meet",
    "Iraq 3 dobj PROPN NNP Iraq",
    ". 1 punct PUNCT . .",
]
WANTS_TO_MEET = [
    "Iran 1 nsubj PROPN NNP Iran",
    "wants 1 ROOT VERB VBZ want",
    "to 3 aux PART TO to",
    "meet 1 xcomp VERB VB meet",
    "Iraq 3 dobj PROPN NNP Iraq",
    ". 1 punct PUNCT . .",
]
IF_MEETS = [
    "If 2 mark SCONJ IN if",
    "Iran 2 nsubj PROPN NNP Iran",
    "meets 6 advcl VERB VBZ meet",
    "Iraq 2 dobj PROPN NNP Iraq",
    ", 6 punct PUNCT , ,",
    "talks 6 nsubj NOUN NNS talk",
    "resume 6 ROOT VERB VBP resume",
    ". 6 punct PUNCT . .",
]
# "Israel will withdraw unless Syria agrees ."
UNLESS = [
    "Israel 2 nsubj PROPN NNP Israel",
    "will 2 aux AUX MD will",
    "withdraw 2 ROOT VERB VB withdraw",
    "unless 5 mark SCONJ IN unless",
    "Syria 5 nsubj PROPN NNP Syria",
    "agrees 2 advcl VERB VBZ agree",
    ". 2 punct PUNCT . .",
]


@pytest.mark.parametrize(
    ("rows", "text", "expected"),
    [
        pytest.param(MET, "met", "asserted", id="plain-past-asserted"),
        pytest.param(NOT_MEET, "meet", "negated", id="neg-child-negated"),
        pytest.param(WILL_MEET, "meet", "future", id="will-aux-future"),
        pytest.param(COULD_MEET, "meet", "hypothetical", id="could-aux-hypothetical"),
        pytest.param(PLANS_TO_MEET, "meet", "future", id="plan-xcomp-future"),
        pytest.param(WANTS_TO_MEET, "meet", "hypothetical", id="want-xcomp-hypothetical"),
        pytest.param(IF_MEETS, "meets", "conditional", id="if-advcl-conditional"),
    ],
)
def test_modality(rows, text, expected):
    assert modality(trigger(build(rows), text)) == expected


@pytest.mark.parametrize(
    ("rows", "text", "is_announced", "is_ultimatum"),
    [
        pytest.param(MET, "met", False, False, id="asserted-neither"),
        pytest.param(WILL_MEET, "meet", True, False, id="will-announced"),
        pytest.param(COULD_MEET, "meet", False, False, id="could-not-announced"),
        pytest.param(PLANS_TO_MEET, "meet", True, False, id="plan-xcomp-announced"),
        pytest.param(UNLESS, "withdraw", True, True, id="will-unless-ultimatum"),
    ],
)
def test_announced_and_ultimatum(rows, text, is_announced, is_ultimatum):
    found = trigger(build(rows), text)
    assert (announced(found), ultimatum(found)) == (is_announced, is_ultimatum)


# --- tense of the verb governing a time expression ------------------------------------------


def _on_saturday(verb_rows: list[str]) -> list[str]:
    """ "Iran <verb rows> Iraq on Saturday ." with the main verb last of ``verb_rows``."""
    root = len(verb_rows)
    return (
        [f"Iran {root} nsubj PROPN NNP Iran"]
        + verb_rows
        + [
            f"Iraq {root} dobj PROPN NNP Iraq",
            f"on {root} prep ADP IN on",
            f"Saturday {root + 2} pobj PROPN NNP Saturday",
            f". {root} punct PUNCT . .",
        ]
    )


@pytest.mark.parametrize(
    ("verb_rows", "expected"),
    [
        pytest.param(["met 1 ROOT VERB VBD meet"], "past", id="vbd-past"),
        pytest.param(
            ["will 2 aux AUX MD will", "meet 2 ROOT VERB VB meet"], "future", id="will-future"
        ),
        pytest.param(["meets 1 ROOT VERB VBZ meet"], "present", id="vbz-present"),
        pytest.param(
            ["is 2 aux AUX VBZ be", "meeting 2 ROOT VERB VBG meet"], "future", id="is-vbg-future"
        ),
        pytest.param(
            ["has 2 aux AUX VBZ have", "met 2 ROOT VERB VBN meet"], "past", id="has-vbn-past"
        ),
    ],
)
def test_tense_at_saturday(verb_rows, expected):
    doc = build(_on_saturday(verb_rows))
    saturday = word(doc, "Saturday")
    assert governing_verb(saturday).i == len(verb_rows)
    assert tense_at(doc, doc.text, saturday.idx, saturday.idx + len(saturday)) == expected


def test_governing_verb_none_without_a_verb():
    doc = build(
        ["Talks 0 ROOT NOUN NNS talk", "on 0 prep ADP IN on", "Saturday 1 pobj PROPN NNP Saturday"]
    )
    assert governing_verb(doc[2]) is None
    assert _governing_verb(doc[2]).i == 0  # place.py's version falls back to the root


# --- event place -------------------------------------------------------------------------

# "Putin met Erdogan in Ankara , Turkey ."
IN_ANKARA = [
    "Putin 1 nsubj PROPN NNP Putin",
    "met 1 ROOT VERB VBD meet",
    "Erdogan 1 dobj PROPN NNP Erdogan",
    "in 1 prep ADP IN in",
    "Ankara 3 pobj PROPN NNP Ankara",
    ", 4 punct PUNCT , ,",
    "Turkey 4 appos PROPN NNP Turkey",
    ". 1 punct PUNCT . .",
]
# "Putin warned against the use of weapons in Ukraine ."
DEEP = [
    "Putin 1 nsubj PROPN NNP Putin",
    "warned 1 ROOT VERB VBD warn",
    "against 1 prep ADP IN against",
    "the 4 det DET DT the",
    "use 2 pobj NOUN NN use",
    "of 4 prep ADP IN of",
    "weapons 5 pobj NOUN NNS weapon",
    "in 6 prep ADP IN in",
    "Ukraine 7 pobj PROPN NNP Ukraine",
    ". 1 punct PUNCT . .",
]
# "Putin met Erdogan from Ankara ." ("from" does not place an event)
FROM_ANKARA = [
    "Putin 1 nsubj PROPN NNP Putin",
    "met 1 ROOT VERB VBD meet",
    "Erdogan 1 dobj PROPN NNP Erdogan",
    "from 1 prep ADP IN from",
    "Ankara 3 pobj PROPN NNP Ankara",
    ". 1 punct PUNCT . .",
]

FEATURES = {"Ankara": "PPLC", "Turkey": "PCLI", "Ukraine": "PCLI"}


def _with_places(rows: list[str]) -> Doc:
    doc = build(rows)
    doc._.bc_places = tuple(
        Place(text=t.text, start=t.idx, end=t.idx + len(t), name=t.text, feature=FEATURES[t.text])
        for t in doc
        if t.text in FEATURES
    )
    return doc


@pytest.mark.parametrize(
    ("rows", "trigger_word", "expected"),
    [
        pytest.param(IN_ANKARA, "met", "Ankara", id="city-beats-its-country-appos"),
        pytest.param(DEEP, "warned", None, id="toponym-deep-in-a-phrase"),
        pytest.param(FROM_ANKARA, "met", None, id="from-is-not-locative"),
    ],
)
def test_event_place(rows, trigger_word, expected):
    doc = _with_places(rows)
    head = word(doc, trigger_word)
    found = event_place(doc, doc[:], doc[head.i : head.i + 1])
    assert (found.name if found else None) == expected


def test_placed_on_climbs_appos_to_the_preposition():
    doc = build(IN_ANKARA)
    assert _placed_on(doc[6:7], doc[1])  # Turkey → appos Ankara → pobj of "in" on "met"
    # the verb's clause counts for its object too: "Erdogan" governs up to "met"
    assert _placed_on(doc[6:7], doc[2])
    deep = build(DEEP)  # "in Ukraine" hangs on "weapons", a noun below "warned"
    assert not _placed_on(deep[8:9], deep[1])


# --- event arguments ---------------------------------------------------------------------

# "Iraq was attacked by Iran ."
PASSIVE = [
    "Iraq 2 nsubjpass PROPN NNP Iraq",
    "was 2 auxpass AUX VBD be",
    "attacked 2 ROOT VERB VBN attack",
    "by 2 agent ADP IN by",
    "Iran 3 pobj PROPN NNP Iran",
    ". 2 punct PUNCT . .",
]


@pytest.mark.parametrize(
    ("rows", "verb", "passive", "subjects", "how"),
    [
        pytest.param(MET, "met", False, ["Iran"], "subject", id="active-nsubj"),
        pytest.param(PASSIVE, "attacked", True, ["Iran"], "agent", id="passive-by-agent"),
        pytest.param(
            PLANS_TO_MEET, "meet", False, ["Iran"], "subject", id="xcomp-inherits-subject"
        ),
    ],
)
def test_subject(rows, verb, passive, subjects, how):
    doc = build(rows)
    token = word(doc, verb)
    found, kind = _subject(token)
    assert (_is_passive(token), [t.text for t in found], kind) == (passive, subjects, how)


# --- quotes and sentence limits (text-level rules) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('He said "we will win" today.', [('"we will win"', True)], id="straight"),
        pytest.param(
            "He said “we will win” and “soon”.",
            [("“we will win”", True), ("“soon”", True)],
            id="curly-pair",
        ),
        pytest.param(
            "“We will win.\n“And soon,” he said.",
            [("“We will win.", False), ("“And soon,”", True)],
            id="open-at-paragraph-end",
        ),
        pytest.param("The '90s were calm.", [], id="apostrophe-is-no-quote"),
    ],
)
def test_find_quotes(text, expected):
    assert [(text[q.start : q.end], q.closed) for q in find_quotes(text)] == expected


def test_quote_at_overlapping_and_quoted_tokens():
    doc = Doc(
        VOCAB,
        words=["He", "said", "“", "we", "win", "”", "and", "left", "."],
        spaces=[True, True, False, True, False, True, True, False, False],
    )
    quotes = find_quotes(doc.text)
    assert len(quotes) == 1
    we = doc[3].idx
    assert quote_at(quotes, we) == quotes[0]
    assert quote_at(quotes, doc[7].idx) is None
    assert list(overlapping(quotes, 0, we)) == [0]
    assert list(overlapping(quotes, doc[6].idx, len(doc.text))) == []
    assert quoted_tokens(doc, quotes) == {2, 3, 4, 5}


@pytest.mark.parametrize(
    ("words", "limit", "expected"),
    [
        pytest.param(["a", "b", "c", "d", "e"], 2, [2, 4], id="every-second"),
        pytest.param(["a", "b", ".", "c", "d"], 2, [], id="full-stop-resets"),
        pytest.param(["a", "b", "\n", "c", "d", "e"], 2, [5], id="newline-resets"),
        pytest.param(["a", "?!", "b", "c", "d"], 3, [], id="marks-end-sentence"),
    ],
)
def test_forced_starts(words, limit, expected):
    assert forced_starts(words, limit) == expected
