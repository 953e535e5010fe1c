"""Modality: whether an event is said to have happened, read off the trigger's clause.

``asserted`` unless the clause says otherwise: ``negated`` ("did not meet", "no talks"),
``conditional`` (inside an ``if``/``unless`` clause: "repercussions if Moscow pays
rewards"), ``future`` ("will meet", "plans to visit"), ``hypothetical`` ("could meet",
"wants to meet", the content of a threat or a demand). ``denied`` comes from statements
(see :mod:`backchannel.nlp.events`), not from the clause.
"""

from __future__ import annotations

from spacy.tokens import Token

from backchannel.nlp.events.triggers import Trigger
from backchannel.vocab import MODALITIES

__all__ = ["MODALITIES", "announced", "modality", "ultimatum"]


_NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without"}
_CONDITIONS = {"if", "unless", "whether"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "must", "can", "ca", "'d"}
#: verbs whose infinitive complement has not happened yet, by what they make of it
_FUTURE_GOVERNORS = {
    "plan",
    "intend",
    "expect",
    "prepare",
    "prepared",
    "decide",
    "agree",
    "promise",
    "pledge",
    "vow",
    "swear",
    "ready",
    "willing",
    "determined",
    "schedule",
    "set",
    "go",
}
_HYPOTHETICAL_GOVERNORS = {
    "want",
    "seek",
    "try",
    "hope",
    "threaten",
    "offer",
    "urge",
    "demand",
    "ask",
    "propose",
    "wish",
    "aim",
    "refuse",
    "call",
    "press",
    "push",
    "willing",
    "ready",
    "able",
    "fail",
    "warn",
}
_CLAUSE_LINKS = (
    "xcomp",
    "ccomp",
    "advcl",
    "conj",
    "pcomp",
    "acl",
    "relcl",
    "pobj",
    "prep",
    "dobj",
    "attr",
    "oprd",
)
#: auxiliaries and governing verbs that announce an action ("will evacuate", "would
#: blockade", "prepared to impose"), as opposed to merely allowing it ("can", "may")
_ANNOUNCING_AUX = _FUTURE_AUX | {"would", "'d"}
_ANNOUNCING_GOVERNORS = {
    "plan",
    "intend",
    "prepare",
    "prepared",
    "decide",
    "vow",
    "swear",
    "pledge",
    "promise",
    "ready",
    "willing",
    "determined",
}


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children)


def _aux(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}


def _path(trigger: Trigger) -> list[Token]:
    """The trigger's predicate and the clause heads above it, up to the sentence root
    (stopping at a reporting verb, whose own modality is not the event's)."""
    node = trigger.predicate or trigger.head
    path = [node]
    while node.dep_ in _CLAUSE_LINKS and node.head.i != node.i and len(path) < 6:
        node = node.head
        path.append(node)
    return path


def _conditional(path: list[Token]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for node in path for c in node.children)


def _governed(path: list[Token]) -> str | None:
    """Modality imposed by a governing verb on an infinitive complement."""
    for node, parent in zip(path, path[1:]):
        if node.dep_ != "xcomp":
            continue
        lemma = parent.lemma_.lower()
        if lemma in _FUTURE_GOVERNORS:
            return "future"
        if lemma in _HYPOTHETICAL_GOVERNORS:
            return "hypothetical"
    return None


def _clause_verb(trigger: Trigger) -> Token:
    """The verb whose auxiliaries speak for the event: the predicate, or the verb a
    nominal trigger is the object of ("would tighten the blockade")."""
    node = trigger.predicate or trigger.head
    if node.pos_ == "NOUN" and node.dep_ in ("dobj", "nsubjpass") and node.head.pos_ == "VERB":
        return node.head
    return node


def modality(trigger: Trigger) -> str:
    """The modality of the event a trigger starts (all but ``denied``)."""
    head, predicate = trigger.head, _clause_verb(trigger)
    if _negated(head) or _negated(predicate):
        return "negated"
    path = _path(trigger)
    if _conditional(path):
        return "conditional"
    aux = _aux(predicate)
    if aux & _FUTURE_AUX or "going" in aux:
        return "future"
    if aux & _HYPOTHETICAL_AUX:
        return "hypothetical"
    return _governed(path) or "asserted"


def announced(trigger: Trigger) -> bool:
    """Whether the clause announces the action for the future ("Israel will evacuate the
    settlements", "NATO would tighten the blockade", "Iraq is prepared to impose…")."""
    predicate = _clause_verb(trigger)
    if _aux(predicate) & _ANNOUNCING_AUX or "going" in _aux(predicate):
        return True
    return predicate.dep_ == "xcomp" and predicate.head.lemma_.lower() in _ANNOUNCING_GOVERNORS


def ultimatum(trigger: Trigger) -> bool:
    """Whether the action is announced on a condition the other side must meet ("will
    withdraw its force unless Oueddei arranges a ceasefire"): a threat."""
    predicate = _clause_verb(trigger)
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        for c in predicate.children
    )
