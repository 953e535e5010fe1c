"""Time expressions: found and normalised to TIMEX3 values against the publication date.

:func:`find_times` runs the time grammar (``grammar``, rules and word lists under
``data/time``) over the Doc's text and resolves each match (``values``) against
``doc._.bc_published``, reading the tense of the governing verb from the parse where the
value depends on it ("on Saturday" in a past-tense report is the Saturday before;
``doc``). :func:`event_date` picks, for one event, the time expression that governs
its trigger (``dating``), if it lies in a plausible window around the publication date.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from backchannel.limits import Limits
from backchannel.nlp import extensions  # noqa: F401
from backchannel.nlp.time.calendar import parse_date
from backchannel.nlp.time.dating import as_event_date, governing_time, within
from backchannel.nlp.time.doc import governing_verb, tense_at, token_at, verb_tense, windows
from backchannel.nlp.time.grammar import Candidate, scan
from backchannel.nlp.time.values import Context, focus_quarter, resolve
from backchannel.records import EventDate, Time
from backchannel.settings import current

__all__ = ["find_times", "event_date"]

#: grammar kinds whose value depends on the tense of the sentence.
_TENSED = frozenset({"calendar", "relative_name", "weekday", "season", "holiday", "clock"})
#: grammar kinds made of one ordinary word that may be part of a name.
_WORDLIKE = frozenset({"set", "reference"})


def find_times(doc: Doc) -> tuple[Time, ...]:
    """Every time expression in ``doc``, normalised against ``doc._.bc_published``."""
    anchor = parse_date(doc._.bc_published)
    text = doc.text
    candidates = scan(text, windows(doc))
    quarter = focus_quarter(candidates, anchor)
    times = []
    for candidate in candidates:
        if candidate.kind in _WORDLIKE and _in_proper_name(doc, candidate):
            continue
        if candidate.kind == "duration" and _is_rate(doc, candidate):
            continue
        tense = "past"
        if candidate.kind in _TENSED:
            tense = tense_at(doc, text, candidate.start, candidate.end)
        resolved = resolve(candidate, Context(anchor, tense, quarter))
        if resolved is not None:
            times.append(
                Time(candidate.text, candidate.start, candidate.end, resolved.type, resolved.value)
            )
    return tuple(times)


def _in_proper_name(doc: Doc, candidate: Candidate) -> bool:
    """A time word capitalised inside a name ("The Daily Beast", "Now This News")."""
    root = token_at(doc, candidate.start, candidate.end)
    return (
        root is not None
        and root.pos_ == "PROPN"
        and candidate.text[:1].isupper()
        and not root.is_sent_start
    )


def _is_rate(doc: Doc, candidate: Candidate) -> bool:
    """ "a day" in "24 hours a day", "358,000 a month": a rate, not a duration."""
    if not candidate.text.lower().startswith(("a ", "an ")):
        return False
    span = doc.char_span(candidate.start, candidate.end)
    if span is None or span.start == 0:
        return False
    return doc[span.start - 1].pos_ in ("NOUN", "NUM", "PROPN")


def event_date(
    doc: Doc, clause: Span, trigger: Span | None = None, *, limits: Limits | None = None
) -> EventDate | None:
    """The date of an event whose clause is ``clause``: the governing time expression,
    else the publication date (``basis="published"``), else None.

    A governing time outside the window around the publication date (``limits.event_window``,
    default :func:`backchannel.settings.current`'s) is set aside: the publication date stands
    in, with the time's value kept as ``rejected``."""
    head = trigger.root if trigger is not None else clause.root
    best = governing_time(doc, clause, head)
    published = doc._.bc_published
    rejected = None
    if best is not None:
        dated = as_event_date(best, published)
        if dated is not None and _plausible(doc, best, head, dated, limits):
            return dated
        rejected = dated.value if dated is not None else None
    if not published:
        return None
    return EventDate(value=published, precision="day", basis="published", rejected=rejected)


def _plausible(doc: Doc, time: Time, head: Token, dated: EventDate, limits: Limits | None) -> bool:
    """Whether ``dated`` lies in the window around the publication date (always, when the
    article has no publication date); the window reaches further ahead for an event told
    in the future tense ("will meet next month")."""
    anchor = parse_date(doc._.bc_published)
    if anchor is None:
        return True
    limits = limits if limits is not None else current().limits
    if within(dated.value, limits.event_window_around(anchor)):
        return True
    return _future(doc, time, head) and within(
        dated.value, limits.event_window_around(anchor, future=True)
    )


def _future(doc: Doc, time: Time, head: Token) -> bool:
    """Whether the event, or the time expression that dates it, is told in the future."""
    if tense_at(doc, doc.text, time.start, time.end) == "future":
        return True
    verb = governing_verb(head)
    return verb is not None and verb_tense(verb) == "future"


@Language.component(
    "backchannel_times", requires=["token.dep", "token.tag"], assigns=["doc._.bc_times"]
)
def times_component(doc: Doc) -> Doc:
    """Write the article's time expressions to ``doc._.bc_times``."""
    doc._.bc_times = find_times(doc)
    return doc
