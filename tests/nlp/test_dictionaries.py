"""PETRARCH-format dictionaries read at run time: parsing, dated roles, agents joined to
countries, verb patterns, discards, caching, errors, and the spaCy component.

The snippets are invented entries written in PETRARCH-2's format; PETRARCH-2's own files
are read in place from ``../shared`` only (``shared``), never copied here.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from backchannel.errors import ConfigError
from backchannel.nlp import dictionaries as dictionaries_module
from backchannel.nlp.dictionaries import load_dictionaries
from backchannel.nlp.dictionaries.actors import resolve, translate
from backchannel.nlp.dictionaries.agents import find_matches
from backchannel.nlp.dictionaries.parse import parse_actors, parse_agents, parse_role
from backchannel.nlp.dictionaries.verbs import find_verb_codes

ACTORS = """\
# invented actors for the tests
RURITANIA_  [RUR]
+RURITANIAN_
+STRELSAU_

RUDOLF_RASSENDYLL_  # a pretender
+KING_RUDOLF_
\t[RURELI 19500101-981231]
\t[RURGOV 990101-20051231]
\t[RURGOV >20150601]
\t[RURELI]

MICHAEL_ELPHBERG_
DUKE_MICHAEL_
\t[RURMIL <1990-01-01]
\t[RURREB 19900101-19991231]

BLACK_ELPHBERG_LEGION_ [RURREB] # on the phrase line
GRAND_FENWICK_\t[FWKGOV 19590101-19691231] [FWK]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
REBEL [~REB]
POLICE {} [~COP]
POLICE!PERSON! [~COP]
MILITIA {MILITIAS} [~MIL]
FOREIGN_MINISTER [~GOVFRM]
WATCHDOG_GROUP [NGO~]
"""

VERBS = """\
&HARDWARE_
+TANK
+ARMORED_CAR

---  RESCIND   [---]  ---
RESCIND
ANNUL {ANNULS ANNULLING ANNULLED}
- * ULTIMATUM                              [0256]   # RESCIND
- * {TRADE EMBARGO}                        [0814]   # RESCIND
- * DECISION (ON &HARDWARE)                [0812]   # ANNUL
- * INVITATION                             [---]    # RESCIND
- $ ENVOY * VISIT                          [:0874]  # RESCIND

---  BOLSTER   [051]  ---
BOLSTER
+SHORE_UP {+SHORES_UP +SHORING_UP +SHORED_UP}
- * &HARDWARE                              [0711]   # BOLSTER

