"""Actors: named entities and knowledge-base patterns resolved to kind, country, sector, role."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from backchannel.nlp import extensions  # noqa: F401  (registers doc._.bc_*)
from backchannel.records import Actor

__all__ = ["find_actors"]


def find_actors(doc: Doc) -> tuple[Actor, ...]:
    """Every actor mention in ``doc``, in text order."""
    return ()


@Language.component("backchannel_actors", requires=["doc.ents"], assigns=["doc._.bc_actors"])
def actors_component(doc: Doc) -> Doc:
    doc._.bc_actors = find_actors(doc)
    return doc
