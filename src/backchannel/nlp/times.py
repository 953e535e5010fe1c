"""Time expressions: found and normalised to TIMEX3 values against the publication date.

:func:`find_times` runs the time grammar (``timex_grammar``, rules and word lists under
``data/time``) over the Doc's text and resolves each match (``timex_values``) against
``doc._.bc_published``, reading the tense of the governing verb from the parse where the
value depends on it ("on Saturday" in a past-tense report is the Saturday before).
:func:`event_date` picks, for one event, the time expression that governs its trigger.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import LOWER, SHAPE
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from backchannel.nlp import extensions  # noqa: F401
from backchannel.nlp.timex_calendar import Tense, parse_date
from backchannel.nlp.timex_grammar import Candidate, Window, keyword_classes, scan, shape_classes
from backchannel.nlp.timex_values import Context, focus_quarter, resolve
from backchannel.records import EventDate, Time

__all__ = ["find_times", "event_date"]

#: grammar kinds whose value depends on the tense of the sentence.
_TENSED = frozenset({"calendar", "relative_name", "weekday", "season", "holiday", "clock"})
#: grammar kinds made of one ordinary word that may be part of a name.
_WORDLIKE = frozenset({"set", "reference"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "ll", "would", "might", "may", "should",
                         "must", "'d"})
_FUTURE_HEADS = frozenset({"go", "expect", "schedule", "plan", "intend", "due", "set", "hope", "be",
                           "prepare", "want", "aim", "seek", "agree", "promise", "threaten"})
_FUTURE_CUES = ("as soon as ", "as early as ")
_PAST_AUX = frozenset({"did", "was", "were", "had", "has", "have"})


def find_times(doc: Doc) -> tuple[Time, ...]:
    """Every time expression in ``doc``, normalised against ``doc._.bc_published``."""
    anchor = parse_date(doc._.bc_published)
    text = doc.text
    candidates = scan(text, _windows(doc))
    quarter = focus_quarter(candidates, anchor)
    times = []
    for candidate in candidates:
        if candidate.kind in _WORDLIKE and _in_proper_name(doc, candidate):
            continue
        if candidate.kind == "duration" and _is_rate(doc, candidate):
            continue
        tense = _tense(doc, text, candidate) if candidate.kind in _TENSED else "past"
        resolved = resolve(candidate, Context(anchor, tense, quarter))
        if resolved is not None:
            times.append(Time(candidate.text, candidate.start, candidate.end, resolved.type,
                              resolved.value))
    return tuple(times)


_MARGIN = 8  # tokens searched on each side of a keyword


def _windows(doc: Doc) -> list[Window]:
    """Character ranges around the time grammar's keywords, each with the keyword
    classes found in it, so that only the rules those keywords can start are tried."""
    if not len(doc):
        return []
    names, tables = _keyword_tables()
    values = doc.to_array([LOWER, SHAPE]).T
    bits = numpy.zeros(len(doc), dtype=numpy.uint64)
    for column, (keys, flags) in zip(values, tables):
        at = numpy.minimum(numpy.searchsorted(keys, column), len(keys) - 1)
        bits |= numpy.where(keys[at] == column, flags[at], 0).astype(numpy.uint64)
    windows: list[list] = []
    for i in numpy.flatnonzero(bits).tolist():
        start, end = max(0, i - _MARGIN), min(len(doc), i + _MARGIN + 1)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
            windows[-1][2] |= int(bits[i])
        else:
            windows.append([start, end, int(bits[i])])
    return [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]),
             frozenset(n for k, n in enumerate(names) if c >> k & 1)) for a, b, c in windows]


@lru_cache(maxsize=1)
def _keyword_tables() -> tuple[tuple[str, ...], list[tuple[numpy.ndarray, numpy.ndarray]]]:
    """The keyword classes, and for token LOWER and SHAPE hashes a sorted key array with
    the bit set of the classes each key belongs to."""
    words, shapes = keyword_classes(), shape_classes()
    names = tuple(sorted({*words, *shapes}))
    tables = []
    for table in (words, shapes):
        flags: dict[int, int] = {}
        for name, members in table.items():
            for member in members:
                key = hash_string(member)
                flags[key] = flags.get(key, 0) | 1 << names.index(name)
        keys = numpy.array(sorted(flags), dtype=numpy.uint64)
        tables.append((keys, numpy.array([flags[int(k)] for k in keys], dtype=numpy.uint64)))
    return names, tables


def _in_proper_name(doc: Doc, candidate: Candidate) -> bool:
    """A time word capitalised inside a name ("The Daily Beast", "Now This News")."""
    root = _root(doc, candidate.start, candidate.end)
    return (root is not None and root.pos_ == "PROPN" and candidate.text[:1].isupper()
            and not root.is_sent_start)


def _is_rate(doc: Doc, candidate: Candidate) -> bool:
    """"a day" in "24 hours a day", "358,000 a month": a rate, not a duration."""
    if not candidate.text.lower().startswith(("a ", "an ")):
        return False
    span = doc.char_span(candidate.start, candidate.end)
    if span is None or span.start == 0:
        return False
    return doc[span.start - 1].pos_ in ("NOUN", "NUM", "PROPN")


def _root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end) or doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` in the parse."""
    for _ in range(10):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _tense(doc: Doc, text: str, candidate: Candidate) -> Tense:
    before = text[max(0, candidate.start - 12):candidate.start].lower()
    if before.endswith(_FUTURE_CUES):
        return "future"
    root = _root(doc, candidate.start, candidate.end)
    verb = _governing_verb(root) if root is not None else None
    return _verb_tense(verb) if verb is not None else "past"


