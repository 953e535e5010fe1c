"""Actors in text: people with titles, metonyms, actor nouns, coreference, seeds."""

from __future__ import annotations

import pytest
import spacy

from backchannel.nlp.actors import actor_at, actors_at, find_actors
from backchannel.nlp.pipeline import DEFAULT_MODEL, make_doc

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def actors_nlp():
    """The spaCy model with the actors component alone, so these tests see actors only."""
    pipeline = spacy.load(DEFAULT_MODEL)
    pipeline.add_pipe("backchannel_actors")
    return pipeline


def _actors(pipeline, text):
    return pipeline(make_doc(pipeline, text))._.bc_actors


def _by_text(actors, text):
    found = [a for a in actors if a.text == text]
    assert found, f"no actor {text!r} in {[a.text for a in actors]}"
    return found[0]


# (sentence, mention text, kind, country, sector, role)
CASES = [
    (
        "CIA Director William Burns called Moscow.",
        "CIA Director William Burns",
        "person",
        "USA",
        "SPY",
        "Director",
    ),
    (
        "Burns spoke to Sergei Naryshkin, the head of Russia's foreign-intelligence service, "
        "on Monday.",
        "Sergei Naryshkin",
        "person",
        "RUS",
        "SPY",
        None,
    ),
    (
        "Russian President Vladimir Putin denied it.",
        "Russian President Vladimir Putin",
        "person",
        "RUS",
        "GOV",
        "President",
    ),
    (
        "The deal was brokered by Belarusian leader Alexander Lukashenko.",
        "Belarusian leader Alexander Lukashenko",
        "person",
        "BLR",
        "GOV",
        "Leader",
    ),
    (
        "U.S. Ambassador to Russia Lynne Tracy relayed the message.",
        "U.S. Ambassador to Russia Lynne Tracy",
        "person",
        "USA",
        "GOV",
        "Ambassador",
    ),
    (
        "Washington warned that Defense Secretary Mark Esper would respond.",
        "Defense Secretary Mark Esper",
        "person",
        "USA",
        "GOV",
        "Defense Secretary",
    ),
    (
        "General Ivan Petrenko of the Ukrainian army said the attack failed.",
        "General Ivan Petrenko",
        "person",
        "UKR",
        "MIL",
        "General",
    ),
    (
        "The call was confirmed by Ivan Sokolov, Putin's spokesman, on Friday.",
        "Ivan Sokolov",
        "person",
        "RUS",
        "GOV",
        "spokesman",
    ),
    (
        "Kenyan Foreign Minister Jane Otieno met the envoy.",
        "Kenyan Foreign Minister Jane Otieno",
        "person",
        "KEN",
        "GOV",
        "Foreign Minister",
    ),
    ("The Kremlin rejected the claim.", "Kremlin", "organization", "RUS", "GOV", None),
    ("Moscow responded by denying the reports.", "Moscow", "organization", "RUS", "GOV", None),
    ("Burns met Naryshkin in Ankara in November.", "Ankara", "country", "TUR", None, None),
    (
        "Up to 100 ethnic Albanians demonstrated in Serbia.",
        "Albanians",
        "group",
        "SRB",
        "CVL",
        None,
    ),
    (
        "Ibo traditional elders demanded that the Nigerian Interior Ministry act.",
        "Ibo traditional elders",
        "group",
        "NGA",
        "ELI",
        None,
    ),
    ("The White House declined to comment.", "White House", "organization", "USA", "GOV", None),
    (
        "Downing Street said talks would go on.",
        "Downing Street",
        "organization",
        "GBR",
        "GOV",
        None,
    ),
    ("Beijing protested to Tokyo.", "Beijing", "organization", "CHN", "GOV", None),
    (
        "The State Department issued a warning.",
        "State Department",
        "organization",
        "USA",
        "GOV",
        None,
    ),
    ("NATO condemned the attack.", "NATO", "organization", "IGO", "MIL", None),
    ("The Taliban seized the town.", "Taliban", "group", "AFG", "REB", None),
    ("Several US officials disputed the reports.", "US officials", "group", "USA", "GOV", None),
    ("Russian officials denied the claim.", "Russian officials", "group", "RUS", "GOV", None),
    ("Israeli troops opened fire.", "Israeli troops", "group", "ISR", "MIL", None),
    (
        "He met Ukrainian intelligence officials in Kyiv.",
        "Ukrainian intelligence officials",
        "group",
        "UKR",
        "SPY",
        None,
    ),
    ("The warnings to the Russians were serious.", "Russians", "group", "RUS", "CVL", None),
    ("Egyptian police arrested ten people.", "Egyptian police", "organization", "EGY", "COP", None),
    ("The Turkish government protested.", "Turkish government", "organization", "TUR", "GOV", None),
    (
        "Burundi's government denied the report.",
        "Burundi's government",
        "organization",
        "BDI",
        "GOV",
        None,
    ),
    ("Kim Jong Un inspected the missile.", "Kim Jong Un", "person", "PRK", "GOV", "Leader"),
    (
        "Israel freed leaders of the Palestine Liberation Organization.",
        "Palestine Liberation Organization",
        "organization",
        "PSE",
        "GOV",
        None,
    ),
    ("Albanian rebels attacked the village.", "Albanian rebels", "group", "ALB", "REB", None),
    ("Protesters marched on the parliament.", "Protesters", "group", None, "CVL", None),
    ("Hezbollah fired rockets at northern Israel.", "Hezbollah", "group", "LBN", "REB", None),
]


