"""The actor knowledge base: names, adjectives, metonyms, titles, nouns and user overrides."""

from __future__ import annotations

import pytest

from backchannel.errors import ConfigError
from backchannel.nlp.actors import kb

LOOKUPS = [
    ("Russia", "RUS", "country", "RUS", None),
    ("Russian", "RUS", "country", "RUS", None),
    ("the Russians", "RUS", "country", "RUS", None),
    ("U.S.", "USA", "country", "USA", None),
    ("US", "USA", "country", "USA", None),
    ("Britain", "GBR", "country", "GBR", None),
    ("the Kremlin", "RUS-GOV", "organization", "RUS", "GOV"),
    ("Moscow", "RUS-GOV", "organization", "RUS", "GOV"),
    ("the White House", "USA-GOV", "organization", "USA", "GOV"),
    ("Washington", "USA-GOV", "organization", "USA", "GOV"),
    ("Downing Street", "GBR-GOV", "organization", "GBR", "GOV"),
    ("Beijing", "CHN-GOV", "organization", "CHN", "GOV"),
    ("Kyiv", "UKR-GOV", "organization", "UKR", "GOV"),
    ("Tehran", "IRN-GOV", "organization", "IRN", "GOV"),
    ("CIA", "USA-SPY-CIA", "organization", "USA", "SPY"),
    ("SVR", "RUS-SPY-SVR", "organization", "RUS", "SPY"),
    ("the Pentagon", "USA-MIL-DOD", "organization", "USA", "MIL"),
    ("Mossad", "ISR-SPY-MOSSAD", "organization", "ISR", "SPY"),
    ("the Knesset", "ISR-LEG-KNESSET", "organization", "ISR", "LEG"),
    ("NATO", "IGO-NATO", "organization", "IGO", "MIL"),
    ("International Atomic Energy Agency", "IGO-IAEA", "organization", "IGO", None),
    ("the Taliban", "GRP-TALIBAN", "group", "AFG", "REB"),
    ("Hezbollah", "GRP-HEZBOLLAH", "group", "LBN", "REB"),
    ("Wagner Group", "GRP-WAGNER", "group", "RUS", "MIL"),
    ("Palestine Liberation Organization", "PSE-GOV-PLO", "organization", "PSE", "GOV"),
    ("Kim Jong Un", "PER-KIM-JONG-UN", "person", "PRK", "GOV"),
    ("Putin", "PER-VLADIMIR-PUTIN", "person", "RUS", "GOV"),
    ("Hungarian", "HUN", "country", "HUN", None),
    ("Kremlin’s", "RUS-GOV", "organization", "RUS", "GOV"),
]


@pytest.mark.parametrize(
    ("text", "id", "kind", "country", "sector"), LOOKUPS, ids=[r[0] for r in LOOKUPS]
)
def test_lookup(text, id, kind, country, sector):
    entry = kb.lookup(text)
    assert entry is not None
    assert (entry.id, entry.kind, entry.country, entry.sector) == (id, kind, country, sector)


@pytest.mark.parametrize("text", ["us", "who", "is", "the", "turkey dinner", "Lyon"])
def test_lookup_misses(text):
    assert kb.lookup(text) is None


TITLES = [
    ("President", "President", "GOV"),
    ("Defense Secretary", "Defense Secretary", "GOV"),
    ("General", "General", "MIL"),
    ("Gen.", "General", "MIL"),
    ("Admiral", "Admiral", "MIL"),
    ("Ambassador", "Ambassador", "GOV"),
    ("ambassador", "Ambassador", "GOV"),
    ("spokesperson", "spokesperson", "GOV"),
    ("Director", "Director", None),
    ("senator", "Senator", "LEG"),
    ("judge", "Judge", "JUD"),
    ("police chief", "Police Chief", "COP"),
    ("rebel commander", "Rebel Commander", "REB"),
    ("CEO", "CEO", "BUS"),
]


@pytest.mark.parametrize(("text", "role", "sector"), TITLES, ids=[t[0] for t in TITLES])
def test_title(text, role, sector):
    assert kb.title(text) == (role, sector)


