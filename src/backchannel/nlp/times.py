"""Time expressions: found and normalised to TIMEX3 values against the publication date."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from backchannel.nlp import extensions  # noqa: F401
from backchannel.records import EventDate, Time

__all__ = ["find_times", "event_date"]


def find_times(doc: Doc) -> tuple[Time, ...]:
    """Every time expression in ``doc``, normalised against ``doc._.bc_published``."""
    return ()


def event_date(doc: Doc, clause: Span, trigger: Span | None = None) -> EventDate | None:
    """The date of an event whose clause is ``clause``: the governing time expression,
    else the publication date (``basis="published"``), else None."""
    published = doc._.bc_published
    return EventDate(value=published, precision="day", basis="published") if published else None


@Language.component("backchannel_times", requires=["doc.ents"], assigns=["doc._.bc_times"])
def times_component(doc: Doc) -> Doc:
    doc._.bc_times = find_times(doc)
    return doc
