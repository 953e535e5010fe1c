"""Statements: quotes and reported speech with speaker, cue, content and stance."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from backchannel.nlp import extensions  # noqa: F401
from backchannel.records import Statement

__all__ = ["find_statements"]


def find_statements(doc: Doc) -> tuple[Statement, ...]:
    """Every direct quote and reported-speech statement in ``doc``."""
    return ()


@Language.component(
    "backchannel_statements",
    requires=["token.dep", "doc._.bc_actors"],
    assigns=["doc._.bc_statements"],
)
def statements_component(doc: Doc) -> Doc:
    doc._.bc_statements = find_statements(doc)
    return doc
