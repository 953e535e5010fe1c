"""Dated roles: a person's office read at the article's date, and the people files validated."""

from __future__ import annotations

import re

import pytest
import yaml

from backchannel import data as packaged
from backchannel.errors import ConfigError
from backchannel.nlp.actors import kb
from backchannel.nlp.actors.kb import KBEntry, Term

# -- KBEntry.at on a hand-made entry ---------------------------------------------------------

KERRY = KBEntry(
    id="PER-X",
    name="X",
    kind="person",
    country="USA",
    sector="GOV",
    role="Secretary of State",
    terms=(
        Term("Senator", "1985-01-02", "2013-02-01", sector="LEG"),
        Term("Secretary of State", "2013-02-01", "2017-01-20"),
        Term("Envoy", "2021-01", "2024", country="IGO"),
    ),
)

AT = [
    ("2014-05-01", ("Secretary of State", "USA", "GOV")),  # covered
    ("2000", ("Senator", "USA", "LEG")),  # a partial date inside a term
    ("2013-02-01", ("Secretary of State", "USA", "GOV")),  # hand-over day: the newer term
    ("2021-01-15", ("Envoy", "IGO", "GOV")),  # inside a month-precision start
    ("2024-12-31", ("Envoy", "IGO", "GOV")),  # inside a year-precision end
    ("2019-06-01", ("Secretary of State", "USA", "GOV")),  # between terms: the last begun
    ("2025-03-01", ("Envoy", "IGO", "GOV")),  # after the last term
    ("1970-01-01", ("Secretary of State", "USA", "GOV")),  # before the first: the fallback
    (None, ("Secretary of State", "USA", "GOV")),  # no date: the fallback
    ("2014-05-01T10:00:00", ("Secretary of State", "USA", "GOV")),  # a timestamp
]


@pytest.mark.parametrize(("date", "expected"), AT, ids=[str(a[0]) for a in AT])
def test_role_at_a_date(date, expected):
    assert KERRY.at(date) == expected


def test_no_terms_is_the_fallback():
    plain = KBEntry(id="P", name="P", kind="person", country="FRA", sector="GOV", role="Mayor")
    assert plain.at("2001-01-01") == ("Mayor", "FRA", "GOV")


PACKAGED = [
    ("Lavrov", "2015-06-01", ("Foreign Minister", "RUS", "GOV")),
    ("Kerry", "2014-03-01", ("Secretary of State", "USA", "GOV")),
    ("Kerry", "2021-06-01", ("Special Presidential Envoy for Climate", "USA", "GOV")),
    ("Medvedev", "2010-06-01", ("President", "RUS", "GOV")),
    ("Medvedev", "2015-06-01", ("Prime Minister", "RUS", "GOV")),
    ("Medvedev", "2021-06-01", ("Deputy Chairman of the Security Council", "RUS", "GOV")),
    ("Stoltenberg", "2010", ("Prime Minister", "NOR", "GOV")),
    ("Stoltenberg", "2016-03", ("Secretary-General", "IGO", "GOV")),
    ("Pompeo", "2017-06-01", ("CIA Director", "USA", "SPY")),
    ("Putin", "2010-01-01", ("Prime Minister", "RUS", "GOV")),
]


@pytest.mark.parametrize(
    ("name", "date", "expected"), PACKAGED, ids=[p[0] + p[1] for p in PACKAGED]
)
def test_packaged_people_have_dated_roles(name, date, expected):
    assert kb.lookup(name).at(date) == expected


