"""Places: toponym detection, metonymy, resolution in context, and event places."""

from __future__ import annotations

import pytest

from backchannel.nlp.events.place import event_place
from backchannel.nlp.places import find_places, resolve
from backchannel.nlp.places.gazetteer import load_gazetteer, normalise
from benchmarks._shared import SHARED

pytestmark = pytest.mark.model

#: components that run after places and that places does not need
LATER = ("backchannel_statements", "backchannel_events")


@pytest.fixture(scope="module")
def nlp(nlp):
    """The session pipeline up to and including places (later stages are not under test)."""
    with nlp.select_pipes(disable=[name for name in LATER if name in nlp.pipe_names]):
        yield nlp


# (sentence, toponym text, expected name, ISO3, geonameid or None)
RESOLVED = [
    (
        "He also met with Naryshkin in Ankara, Turkey, in November 2022.",
        "Ankara",
        "Ankara",
        "TUR",
        323786,
    ),
    (
        "He also met with Naryshkin in Ankara, Turkey, in November 2022.",
        "Turkey",
        "Turkey",
        "TUR",
        298795,
    ),
    ("The talks were held in Vienna, Austria, last week.", "Vienna", "Vienna", "AUT", 2761369),
    ("The talks were held in Vienna, Virginia, last week.", "Vienna", "Vienna", "USA", 4791160),
    ("Troops returned to the U.S on Friday.", "U.S", "United States", "USA", 6252001),
    ("Factories in China closed for a week.", "China", "China", "CHN", 1814991),
    ("Flooding hit Springfield, Illinois on Monday.", "Springfield", "Springfield", "USA", 4250542),
    (
        "The reporters waited at the White House for hours.",
        "White House",
        "White House",
        "USA",
        None,
    ),
    ("Rhinos are poached in South Africa every week.", "South Africa", "South Africa", "ZAF", None),
    (
        "Georgia's governor, in Atlanta, met farmers from Savannah, Georgia.",
        "Savannah",
        "Savannah",
        "USA",
        None,
    ),
]


@pytest.mark.parametrize(
    "sentence,toponym,name,country,geonameid", RESOLVED, ids=[f"{r[1]}:{r[3]}" for r in RESOLVED]
)
def test_toponym_resolves_in_context(nlp, sentence, toponym, name, country, geonameid):
    places = {p.text: p for p in nlp(sentence)._.bc_places}
    assert toponym in places, f"no place for {toponym!r} in {sorted(places)}"
    place = places[toponym]
    assert (place.name, place.country) == (name, country)
    if geonameid is not None:
        assert place.geonameid == geonameid


# (sentence, text that must not be reported as a place)
NOT_PLACES = [
    ("Moscow responded by denying reports that it paid bounties.", "Moscow"),
    ("Washington said the sanctions would stay.", "Washington"),
    ("The Kremlin denied the report on Monday.", "Kremlin"),
    ("Russian officials met their counterparts on Monday.", "Russian"),
    ("Ukrainian intelligence officials briefed the director.", "Ukrainian"),
    ("Cases of West Nile virus rose in the summer.", "West Nile"),
    ("Delegates met at the UN in the afternoon.", "UN"),
    ("U.S. officials are eager to avoid giving the Kremlin any opening.", "U.S."),
    ("Russia paid bounties to the Taliban, officials said.", "Taliban"),
]


@pytest.mark.parametrize("sentence,text", NOT_PLACES, ids=[t for _, t in NOT_PLACES])
def test_actors_and_demonyms_are_not_places(nlp, sentence, text):
    places = nlp(sentence)._.bc_places
    assert all(text not in p.text for p in places), places


def test_vague_region_resolves_to_country_and_keeps_region(nlp):
    doc = nlp("Prigozhin took control of a military base in southern Russia.")
    (place,) = [p for p in doc._.bc_places if p.country == "RUS"]
    assert place.feature == "PCLI"
    assert place.region == "southern Russia"
    assert doc.text[place.start : place.end] == "southern Russia"


