"""Event dating: which of an article's time expressions dates a given event.

A time dates an event when the parse attaches it to the event's trigger, to the verb that
governs the trigger, to a reporting verb above it ("said on Saturday") or to a purpose
clause right under it; not when it sits in a relative clause, a conjunct or a clause with
its own conjunction, nor when a preposition only bounds the event ("after reports in
June"). The closest attachment wins, then the nearest in the text.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from backchannel.nlp.time.doc import governing_verb, token_at
from backchannel.nlp.time.grammar import scan
from backchannel.records import EventDate, Time

__all__ = ["governing_time", "as_event_date"]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_PRECISION = (
    (_DAY, "day"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}-W\d{1,2}"), "week"),
    (re.compile(r"^\d{4}(?:-(?:Q\d|H\d|SP|SU|FA|WI))?$"), "year"),
    (re.compile(r"^\d{3}$"), "decade"),
)
#: prepositions that put the event before or after the time rather than at it.
_RELATIONAL = frozenset({"after", "before", "since", "until", "till", "following", "prior"})
_RELATIVE_KINDS = frozenset(
    {
        "relative_name",
        "relative_day",
        "weekday",
        "relative_unit",
        "offset",
        "clock",
        "part_of_day",
        "reference",
        "season",
    }
)


def governing_time(doc: Doc, clause: Span, head: Token) -> Time | None:
    """The time expression in ``clause`` that dates the event whose trigger is ``head``."""
    ranked = []
    for time in doc._.bc_times:
        inside = clause.start_char <= time.start and time.end <= clause.end_char
        if inside and time.type in ("DATE", "TIME") and time.value:
            rank = _attachment(doc, time, head)
            if rank is not None:
                ranked.append((rank, abs(time.start - head.idx), time.start, time))
    return min(ranked)[3] if ranked else None


def _attachment(doc: Doc, time: Time, head: Token) -> int | None:
    """How closely a time attaches to the event: 0 inside the trigger's own phrase, 1 on
    the verb that governs the trigger, 2 on a verb above that (a report "said on
    Saturday"), 3 on a clause right under that verb; None when it hangs off another
    clause (a relative clause, a conjunct) or only bounds the event ("after reports in
    June")."""
    root = token_at(doc, time.start, time.end)
    if root is None:
        return None
    if not doc.has_annotation("DEP"):
        return 1  # no parse: every time in the clause is a candidate, nearest first
    anchor_verb = governing_verb(head) or head
    token = root
    for _ in range(12):
        if token == head:
            return 0
        if token.lower_ in _RELATIONAL and token.dep_ in ("prep", "mark"):
            return None
        if token != root and token.pos_ in ("VERB", "AUX"):
            break
        if token.head.i == token.i:
            return 1 if token == anchor_verb else None
        token = token.head
    if token == anchor_verb:
        return 1
    if token in anchor_verb.ancestors:
        return 2
    return 3 if _dependent_clause(token, anchor_verb) else None


def _dependent_clause(verb: Token, anchor_verb: Token) -> bool:
    """A purpose or manner clause right under the event's verb ("met him in November to
    caution Russia"), which the parser often hangs the event's own time on; not a clause
    with a conjunction of its own ("although Russia recently launched...")."""
    return (
        verb.dep_ in ("advcl", "xcomp")
        and verb.head == anchor_verb
        and not any(c.dep_ == "mark" for c in verb.children)
    )


def _precision(value: str) -> str:
    for pattern, name in _PRECISION:
        if pattern.match(value):
            return name
    return "unknown"


def as_event_date(time: Time, published: str | None) -> EventDate | None:
    """An event date from a time expression: its value cut to the day, its precision, and
    whether it was written out (explicit) or computed from the publication date."""
    kinds = {c.kind for c in scan(time.text)}
    basis = "relative" if kinds & _RELATIVE_KINDS or not kinds else "explicit"
    if time.value == "PRESENT_REF":
        return EventDate(published, "day", "relative") if published else None
    value = time.value[:10] if _DAY.match(time.value) else time.value
    return EventDate(value=value, precision=_precision(value), basis=basis)
