"""States that no longer exist keep their identity in their years: dated capitals and seats
("Moscow" of 1987 is the Soviet government, of 2015 Russia's), Soviet, Yugoslav,
Czechoslovak and East German office holders and institutions, and their COW numbers."""

from __future__ import annotations

import itertools

import pytest
import yaml

from backchannel import data as packaged
from backchannel.errors import ConfigError
from backchannel.export import _cow
from backchannel.nlp.actors import kb
from backchannel.nlp.actors.kb import Alias, KBEntry

HISTORIC = ("SUN", "YUG", "CSK", "DDR")

# -- the knowledge base read at a date -------------------------------------------------------

DATED = [
    ("Moscow", "1987-05-01", "SUN-GOV"),
    ("Moscow", "1991-12-25", "SUN-GOV"),  # the Union's last day
    ("Moscow", "1991-12-26", "RUS-GOV"),
    ("Moscow", "2015-06-01", "RUS-GOV"),
    ("Moscow", None, "RUS-GOV"),  # no date: today's state
    ("the Kremlin", "1987-05-01", "SUN-GOV"),
    ("Kremlin's", "2015-06-01", "RUS-GOV"),
    ("the Kremlin", None, "RUS-GOV"),
    ("Belgrade", "1985-03-01", "YUG-GOV"),
    ("Belgrade", "1999-04-01", "YUG-GOV"),  # the Federal Republic of Yugoslavia
    ("Belgrade", "2010-03-01", "SRB-GOV"),
    ("Belgrade", None, "SRB-GOV"),
    ("Prague", "1990-01-15", "CSK-GOV"),
    ("Prague", "1993-01-01", "CZE-GOV"),
    ("Prague", None, "CZE-GOV"),
    ("East Berlin", "1988-06-01", "DDR-GOV"),
    ("East Berlin", "2015-06-01", "DEU-GOV"),
    ("Politburo", "1987-05-01", "SUN-GOV-CPSU"),
    ("Politburo", "2015-06-01", "CHN-GOV-CCP"),
    ("Politburo", None, "CHN-GOV-CCP"),
    ("Chinese Politburo", "1987-05-01", "CHN-GOV-CCP"),  # named as China's: always China's
    ("Soviet", "2015-06-01", "SUN"),  # the adjective names the state itself, at any date
    ("KGB", "1987-05-01", "SUN-SPY-KGB"),
    ("FSB", "2015-06-01", "RUS-SPY-FSB"),
    ("Red Army", "1944-06-01", "SUN-MIL-ARMY"),
    ("Warsaw Pact", "1985-01-01", "IGO-WARSAW-PACT"),
    ("Stasi", "1988-01-01", "DDR-SPY-STASI"),
]


@pytest.mark.parametrize(("text", "date", "entry_id"), DATED, ids=[f"{d[0]}@{d[1]}" for d in DATED])
def test_lookup_at_a_date(text, date, entry_id):
    assert kb.lookup(text, date=date).id == entry_id


def test_historic_institutions_have_their_state_and_sector():
    base = kb.default_kb()
    assert (base.lookup("KGB").country, base.lookup("KGB").sector) == ("SUN", "SPY")
    assert (base.lookup("Red Army").country, base.lookup("Red Army").sector) == ("SUN", "MIL")
    assert base.lookup("Politburo", "1987").country == "SUN"
    assert base.lookup("Warsaw Pact").kind == "organization"
    assert base.lookup("Warsaw Pact").country == "IGO"


