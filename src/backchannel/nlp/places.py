"""Places: toponyms resolved to GeoNames entries using the article's context."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from backchannel.nlp import extensions  # noqa: F401
from backchannel.records import Place

__all__ = ["find_places", "event_place"]


def find_places(doc: Doc) -> tuple[Place, ...]:
    """Every toponym in ``doc`` that refers to a place (not a metonymic actor)."""
    return ()


def event_place(doc: Doc, clause: Span, trigger: Span | None = None) -> Place | None:
    """The place of an event whose clause is ``clause`` ("met ... in Ankara"), else None."""
    return None


@Language.component(
    "backchannel_places", requires=["doc.ents", "doc._.bc_actors"], assigns=["doc._.bc_places"]
)
def places_component(doc: Doc) -> Doc:
    doc._.bc_places = find_places(doc)
    return doc
