"""Quotations: pair the quote marks of an article into quoted stretches of text.

News text mixes curly and straight quote marks (and the doubled apostrophes of some
newswires), lets a quotation run across sentences and
paragraphs (a paragraph that continues a quote opens a new mark without closing the last
one, so every quote ends with its paragraph), and machine-translated copies scramble marks.
Each mark is read as opening or closing from the characters around it, then marks are paired
left to right; a quote left open at the end of a paragraph (a line) closes there, and one
left open when another opens closes before it. The result feeds the statement finder:
quotes in text order, none overlapping another, so :func:`quote_at` and :func:`overlapping`
find them by bisection.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

__all__ = ["Quote", "find_quotes", "quote_at", "overlapping", "quoted_tokens", "stops_sentence"]

_OPENING = "“„«"
_CLOSING = "”»"
_STRAIGHT = '"'
_MARKS = _OPENING + _CLOSING + _STRAIGHT
_DOUBLED = "''"  # two apostrophes, the straight quote of some newswires
_BACKTICKS = "``"
_LEFT_BOUNDARY = " \t\n([{—–-/"
_MAX_QUOTE_CHARS = 3000


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: ``start`` at its opening mark, ``end`` just after its closing mark.

    ``closed`` is False when the quote ran to the end of its paragraph without a closing mark.
    """

    start: int
    end: int
    closed: bool = True


def find_quotes(text: str) -> tuple[Quote, ...]:
    """Every quotation in ``text``, in order, as pairs of marks (see module docstring)."""
    quotes: list[Quote] = []
    open_at: int | None = None
    index = 0
    while index < len(text):
        char, width = text[index], _mark_width(text, index)
        if char == "\n" and open_at is not None:
            quotes.append(Quote(open_at, _trim_end(text, index), closed=False))
            open_at = None
        if not width:
            index += 1
            continue
        role = _role(text, index, width, open_at is not None)
        if role == "open":
            if open_at is not None:
                quotes.append(Quote(open_at, _trim_end(text, index), closed=False))
            open_at = index
        elif open_at is not None and index - open_at <= _MAX_QUOTE_CHARS:
            quotes.append(Quote(open_at, index + width))
            open_at = None
        index += width
    return tuple(q for q in quotes if q.end - q.start > 2 * width_of(text, q.start))


def quote_at(quotes: tuple[Quote, ...], offset: int) -> Quote | None:
    """The quote of ``quotes`` (as :func:`find_quotes` gives them) holding ``offset``."""
    index = bisect_right(quotes, offset, key=_start) - 1
    return quotes[index] if index >= 0 and offset < quotes[index].end else None


def overlapping(quotes: tuple[Quote, ...], start: int, end: int) -> range:
    """The indexes of the quotes of ``quotes`` (as :func:`find_quotes` gives them) that
    overlap the characters ``start:end``."""
    return range(bisect_right(quotes, start, key=_end), bisect_left(quotes, end, key=_start))


def _start(quote: Quote) -> int:
    return quote.start


def _end(quote: Quote) -> int:
    return quote.end


def quoted_tokens(doc: Doc, quotes: tuple[Quote, ...]) -> set[int]:
    """Indices of the tokens of ``doc`` inside one of ``quotes``."""
    inside: set[int] = set()
    for quote in quotes:
        span = doc.char_span(quote.start, quote.end, alignment_mode="contract")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def width_of(text: str, index: int) -> int:
    """How many characters the quote mark at ``index`` takes (two for ``''`` and ``````)."""
    return _mark_width(text, index) or 1


def _mark_width(text: str, index: int) -> int:
    """0 when no quote mark starts at ``index``; else its width."""
    if text.startswith(_DOUBLED, index) or text.startswith(_BACKTICKS, index):
        return 2
    return 1 if text[index] in _MARKS else 0


def _role(text: str, index: int, width: int, inside: bool) -> str:
    """Whether the mark at ``index`` opens or closes a quote, judged from its neighbours."""
    mark = text[index : index + width]
    before = text[index - 1] if index else " "
    after = text[index + width] if index + width < len(text) else " "
    opens_here = before in _LEFT_BOUNDARY and not after.isspace()
    closes_here = not before.isspace() and (after.isspace() or not after.isalnum())
    if mark == _BACKTICKS or (opens_here and not closes_here):
        return "open"
    if closes_here and not opens_here:
        return "close" if inside else "open" if mark in _OPENING else "stray"
    if mark in _OPENING:
        return "open" if not inside else "close"
    return "close" if inside else "open"


def _trim_end(text: str, index: int) -> int:
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index


def stops_sentence(text: str, i: int) -> bool:
    """``text[i]`` is a full stop, question or exclamation mark ending a sentence: a space,
    a closing quote or the end follows, and it does not end a short capitalised
    abbreviation ("Mr.", "U.S.")."""
    if text[i] not in ".?!" or i == 0 or text[i - 1].isspace():
        return False
    if i + 1 < len(text) and not (text[i + 1].isspace() or text[i + 1] in "”’\"'"):
        return False
    start = i
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:i]
    return not (len(word) <= 3 and word[:1].isupper())