PEOPLE = [
    ("Gorbachev", "1987-05-01", "SUN", "GOV"),
    ("Gorbachev", "2015-06-01", "RUS", "ELI"),
    ("Brezhnev", "1979-12-27", "SUN", "GOV"),
    ("Gromyko", "1983-09-01", "SUN", "GOV"),
    ("Shevardnadze", "1988-04-14", "SUN", "GOV"),
    ("Shevardnadze", "1998-04-14", "GEO", "GOV"),
    ("Kryuchkov", "1990-01-01", "SUN", "SPY"),
    ("Yazov", "1990-01-01", "SUN", "GOV"),
    ("Ryzhkov", "1989-01-01", "SUN", "GOV"),
    ("Yeltsin", "1990-12-01", "RUS", "GOV"),
    ("Tito", "1975-01-01", "YUG", "GOV"),
    ("Milosevic", "1991-06-01", "SRB", "GOV"),  # Serbia's president within Yugoslavia
    ("Milosevic", "1999-04-01", "YUG", "GOV"),  # then Yugoslavia's
    ("Havel", "1987-01-01", "CSK", "OPP"),
    ("Havel", "1990-06-01", "CSK", "GOV"),
    ("Havel", "1995-06-01", "CZE", "GOV"),
    ("Honecker", "1987-09-07", "DDR", "GOV"),
    ("Krenz", "1989-11-09", "DDR", "GOV"),
]


@pytest.mark.parametrize(
    ("name", "date", "country", "sector"), PEOPLE, ids=[p[0] + p[1] for p in PEOPLE]
)
def test_people_of_states_that_no_longer_exist(name, date, country, sector):
    _, found_country, found_sector = kb.lookup(name).at(date)
    assert (found_country, found_sector) == (country, sector)


# -- Alias.at on hand-made readings ------------------------------------------------------------

_OLD = KBEntry(id="OLD-GOV", name="Old", kind="organization", country="OLD")
_NEW = KBEntry(id="NEW-GOV", name="New", kind="organization", country="NEW")
_ANY = KBEntry(id="ANY-GOV", name="Any", kind="organization", country="ANY")


def _readings(*readings: Alias) -> Alias:
    return kb._current(readings)


def test_alias_at_prefers_a_dated_reading_and_defaults_to_the_open_one():
    city = _readings(
        Alias("City", _OLD, "capital", end="1991-12-25"),
        Alias("City", _NEW, "capital", start="1991-12-26"),
    )
    assert city.entry.id == "NEW-GOV"  # the reading still open
    assert city.at("1980-01-01").entry.id == "OLD-GOV"
    assert city.at("1995-01-01T08:00:00").entry.id == "NEW-GOV"
    assert city.at(None).entry.id == "NEW-GOV"
    word = _readings(Alias("Word", _ANY, "alias"), Alias("Word", _OLD, "alias", end="1991"))
    assert word.entry.id == "ANY-GOV"
    assert word.at("1985").entry.id == "OLD-GOV"  # a dated reading beats an undated one
    assert word.at("2001").entry.id == "ANY-GOV"


def test_user_files_may_date_names(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "version: 1\nentries:\n"
        "- {id: NGO-A, name: Alpha Aid, kind: organization, country: NGO,"
        " aliases: [{name: Relief Union, to: 1999-12-31}]}\n"
        "- {id: NGO-B, name: Beta Aid, kind: organization, country: NGO,"
        " aliases: [{name: Relief Union, from: 2000-01-01}]}\n",
        encoding="utf-8",
    )
    base = kb.load_kb(str(path))
    assert base.lookup("Relief Union", "1995-01-01").id == "NGO-A"
    assert base.lookup("Relief Union", "2005-01-01").id == "NGO-B"
    assert base.lookup("Relief Union").id == "NGO-B"
    assert "Relief Union" in base.entries["NGO-A"].aliases


@pytest.mark.parametrize(
    "row", ["{to: 1999}", "{name: Relief Union, to: soon}", "{name: '', from: 2000}"]
)
def test_malformed_dated_names_are_refused(tmp_path, row):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "version: 1\nentries:\n"
        f"- {{id: NGO-A, name: Alpha Aid, kind: organization, country: NGO, aliases: [{row}]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError):
        kb.load_kb(str(path))


# -- the packaged data -------------------------------------------------------------------------