def test_user_terms_must_have_role_and_from(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "version: 1\nentries:\n- {id: PER-Q, name: Q Q, kind: person, terms: [{role: King}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError):
        kb.load_kb(str(path))


def test_user_terms_replace_packaged_ones(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "version: 1\nentries:\n"
        "- {id: PER-SERGEI-LAVROV, terms: [{role: Envoy, country: IGO, from: 2000-01}]}\n",
        encoding="utf-8",
    )
    entry = kb.lookup("Lavrov", kb=kb.load_kb(str(path)))
    assert entry.at("2015") == ("Envoy", "IGO", "GOV")


# -- the packaged people files --------------------------------------------------------------

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_PEOPLE = [name for name in kb._PACKAGED if name.startswith("people")]
#: surnames two packaged people deliberately share: none so far.
_SHARED_ALIASES: frozenset[str] = frozenset()


def _raw_people():
    for name in _PEOPLE:
        data = yaml.safe_load(packaged.path(f"actors/{name}").read_text(encoding="utf-8"))
        yield from ((name, e) for e in data["entries"])


def _codes():
    countries = yaml.safe_load(packaged.path("actors/countries.yaml").read_text("utf-8"))
    others = [
        yaml.safe_load(packaged.path(f"actors/{name}").read_text("utf-8"))["entries"]
        for name in ("international.yaml", "groups.yaml")  # IGO, NGO; IMG (transnational)
    ]
    return {c["id"] for c in countries["countries"]} | {e["country"] for es in others for e in es}


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def test_people_terms_are_well_formed():
    codes, bad = _codes(), []
    for name, entry in _raw_people():
        if entry.get("country") not in codes:
            bad.append((name, entry["id"], "country", entry.get("country")))
        for term in entry.get("terms") or ():
            start, end = _iso(term.get("from")), term.get("to")
            if not term.get("role") or not _DATE.fullmatch(start):
                bad.append((name, entry["id"], "term", term))
            if end is not None and (not _DATE.fullmatch(_iso(end)) or _iso(end) < start):
                bad.append((name, entry["id"], "to before from", term))
            if term.get("country", entry.get("country")) not in codes:
                bad.append((name, entry["id"], "term country", term))
    assert not bad


def test_people_are_many_and_cover_many_countries():
    people = list(_raw_people())
    dated = [e for _, e in people if e.get("terms")]
    countries = {t.get("country", e["country"]) for e in dated for t in e["terms"]}
    assert len(dated) >= 900
    assert len(countries - {"IGO"}) >= 60


def test_person_ids_are_unique():
    ids = [e["id"] for _, e in _raw_people()]
    assert len(ids) == len(set(ids))


def test_no_alias_names_two_people():
    """Every name and alias of a person resolves to that person, not to another person or
    another entry (a country, an organisation), unless the sharing is deliberate."""
    base = kb.default_kb()
    wrong = []
    for _, entry in _raw_people():
        for text in (entry["name"], *(entry.get("aliases") or ())):
            found = base.lookup(text)
            if found is None or found.id != entry["id"]:
                if kb.normalise(text) not in _SHARED_ALIASES:
                    wrong.append((text, entry["id"], found.id if found else None))
    assert not wrong


# -- people resolved in a parsed sentence at its date ---------------------------------------


@pytest.fixture(scope="module")
def actors_nlp():
    import spacy

    from backchannel.nlp.pipeline import DEFAULT_MODEL

    pipeline = spacy.load(DEFAULT_MODEL)
    pipeline.add_pipe("backchannel_actors")
    return pipeline


def _person(pipeline, text, published, name):
    from backchannel.nlp.pipeline import make_doc

    doc = pipeline(make_doc(pipeline, text, published=published))
    found = [a for a in doc._.bc_actors if a.text.endswith(name)]
    assert found, f"no actor {name!r} in {[a.text for a in doc._.bc_actors]}"
    return found[0]


IN_TEXT = [
    ("Medvedev said Russia would respond.", "2010-05-01", "Medvedev", "President", "RUS"),
    ("Medvedev said Russia would respond.", "2015-05-01", "Medvedev", "Prime Minister", "RUS"),
    ("Kerry met the delegation in Geneva.", "2014-11-01", "Kerry", "Secretary of State", "USA"),
    ("Jens Stoltenberg visited Kabul.", "2011-02-01", "Jens Stoltenberg", "Prime Minister", "NOR"),
    (
        "Jens Stoltenberg visited Kabul.",
        "2019-02-01",
        "Jens Stoltenberg",
        "Secretary-General",
        "IGO",
    ),
    ("Medvedev said Russia would respond.", None, "Medvedev", "President", "RUS"),
]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "published", "name", "role", "country"),
    IN_TEXT,
    ids=[f"{c[2]}-{c[1]}" for c in IN_TEXT],
)
def test_person_in_text_takes_the_role_at_the_date(
    actors_nlp, text, published, name, role, country
):
    actor = _person(actors_nlp, text, published, name)
    assert (actor.role, actor.country) == (role, country)


@pytest.mark.model
def test_a_title_in_the_text_still_wins(actors_nlp):
    actor = _person(actors_nlp, "Defense Minister Medvedev spoke.", "2015-05-01", "Medvedev")
    assert actor.role == "Defense Minister"
