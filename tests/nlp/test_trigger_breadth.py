"""Breadth of the trigger lexicon across the CAMEO codebook, and its guards.

The sentences are invented news sentences, one or two per kind of event, written from the
CAMEO code definitions (not taken from any gold set). Each names the trigger word of the
event it checks, the PLOVER type that event must have and, where the wording fixes it, the
CAMEO code (``None``: only the type is checked). The negative cases are corporate, market,
sports and everyday uses of the same common verbs, which must code no event at all.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from backchannel.nlp.events.triggers import crosswalk, find_triggers, lexicon

# (sentence, trigger word, PLOVER type, CAMEO code or None)
CASES = [
    # 02 appeal, 10 demand -> REQUEST
    ("The United Nations urged Israel to show restraint in Gaza.", "urged", "REQUEST", "0256"),
    ("Pakistan appealed for international aid after the floods.", "appealed", "REQUEST", "023"),
    (
        "The European Union demanded the release of the detained journalists.",
        "demanded",
        "REQUEST",
        "1053",
    ),
    ("Washington ordered Tehran to halt uranium enrichment.", "ordered", "REQUEST", "100"),
    # 03 intent -> AGREE
    ("Japan pledged $500 million in aid to the Philippines.", "pledged", "AGREE", "033"),
    ("Norway offered to mediate between the government and the rebels.", "offered", "AGREE", "039"),
    ("The junta promised elections and political reforms.", "promised", "AGREE", "034"),
    # 04 consult -> CONSULT
    ("The Chinese premier arrived in Moscow for a three-day visit.", "arrived", "CONSULT", "042"),
    ("Egypt gave a warm welcome to the Sudanese president.", "welcome", "CONSULT", "043"),
    ("The envoy briefed his Russian counterpart on the talks.", "briefed", "CONSULT", "040"),
    # 05 diplomatic cooperation -> SUPPORT
    ("Israel and Morocco upgraded diplomatic ties on Thursday.", "upgraded", "SUPPORT", "050"),
    (
        "Saudi Arabia and Iran restored diplomatic relations after seven years.",
        "restored",
        "SUPPORT",
        "050",
    ),
    (
        "The foreign minister commended Ghana for its role in the peace process.",
        "commended",
        "SUPPORT",
        "051",
    ),
    ("Parliament ratified the border treaty with Lithuania.", "ratified", "SUPPORT", "057"),
    (
        "Germany expressed solidarity with Turkey after the earthquake.",
        "expressed",
        "SUPPORT",
        "051",
    ),
    # 06 material cooperation -> COOPERATE
    (
        "Japan and India launched joint military exercises in the Bay of Bengal.",
        "exercises",
        "COOPERATE",
        "062",
    ),
    ("Spain extradited the suspect to France on Monday.", "extradited", "COOPERATE", "063"),
    (
        "Police in Kenya handed over the suspects to Ugandan authorities.",
        "handed",
        "COOPERATE",
        "063",
    ),
    ("Britain shared evidence of the plot with Dutch investigators.", "shared", "COOPERATE", "064"),
    # 07 aid -> AID
    ("The United States sent weapons and ammunition to Ukraine.", "sent", "AID", "072"),
    ("France sent humanitarian supplies to Lebanon.", "sent", "AID", "073"),
    ("Kuwait donated $10 million to the Yemeni government.", "donated", "AID", "071"),
    ("The World Bank gave Kenya a $750 million loan.", "gave", "AID", "071"),
    (
        "China provided food and medicine to the flood victims in Pakistan.",
        "provided",
        "AID",
        "073",
    ),
    ("Ecuador granted asylum to the former minister.", "granted", "AID", "075"),
    ("Turkey hosts nearly four million Syrian refugees.", "hosts", "AID", "075"),
    # the condition word may modify the object of a preposition (CAMEO 074 peacekeeping)
    ("The deployment of UN peacekeeping troops in Haiti began.", "deployment", "AID", "074"),
    # 08 yield -> CONCEDE / RETREAT
    ("Thailand lifted the state of emergency in Bangkok.", "lifted", "CONCEDE", "0814"),
    ("The junta promised to restore civil liberties in Myanmar.", "restore", "AGREE", "035"),
    ("Tunisia's president moved to expand press freedoms.", "expand", "CONCEDE", "0811"),
    ("Authorities in Kashmir shortened the curfew by two hours.", "shortened", "CONCEDE", "0813"),
    (
        "Bangladesh's main opposition party called off the general strike.",
        "called",
        "CONCEDE",
        "080",
    ),
    (
        "Hundreds of FARC rebels surrendered to the Colombian army.",
        "surrendered",
        "RETREAT",
        "0874",
    ),
    ("The militia laid down its arms under the peace deal.", "laid", "RETREAT", "0873"),
    ("The prime minister stepped down after the protests.", "stepped", "RETREAT", "084"),
    ("Russia and Ukraine exchanged prisoners of war on Friday.", "exchanged", "RETREAT", "0841"),
    ("The European Union eased sanctions on Belarus.", "eased", "RETREAT", "085"),
    ("Syria allowed UN aid convoys into the besieged town.", "allowed", "RETREAT", "0863"),
    ("The president pardoned 200 political prisoners.", "pardoned", "CONCEDE", "080"),
    # 09 investigate, 11 disapprove -> ACCUSE
    (
        "Prosecutors in Brazil are investigating the minister for corruption.",
        "investigating",
        "ACCUSE",
        "091",
    ),
    ("China summoned the Japanese ambassador over the visit.", "summoned", "ACCUSE", "114"),
    ("Russia accused Britain of espionage.", "accused", "ACCUSE", "1125"),
    (
        "Kenya's opposition leader lambasted President William Ruto over the budget cuts.",
        "lambasted",
        "ACCUSE",
        "111",
    ),
    # 12 reject -> REJECT
    ("Venezuela turned down the offer of talks.", "turned", "REJECT", "120"),
    ("Poland cancelled the visit of the Israeli delegation.", "cancelled", "REJECT", "125"),
    ("Russia blocked the Security Council resolution on Syria.", "blocked", "REJECT", "129"),
    # 13 threaten -> THREATEN
    ("North Korea threatened to attack American bases in Guam.", "threatened", "THREATEN", "138"),
    (
        "Iran vowed revenge against Israel for the killing of its general.",
        "vowed",
        "THREATEN",
        "138",
    ),
    # 14 protest -> PROTEST
    ("Thousands took to the streets of Tehran on Friday.", "took", "PROTEST", "141"),
    ("Doctors in Kenya went on a nationwide strike over pay.", "strike", "PROTEST", "143"),
    (
        "The Venezuelan opposition boycotted the parliamentary elections.",
        "boycotted",
        "PROTEST",
        "143",
    ),
    # 15 mobilise -> MOBILIZE
    ("Russia massed troops on the Ukrainian border.", "massed", "MOBILIZE", "154"),
    ("North Korea test-fired two ballistic missiles into the sea.", "fired", "MOBILIZE", "150"),
    ("Taiwan put its forces on high alert.", "alert", "MOBILIZE", "152"),
    # 16 reduce relations -> SANCTION
    ("Bolivia severed diplomatic ties with Israel.", "severed", "SANCTION", "161"),
    ("Washington suspended military aid to Egypt.", "suspended", "SANCTION", "162"),
    ("The EU froze the assets of ten Russian officials.", "froze", "SANCTION", "163"),
    ("Lithuania expelled two Russian diplomats.", "expelled", "SANCTION", "166"),
    ("The opposition broke off talks with the government.", "broke", "SANCTION", "164"),
    # 17 coerce -> COERCE
    ("Police arrested 40 opposition activists in Minsk.", "arrested", "COERCE", "173"),
    ("The government imposed a curfew in the capital.", "imposed", "COERCE", "1723"),
    ("Authorities shut down the independent newspaper.", "shut", "COERCE", "1721"),
    ("Security forces cracked down on protesters in Khartoum.", "cracked", "COERCE", "170"),
    ("Israeli forces demolished five Palestinian homes.", "demolished", "ASSAULT", "1712"),
    ("Russia annexed the Crimean peninsula.", "annexed", "COERCE", "192"),
    # 18-20 violence -> ASSAULT
    ("Gunmen kidnapped three aid workers in Mali.", "kidnapped", "ASSAULT", "181"),
    ("Militants blew up a bridge near Kabul.", "blew", "ASSAULT", "183"),
    ("Riot police fired tear gas at the demonstrators.", "fired", "ASSAULT", "175"),
    ("Ukrainian forces shot down a Russian helicopter.", "shot", "ASSAULT", "190"),
    ("Rebels ambushed an army convoy in the north.", "ambushed", "ASSAULT", "190"),
    ("Turkish artillery pounded Kurdish positions in Syria.", "pounded", "ASSAULT", "194"),
    ("The regime used chemical weapons against civilians.", "used", "ASSAULT", "2041"),
]

# corporate, market, sports and everyday uses of common verbs, with the verb that must not
# trigger: no trigger there (the lexicon's own guard) and no event at all
NEGATIVES = [
    ("The company gave guidance for the third quarter.", "gave"),
    ("The company offered shares to investors at a discount.", "offered"),
    ("The striker signed a new contract with the club.", "signed"),
    ("The band released a new album on Friday.", "released"),
    ("The bank lifted its profit forecast.", "lifted"),
    ("The firm shared its quarterly results with analysts.", "shared"),
    ("The retailer called off the merger.", "called"),
    ("The carmaker launched a new electric model.", "launched"),
    ("The utility restored power to 5,000 homes.", "restored"),
    ("Arsenal beat Chelsea 2-1 on Saturday.", "beat"),
    ("The photographer shot the film in Morocco.", "shot"),
    ("The airline sent a letter to its customers.", "sent"),
    ("The captain handed over the armband to his deputy.", "handed"),
    ("Shares rallied in early trading.", "rallied"),
    ("The regulator extended the deadline for comments.", "extended"),
    ("The startup provided a service to hospitals.", "provided"),
    ("Tech firms held their annual conference in Lisbon.", "held"),
]


# market, corporate and legal-procedural senses of trigger words (issue 17): invented business
# sentences, one per sense, each naming the word that must not trigger; none may code an event
MARKET_SENSES = [
    ("Warmer weather in Europe reduced demand for oil, the Saudi oil minister said.", "demand"),
    ("Japanese demand for Australian coal remained strong, the trade ministry said.", "demand"),
    ("The Treasury said strong demand let the central bank rebuild its reserves.", "demand"),
    ("The Finance Ministry said the notes were priced to yield 8.1 pct.", "yield"),
    ("Investors are reluctant to deploy capital in Singapore, the minister said.", "deploy"),
    ("Canada ruled that imports of pasta did not injure domestic producers.", "injure"),
    ("The Federal Reserve will not pull back from easing, the official said.", "pull"),
    ("Cuba has to meet its contracts to export markets, the Cuban ministry said.", "meet"),
    ("A government spokesman declined to name the four airlines buying the jets.", "declined"),
    ("The Bank of England provided the money market with assistance of 85 mln stg.", "provided"),
    ("The Agriculture Department offered Egypt 500,000 tonnes of wheat at a subsidy.", "offered"),
    ("The Canadian government agreed to sell its stake in the state airline.", "agreed"),
    ("The dollar retreated against the yen in Tokyo trading.", "retreated"),
    ("German car production declined to 358,661 units in February.", "declined"),
    (
        "Statistics support the perception that Japan's market is closed, the ministry said.",
        "support",
    ),
    ("The trade pact calls for the removal of tariffs on steel.", "calls"),
    ("The government said Japan's exports should grow by 5 pct next year.", "said"),
    ("The central bank intervened to support the dollar.", "support"),
    ("Reagan withdrew the nomination of Robert Gates to head the CIA.", "withdrew"),
    ("The ministry announced its withdrawal from the smelter venture.", "withdrawal"),
    ("Ministers met reporters after the session.", "met"),
    ("To seize this opportunity the government will cut taxes, the minister said.", "seize"),
    ("The Texas appeals court reduced the damages awarded to the state.", "appeals"),
    ("The state oil company supplied more crude to its refineries.", "supplied"),
]

# the political senses of the same words still code, and an unnamed attacker of a violent
# kind still becomes PLOVER's unidentified armed force
POLITICAL_SENSES = [
    ("Iran rejected the demand for the release of the sailors.", "demand", "REQUEST"),
    ("Russia supplied weapons to the Syrian government.", "supplied", "AID"),
    ("The United States donated 50,000 tonnes of wheat to Ethiopia.", "donated", "AID"),
    ("Farmers in Spain protested against falling prices for their crops.", "protested", "PROTEST"),
    ("Saudi Arabia and Iran held talks on oil prices in Riyadh.", "talks", "CONSULT"),
    ("Japan banned imports of American beef.", "banned", "SANCTION"),
    ("Israel withdrew its troops from southern Lebanon.", "withdrew", "RETREAT"),
    ("Iran refused to release the British sailors.", "refused", "REJECT"),
    ("The opposition leader attacked the government's budget plan.", "attacked", "ACCUSE"),
    ("Iraqi troops attacked Iranian positions near Basra.", "attacked", "ASSAULT"),
    ("The government agreed to meet the strikers' demands.", "meet", "CONCEDE"),
    (
        "The Bush administration declared that China must drop its trade barriers.",
        "declared",
        "REQUEST",
    ),
]


def _find(doc, word: str | None, kind: str):
    events = [e for e in doc._.bc_events if e.type == kind]
    if word is not None:
        events = [e for e in events if word in e.trigger.text]
    return events


@pytest.mark.model
@pytest.mark.parametrize(("text", "word", "kind", "cameo"), CASES, ids=[c[0][:40] for c in CASES])
def test_codebook_breadth(nlp, text, word, kind, cameo):
    doc = nlp(text)
    found = _find(doc, word, kind)
    coded = [(e.type, e.cameo, e.trigger.text) for e in doc._.bc_events]
    assert found, f"no {kind} event on {word!r}: {coded}"
    if cameo is not None:
        assert cameo in {e.cameo for e in found}, coded


@pytest.mark.model
@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_ordinary_uses_code_nothing(nlp, text, word):
    doc = nlp(text)
    assert word in [t.text for t in doc]
    assert [t.head.text for t in find_triggers(doc) if t.head.text == word] == []
    assert [(e.type, e.cameo, e.trigger.text) for e in doc._.bc_events] == []


@pytest.mark.model
@pytest.mark.parametrize(("text", "word"), MARKET_SENSES, ids=[c[0][:40] for c in MARKET_SENSES])
def test_market_senses_code_nothing(nlp, text, word):
    doc = nlp(text)
    assert word in [t.text for t in doc]
    assert [(e.type, e.cameo, e.trigger.text) for e in doc._.bc_events] == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "word", "kind"), POLITICAL_SENSES, ids=[c[0][:40] for c in POLITICAL_SENSES]
)
def test_political_senses_still_code(nlp, text, word, kind):
    doc = nlp(text)
    coded = [(e.type, e.cameo, e.trigger.text) for e in doc._.bc_events]
    assert _find(doc, word, kind), coded


@pytest.mark.model
def test_unidentified_armed_force_only_for_violent_subjects(nlp):
    doc = nlp("A roadside bombing killed four soldiers in Kandahar, Afghanistan.")
    (event,) = _find(doc, "killed", "ASSAULT")
    assert [(a.sector, a.country) for a in event.actor] == [("UAF", "AFG")]
    doc = nlp("Heavy traffic injured two pedestrians in Nairobi, Kenya.")
    sectors = [a.sector for e in doc._.bc_events for a in e.actor]
    assert "UAF" not in sectors


def test_table_spans_the_codebook():
    roots = {c[3][:2] for c in CASES if c[3]}
    assert len(CASES) >= 40 and len(roots) >= 17


def test_every_lexicon_code_is_in_the_crosswalk():
    known = crosswalk()
    for entries in lexicon().entries.values():
        for entry in entries:
            assert entry.code.cameo in known


def test_crosswalk_covers_the_codebook_roots():
    roots = {cameo[:2] for cameo in crosswalk()}
    assert {f"{n:02d}" for n in range(2, 21)} <= roots
    assert len(crosswalk()) >= 250


def test_common_verbs_need_a_political_object():
    lex = lexicon()
    for lemma in (
        "give",
        "send",
        "provide",
        "hold",
        "launch",
        "share",
        "lift",
        "restore",
        "hand over",
        "call off",
        "deliver",
        "extend",
    ):
        entries = lex.entries.get(("verb", lemma), ())
        assert entries, lemma
        assert all(e.needs for e in entries), lemma


def _built(words, heads, deps, pos, lemmas) -> Doc:
    doc = Doc(English().vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    return doc


def test_phrasal_verb_needs_its_particle():
    words = ["Unions", "called", "off", "the", "strike"]
    doc = _built(
        words,
        heads=[1, 1, 1, 4, 1],
        deps=["nsubj", "ROOT", "prt", "det", "dobj"],
        pos=["NOUN", "VERB", "ADP", "DET", "NOUN"],
        lemmas=["union", "call", "off", "the", "strike"],
    )
    (trigger,) = [t for t in find_triggers(doc) if t.head.i == 1]
    assert trigger.entry.code.cameo == "080"
    plain = _built(
        ["Unions", "called", "the", "strike"],
        heads=[1, 1, 3, 1],
        deps=["nsubj", "ROOT", "det", "dobj"],
        pos=["NOUN", "VERB", "DET", "NOUN"],
        lemmas=["union", "call", "the", "strike"],
    )
    assert not [t for t in find_triggers(plain) if t.head.i == 1]


def test_market_object_blocks_an_entry_that_does_not_name_it():
    # "weather cut demand for oil": the noun "demand" with a market noun as its object
    market = _built(
        ["Weather", "cut", "demand", "for", "oil"],
        heads=[1, 1, 1, 2, 3],
        deps=["nsubj", "ROOT", "dobj", "prep", "pobj"],
        pos=["NOUN", "VERB", "NOUN", "ADP", "NOUN"],
        lemmas=["weather", "cut", "demand", "for", "oil"],
    )
    assert [t for t in find_triggers(market) if t.head.i == 2] == []
    # "rebels made demands for prisoners": the same noun with a political object codes
    political = _built(
        ["Rebels", "made", "demands", "for", "prisoners"],
        heads=[1, 1, 1, 2, 3],
        deps=["nsubj", "ROOT", "dobj", "prep", "pobj"],
        pos=["NOUN", "VERB", "NOUN", "ADP", "NOUN"],
        lemmas=["rebel", "make", "demand", "for", "prisoner"],
    )
    assert [t.entry.code.type for t in find_triggers(political) if t.head.i == 2] == ["REQUEST"]
    # an entry that names the market noun in "with" applies: "Russia supplied oil"
    supplied = _built(
        ["Russia", "supplied", "oil"],
        heads=[1, 1, 1],
        deps=["nsubj", "ROOT", "dobj"],
        pos=["PROPN", "VERB", "NOUN"],
        lemmas=["Russia", "supply", "oil"],
    )
    assert [t.entry.code.cameo for t in find_triggers(supplied)] == ["061"]


def test_market_subject_is_no_actor():
    words = ["Imports", "injured", "producers"]
    doc = _built(
        words,
        heads=[1, 1, 1],
        deps=["nsubj", "ROOT", "dobj"],
        pos=["NOUN", "VERB", "NOUN"],
        lemmas=["import", "injure", "producer"],
    )
    assert list(find_triggers(doc)) == []
    doc = _built(
        ["Gunmen", "injured", "villagers"],
        heads=[1, 1, 1],
        deps=["nsubj", "ROOT", "dobj"],
        pos=["NOUN", "VERB", "NOUN"],
        lemmas=["gunman", "injure", "villager"],
    )
    assert [t.entry.code.type for t in find_triggers(doc)] == ["ASSAULT"]


def test_own_infinitive_marker_is_no_preposition():
    # "priced to yield": "yield" with [to] means "yield to pressure", not its own "to"
    doc = _built(
        ["notes", "priced", "to", "yield"],
        heads=[1, 1, 3, 1],
        deps=["nsubj", "ROOT", "aux", "xcomp"],
        pos=["NOUN", "VERB", "PART", "VERB"],
        lemmas=["note", "price", "to", "yield"],
    )
    assert list(find_triggers(doc)) == []
    bowed = _built(
        ["Rebels", "yielded", "to", "pressure"],
        heads=[1, 1, 1, 2],
        deps=["nsubj", "ROOT", "prep", "pobj"],
        pos=["NOUN", "VERB", "ADP", "NOUN"],
        lemmas=["rebel", "yield", "to", "pressure"],
    )
    assert [t.entry.code.type for t in find_triggers(bowed)] == ["CONCEDE"]


def test_dictionary_codes_fill_tokens_the_lexicon_leaves():
    doc = _built(
        ["Rebels", "torched", "ledgers", "and", "chatted"],
        heads=[1, 1, 1, 1, 1],
        deps=["nsubj", "ROOT", "dobj", "cc", "conj"],
        pos=["NOUN", "VERB", "NOUN", "CCONJ", "VERB"],
        lemmas=["rebel", "zorch", "ledger", "and", "chat"],
    )
    assert list(find_triggers(doc)) == []
    doc._.bc_dictionary_codes = {1: "1712", 4: "0141", 2: "999"}
    triggers = list(find_triggers(doc))
    assert [(t.head.i, t.entry.code.cameo, t.entry.code.type) for t in triggers] == [
        (1, "1712", "ASSAULT")
    ]
    assert triggers[0].predicate is not None and triggers[0].predicate.i == 1


def test_dictionary_codes_do_not_override_the_lexicon():
    doc = _built(
        ["Police", "arrested", "students"],
        heads=[1, 1, 1],
        deps=["nsubj", "ROOT", "dobj"],
        pos=["NOUN", "VERB", "NOUN"],
        lemmas=["police", "arrest", "student"],
    )
    doc._.bc_dictionary_codes = {1: "190"}
    (trigger,) = find_triggers(doc)
    assert trigger.entry.code.cameo == "173"