def _dated_forms():
    base = kb.default_kb()
    return [a for a in (*base.aliases.values(), *base.exact.values()) if a.readings]


def test_packaged_dated_names_do_not_overlap():
    """Two dated readings of one name never both cover a day: each date names one state."""
    forms = _dated_forms()
    assert {"moscow", "kremlin", "belgrade", "prague", "politburo"} <= {
        kb.normalise(a.text) for a in forms
    }
    overlapping = []
    for alias in forms:
        dated = [r for r in alias.readings if r.start or r.end]
        for a, b in itertools.combinations(dated, 2):
            if (a.start or "") <= (b.end or "9999") and (b.start or "") <= (a.end or "9999"):
                overlapping.append((alias.text, a.entry.id, b.entry.id))
    assert not overlapping


def test_historic_states_are_countries_with_cow_numbers():
    data = yaml.safe_load(packaged.path("actors/countries.yaml").read_text(encoding="utf-8"))
    ids = {c["id"] for c in data["countries"]}
    assert set(HISTORIC) <= ids
    cow = _cow()
    assert {code: cow.get(code) for code in HISTORIC} == {
        "SUN": "365",
        "YUG": "345",
        "CSK": "315",
        "DDR": "265",
    }


# -- in a parsed article at its date -----------------------------------------------------------


@pytest.fixture(scope="module")
def actors_nlp():
    import spacy

    from backchannel.nlp.pipeline import DEFAULT_MODEL

    pipeline = spacy.load(DEFAULT_MODEL)
    pipeline.add_pipe("backchannel_actors")
    return pipeline


ARTICLE = (
    "Moscow said on Tuesday that it would not withdraw its proposal. "
    "Soviet officials met the American delegation in Geneva. "
    "The Kremlin rejected the offer. "
    "Gorbachev met the visiting envoy on Wednesday."
)


def _countries(pipeline, text, published):
    from backchannel.nlp.pipeline import make_doc

    doc = pipeline(make_doc(pipeline, text, published=published))
    return {a.text: a.country for a in doc._.bc_actors}


def _country_of(found, text):
    matches = [country for mention, country in found.items() if mention.endswith(text)]
    assert matches, f"no actor {text!r} in {sorted(found)}"
    return matches[0]


@pytest.mark.model
@pytest.mark.parametrize(
    ("published", "moscow", "soviet", "kremlin", "gorbachev"),
    [
        ("1987-10-20", "SUN", "SUN", "SUN", "SUN"),
        ("2015-10-20", "RUS", "SUN", "RUS", "RUS"),
        (None, "RUS", "SUN", "RUS", "SUN"),  # no date: today's state (Gorbachev: his best known)
    ],
)
def test_an_article_reads_the_state_of_its_date(
    actors_nlp, published, moscow, soviet, kremlin, gorbachev
):
    found = _countries(actors_nlp, ARTICLE, published)
    assert _country_of(found, "Moscow") == moscow
    assert _country_of(found, "Soviet officials") == soviet
    assert _country_of(found, "Kremlin") == kremlin
    assert _country_of(found, "Gorbachev") == gorbachev


@pytest.mark.model
@pytest.mark.parametrize(
    ("published", "country"), [("1985-05-02", "YUG"), ("2012-05-02", "SRB"), (None, "SRB")]
)
def test_belgrade_and_yugoslav_officials(actors_nlp, published, country):
    found = _countries(
        actors_nlp, "Yugoslav officials said Belgrade would send an envoy.", published
    )
    assert _country_of(found, "Yugoslav officials") == "YUG"
    assert _country_of(found, "Belgrade") == country


@pytest.mark.model
def test_a_capital_as_a_place_is_the_state_of_its_date(actors_nlp):
    found = _countries(actors_nlp, "Moscow officials held talks on Monday.", "1986-02-01")
    assert _country_of(found, "Moscow officials") == "SUN"