def test_place_offsets_point_into_the_text(nlp):
    doc = nlp("Flooding hit Springfield, Illinois and parts of Georgia near Atlanta.")
    assert doc._.bc_places
    for place in doc._.bc_places:
        assert doc.text[place.start : place.end] == place.text


def test_find_places_is_the_component_result(nlp):
    doc = nlp("The talks were held in Vienna, Austria, last week.")
    assert find_places(doc) == doc._.bc_places


# (sentence, trigger word, expected place name or None)
EVENT_PLACES = [
    ("He also met with Naryshkin in Ankara, Turkey, in November 2022.", "met", "Ankara"),
    ("Tracy was relaying the message in Moscow on Saturday.", "relaying", "Moscow"),
    ("The minister, who lives in Paris, called his counterpart.", "called", None),
    ("Burns called Naryshkin on Monday.", "called", None),
    (
        "He met Naryshkin to caution Russia against the use of nuclear weapons "
        "in the Ukraine conflict.",
        "caution",
        None,
    ),
    ("The two leaders held talks at a hotel in Geneva on Tuesday.", "talks", "Geneva"),
]


@pytest.mark.parametrize(
    "sentence,trigger,expected", EVENT_PLACES, ids=[e[1] + str(e[2]) for e in EVENT_PLACES]
)
def test_event_place_is_in_the_event_clause(nlp, sentence, trigger, expected):
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == trigger)
    place = event_place(doc, doc[:], doc[token.i : token.i + 1])
    assert (place.name if place else None) == expected


def test_event_place_ignores_other_sentences(nlp):
    doc = nlp("Burns called Naryshkin on Monday. Later, floods hit towns in Ankara province.")
    first = next(iter(doc.sents))
    trigger = next(t for t in first if t.text == "called")
    assert event_place(doc, first, doc[trigger.i : trigger.i + 1]) is None


@pytest.mark.shared
def test_seed_004_message_relayed_in_moscow(nlp):
    path = SHARED / "seeds" / "004_948b423eb5a6ee78.txt"
    if not path.exists():
        pytest.skip("../shared/seeds is absent")
    doc = nlp(path.read_text(encoding="utf-8"))
    sent = next(s for s in doc.sents if "relaying the message" in s.text)
    trigger = next(t for t in sent if t.text == "relaying")
    place = event_place(doc, sent, doc[trigger.i : trigger.i + 1])
    assert place is not None and place.name == "Moscow" and place.country == "RUS"
    ankara = next(p for p in doc._.bc_places if p.text == "Ankara")
    assert (ankara.country, ankara.geonameid) == ("TUR", 323786)


def test_resolve_gold_spans_uses_context(nlp):
    doc = nlp("Pigs were culled at a farm in Pandi, Bulacan on Sunday.")
    start = doc.text.index("Pandi")
    (place,) = resolve(doc, [(start, start + len("Pandi"))])
    assert place is not None and place.country == "PHL"


# (name as written, ISO3 of the first candidate)
ALIASES = [
    ("U.S.", "USA"),
    ("U.S", "USA"),
    ("UK", "GBR"),
    ("Britain", "GBR"),
    ("China", "CHN"),
    ("the Netherlands", "NLD"),
    ("Ivory Coast", "CIV"),
]


@pytest.mark.parametrize("text,iso3", ALIASES, ids=[a for a, _ in ALIASES])
def test_gazetteer_aliases(text, iso3):
    (first, *_) = load_gazetteer().lookup(text)
    assert first.country == iso3 and first.is_country


@pytest.mark.parametrize("text,iso3", [("Russian", "RUS"), ("Filipino", "PHL"), ("Irish", "IRL")])
def test_gazetteer_demonyms(text, iso3):
    assert load_gazetteer().demonym(text).country == iso3


@pytest.mark.parametrize(
    "text,key", [("the U.S.", "us"), ("Şalālah", "salalah"), ("Côte d’Ivoire", "cote divoire")]
)
def test_normalise(text, key):
    assert normalise(text) == key