def _verb_tense(verb: Token) -> Tense:
    """past, present or future from a verb, its auxiliaries and the verb it completes."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return "future"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in _FUTURE_HEADS:
        return "future"
    if verb.lemma_ in _FUTURE_HEADS and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"
    if verb.lemma_ in _FUTURE_HEADS and auxes & {"is", "are", "be"}:
        return "future"
    if verb.tag_ == "VBD" or auxes & _PAST_AUX:
        return "past"
    if verb.tag_ == "VBG" and auxes & {"is", "are", "am", "'s", "'re"}:
        return "future"
    return "present" if verb.tag_ in ("VBZ", "VBP", "VB") else "past"


# -- event dating ---------------------------------------------------------------------

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
_RELATIVE_KINDS = frozenset({"relative_name", "relative_day", "weekday", "relative_unit",
                             "offset", "clock", "part_of_day", "reference", "season"})


def event_date(doc: Doc, clause: Span, trigger: Span | None = None) -> EventDate | None:
    """The date of an event whose clause is ``clause``: the governing time expression,
    else the publication date (``basis="published"``), else None."""
    head = trigger.root if trigger is not None else clause.root
    best = _governing_time(doc, clause, head)
    if best is not None:
        dated = _as_event_date(best, doc._.bc_published)
        if dated is not None:
            return dated
    published = doc._.bc_published
    return EventDate(value=published, precision="day", basis="published") if published else None


def _governing_time(doc: Doc, clause: Span, head: Token) -> Time | None:
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
    root = _root(doc, time.start, time.end)
    if root is None:
        return None
    if not doc.has_annotation("DEP"):
        return 1  # no parse: every time in the clause is a candidate, nearest first
    anchor_verb = _governing_verb(head) or head
    token = root
    for _ in range(12):
        if token == head:
            return 0
        if token.lower_ in _RELATIONAL and token.dep_ in ("prep", "mark"):
            return None
        if token != root and token.pos_ in ("VERB", "AUX"):
            break
        if token.head is token:
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
    return (verb.dep_ in ("advcl", "xcomp") and verb.head == anchor_verb
            and not any(c.dep_ == "mark" for c in verb.children))


def _precision(value: str) -> str:
    for pattern, name in _PRECISION:
        if pattern.match(value):
            return name
    return "unknown"


def _as_event_date(time: Time, published: str | None) -> EventDate | None:
    kinds = {c.kind for c in scan(time.text)}
    basis = "relative" if kinds & _RELATIVE_KINDS or not kinds else "explicit"
    if time.value == "PRESENT_REF":
        return EventDate(published, "day", "relative") if published else None
    value = time.value[:10] if _DAY.match(time.value) else time.value
    return EventDate(value=value, precision=_precision(value), basis=basis)


@Language.component(
    "backchannel_times", requires=["token.dep", "token.tag"], assigns=["doc._.bc_times"]
)
def times_component(doc: Doc) -> Doc:
    """Write the article's time expressions to ``doc._.bc_times``."""
    doc._.bc_times = find_times(doc)
    return doc
