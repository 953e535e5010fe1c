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

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from backchannel.nlp.triggers import Trigger
from backchannel.records import Actor

__all__ = ["ActorIndex", "Arguments", "find_arguments"]

_SUBJECTS = ("nsubj", "csubj")
_RECIPIENT_PREPS = ("with", "to", "against", "on", "upon", "at", "toward", "towards", "from")
_NOMINAL_ACTOR_PREPS = ("by", "from")
_INHERIT = ("xcomp", "conj", "advcl", "ccomp", "pcomp", "prep")
_PRONOUNS = {"he", "she", "it", "they", "we", "its", "their", "his", "her", "who", "which",
             "that", "this", "i"}
_RELATIVE = {"who", "which", "that", "whom"}
_MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod", "nummod"}
_THROUGH_PREPS = ("of", "in", "from", "for")


@dataclass(frozen=True, slots=True)
class Arguments:
    """The actors and recipients of one event, and the rule that found them."""

    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    rule: str


class ActorIndex:
    """Token → actor lookup for one Doc, built once from ``doc._.bc_actors``."""

    def __init__(self, doc: Doc) -> None:
        self.by_token: dict[int, Actor] = {}
        for actor in doc._.bc_actors:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            for token in span or ():
                self.by_token.setdefault(token.i, actor)

    def at(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)


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


def _resolve(token: Token, index: ActorIndex, depth: int = 0) -> list[Actor]:
    """Actors an argument head stands for, looking through its phrase."""
    if depth > 3:
        return []
    if token.lower_ in _PRONOUNS and token.pos_ == "PRON":
        antecedent = _pronoun_antecedent(token)
        return _resolve(antecedent, index, depth + 1) if antecedent is not None else []
    found = index.at(token)
    actors = [found] if found else _inside(token, index, depth)
    for conj in token.conjuncts:
        if conj.i > token.i:
            hit = index.at(conj)
            actors.extend([hit] if hit else _inside(conj, index, depth))
    return actors


def _inside(token: Token, index: ActorIndex, depth: int) -> list[Actor]:
    """Actors among a head's modifiers ("Hungarian and Romanian officials"), then in its
    appositions and ``of``/``in`` phrases ("the head of Russia's intelligence service")."""
    hits = []
    for child in token.lefts:
        if child.dep_ in _MODIFIER_DEPS:
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


def _subject(verb: Token) -> tuple[list[Token], str]:
    """The subject heads of a verb, inherited from the governing clause when it has none."""
    node = verb
    for _ in range(4):
        subjects = _children(node, _SUBJECTS)
        if subjects:
            return subjects, "subject"
        agents = _prep_objects(node, ("by",))
        if agents and _is_passive(node):
            return agents, "agent"
        if node.dep_ in ("acl", "relcl") and not _is_passive(node):
            return [node.head], "modified-noun"
        if node.dep_ not in _INHERIT or node.head.i == node.i:
            break
        node = node.head
    return [], "none"


def _objects(verb: Token, passive: bool) -> list[Token]:
    """Recipient heads of a verb: the passive subject, else the object, else a
    preposition's object; looking one level into an ``xcomp`` ("threatened to shell…")."""
    if passive:
        subjects = _children(verb, ("nsubjpass",))
        if subjects:
            return subjects
        if verb.dep_ == "acl":
            return [verb.head]
    for node in (verb, *_children(verb, ("xcomp",))):
        found = _children(node, ("dobj", "dative")) or _prep_objects(node, _RECIPIENT_PREPS)
        if found:
            return found
    return []


def _verbal(trigger: Trigger, index: ActorIndex) -> Arguments:
    verb = trigger.predicate or trigger.head
    passive = _is_passive(verb)
    subjects, rule = _subject(verb)
    if passive and rule == "subject":
        subjects = []
    if passive and rule != "agent":
        subjects = _prep_objects(verb, ("by",)) or subjects
    if verb.i == trigger.head.i:
        objects = _objects(verb, passive)
    else:  # a light verb: "issued warnings to Russia", "held talks with Iran"
        objects = (_prep_objects(trigger.head, _RECIPIENT_PREPS)
                   or _prep_objects(verb, _RECIPIENT_PREPS) or _children(verb, ("dative",)))
    actor = _unique([a for s in subjects for a in _resolve(s, index)])
    recipient = _unique([a for o in objects for a in _resolve(o, index)])
    return Arguments(actor, recipient, f"verb:{rule}{':passive' if passive else ''}")


def _governing_subject(noun: Token) -> list[Token]:
    """For a nominal outside a light verb ("in a recent conversation with Putin"), the
    subject of the nearest clause above it."""
    node = noun
    for _ in range(5):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
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
    objects = _prep_objects(noun, _RECIPIENT_PREPS)
    actor = _unique([a for t in owners for a in _resolve(t, index)])
    recipient = _unique([a for t in objects for a in _resolve(t, index)])
    return Arguments(actor, recipient, rule)


def find_arguments(trigger: Trigger, index: ActorIndex) -> Arguments:
    """Actor and recipient of a trigger, with host/visitor swapped where the lexicon says."""
    if trigger.head.pos_ == "NOUN" and trigger.predicate is None:
        args = _nominal(trigger, index)
    else:
        args = _verbal(trigger, index)
    args = Arguments(args.actor, tuple(a for a in args.recipient if a not in args.actor),
                     args.rule)
    if trigger.entry.swap:
        return Arguments(args.recipient, args.actor, args.rule + ":swapped")
    return args
