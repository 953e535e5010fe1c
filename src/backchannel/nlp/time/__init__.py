"""Time expressions: found and normalised to TIMEX3 values against the publication date.

:func:`find_times` runs the time grammar (``grammar``, rules and word lists under
``data/time``) over the Doc's text and resolves each match (``values``) against
``doc._.bc_published``, reading the tense of the governing verb from the parse where the
value depends on it ("on Saturday" in a past-tense report is the Saturday before;
``doc``). :func:`event_date` picks, for one event, the time expression that governs
its trigger (``dating``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from backchannel.nlp import extensions  # noqa: F401
from backchannel.nlp.time.calendar import parse_date
from backchannel.nlp.time.dating import as_event_date, governing_time
from backchannel.nlp.time.doc import tense_at, token_at, windows
from backchannel.nlp.time.grammar import Candidate, scan
from backchannel.nlp.time.values import Context, focus_quarter, resolve
from backchannel.records import EventDate, Time

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


def event_date(doc: Doc, clause: Span, trigger: Span | None = None) -> EventDate | None:
    """The date of an event whose clause is ``clause``: the governing time expression,
    else the publication date (``basis="published"``), else None."""
    head = trigger.root if trigger is not None else clause.root
    best = governing_time(doc, clause, head)
    if best is not None:
        dated = as_event_date(best, doc._.bc_published)
        if dated is not None:
            return dated
    published = doc._.bc_published
    return EventDate(value=published, precision="day", basis="published") if published else None


@Language.component(
    "backchannel_times", requires=["token.dep", "token.tag"], assigns=["doc._.bc_times"]
)
def times_component(doc: Doc) -> Doc:
    """Write the article's time expressions to ``doc._.bc_times``."""
    doc._.bc_times = find_times(doc)
    return doc