@pytest.mark.parametrize(
    ("text", "mention", "kind", "country", "sector", "role"), CASES, ids=[c[1] for c in CASES]
)
def test_actor_in_sentence(actors_nlp, text, mention, kind, country, sector, role):
    actor = _by_text(_actors(actors_nlp, text), mention)
    assert (actor.kind, actor.country, actor.sector) == (kind, country, sector)
    if role is not None:
        assert actor.role == role


def test_offsets_index_the_text(actors_nlp):
    text = "CIA Director William Burns called Russian officials."
    for actor in _actors(actors_nlp, text):
        assert text[actor.start : actor.end] == actor.text


def test_coordinated_adjectives_give_one_actor_each(actors_nlp):
    actors = _actors(actors_nlp, "Senior Hungarian and Romanian officials agreed on Wednesday.")
    assert {(a.country, a.sector) for a in actors} >= {("HUN", "GOV"), ("ROU", "GOV")}


NOT_ACTORS = [
    ("The mutiny was an internal Russian matter.", "Russian"),
    ("The head of the department left early.", "head"),
]


@pytest.mark.parametrize(("text", "word"), NOT_ACTORS, ids=[n[1] for n in NOT_ACTORS])
def test_non_actor_uses_are_skipped(actors_nlp, text, word):
    assert all(word not in a.text for a in _actors(actors_nlp, text))


COREFERENCE = [
    (
        "CIA Director William Burns called. Burns said the CIA chief was not involved. He left.",
        ["CIA Director William Burns", "Burns", "CIA chief", "He"],
    ),
    (
        "President Donald Trump spoke. Later the President said he was misled.",
        ["President Donald Trump", "President", "he"],
    ),
    (
        "Foreign Minister Anna Kovacs arrived. Kovacs met the press.",
        ["Foreign Minister Anna Kovacs", "Kovacs"],
    ),
]


@pytest.mark.parametrize(
    ("text", "mentions"), COREFERENCE, ids=["surname-title-pronoun", "title", "unknown-person"]
)
def test_later_mentions_keep_the_id(actors_nlp, text, mentions):
    actors = _actors(actors_nlp, text)
    ids = {_by_text(actors, m).id for m in mentions}
    assert len(ids) == 1


def test_ids_are_stable_across_articles(actors_nlp):
    one = _by_text(
        _actors(actors_nlp, "Foreign Minister Anna Kovacs arrived."), "Foreign Minister Anna Kovacs"
    )
    two = _by_text(_actors(actors_nlp, "Anna Kovacs met the press in Rome."), "Anna Kovacs")
    assert one.id == two.id
    three = _by_text(_actors(actors_nlp, "Russian officials said so."), "Russian officials")
    four = _by_text(_actors(actors_nlp, "Later, Russian officials denied it."), "Russian officials")
    assert three.id == four.id


