"""Event triggers: the words that start an event, found by lemma in the trigger lexicon.

The knowledge lives in ``data/events/triggers/*.yaml`` (one file per CAMEO root group:
lemma or phrasal verb → CAMEO code, with optional required children, channel and context
hints), ``data/events/triggers.yaml`` (the side tables: light verbs, channels, intent…) and
``data/events/cameo.csv`` (our CAMEO → PLOVER crosswalk: type, mode and default context of
each CAMEO code). All are loaded once and cached; finding triggers is a few dictionary
look-ups per token.

A component that runs earlier may fill ``doc._.bc_dictionary_codes`` (token index → CAMEO
code, from an analyst's own verb dictionary): a token the lexicon codes nothing for takes
that code, through the crosswalk.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from backchannel import data as packaged
from backchannel.errors import ConfigError
from backchannel.nlp import extensions  # noqa: F401  (doc._.bc_dictionary_codes)

__all__ = ["Code", "Entry", "Lexicon", "Trigger", "crosswalk", "find_triggers", "lexicon"]

#: part-of-speech tag → lexicon key
_POS_KEYS = {"VERB": "verb", "NOUN": "noun", "ADJ": "adj"}
#: dependency labels under which a "with" lemma may sit below a preposition or particle
_LINKS = {"prep", "prt", "agent", "dative", "advmod"}
#: dependency labels of the particle of a phrasal verb ("called off", "stepped down",
#: "pulled out of"); the lexicon writes such an entry as ``verb: call off``
_PARTICLES = {"prt", "advmod", "prep"}
#: the folder of trigger files, one per CAMEO root group, read in name order
_TRIGGER_FOLDER = "triggers"


@dataclass(frozen=True, slots=True)
class Code:
    """One CAMEO code and the PLOVER coding it maps to."""

    cameo: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    label: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: a lemma (with its part of speech) that triggers one code."""

    pos: str
    lemma: str
    code: Code
    needs: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    mode: str | None = None
    channel: str | None = None
    contexts: tuple[str, ...] = ()
    swap: bool = False
    stative: bool = False
    reciprocal: bool = False
    goods: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The trigger lexicon, indexed by (part of speech, lemma), with its side tables."""

    entries: dict[tuple[str, str], tuple[Entry, ...]]
    light_verbs: frozenset[str]
    channels: tuple[tuple[str, str], ...]
    context_words: dict[str, str]
    sector_contexts: dict[str, str]
    intent: dict[str, Code]
    non_agents: frozenset[str]
    in_person_cues: tuple[str, ...]
    demand: Entry
    demand_verbs: frozenset[str]
    demand_modals: frozenset[str]
    market_nouns: frozenset[str] = frozenset()
    inert_subjects: frozenset[str] = frozenset()
    forecast_verbs: frozenset[str] = frozenset()
    armed_subjects: frozenset[str] = frozenset()
    armed_modifiers: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger found in a Doc: its head token, its token span and its lexicon entry.

    ``predicate`` is the verb whose arguments the event takes: the trigger itself for a
    verb, the light verb for a nominal in its object ("issued warnings"), else None.
    """

    head: Token
    start: int
    end: int
    entry: Entry
    predicate: Token | None


def _data(name: str) -> str:
    return packaged.read_text(f"events/{name}")


def _trigger_entries() -> list[dict]:
    """The raw entries of every file in ``data/events/triggers/``, in file-name order."""
    folder = resources.files(packaged.__name__).joinpath("events", _TRIGGER_FOLDER)
    names = sorted(f.name for f in folder.iterdir() if f.name.endswith(".yaml"))
    entries: list[dict] = []
    for name in names:
        entries.extend(packaged.load_yaml(f"events/{_TRIGGER_FOLDER}/{name}")["triggers"])
    return entries


@lru_cache(maxsize=1)
def crosswalk() -> dict[str, Code]:
    """CAMEO code → PLOVER type, mode and contexts, from ``data/events/cameo.csv``."""
    codes = {}
    for row in csv.DictReader(io.StringIO(_data("cameo.csv"))):
        contexts = tuple(c for c in (row["context"] or "").split(";") if c)
        codes[row["cameo"]] = Code(
            row["cameo"], row["type"], row["mode"] or None, contexts, row["label"]
        )
    return codes


