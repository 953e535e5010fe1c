"""Event arguments: who acts and who is acted on, read off the dependency parse.

A trigger's actor is its grammatical subject (or the ``by`` agent of a passive), its
recipient the object or the object of ``with``/``to``/``against``/``on``/``from``. Nominal
triggers take the subject of their light verb ("Burns initiated a phone call with…"), a
possessor ("Burns's call to Putin") or the members of ``between`` ("the call between Burns
and Naryshkin"). Argument heads are mapped onto ``doc._.bc_actors`` by character offsets,
looking through coordination, appositions, modifiers ("Russian officials", "Russia's foreign
minister") and ``of``/``in`` phrases, and resolving pronouns to the subject of the clause
that reports them ("Syria says it is willing…").
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from backchannel.nlp.actors.kb import lookup
from backchannel.nlp.events.triggers import Trigger
from backchannel.records import Actor

__all__ = ["ActorIndex", "Arguments", "find_arguments"]

_SUBJECTS = ("nsubj", "csubj")
_RECIPIENT_PREPS = frozenset(
    {
        "with",
        "to",
        "against",
        "on",
        "upon",
        "toward",
        "towards",
        "from",
        "of",
        "over",
        "into",
        "for",
        "between",
    }
)
#: where an event happened stands for its target in PLOVER coding of protests, attacks,
#: curfews ("demonstrated in Serbia"); tried only when nothing else names one
_LOCATION_PREPS = frozenset({"in", "at", "near", "around", "across", "throughout", "inside"})
_LOCATED_TYPES = frozenset(
    {
        "PROTEST",
        "COERCE",
        "ASSAULT",
        "MOBILIZE",
        "AID",
        "CONCEDE",
        "RETREAT",
        "SANCTION",
        "THREATEN",
    }
)
_SEARCH_DEPTH = 8
_OBJECT_HEADS = ("dobj", "dative", "pobj", "attr", "oprd", "nsubjpass")
_OBJECT_PATH = (
    "dobj",
    "dative",
    "pobj",
    "pcomp",
    "xcomp",
    "ccomp",
    "attr",
    "oprd",
    "acomp",
    "nsubjpass",
    "advcl",
    "amod",
)
_NOMINAL_ACTOR_PREPS = ("by", "from")
_INHERIT = ("xcomp", "conj", "advcl", "ccomp", "pcomp", "prep", "acomp")
_PRONOUNS = {
    "he",
    "she",
    "it",
    "they",
    "its",
    "their",
    "his",
    "her",
    "him",
    "them",
    "who",
    "which",
    "that",
}
_PERSON = frozenset({"person"})
_NON_PERSON = frozenset({"country", "organization", "group"})
#: pronoun → the actor kinds it can stand for (None: any kind)
_PRONOUN_KINDS = {
    "he": _PERSON,
    "she": _PERSON,
    "his": _PERSON,
    "her": _PERSON,
    "him": _PERSON,
    "it": _NON_PERSON,
    "its": _NON_PERSON,
}
_RELATIVE = {"who", "which", "that", "whom"}
_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod", "nummod"}
_THROUGH_PREPS = ("of", "in", "from", "for")
#: nouns whose possessor is someone else: "U.S. allies" are not the US, "Russia's
#: neighbours" not Russia (an adjective still gives the nationality: "his Turkish counterpart")
_RELATIONAL = {
    "ally",
    "allies",
    "partner",
    "neighbor",
    "neighbour",
    "rival",
    "enemy",
    "adversary",
    "counterpart",
    "opponent",
    "critic",
}


@dataclass(frozen=True, slots=True)
class Arguments:
    """The actors and recipients of one event, and the rule that found them."""

    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    rule: str


class ActorIndex:
    """Token → actor lookup for one Doc, built once from ``doc._.bc_actors``; also the
    actors that are grammatical subjects, in text order, for resolving pronouns."""

    def __init__(self, doc: Doc) -> None:
        self.by_token: dict[int, Actor] = {}
        self.subjects: list[tuple[int, Actor]] = []
        self._positions: list[int] | None = None
        for actor in doc._.bc_actors:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.by_token.setdefault(token.i, actor)
            if span.root.dep_ in ("nsubj", "nsubjpass") and span.root.pos_ != "PRON":
                self.subjects.append((span.root.i, actor))

    def at(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)

    def between(self, start: int, end: int) -> list[Actor]:
        """Actors on tokens ``start``..``end`` (a sentence), in text order."""
        if self._positions is None:
            self._positions = sorted(self.by_token)
        low, high = bisect_left(self._positions, start), bisect_left(self._positions, end)
        return [self.by_token[i] for i in self._positions[low:high]]

    def previous_subject(self, token: Token, kinds: frozenset[str] | None) -> Actor | None:
        """The last subject actor before ``token`` (within a few sentences) of one of
        ``kinds`` (any kind when None): the usual antecedent of "he" or "it"."""
        floor = token.i - 120
        for position, actor in reversed(self.subjects):
            if floor <= position < token.i and (kinds is None or actor.kind in kinds):
                return actor
        return None


def _unique(actors: list[Actor]) -> tuple[Actor, ...]:
    seen, out = set(), []
    for actor in actors:
        if (actor.id, actor.start) not in seen:
            seen.add((actor.id, actor.start))
            out.append(actor)
    return tuple(out)


def _pronoun_antecedent(token: Token) -> Token | None:
    """The subject of the nearest governing clause that is not itself a pronoun."""
    if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
        return token.head.head
    node = token.head
    while node.head.i != node.i:
        node = node.head
        subject = next((c for c in node.children if c.dep_ in _SUBJECTS), None)
        if subject is not None and subject.lower_ not in _PRONOUNS:
            return subject
    return None


def _pronoun(token: Token, index: ActorIndex, depth: int) -> list[Actor]:
    """A pronoun's actor: the subject of the clause reporting it ("Trump said he…"),
    else the last subject actor of a fitting kind before it ("He also met…")."""
    if token.lower_ not in _PRONOUNS:
        return []
    if token.lower_ in ("that", "which") and token.head.dep_ != "relcl":
        return []  # a demonstrative ("That was a phone call"): an event, not an actor
    kinds = _PRONOUN_KINDS.get(token.lower_)
    antecedent = _pronoun_antecedent(token)
    if antecedent is not None:
        found = [
            a for a in _resolve(antecedent, index, depth + 1) if kinds is None or a.kind in kinds
        ]
        if found:
            return found
    if token.lower_ in _RELATIVE:
        return []
    previous = index.previous_subject(token, kinds)
    return [previous] if previous else []


def _resolve(token: Token, index: ActorIndex, depth: int = 0) -> list[Actor]:
    """Actors an argument head stands for, looking through its phrase."""
    if depth > 3:
        return []
    found = index.at(token)
    if found is not None and (found.country is None or found.kind == "person" or _demonym(token)):
        found = _with_country(found, token)
    actors = [found] if found else (_inside(token, index, depth) or _from_kb(token))
    if token.pos_ == "PRON":  # our own antecedent: the actor mention may name another
        actors = _pronoun(token, index, depth) or actors
    for conj in token.conjuncts:
        if conj.i > token.i:
            hit = index.at(conj)
            actors.extend([hit] if hit else _inside(conj, index, depth))
    return actors


def _inside(token: Token, index: ActorIndex, depth: int) -> list[Actor]:
    """Actors among a head's modifiers ("Hungarian and Romanian officials"), then in its
    appositions and ``of``/``in`` phrases ("the head of Russia's intelligence service")."""
    hits = []
    owned = token.lemma_.lower() in _RELATIONAL
    for child in token.lefts:
        if child.dep_ in _MODIFIER_DEPS and not (owned and child.dep_ in ("poss", "compound")):
            hits.extend(index.at(t) for t in child.subtree if index.at(t))
    if hits:
        return hits
    for child in token.rights:
        if child.dep_ == "appos":
            return _resolve(child, index, depth + 1)
        if child.dep_ == "prep" and child.lower_ in _THROUGH_PREPS:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                inner = _resolve(pobj, index, depth + 1)
                if inner:
                    return inner
    return []


def _from_kb(token: Token, whole: bool = False) -> list[Actor]:
    """An actor for a phrase the actors component left alone ("proposed Israeli
    changes", "a U.S. request"): the knowledge-base entry of a modifier or the head,
    or (``whole``) of the phrase ("the Democratic Republic of the Congo")."""
    candidates = [c for c in token.lefts if c.dep_ in _MODIFIER_DEPS] + [token]
    if whole and token.right_edge.i - token.left_edge.i < 8:
        candidates.insert(0, token.doc[token.left_edge.i : token.right_edge.i + 1])
    for candidate in candidates:
        if isinstance(candidate, Token) and candidate.pos_ not in ("PROPN", "ADJ", "NOUN"):
            continue
        doc = candidate.doc
        entry = lookup(candidate.text, kb=doc._.bc_kb, date=doc._.bc_published)
        if entry is not None and entry.country:
            start = candidate.idx if isinstance(candidate, Token) else candidate.start_char
            role, country, sector = entry.at(candidate.doc._.bc_published)
            return [
                Actor(
                    id=entry.id,
                    text=candidate.text,
                    start=start,
                    end=start + len(candidate.text),
                    name=entry.name,
                    kind=entry.kind,
                    country=country,
                    sector=sector,
                    role=role,
                )
            ]
    return []


def _demonym(token: Token) -> bool:
    """A people named by their nationality ("Albanians"), whom coders place in the
    country they live in when the text says so ("Albanians of southern Serbia")."""
    if token.tag_ not in ("NNPS", "NNS"):
        return False
    entry = lookup(token.text, kb=token.doc._.bc_kb, date=token.doc._.bc_published)
    return entry is not None and entry.kind == "country"


def _with_country(actor: Actor, token: Token) -> Actor:
    """An actor mention given the country its phrase names: "Albanian rebels" (for one
    without a country), "rebels in the Ivory Coast", "Albanians of southern Serbia" (a
    group is coded with the country it lives in, as CAMEO and PLOVER coders do),
    "President Uhuru Kenyatta of Kenya", "João Cravinho, Minister of Foreign Affairs of
    Portugal"."""
    named = _from_kb(token) if actor.country is None else []
    country = named[0].country if named else _country_after(token, 3)
    return replace(actor, country=country) if country else actor


def _country_after(token: Token, depth: int) -> str | None:
    """The country an ``of``/``in``/``from`` phrase after a noun names, looking through
    appositions and nested ``of`` phrases ("of the Republic of Ecuador")."""
    if depth == 0:
        return None
    for child in token.rights:
        if child.dep_ == "appos":
            found = _country_after(child, depth - 1)
        elif child.dep_ == "prep" and child.lower_ in ("in", "of", "from"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            named = _from_kb(pobj, whole=True) if pobj is not None else []
            deeper = _country_after(pobj, depth - 1) if pobj is not None else None
            # a state's formal name wins over a body it begins with ("of the Commonwealth
            # of The Bahamas" is the Bahamas, not the Commonwealth of Nations)
            found = (
                named[0].country
                if named and (named[0].kind == "country" or _whole(named[0], pobj))
                else deeper or (named[0].country if named else None)
            )
        else:
            continue
        if found:
            return found
    return None


def _whole(actor: Actor, token: Token) -> bool:
    """Whether ``actor`` was named by the whole phrase ``token`` heads."""
    return (
        actor.start == token.left_edge.idx
        and actor.text == token.doc[token.left_edge.i : token.right_edge.i + 1].text
    )


def _children(token: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    objects = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "prt", "dative") and child.lower_ in preps:
            objects.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
    return objects


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


def _distant_agent(verb: Token) -> list[Token]:
    """A ``by`` phrase the parser hung on the clause above a passive ("Aristide has been
    accused of …, much of it believed embezzled, by Haitian officials")."""
    if verb.dep_ not in ("ccomp", "conj") or verb.head.i == verb.i:
        return []
    return [t for t in _prep_objects(verb.head, ("by",)) if t.i > verb.i]


def _expletive(subject: Token) -> bool:
    """ "it" in "it was worth…", "it is unclear…": no one acts."""
    return subject.lower_ in ("it", "there") and subject.head.lemma_ == "be"


def _subject(verb: Token) -> tuple[list[Token], str]:
    """The subject heads of a verb, inherited from the governing clause when it has none."""
    node = verb
    for _ in range(4):
        subjects = [s for s in _children(node, _SUBJECTS) if not _expletive(s)]
        if subjects:
            return subjects, "subject"
        agents = _prep_objects(node, ("by",))
        if agents and _is_passive(node):
            return agents, "agent"
        if node.dep_ in ("acl", "relcl") and (node.i != verb.i or not _is_passive(node)):
            # "youths resorted to throwing stones": a participle above the trigger is
            # the youths' own act, whatever its form
            return [node.head], "modified-noun"
        if node.dep_ not in _INHERIT or node.head.i == node.i:
            break
        node = node.head
    return [], "none"


def _search(
    root: Token, index: ActorIndex, preps: frozenset[str], exclude: set[tuple[str, int]]
) -> tuple[Actor, ...]:
    """Recipients below ``root``, nearest first: objects, objects of prepositions in
    ``preps``, the subject of a reported demand ("demanded that Hamas renounce…"),
    looking through infinitives and object phrases ("threatened to break relations
    with Russia") up to eight levels down; an actor with a known country is preferred.
    Mentions in ``exclude`` (the actor's) are skipped."""
    level = [c for c in root.children]
    uncertain: tuple[Actor, ...] = ()  # actors with no country, kept in case none has one
    for _ in range(_SEARCH_DEPTH):
        following = []
        for token in level:
            if not _on_object_path(token, preps):
                continue
            if _own(token):
                continue  # "withdraw its troops from Lebanon": the actor's own, not a target
            if token.dep_ in _OBJECT_HEADS or token.dep_ == "nsubj":
                found = _unique(
                    [a for a in _resolve(token, index) if (a.id, a.start) not in exclude]
                )
                if any(a.country for a in found):
                    return found
                uncertain = uncertain or found
            following.extend(token.children)
        level = following
    return uncertain


def _own(token: Token) -> bool:
    return token.dep_ == "dobj" and any(
        c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her") for c in token.children
    )


def _on_object_path(token: Token, preps: frozenset[str]) -> bool:
    if token.dep_ in ("prep", "agent", "prt"):
        # "rejected calls by Kofi Annan": below a noun, "by" names whom the act answers
        return token.lower_ in preps or (token.lower_ == "by" and token.head.pos_ == "NOUN")
    if token.dep_ == "advcl":  # purposes ("to help defend Saudi Arabia"), not "when…"
        return _marked(token) or any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    if token.dep_ == "nsubj":  # "demanded that Hamas renounce…", "…unless Baghdad accepted",
        # and "met with X to affirm…", which the parser reads as a clause with X its subject
        return token.head.dep_ in ("ccomp", "pcomp") or _marked(token.head)
    return token.dep_ in _OBJECT_PATH


def _marked(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless", "with") for c in clause.children
    )


def _passive_recipients(verb: Token, index: ActorIndex) -> tuple[Actor, ...]:
    heads = _children(verb, ("nsubjpass",)) or ([verb.head] if verb.dep_ == "acl" else [])
    return _unique([a for t in heads for a in _resolve(t, index)])


def _recipients(
    trigger: Trigger, verb: Token, passive: bool, index: ActorIndex, exclude: set[tuple[str, int]]
) -> tuple[Actor, ...]:
    found = _passive_recipients(verb, index) if passive else ()
    roots = [trigger.head] if verb.i == trigger.head.i else [trigger.head, verb]
    for preps in (_RECIPIENT_PREPS, _RECIPIENT_PREPS | _LOCATION_PREPS):
        for root in roots:
            found = found or _search(root, index, preps, exclude)
        if found or trigger.entry.code.type not in _LOCATED_TYPES:
            break
    if not found and trigger.entry.code.type == "CONSULT":
        found = _with_after_place(verb, index, exclude)
    return tuple(a for a in found if (a.id, a.start) not in exclude)


def _with_after_place(
    verb: Token, index: ActorIndex, exclude: set[tuple[str, int]]
) -> tuple[Actor, ...]:
    """The partner of a meeting whose ``with`` the parser hung on the place before it
    ("met today at the White House with Indian Minister Jaishankar")."""
    for place in _prep_objects(verb, tuple(_LOCATION_PREPS | {"on"})):
        found = _search(place, index, frozenset({"with"}), exclude)
        if found:
            return found
    return ()


def _verbal(trigger: Trigger, index: ActorIndex) -> Arguments:
    verb = trigger.predicate or trigger.head
    passive = _is_passive(verb)
    subjects, rule = _subject(verb)
    if passive and trigger.entry.stative:  # "Vietnam is committed to…"
        passive, subjects, rule = False, _children(verb, ("nsubjpass",)), "stative-subject"
    if passive and rule == "subject":
        subjects = []
    if passive and rule != "agent":
        subjects = _prep_objects(verb, ("by",)) or _distant_agent(verb) or subjects
    actor = _unique([a for s in subjects for a in _resolve(s, index)])
    recipient = _recipients(trigger, verb, passive, index, {(a.id, a.start) for a in actor})
    return Arguments(actor, recipient, f"verb:{rule}{':passive' if passive else ''}")


def _governing_subject(noun: Token) -> list[Token]:
    """For a nominal outside a light verb ("in a recent conversation with Putin"), the
    subject of the nearest clause above it."""
    node = noun
    for _ in range(5):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "prep":  # not "including"
            subjects, _ = _subject(node)
            return subjects
    return []


def _nominal(trigger: Trigger, index: ActorIndex) -> Arguments:
    noun = trigger.head
    between = _prep_objects(noun, ("between", "among"))
    if between:
        members = _unique([a for t in between for a in _resolve(t, index)])
        return Arguments(members[:1], members[1:], "noun:between")
    owners = _children(noun, ("poss",)) + _prep_objects(noun, _NOMINAL_ACTOR_PREPS)
    owners += [c for c in noun.lefts if c.dep_ in ("compound", "amod") and index.at(c)]
    rule = "noun:possessor"
    if not owners:
        owners, rule = _governing_subject(noun), "noun:governing-subject"
    actor = _unique([a for t in owners for a in _resolve(t, index)])
    recipient = _recipients(trigger, noun, False, index, {(a.id, a.start) for a in actor})
    return Arguments(actor, recipient, rule)


def find_arguments(trigger: Trigger, index: ActorIndex) -> Arguments:
    """Actor and recipient of a trigger, with host/visitor swapped where the lexicon says."""
    if trigger.head.pos_ == "NOUN" and trigger.predicate is None:
        args = _nominal(trigger, index)
    else:
        args = _verbal(trigger, index)
    args = Arguments(args.actor, tuple(a for a in args.recipient if a not in args.actor), args.rule)
    if trigger.entry.code.type == "CONSULT" and not args.recipient and len(args.actor) > 1:
        args = Arguments(args.actor[:1], args.actor[1:], args.rule + ":reciprocal")
    if trigger.entry.swap:
        return Arguments(args.recipient, args.actor, args.rule + ":swapped")
    return args
