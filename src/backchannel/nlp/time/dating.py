"""Event dating: which of an article's time expressions dates a given event.

A time dates an event when the parse attaches it to the event's trigger, to the verb that
governs the trigger, to a reporting verb above it ("said on Saturday") or to a purpose
clause right under it; not when it sits in a relative clause, a conjunct or a clause with
its own conjunction, nor when a preposition only bounds the event ("after reports in
June"). The closest attachment wins, then the nearest in the text.

A time that dates an event must also lie in a plausible window around the publication date
(:meth:`~backchannel.limits.Limits.event_window_around`, wider ahead for an event told in the
future tense): :func:`within` says whether the period a TIMEX3 value names (:func:`period`)
overlaps it. A bond "due March 2002" in a 1987 report, or a clock time "1630" read as a
year, does not date its event.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from backchannel.nlp.time.doc import governing_verb, token_at
from backchannel.nlp.time.grammar import scan
from backchannel.records import EventDate, Time

__all__ = ["governing_time", "as_event_date", "period", "within"]

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


_YEARS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})")


def period(value: str) -> tuple[date, date] | None:
    """The first and last day of the period a TIMEX3 value names (a day, an ISO week, a
    month, a year or a part of it, a decade, a century), or None when it names none
    ("PAST_REF", "XXXX-WXX-6", "P3D")."""
    try:
        week = _WEEK.match(value)
        if week:
            first = date.fromisocalendar(int(week[1]), int(week[2]), 1)
            return first, first + timedelta(days=6)
        found = _YEARS.match(value)
        if found and found[3]:
            day = date(int(found[1]), int(found[2]), int(found[3]))
            return day, day
        if found and found[2]:
            first = date(int(found[1]), int(found[2]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        if found:
            return date(int(found[1]), 1, 1), date(int(found[1]), 12, 31)
        if re.fullmatch(r"\d{3}", value):
            return date(int(value) * 10 or 1, 1, 1), date(int(value) * 10 + 9, 12, 31)
        if re.fullmatch(r"\d{2}", value):
            return date(int(value) * 100 or 1, 1, 1), date(int(value) * 100 + 99, 12, 31)
    except ValueError:
        return None
    return None


def within(value: str, window: tuple[date, date]) -> bool:
    """Whether the period ``value`` names overlaps ``window`` (first and last day); a value
    that names no period is not judged (True)."""
    named = period(value)
    return named is None or (named[0] <= window[1] and window[0] <= named[1])
