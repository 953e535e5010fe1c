"""What the time grammar reads from the parsed Doc: where to look and in which tense.

:func:`windows` finds the stretches of an article around the grammar's keywords (token
hashes looked up in one sorted array, no Python loop over all tokens), so the grammar's
expressions run over a fraction of the text. :func:`tense_at` reads the tense of the verb
that governs a time expression, which decides whether "Saturday" is the last one or the
next one.
"""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.attrs import LOWER, SHAPE
from spacy.strings import hash_string
from spacy.tokens import Doc, Token

from backchannel.nlp.time.calendar import Tense
from backchannel.nlp.time.grammar import Window, keyword_classes, shape_classes

__all__ = ["windows", "token_at", "governing_verb", "tense_at", "verb_tense"]

_FUTURE_AUX = frozenset(
    {"will", "'ll", "shall", "wo", "ll", "would", "might", "may", "should", "must", "'d"}
)
_FUTURE_HEADS = frozenset(
    {
        "go",
        "expect",
        "schedule",
        "plan",
        "intend",
        "due",
        "set",
        "hope",
        "be",
        "prepare",
        "want",
        "aim",
        "seek",
        "agree",
        "promise",
        "threaten",
    }
)
_FUTURE_CUES = ("as soon as ", "as early as ")
_PAST_AUX = frozenset({"did", "was", "were", "had", "has", "have"})


_MARGIN = 8  # tokens searched on each side of a keyword


def windows(doc: Doc) -> list[Window]:
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
    return [
        (
            doc[a].idx,
            doc[b - 1].idx + len(doc[b - 1]),
            frozenset(n for k, n in enumerate(names) if c >> k & 1),
        )
        for a, b, c in windows
    ]


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


def token_at(doc: Doc, start: int, end: int) -> Token | None:
    """The head token of the characters ``start:end`` (None if they hold no token)."""
    span = doc.char_span(start, end) or doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def governing_verb(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` in the parse."""
    for _ in range(10):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def tense_at(doc: Doc, text: str, start: int, end: int) -> Tense:
    """past, present or future for the time expression at ``start:end`` of ``text``."""
    before = text[max(0, start - 12) : start].lower()
    if before.endswith(_FUTURE_CUES):
        return "future"
    root = token_at(doc, start, end)
    verb = governing_verb(root) if root is not None else None
    return verb_tense(verb) if verb is not None else "past"


def verb_tense(verb: Token) -> Tense:
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