---  SAY   [010]  ---
SAY
- * RELEASE                                [0841]   # SAY
"""

DISCARDS = """\
+CROQUET CHAMPIONSHIP   # story-level
QUIDDITCH
GRAND SLAM_
"""


def _write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path):
    return _write(
        tmp_path / "dicts",
        **{
            "Test.actors.txt": ACTORS,
            "Test.agents.txt": AGENTS,
            "CAMEO.test.txt": VERBS,
            "Test.discards.txt": DISCARDS,
            "Test.IssueCoding.txt": "this file is ignored [ISSUE]\n",
        },
    )


def _entry(entries, phrase):
    return next(e for e in entries if phrase in e.phrases)


# -- actors and dated roles ---------------------------------------------------------------


def test_actor_records_synonyms_and_roles(tmp_path):
    path = _write(tmp_path, **{"a.actors.txt": ACTORS}) / "a.actors.txt"
    warnings: list[str] = []
    entries = parse_actors(path, warnings)
    assert _entry(entries, "RURITANIA_").phrases == ("RURITANIA_", "RURITANIAN_", "STRELSAU_")
    rudolf = _entry(entries, "KING_RUDOLF_")
    assert [r.code for r in rudolf.roles] == ["RURELI", "RURGOV", "RURGOV", "RURELI"]
    assert rudolf.roles[1].start == date(1999, 1, 1)  # 6-digit dates: YY ≤ 30 is 20YY
    assert rudolf.roles[0].end == date(1998, 12, 31)
    # the second phrase line lacks its "+": it joins the record still without a code
    assert _entry(entries, "DUKE_MICHAEL_").phrases == ("MICHAEL_ELPHBERG_", "DUKE_MICHAEL_")
    assert _entry(entries, "GRAND_FENWICK_").roles[1].code == "FWK"
    # "<1990-01-01" is no date: that one restriction is dropped with a warning
    assert [r.code for r in _entry(entries, "DUKE_MICHAEL_").roles] == ["RURREB"]
    assert len(warnings) == 1 and "a.actors.txt:" in warnings[0]


@pytest.mark.parametrize(
    ("phrase", "day", "code"),
    [
        ("KING_RUDOLF_", date(1980, 5, 1), "RURELI"),
        ("KING_RUDOLF_", date(2003, 5, 1), "RURGOV"),
        ("KING_RUDOLF_", date(2010, 5, 1), "RURELI"),  # no dated role: the undated one
        ("KING_RUDOLF_", date(2020, 5, 1), "RURGOV"),  # ">date": open-ended
        ("KING_RUDOLF_", None, "RURELI"),  # no date: the undated role
        ("DUKE_MICHAEL_", date(1995, 1, 1), "RURREB"),
        ("DUKE_MICHAEL_", date(2001, 1, 1), None),  # no role then, no default: no actor
        ("DUKE_MICHAEL_", None, "RURREB"),  # no date, no default: the most recent role
        ("GRAND_FENWICK_", date(1960, 1, 1), "FWKGOV"),
        ("GRAND_FENWICK_", date(1990, 1, 1), "FWK"),
    ],
    ids=lambda v: str(v),
)
def test_role_held_on_the_day(tmp_path, phrase, day, code):
    path = _write(tmp_path, **{"a.actors.txt": ACTORS}) / "a.actors.txt"
    assert resolve(_entry(parse_actors(path, []), phrase), day) == code


@pytest.mark.parametrize(
    ("body", "start", "end"),
    [
        ("ABCGOV 19991231-20000102", date(1999, 12, 31), date(2000, 1, 2)),
        ("ABCGOV 991231-000102", date(1999, 12, 31), date(2000, 1, 2)),
        ("ABCGOV <20000102", None, date(2000, 1, 2)),
        ("ABCGOV > 20000102", date(2000, 1, 2), None),
        ("ABCGOV 20000102", date(2000, 1, 2), None),
    ],
)
def test_restrictions(body, start, end):
    role = parse_role(body)
    assert (role.code, role.start, role.end) == ("ABCGOV", start, end)


@pytest.mark.parametrize("body", ["ABC 2004017-20061201", "ABC >201005011", "ABC 20001340"])
def test_unreadable_dates(body):
    assert parse_role(body) is None


@pytest.mark.parametrize(
    ("code", "country", "sector"),
    [
        ("SYRREB", "SYR", "REB"),
        ("AFGGOVPRS", "AFG", "GOV"),
        ("IGOUNOKID", "IGO", None),
        ("NGOHRI", "NGO", None),
        ("IMGMUSALQ", "IMG", "REL"),
        ("ELI", None, "ELI"),
        ("MNCUSA", None, "BUS"),
        ("USAMED", "USA", "JRN"),  # CAMEO's MED is the media
        ("GBRHLH", "GBR", "MED"),  # CAMEO's health is PLOVER's MED
        ("MUS", "MUS", None),  # Mauritius
        ("EGYREBMUS", "EGY", "REB"),
        ("KSV", "KOS", None),
    ],
)
def test_translate_codes(code, country, sector):
    assert translate(code) == (country, sector)


# -- agents -------------------------------------------------------------------------------


def test_agent_entries(tmp_path):
    path = _write(tmp_path, **{"a.agents.txt": AGENTS}) / "a.agents.txt"
    entries = {e.phrase: e for e in parse_agents(path, [])}
    assert {"REBEL", "REBELS", "MILITIA", "MILITIAS", "POLICEMAN", "POLICEWOMEN"} <= set(entries)
    assert "POLICES" not in entries and "MILITIAES" not in entries
    assert entries["FOREIGN_MINISTERS"].code == "GOVFRM"
    assert entries["WATCHDOG_GROUP"].prefix and not entries["REBEL"].prefix


@pytest.mark.parametrize(
    ("text", "span", "country", "sector"),
    [
        ("ruritanian rebels fired", "ruritanian rebels", "RUR", "REB"),
        ("strelsau 's police arrested", "strelsau 's police", "RUR", "COP"),
        ("the militia of ruritania fired", "militia of ruritania", "RUR", "MIL"),
        ("a ruritanian watchdog group said", "ruritanian watchdog group", "NGO", None),
        ("rebels fired", "rebels", None, "REB"),
        ("king rudolf spoke", "king rudolf", "RUR", "ELI"),
    ],
)
def test_agents_join_the_country_beside_them(folder, text, span, country, sector):
    found = load_dictionaries(folder)
    words = text.split()
    matches = find_matches(words, found.actors, found.agents, None)
    by_span = {" ".join(words[m.start : m.end]): m for m in matches}
    assert span in by_span, by_span
    assert (by_span[span].country, by_span[span].sector) == (country, sector)


# -- verbs --------------------------------------------------------------------------------


def _doc(words, lemmas, pos=None):
    return Doc(English().vocab, words=words, lemmas=lemmas, pos=pos or ["VERB"] * len(words))


@pytest.mark.parametrize(
    ("words", "lemmas", "i", "code"),
    [
        ("they rescinded the ultimatum", "they rescind the ultimatum", 1, "0256"),
        ("they annulled the trade embargo", "they annul the trade embargo", 1, "0814"),
        ("they annulled a decision on tanks", "they annul a decision on tank", 1, "0812"),
        # a synset phrase of two words
        (
            "they annulled a decision on armored cars",
            "they annul a decision on armored car",
            1,
            "0812",
        ),
        ("they annulled the treaty", "they annul the treaty", 1, None),  # block code ---
        ("they rescinded the invitation", "they rescind the invitation", 1, None),  # [---]
        ("they bolstered the border", "they bolster the border", 1, "051"),  # block code
        ("they shored up the tanks", "they shore up the tank", 1, "0711"),  # multi-word verb
        ("the ultimatum they rescinded", "the ultimatum they rescind", 3, None),  # order
    ],
)
def test_verb_patterns(folder, words, lemmas, i, code):
    found = load_dictionaries(folder)
    doc = _doc(words.split(), lemmas.split())
    match = find_verb_codes(doc, found.verbs).get(i)
    assert (match.code if match else None) == code


def test_reversed_code_and_irregular_form(folder):
    found = load_dictionaries(folder)
    # "ANNULLED" is listed as a form of ANNUL: found even when the lemma is left as is
    doc = _doc("the envoy annulled his visit".split(), "the envoy annulled his visit".split())
    match = find_verb_codes(doc, found.verbs)[2]
    assert (match.code, match.reversed) == ("0874", True)


def test_only_verbs_of_a_tagged_doc(folder):
    found = load_dictionaries(folder)
    doc = _doc(["bolster"], ["bolster"], pos=["NOUN"])
    assert find_verb_codes(doc, found.verbs) == {}


# -- discards, folders, caching and errors -------------------------------------------------


def test_discards(folder):
    discards = load_dictionaries(folder).discards
    assert discards.find("At the Croquet  Championship today", story=True) == "croquet championship"
    assert discards.find("Quidditch players met", story=True) is None
    assert discards.find("Quidditchers met", story=False) == "quidditch"  # a stem
    assert discards.find("a grand slammer", story=False) is None  # "_": a whole word
    assert discards.find("the Grand Slam.", story=False) == "grand slam"


def test_folder_and_cache(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load_dictionaries(folder, cache)
    assert set(first.files) == {
        "Test.actors.txt",
        "Test.agents.txt",
        "CAMEO.test.txt",
        "Test.discards.txt",
    }
    assert len(list((cache / "dictionaries").glob("*.pickle"))) == 1

    def refuse(*args):
        raise AssertionError("parsed again instead of reading the cache")

    monkeypatch.setattr(dictionaries_module, "_parse", refuse)
    second = load_dictionaries(folder, cache)
    assert second.actors.index.phrases == first.actors.index.phrases
    assert second.verbs.blocks == first.verbs.blocks
    (folder / "Test.agents.txt").write_text(AGENTS + "SPY [~SPY]\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed again"):
        load_dictionaries(folder, cache)  # a changed file is a new cache key


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        ("x.actors.txt", "\t[RURGOV]\nRURITANIA_\n", 1, "before any actor phrase"),
        ("x.actors.txt", "RURITANIA_ [RUR\n", 1, "unbalanced"),
        ("x.agents.txt", "REBEL [REB]\n", 1, "needs a ~"),
        ("x.agents.txt", "REBEL [~REB] [~MIL]\n", 1, "one [code]"),
        ("x.agents.txt", "\n!UNDEFINED!_LEADER [~GOV]\n", 2, "undefined substitution"),
        ("CAMEO.x.txt", "---  A  [010]  ---\nASK\n- * HELP\n", 3, "needs a * and a [code]"),
        ("CAMEO.x.txt", "ASK [020]\n", 1, "before any --- block"),
        ("CAMEO.x.txt", "---  A  [010]  ---\nASK\n- * HELP [01X]\n", 3, "not a CAMEO code"),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path, name, text, line, words):
    folder = _write(tmp_path / "bad", **{name: text})
    with pytest.raises(ConfigError, match=rf"{name}:{line}: .*{__import__('re').escape(words)}"):
        load_dictionaries(folder)


def test_missing_or_empty_folder(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_dictionaries(tmp_path / "nowhere")
    with pytest.raises(ConfigError, match="holds no PETRARCH dictionaries"):
        load_dictionaries(_write(tmp_path / "empty", **{"README.md": "nothing\n"}))


# -- the component on parsed text ---------------------------------------------------------


@pytest.fixture(scope="module")
def dict_nlp(tmp_path_factory):
    from backchannel.nlp import load
    from backchannel.settings import Settings

    root = tmp_path_factory.mktemp("component")
    folder = _write(
        root / "dicts",
        **{
            "T.actors.txt": ACTORS,
            "T.agents.txt": AGENTS,
            "CAMEO.t.txt": VERBS,
            "T.discards.txt": DISCARDS,
        },
    )
    return load(dictionaries=folder, settings=Settings(cache_dir=root / "cache"))


@pytest.mark.model
def test_component_on_a_parsed_sentence(dict_nlp):
    from backchannel.nlp.pipeline import make_doc

    names = dict_nlp.pipe_names
    assert names.index("backchannel_actors") < names.index("backchannel_dictionaries")
    assert names.index("backchannel_dictionaries") < names.index("backchannel_events")
    text = "Ruritanian rebels rescinded the ultimatum after King Rudolf spoke."
    doc = dict_nlp(make_doc(dict_nlp, text, published="2003-06-01"))
    verbs = {doc[i].text: code for i, code in doc._.bc_dictionary_codes.items()}
    assert verbs.get("rescinded") == "0256"
    actors = {a.text: a for a in doc._.bc_actors}
    assert actors["Ruritanian rebels"].country == "RUR"
    assert actors["Ruritanian rebels"].sector == "REB"
    assert actors["King Rudolf"].country == "RUR"
    assert actors["King Rudolf"].sector == "GOV"  # the role held in 2003
    assert doc._.bc_discarded is None


@pytest.mark.model
def test_a_reporting_verb_is_no_dictionary_trigger(dict_nlp):
    from backchannel.nlp.pipeline import make_doc

    text = "Ruritanian rebels said they would release the hostages."
    doc = dict_nlp(make_doc(dict_nlp, text, published="2003-06-01"))
    verbs = {doc[i].text: code for i, code in doc._.bc_dictionary_codes.items()}
    assert verbs.get("said") == "0841"  # the dictionary's SAY … RELEASE pattern matched
    triggers = {e.trigger.text: e.type for e in doc._.bc_events}
    assert "said" not in triggers  # coded by what it reports, not by the SAY pattern
    assert triggers.get("release") == "AGREE"  # a release promised (CAMEO 0353)


@pytest.mark.model
def test_component_discards(dict_nlp):
    from backchannel.nlp.pipeline import make_doc

    doc = dict_nlp(make_doc(dict_nlp, "The croquet championship opened. Quidditch resumed."))
    assert doc._.bc_discarded == "croquet championship"
    # sentence-level discards, by the index of their sentence's first token
    found = doc._.bc_discarded_sentences
    assert {doc[i].text: phrase for i, phrase in found.items()} == {"Quidditch": "quidditch"}


# -- PETRARCH-2's own dictionaries, read in place -----------------------------------------


@pytest.mark.shared
@pytest.mark.slow
def test_petrarch2_folder(tmp_path):
    from benchmarks._shared import data_path

    folder = data_path("knowledge", "petrarch2")
    if folder is None:
        pytest.skip("shared data knowledge/petrarch2 is absent")
    started = time.perf_counter()
    found = load_dictionaries(folder, tmp_path)
    first = time.perf_counter() - started
    started = time.perf_counter()
    cached = load_dictionaries(folder, tmp_path)
    assert time.perf_counter() - started < first / 3
    assert len(cached.actors.entries) > 20_000 and len(cached.agents.entries) > 2_000
    assert sum(len(block) for block in cached.verbs.blocks) > 4_000
    assert len(found.warnings) < 50  # the files' few unreadable dates and patterns
    words = "syrian rebels".split()
    (match,) = find_matches(words, found.actors, found.agents, None)
    assert (match.country, match.sector) == ("SYR", "REB")
