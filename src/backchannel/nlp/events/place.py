"""The place of one event: the toponym its clause puts it in ("met ... in Ankara").

Read by the events component from the places the places stage wrote to ``doc._.bc_places``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from backchannel.nlp.places import PLACE_NOUNS
from backchannel.records import Place

__all__ = ["event_place"]


#: prepositions that place an event ("met ... in Ankara"), a narrower set
EVENT_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "within", "aboard"})


def event_place(doc: Doc, clause: Span, trigger: Span | None = None) -> Place | None:
    """The place of an event whose clause is ``clause`` ("met ... in Ankara"), else None.

    Only a toponym inside the clause, governed by a locative preposition that attaches to
    the trigger, to another verb of its clause, or to the trigger's object or partner
    ("relaying the message in Moscow", "met with Naryshkin in Ankara") counts; a toponym
    deeper in a phrase ("caution against the use of weapons in the Ukraine conflict") does
    not. The most specific one wins ("in Ankara, Turkey" → Ankara).
    """
    places = [
        p for p in doc._.bc_places if clause.start_char <= p.start and p.end <= clause.end_char
    ]
    head = trigger.root if trigger is not None else clause.root
    best = None
    for place in places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or not _placed_on(span, head):
            continue
        if best is None or _specificity(place) > _specificity(best):
            best = place
    return best


def _placed_on(span: Span, trigger: Token) -> bool:
    token = span.root
    while token.head.i != token.i and (
        token.dep_ in ("appos", "conj", "npadvmod")
        or (token.dep_ == "compound" and token.head.lemma_.lower() in PLACE_NOUNS)
    ):
        token = token.head
    if token.dep_ != "pobj" or token.head.lower_ not in EVENT_LOCATIVE:
        return False
    host = token.head.head  # what the preposition attaches to ("a hotel in Geneva": climb)
    while host.dep_ == "pobj" and host.head.lower_ in EVENT_LOCATIVE and host.head.head.i != host.i:
        host = host.head.head
    if host == trigger:
        return True
    if host.pos_ in ("VERB", "AUX"):
        return _governing_verb(host) == _governing_verb(trigger)
    if host.head == trigger and host.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd"):
        return True
    return host.pos_ == "PROPN" and host.dep_ == "pobj" and host.head.head == trigger


def _governing_verb(token: Token) -> Token:
    """The nearest verb at or above ``token`` (the clause it belongs to); the sentence's root
    when none is. (spaCy makes a new ``Token`` on each ``.head``: compare indices, not ``is``.)"""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _specificity(place: Place) -> int:
    order = {"PPL": 4, "PPLC": 4, "PPLX": 4, "ADM2": 3, "ADM1": 2}
    return order.get(place.feature or "", 1)
