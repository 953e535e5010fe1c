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
    # 08 yield -> CONCEDE / RETREAT
    ("Thailand lifted the state of emergency in Bangkok.", "lifted", "RETREAT", "0814"),
    ("Authorities in Kashmir shortened the curfew by two hours.", "shortened", "RETREAT", "0813"),
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
