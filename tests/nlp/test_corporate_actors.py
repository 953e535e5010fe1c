"""Companies and their people are not states (issue 17, item 3).

Corporate actors resolve to the business sector (BUS), with a country at most: "company
officials", "the bank's president", "Exxon spokesman", "Tokyo-based Bandai Co", a country
inside or after "of" in a company's name ("Bank of America NT and SA"). A country's central
bank is its government (GOV), as CAMEO and PLOVER code central banks. State actors stay GOV.
The sentences are invented.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from backchannel.nlp.actors.kb import default_kb
from backchannel.nlp.actors.state import _Doc, central_bank, name_sector
from backchannel.nlp.events import political

_DATE = "2004-06-01"


def _analyse(nlp, text: str) -> Doc:
    from backchannel.nlp.pipeline import make_doc

    return nlp(make_doc(nlp, text, published=_DATE))


def _actor(doc: Doc, phrase: str):
    """The actor whose text holds ``phrase`` (the shortest such)."""
    found = [a for a in doc._.bc_actors if phrase in a.text]
    assert found, f"no actor for {phrase!r} in {[a.text for a in doc._.bc_actors]}"
    return min(found, key=lambda a: len(a.text))


# -- rules on hand-built Docs (no model) -----------------------------------------------


def _words(text: str) -> Doc:
    return Doc(English().vocab, words=text.split())


@pytest.mark.parametrize(
    ("name", "sector"),
    [
        ("Dunmore Foods Inc", "BUS"),
        ("North Hunan Machinery Co", "BUS"),
        ("Ashby Bank Plc", "BUS"),
        ("Soler Group", "BUS"),
        ("Ministry of Oil", "GOV"),  # another sector's word wins over a company's
        ("Department of Energy", "GOV"),
        ("Armed Islamic Group", "REB"),
        ("Group of Seven", None),  # a club of states
    ],
)
def test_name_words_give_the_sector(name, sector):
    doc = _words(name)
    assert name_sector(default_kb(), doc[:]) == sector


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("the Bank of England cut rates", "GBR"),
        ("the Bank of Japan bought dollars", "JPN"),
        ("the Central Bank of Nigeria said", "NGA"),
        ("the Bank of Tokyo Ltd said", None),  # a city's name: a company
        ("the Bank of America said", None),  # a continent's name: a brand
        ("the Industrial Bank of Japan said", None),
    ],
)
def test_central_banks_by_name(text, country):
    doc = _words(text)
    state = _Doc.scan(doc, default_kb())
    found = central_bank(doc, state.hit_at, [t.text for t in doc].index("Bank"))
    assert (found[1].what.entry.country if found else None) == country


# -- corporate actors are BUS ----------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Company officials said the plant in Ohio would close.", "officials"),
        ("A company spokesman said the firm had rejected the bid.", "spokesman"),
        ("The bank's president said it would raise its prime lending rate.", "president"),
        ("The firm's president resigned after the quarterly loss.", "president"),
        ("Marlow Airlines president Peter Voss resigned on Tuesday.", "Peter Voss"),
        ("Jane Ortiz, a company founder and president, agreed to sell her shares.", "Ortiz"),
        ("Bank of America chairman Robert Hale rejected the merger offer.", "Robert Hale"),
        ("Ferris Motors Corp officials said the strike at the plant had ended.", "officials"),
        ("Officials of Corwin Steel Corp met the striking workers on Friday.", "Officials"),
        (
            "Representatives from Danvers Trust Co and Ashby Bank Plc met the managers.",
            "Representatives",
        ),
        ("A spokesman for Granite Insurance Co said the insurer would pay.", "spokesman"),
        (
            "Dunmore Foods Inc said its profit rose. A Dunmore spokesman declined to comment.",
            "Dunmore spokesman",
        ),
        (
            "Westbrook Industries Corp (WIC) cut its dividend. A WIC spokesman gave no reason.",
            "WIC spokesman",
        ),
        (
            "Pemberton Holdings Ltd agreed to buy the mill. Alan Crane, president of "
            "Pemberton, said the deal would close in May.",
            "president of Pemberton",
        ),
        (
            "Halden Marine Corp broke off the wage talks. An HMC spokesman said the union had "
            "rejected its offer.",
            "HMC spokesman",
        ),
        (
            "Kessler, the oil company, will appeal. A Kessler spokesman said the ruling was wrong.",
            "spokesman",
        ),
    ],
)
def test_corporate_people_are_business(nlp, text, phrase):
    actor = _actor(_analyse(nlp, text), phrase)
    assert actor.sector == "BUS"
    assert not political(actor)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "phrase", "country"),
    [
        ("Tokyo-based Kintaro Co agreed to buy a toy maker in Ohio.", "Kintaro Co", "JPN"),
        ("The Madrid-based Soler Group said it would buy the hotel chain.", "Soler Group", "ESP"),
        (
            "Bank of America NT and SA agreed to arrange a 150 mln dlr credit for the retailer.",
            "Bank of America",
            "USA",
        ),
        (
            "Halcyon Chemical Co of the United States signed a contract with North China "
            "Machinery Co.",
            "Halcyon Chemical Co",
            "USA",
        ),
        (
            "Halcyon Chemical Co of the United States signed a contract with North China "
            "Machinery Co.",
            "North China Machinery Co",
            "CHN",
        ),
        ("The Industrial Bank of Japan agreed to lend 50 mln dlrs to the firm.", "Bank", "JPN"),
        ("Bank of Tokyo Ltd said it agreed to buy a stake in the broker.", "Bank of Tokyo", "JPN"),
    ],
)
def test_a_country_in_a_company_name_is_no_party(nlp, text, phrase, country):
    doc = _analyse(nlp, text)
    firm = _actor(doc, phrase)
    assert (firm.sector, firm.country, firm.kind) == ("BUS", country, "organization")
    states = [a for a in doc._.bc_actors if a.country == country and political(a)]
    assert states == []  # neither "the United States" nor "Tokyo" stands for a state


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Tokyo-based Kintaro Co agreed to buy the toy maker for 30 mln dlrs.",
        "Bank of America NT and SA agreed to lend 200 mln dlrs to the retailer.",
        "Halcyon Chemical Co of the United States signed a contract with North China Machinery Co.",
        "Company officials rejected the offer from Corwin Steel Corp.",
        "Marlow Airlines president Peter Voss resigned on Tuesday.",
        "The bank's president rejected the takeover bid.",
    ],
)
def test_corporate_stories_are_no_events(nlp, text):
    assert _analyse(nlp, text)._.bc_events == ()


# -- state actors stay the state's ---------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "phrase", "country", "sector"),
    [
        (
            "The Russian president met the French foreign minister.",
            "Russian president",
            "RUS",
            "GOV",
        ),
        ("A Kremlin spokesman denied the report on Monday.", "spokesman", "RUS", "GOV"),
        ("The Bank of England cut interest rates on Thursday.", "Bank of England", "GBR", "GOV"),
        ("The Central Bank of Nigeria raised its lending rate.", "Central Bank", "NGA", "GOV"),
        ("Labor Minister Ann Rees urged both sides to resume talks.", "Ann Rees", None, "GOV"),
        ("An army spokesman said troops had killed three rebels.", "spokesman", None, "MIL"),
        ("French officials met company officials in Paris.", "French officials", "FRA", "GOV"),
    ],
)
def test_state_actors_stay_government(nlp, text, phrase, country, sector):
    actor = _actor(_analyse(nlp, text), phrase)
    assert actor.sector == sector
    assert country is None or actor.country == country
    assert political(actor)


@pytest.mark.model
def test_the_central_bank_is_the_government(nlp):
    doc = _analyse(nlp, "The Bank of England said it would lend to the money market.")
    actor = _actor(doc, "Bank of England")
    assert (actor.kind, actor.country, actor.sector) == ("organization", "GBR", "GOV")
    assert not any(a.kind == "country" for a in doc._.bc_actors)


@pytest.mark.model
def test_a_government_dealing_with_a_company_is_an_event(nlp):
    doc = _analyse(nlp, "The Egyptian government agreed to buy wheat from Kintaro Co of Japan.")
    events = doc._.bc_events
    assert events and all("EGY" in {a.country for a in e.actor} for e in events)
    assert all(a.sector == "BUS" for e in events for a in e.recipient)