def test_dominant_country_fills_untitled_country(actors_nlp):
    text = (
        "The United States warned Russia. American officials said the US would act. "
        "The Secretary of Homeland Security Jane Roe agreed."
    )
    assert (
        _by_text(_actors(actors_nlp, text), "Secretary of Homeland Security Jane Roe").country
        == "USA"
    )


def test_actor_at_finds_the_innermost_actor(actors_nlp):
    doc = actors_nlp(make_doc(actors_nlp, "Senior Hungarian and Romanian officials agreed."))
    officials = [t.i for t in doc if t.text == "officials"][0]
    assert actor_at(doc, officials).country == "ROU"
    assert {a.country for a in actors_at(doc, officials)} == {"HUN", "ROU"}
    assert actor_at(doc, len(doc) - 2) is None  # "agreed"


def test_find_actors_is_pure(actors_nlp):
    doc = actors_nlp(make_doc(actors_nlp, "The Kremlin denied it."))
    assert find_actors(doc) == find_actors(doc) == doc._.bc_actors


SEED_ACTORS = [
    ("000_26a99d6648b841d9.txt", "US State Department", "USA", "GOV"),
    ("000_26a99d6648b841d9.txt", "Russian leader Vladimir Putin", "RUS", "GOV"),
    ("000_26a99d6648b841d9.txt", "Defense Secretary Mark Esper", "USA", "GOV"),
    ("000_26a99d6648b841d9.txt", "General Mark Milley", "USA", "MIL"),
    ("000_26a99d6648b841d9.txt", "White House officials", "USA", "GOV"),
    ("000_26a99d6648b841d9.txt", "Taliban", "AFG", "REB"),
    ("004_948b423eb5a6ee78.txt", "CIA Director William Burns", "USA", "SPY"),
    ("004_948b423eb5a6ee78.txt", "Sergei Naryshkin", "RUS", "SPY"),
    ("004_948b423eb5a6ee78.txt", "Wagner Group leader Yevgeny Prigozhin", "RUS", None),
    ("004_948b423eb5a6ee78.txt", "Kremlin", "RUS", "GOV"),
    ("004_948b423eb5a6ee78.txt", "Belarusian leader Alexander Lukashenko", "BLR", "GOV"),
    ("004_948b423eb5a6ee78.txt", "U.S. Ambassador to Russia Lynne Tracy", "USA", "GOV"),
    ("004_948b423eb5a6ee78.txt", "Ukrainian intelligence officials", "UKR", "SPY"),
    ("004_948b423eb5a6ee78.txt", "President Volodymyr Zelensky", "UKR", "GOV"),
]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "mention", "country", "sector"),
    SEED_ACTORS,
    ids=[s[2] + ":" + s[1] for s in SEED_ACTORS],
)
def test_seed_main_actors(seed_records, name, mention, country, sector):
    actor = _by_text(seed_records[name].actors, mention)
    assert actor.country == country
    if sector is not None:
        assert actor.sector == sector


@pytest.mark.shared
def test_seed_burns_is_one_person(seed_records):
    actors = seed_records["004_948b423eb5a6ee78.txt"].actors
    burns = {a.id for a in actors if a.name == "William Burns"}
    assert len(burns) == 1
    assert sum(a.name == "William Burns" for a in actors) >= 6


def _gsr_coverage(pipeline, path):
    """Share of PLOVER GSR actor/recipient phrases whose best-overlapping actor has the gold
    country, and the gold sector where one is given."""
    import json

    rows = json.loads(path.read_text(encoding="utf-8"))
    texts = [r["text"].strip().strip("{}").strip() for r in rows]
    counts = {"n": 0, "country": 0, "sector_n": 0, "sector": 0}
    for row, doc in zip(rows, pipeline.pipe(texts)):
        for gold in [
            g for key in ("source", "target") if isinstance(row.get(key), list) for g in row[key]
        ]:
            phrase, start = (
                gold.get("actorText") or "",
                doc.text.find(gold.get("actorText") or "\0"),
            )
            if not phrase or start < 0:
                continue
            end = start + len(phrase)
            overlap = [a for a in doc._.bc_actors if a.start < end and start < a.end]
            best = max(
                overlap,
                default=None,
                key=lambda a: (
                    (min(a.end, end) - max(a.start, start))
                    / (max(a.end, end) - min(a.start, start))
                ),
            )
            counts["n"] += 1
            counts["country"] += best is not None and best.country == gold["code"]
            sector = (gold.get("sector") or "")[:3]
            if sector.isalpha():
                counts["sector_n"] += 1
                counts["sector"] += best is not None and best.sector == sector
    return counts["country"] / counts["n"], counts["sector"] / counts["sector_n"]


