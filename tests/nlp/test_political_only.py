"""Political events only, and states that no longer exist keeping their identity.

An event needs a political entity on one side (a state or a part of one, an international
body, a party, an armed group); company transactions are no events. The Soviet Union,
Yugoslavia, Czechoslovakia and East Germany are their own states, not their successors.
"""

from __future__ import annotations

import pytest

from backchannel.nlp.events import political
from backchannel.records import Actor


def _actor(kind="group", country=None, sector=None, text="x") -> Actor:
    return Actor(
        id="a", text=text, start=0, end=1, name=text, kind=kind, country=country, sector=sector
    )


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (_actor("country", "JPN"), True),  # "Japan agreed…"
        (_actor("group", "USA", "GOV"), True),  # "US officials"
        (_actor("organization", None, "COP"), True),  # "police said"
        (_actor("group", None, "REB"), True),  # "rebels attacked"
        (_actor("person", "GBR", "PTY"), True),  # a party leader
        (_actor("organization", "IGO", "BUS"), True),  # the IMF: an IGO, whatever its sector
        (_actor("organization", "NGO"), True),
        (_actor("organization", None, "BUS"), False),  # "the company"
        (_actor("group", "JPN", "BUS"), False),  # "Japanese banks"
        (_actor("organization", "MNC", "BUS"), False),  # a multinational
        (_actor("group", "FRA", "CVL"), False),  # civilians are no state
        (_actor("person"), False),  # an unknown name
        (_actor("organization", "USA"), False),  # a US body of no known sector
    ],
)
def test_political_entities(actor, expected):
    assert political(actor) is expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The company agreed to buy back up to two mln of its common shares.",
        "The company offered to buy the bank for 500 mln dlrs.",
        "Shareholders rejected the takeover bid from the company.",
        "The bank asked its shareholders to approve the share buyback.",
        "Analysts said investors demanded higher yields from the company.",
    ],
)
def test_corporate_transactions_are_no_events(nlp, text):
    assert nlp(text)._.bc_events == ()


@pytest.mark.model
def test_a_state_alone_takes_part(nlp):
    events = nlp("Japan agreed to cut tariffs on American computer chips.")._.bc_events
    assert any("JPN" in {a.country for a in e.actor} for e in events)


@pytest.mark.model
def test_a_government_buying_from_a_company_is_an_event(nlp):
    events = nlp("The Egyptian government agreed to buy wheat from the company.")._.bc_events
    assert events and all("EGY" in {a.country for a in e.actor} for e in events)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "code", "successor"),
    [
        ("Soviet officials accused Washington of violating the arms treaty.", "SUN", "RUS"),
        ("The Soviet Union accused the United States of violating the treaty.", "SUN", "RUS"),
        ("Yugoslavia protested to Albania over the border incident.", "YUG", "SRB"),
        ("Czechoslovakia expelled two British diplomats.", "CSK", "CZE"),
        ("East Germany accused West Germany of interfering.", "DDR", "DEU"),
    ],
)
def test_former_states_keep_their_identity(nlp, text, code, successor):
    doc = nlp(text)
    assert code in {a.country for a in doc._.bc_actors}
    events = doc._.bc_events
    assert events and code in {a.country for e in events for a in e.actor}
    assert successor not in {a.country for e in events for a in e.actor}
