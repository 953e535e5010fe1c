"""Sentence limit: no run of tokens without a sentence end grows past a set length.

A 20,000-word "sentence" (a scraped table, a list with no full stop, a machine-made page)
costs the parser and the statement finder time and memory far beyond its worth. This
component runs before the parser and, reading only token text, starts a new sentence at
every ``max_sentence_tokens``-th token since the last sentence end ("." "!" "?" or a
newline). The parser keeps sentence starts set before it, so neither it nor any later
component sees a longer stretch; text with ordinary sentences is left untouched.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from backchannel.limits import Limits

__all__ = ["forced_starts", "NAME"]

#: the component's name in the pipeline.
NAME = "backchannel_sentence_limit"
#: characters a sentence-ending token is made of ("." "?!" "...").
_END_MARKS = frozenset(".!?")


def forced_starts(words: Iterable[str], limit: int) -> list[int]:
    """The indexes of the tokens that must start a sentence so that at most ``limit``
    tokens follow one another without a sentence end."""
    starts, run = [], 0
    for i, word in enumerate(words):
        if _ends_sentence(word):
            run = 0
        elif run == limit:
            starts.append(i)
            run = 1
        else:
            run += 1
    return starts


def _ends_sentence(word: str) -> bool:
    return "\n" in word or (bool(word) and set(word) <= _END_MARKS)


@Language.factory(
    NAME,
    default_config={"max_sentence_tokens": Limits().max_sentence_tokens},
    assigns=["token.is_sent_start"],
)
def make_sentence_limit(nlp: Language, name: str, max_sentence_tokens: int):
    """The sentence limit component; runs before the parser (:func:`~backchannel.nlp.load`
    puts it there)."""

    def sentence_limit(doc: Doc) -> Doc:
        for i in forced_starts((t.text for t in doc), max_sentence_tokens):
            doc[i].is_sent_start = True
        return doc

    return sentence_limit