@pytest.mark.shared
def test_plover_gsr_actor_coverage(actors_nlp):
    """Floors just under what was measured on the dev set (0.903 country, 0.775 sector)."""
    from tests.conftest import need

    country, sector = _gsr_coverage(actors_nlp, need("events", "plover_gsr_dev.json"))
    assert country >= 0.89
    assert sector >= 0.76


def test_groups_named_differently_share_an_id(actors_nlp):
    actors = _actors(
        actors_nlp,
        "Senior US officials said so. Later U.S. officials and officials in Washington agreed.",
    )
    assert (
        len(
            {a.id for a in actors if a.sector == "GOV" and a.kind == "group" and a.country == "USA"}
        )
        == 1
    )


def test_user_knowledge_base_reaches_the_actors(actors_nlp, tmp_path):
    from backchannel.nlp.actors.kb import load_kb

    path = tmp_path / "mine.yaml"
    path.write_text(
        "version: 1\nentries:\n- {id: GRP-ACME, name: Acme Brigade, kind: group, "
        "country: NGA, sector: REB, aliases: [Acme]}\n",
        encoding="utf-8",
    )
    doc = actors_nlp(make_doc(actors_nlp, "Acme fighters attacked the town."))
    actors = find_actors(doc, kb=load_kb(str(path)))
    assert [(a.country, a.sector) for a in actors if "Acme" in a.text] == [("NGA", "REB")]


def test_a_title_with_another_country_is_another_person(actors_nlp):
    actors = _actors(
        actors_nlp, "President Joe Biden called. The Russian president did not answer."
    )
    assert _by_text(actors, "Russian president").country == "RUS"
    assert _by_text(actors, "Russian president").id != _by_text(actors, "President Joe Biden").id


READOUT_PEOPLE = [
    (
        "Harris spoke with President Alejandro Giammattei of Guatemala.",
        "President Alejandro Giammattei",
        "GTM",
    ),
    (
        "Biden met today with Prime Minister Frederiksen of Denmark.",
        "Prime Minister Frederiksen",
        "DNK",
    ),
    (
        "Biden spoke with President Guillermo Lasso of the Republic of Ecuador.",
        "President Guillermo Lasso",
        "ECU",
    ),
    (
        "President Joseph R. Biden Jr. spoke with Amir Sheikh Tamim Bin Hamad Al-Thani of Qatar.",
        "Amir Sheikh Tamim Bin Hamad Al-Thani",
        "QAT",
    ),
]


@pytest.mark.parametrize(
    ("text", "mention", "country"), READOUT_PEOPLE, ids=[r[2] for r in READOUT_PEOPLE]
)
def test_leaders_of_a_country_named_after_them(actors_nlp, text, mention, country):
    """Readout style: "<title> <name> of <country>", whatever spaCy tags the name as."""
    assert _by_text(_actors(actors_nlp, text), mention).country == country


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "'s", "the the the", "President of"],
    ids=["empty", "blank", "clitic", "dets", "dangling-of"],
)
def test_degenerate_text_does_not_break(actors_nlp, text):
    actors = _actors(actors_nlp, text)
    assert all(text[a.start : a.end] == a.text for a in actors)


def test_leaders_of_several_countries_take_no_one_country(actors_nlp):
    actors = _actors(
        actors_nlp,
        "President Joe Biden met Prime Minister Kishida. The two leaders discussed trade.",
    )
    assert _by_text(actors, "leaders").country is None
    assert _by_text(actors, "Prime Minister Kishida").country == "JPN"
