"""Time expressions: found and normalised to TIMEX3 values against the publication date."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from backchannel.nlp import extensions  # noqa: F401
from backchannel.records import Time

__all__ = ["find_times"]


def find_times(doc: Doc) -> tuple[Time, ...]:
    """Every time expression in ``doc``, normalised against ``doc._.bc_published``."""
    return ()


@Language.component("backchannel_times", requires=["doc.ents"], assigns=["doc._.bc_times"])
def times_component(doc: Doc) -> Doc:
    doc._.bc_times = find_times(doc)
    return doc