def _entry(raw: dict, codes: dict[str, Code]) -> Entry:
    pos = next((key for key in ("verb", "noun", "adj") if key in raw), None)
    code = codes.get(str(raw.get("cameo")))
    if pos is None or code is None:
        raise ConfigError(f"trigger lexicon entry {raw!r} lacks a lemma or a known CAMEO code")
    return Entry(
        pos=pos,
        lemma=str(raw[pos]).lower(),
        code=code,
        needs=frozenset(str(w).lower() for w in raw.get("with", ())),
        unless=frozenset(str(w).lower() for w in raw.get("unless", ())),
        mode=raw.get("mode", code.mode),
        channel=raw.get("channel"),
        contexts=tuple(raw.get("contexts", code.contexts)),
        swap=bool(raw.get("swap", False)),
        stative=bool(raw.get("stative", False)),
        reciprocal=bool(raw.get("reciprocal", False)),
        goods=bool(raw.get("goods", False)),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The trigger lexicon from ``data/events/triggers.yaml``, indexed for look-up."""
    raw = yaml.safe_load(_data("triggers.yaml"))
    codes = crosswalk()
    index: dict[tuple[str, str], list[Entry]] = {}
    for item in raw.get("triggers", []) + _trigger_entries():
        entry = _entry(item, codes)
        index.setdefault((entry.pos, entry.lemma), []).append(entry)
    entries = {key: tuple(sorted(group, key=lambda e: not e.needs)) for key, group in index.items()}
    demand = raw["reported_demand"]
    market = frozenset(raw.get("market_nouns", ()))
    armed = raw.get("unattributed_force", {})
    return Lexicon(
        entries=entries,
        light_verbs=frozenset(raw.get("light_verbs", ())),
        channels=tuple(sorted(raw.get("channels", {}).items(), key=lambda kv: -len(kv[0]))),
        context_words=dict(raw.get("context_words", {})),
        sector_contexts=dict(raw.get("sector_contexts", {})),
        intent={kind: codes[str(cameo)] for kind, cameo in raw.get("intent", {}).items()},
        in_person_cues=tuple(raw.get("in_person_cues", ())),
        non_agents=frozenset(raw.get("non_agents", ())),
        demand=_entry({"verb": "say", "cameo": demand["cameo"]}, codes),
        demand_verbs=frozenset(demand["verbs"]),
        demand_modals=frozenset(demand["modals"]),
        market_nouns=market,
        inert_subjects=market | frozenset(raw.get("inert_subjects", ())),
        forecast_verbs=frozenset(demand.get("forecast_verbs", ())),
        armed_subjects=frozenset(armed.get("subjects", ())),
        armed_modifiers=frozenset(armed.get("modifiers", ())),
    )


def _around(token: Token) -> set[str]:
    """Lemmas a "with" condition may name: children, objects of prepositions and
    particles below the token, objects of the verb governing a nominal, the governor."""
    lemmas = set()
    for child in token.children:
        if child.dep_ == "aux" and child.lower_ == "to":
            continue  # the trigger's own infinitive marker ("priced to yield") names nothing
        lemmas.add(child.lemma_.lower())
        if child.dep_ in ("dobj", "nsubjpass"):  # "meet demands" (plural) is no market's demand
            lemmas.add(child.lower_)
        if child.dep_ == "advcl":  # "spoke with X to convey…" parsed as a clause marked "with"
            lemmas.update(g.lower_ for g in child.children if g.dep_ == "mark")
        if child.dep_ in _LINKS or child.dep_ in ("xcomp", "dobj", "nsubjpass"):
            for grand in child.children:
                lemmas.add(grand.lemma_.lower())
                if grand.dep_ == "prep":  # "provide tons of aid", "captured part of a stronghold"
                    lemmas.update(g.lemma_.lower() for g in grand.children if g.dep_ == "pobj")
                if grand.dep_ == "pobj":  # "deployment of peacekeeping troops"
                    lemmas.update(
                        g.lower_ for g in grand.children if g.dep_ in ("compound", "amod")
                    )
    if token.dep_ in ("dobj", "pobj", "nsubjpass", "attr", "compound"):
        # the word itself too: the lemmatiser misreads some ("staged" -> "stag")
        lemmas.update((token.head.lemma_.lower(), token.head.lower_))
    return lemmas


def _match(token: Token, lex: Lexicon) -> Entry | None:
    if token.dep_ == "amod" and token.pos_ == "VERB":
        return None  # a participle describing a noun: "defending champion", "invading force"
    if _natural_subject(token, lex):
        return None  # "hailstorms killed two people"
    key = _POS_KEYS.get(token.pos_)
    if key is None:
        return None
    lemma = token.lemma_.lower()
    phrasal = [f"{lemma} {c.lower_}" for c in token.children if c.dep_ in _PARTICLES]
    for name in (*phrasal, lemma):  # a phrasal verb's entries before its bare verb's
        candidates = lex.entries.get((key, name))
        entry = _pick(token, candidates, lex) if candidates else None
        if entry is not None:
            return entry
    return None


def _pick(token: Token, candidates: tuple[Entry, ...], lex: Lexicon) -> Entry | None:
    """The first entry whose conditions the token's surroundings meet. An entry whose
    object is a market noun it does not name in ``with`` does not apply ("demand for oil",
    "pull back from easing"); one that names it does ("supplied oil", "banned imports")."""
    around = _around(token) if any(e.needs or e.unless for e in candidates) else set()
    direct, further = (found & lex.market_nouns for found in _objects(token))
    for entry in candidates:
        if entry.reciprocal and not _coordinated_subject(token):
            continue
        if entry.unless & around:
            continue
        if not entry.goods and (
            (direct and not direct & entry.needs) or (further and not entry.needs)
        ):
            continue
        if not entry.needs or entry.needs & around:
            return entry
    return None


#: dependency labels of what a verb acts on
_OBJECT_DEPS = {"dobj", "nsubjpass", "attr", "oprd"}
#: prepositions that name what a communication is about, not what an act acts on ("talks on
#: oil prices"), or what it opposes ("protests against price rises")
_TOPIC_PREPOSITIONS = {"on", "over", "about", "regarding", "concerning", "upon", "against"}


def _objects(token: Token) -> tuple[set[str], set[str]]:
    """Lemmas (and forms) of the common nouns the trigger acts on. Direct: a verb's object,
    a noun's compounds and prepositional objects ("demand for oil", "price war"). Further:
    what a verb's object is made of and where a verb moves from ("offered a million tonnes
    of wheat", "pull back from easing")."""
    direct: set[str] = set()
    further: set[str] = set()
    if token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            if child.dep_ == "compound":
                direct.update(_forms(child))
            elif child.dep_ == "prep" and child.lower_ not in _TOPIC_PREPOSITIONS:
                direct.update(f for g in _pobjs(child) for f in _forms(g))
        return direct, further
    for child in token.children:
        if child.dep_ in _OBJECT_DEPS:
            direct.update(_forms(child))
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    further.update(f for g in _pobjs(prep) for f in _forms(g))
        elif child.dep_ == "prep" and child.lower_ == "from":
            further.update(f for g in _pobjs(child) for f in _forms(g))
    return direct, further


def _pobjs(prep: Token) -> list[Token]:
    return [g for g in prep.children if g.dep_ == "pobj"]


def _forms(token: Token) -> tuple[str, ...]:
    """A common noun's lemma and lower-cased form ("securities" lemmatises to
    "security"); nothing for a name ("the Common Market")."""
    if token.pos_ == "PROPN":
        return ()
    return token.lemma_.lower(), token.lower_


def _natural_subject(token: Token, lex: Lexicon) -> bool:
    """Whether the verb's subject (or its conjunct head's) is no actor: a force of nature,
    a document or a market quantity ("hailstorms killed", "the pact calls for", "imports
    injured", "prices retreated")."""
    own = any(c.dep_ == "nsubj" for c in token.children)
    verb = token.head if token.dep_ == "conj" and not own else token
    if _modified_noun_acts(verb):
        return _inert(verb.head, lex)  # "an option calling for…", "floods, which killed…"
    return any(c.dep_ == "nsubj" and _inert(c, lex) for c in verb.children)


def _modified_noun_acts(verb: Token) -> bool:
    """Whether the noun a clause modifies is its subject: an active participle ("an option
    calling for…") or a relative clause on "which" or "that" (not "a deal brokered by…")."""
    if verb.head.pos_ != "NOUN":
        return False
    if verb.dep_ == "acl":
        return verb.tag_ == "VBG"
    return verb.dep_ == "relcl" and any(
        c.dep_ == "nsubj" and c.lower_ in ("which", "that") for c in verb.children
    )


def _inert(subject: Token, lex: Lexicon) -> bool:
    return subject.lemma_.lower() in lex.non_agents or not lex.inert_subjects.isdisjoint(
        _forms(subject)
    )


def _coordinated_subject(token: Token) -> bool:
    """ "Biden and Merkel spoke": a subject with a conjunct."""
    return any(
        c.dep_ == "nsubj" and any(g.dep_ == "conj" for g in c.children) for c in token.children
    )


def _reported_demand(token: Token, lex: Lexicon) -> Entry | None:
    """The REQUEST entry for "X said that Y must…", else None."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in lex.demand_verbs:
        return None
    for clause in token.children:
        if (
            clause.dep_ == "ccomp"
            and any(c.dep_ == "aux" and c.lower_ in lex.demand_modals for c in clause.children)
            and not _forecast(clause, lex)
        ):
            return lex.demand
    return None


def _forecast(clause: Token, lex: Lexicon) -> bool:
    """ "Exports should rise", "the firm should see gains": a modal clause that forecasts
    (its verb says how things will go, or its subject is a market quantity) demands nothing."""
    if clause.lemma_.lower() in lex.forecast_verbs:
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass") and _inert(c, lex) for c in clause.children)


def _predicate(token: Token, lex: Lexicon) -> Token | None:
    if token.pos_ == "VERB" or token.pos_ == "ADJ":
        return token
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in lex.light_verbs:
        return head
    return None


def _span(token: Token, predicate: Token | None) -> tuple[int, int]:
    """Token range of the trigger: a noun with its compounds ("phone call"), a light
    verb with its nominal when they sit close ("imposed sanctions")."""
    start, end = token.i, token.i + 1
    for child in token.lefts:
        if child.dep_ == "compound" and child.i == start - 1:
            start = child.i
    if predicate is not None and predicate.i != token.i and 0 < token.i - predicate.i <= 3:
        start = predicate.i
    return start, end


def _dictionary_entry(token: Token, codes: dict[int, str]) -> Entry | None:
    """The entry for a token an earlier component coded from a verb dictionary: its CAMEO
    code (or, failing that, the code's three-digit parent) through the crosswalk; None for
    a code the crosswalk lacks (CAMEO 01x statements, which PLOVER does not code)."""
    cameo = codes.get(token.i)
    if not cameo:
        return None
    known = crosswalk()
    code = known.get(cameo) or known.get(cameo[:3])
    if code is None or code.cameo == "010":
        return None
    return Entry(
        pos=_POS_KEYS.get(token.pos_, "verb"),
        lemma=token.lemma_.lower(),
        code=code,
        mode=code.mode,
        contexts=code.contexts,
    )


def find_triggers(doc: Doc) -> Iterator[Trigger]:
    """Every trigger in ``doc``, in text order: a token takes its lexicon entry, else the
    code ``doc._.bc_dictionary_codes`` gives it (not to a reporting verb)."""
    lex = lexicon()
    codes = doc._.bc_dictionary_codes or {}
    for token in doc:
        entry = _match(token, lex) or _reported_demand(token, lex)
        if entry is None and codes and token.lemma_.lower() not in lex.demand_verbs:
            # a reporting verb ("said they will release…") is coded by what it reports:
            # the reported action's own trigger, and the statement, not the dictionary's
            # SAY patterns
            entry = _dictionary_entry(token, codes)
        if entry is None:
            continue
        predicate = _predicate(token, lex)
        start, end = _span(token, predicate)
        yield Trigger(token, start, end, entry, predicate)
