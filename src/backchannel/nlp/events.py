"""Events: PLOVER/CAMEO coding of interactions, with actors, modality, date and place."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from backchannel.nlp import extensions  # noqa: F401
from backchannel.records import Event

__all__ = ["find_events"]


def find_events(doc: Doc) -> tuple[Event, ...]:
    """Every coded event in ``doc``."""
    return ()


@Language.component(
    "backchannel_events",
    requires=[
        "token.dep",
        "doc._.bc_actors",
        "doc._.bc_times",
        "doc._.bc_places",
        "doc._.bc_statements",
    ],
    assigns=["doc._.bc_events"],
)
def events_component(doc: Doc) -> Doc:
    doc._.bc_events = find_events(doc)
    return doc