def test_title_country_for_national_titles():
    assert kb.default_kb().title("Secretary of State").country == "USA"
    assert kb.default_kb().title("Foreign Minister").country is None


NOUNS = [
    ("officials", "GOV", True),
    ("troops", "MIL", True),
    ("police", "COP", False),
    ("protesters", "CVL", True),
    ("rebels", "REB", True),
    ("government", "GOV", False),
]


@pytest.mark.parametrize(("text", "sector", "people"), NOUNS, ids=[n[0] for n in NOUNS])
def test_noun(text, sector, people):
    sense = kb.noun(text)
    assert (sense.sector, sense.people) == (sector, people)


def test_every_country_has_a_government_entry():
    base = kb.default_kb()
    countries = [e for e in base.entries.values() if e.kind == "country"]
    assert len(countries) > 230
    assert all(f"{c.id}-GOV" in base.entries for c in countries)


def test_packaged_files_are_versioned():
    assert "countries.yaml:1" in kb.load_kb().version


USER_KB = """
version: 2
entries:
- {id: GRP-TALIBAN, sector: GOV, aliases: [Islamic Emirate]}
- {id: ORG-ACME, name: Acme Militia, kind: group, country: NGA, sector: REB, aliases: [Acme]}
seats:
  RUS-GOV: [Old Square]
titles:
- {title: Hetman, sector: MIL}
"""

USER_CASES = [
    ("Islamic Emirate", "GRP-TALIBAN", "GOV"),
    ("the Taliban", "GRP-TALIBAN", "GOV"),
    ("Acme", "ORG-ACME", "REB"),
    ("Old Square", "RUS-GOV", "GOV"),
    ("NATO", "IGO-NATO", "MIL"),
]


@pytest.mark.parametrize(("text", "id", "sector"), USER_CASES, ids=[c[0] for c in USER_CASES])
def test_user_file_overrides_and_adds(tmp_path, text, id, sector):
    path = tmp_path / "mine.yaml"
    path.write_text(USER_KB, encoding="utf-8")
    entry = kb.lookup(text, kb=kb.load_kb(str(path)))
    assert (entry.id, entry.sector) == (id, sector)


def test_user_folder_from_environment(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text(USER_KB, encoding="utf-8")
    monkeypatch.setenv(kb.KB_ENV, str(tmp_path))
    assert kb.lookup("Acme").id == "ORG-ACME"
    assert kb.title("Hetman") == ("Hetman", "MIL")


@pytest.mark.parametrize(
    "content",
    ["entries: []\n", "version: 1\nentries:\n- {id: X, name: Y, kind: group, country: Z\n"],
    ids=["no-version", "bad-yaml"],
)
def test_malformed_user_file_is_a_config_error(tmp_path, content):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        kb.load_kb(str(path))


def test_missing_user_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError):
        kb.load_kb(str(tmp_path / "absent.yaml"))


MATCHES = [
    (
        "The Kremlin said the CIA chief called.",
        [("Kremlin", "RUS-GOV"), ("CIA", "USA-SPY-CIA"), ("chief", None)],
    ),
    ("Turkey and al-Qaeda.", [("Turkey", "TUR"), ("al-Qaeda", "GRP-ALQAEDA")]),
    ("We ate turkey with us.", []),
    (
        "U.S. Ambassador to Russia Lynne Tracy",
        [
            ("U.S.", "USA"),
            ("Ambassador", None),
            ("Russia", "RUS"),
            ("Lynne Tracy", "PER-LYNNE-TRACY"),
        ],
    ),
]


@pytest.fixture(scope="module")
def tagger():
    """The spaCy model without parser and NER: matching needs only tokens and tags."""
    import spacy

    from backchannel.nlp.pipeline import DEFAULT_MODEL

    return spacy.load(DEFAULT_MODEL, disable=["parser", "ner", "lemmatizer"])


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"), MATCHES, ids=["metonym-org-title", "case", "lowercase", "ambassador"]
)
def test_match_finds_aliases_and_titles_in_a_doc(tagger, text, expected):
    doc = tagger(text)
    found = [
        (doc[h.start : h.end].text, getattr(getattr(h.what, "entry", None), "id", None))
        for h in kb.match(doc)
    ]
    assert found == expected
