"""Quotations: pair the quote marks of an article into quoted stretches of text.

News text mixes curly and straight quote marks, lets a quotation run across sentences and
paragraphs (a paragraph that continues a quote opens a new mark without closing the last
one, so every quote ends with its paragraph), and machine-translated copies scramble marks.
Each mark is read as opening or closing from the characters around it, then marks are paired
left to right; a quote left open at the end of a paragraph (a line) closes there, and one
left open when another opens closes before it. The result feeds the statement finder.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Quote", "find_quotes"]

_OPENING = "“„«"
_CLOSING = "”»"
_STRAIGHT = '"'
_MARKS = _OPENING + _CLOSING + _STRAIGHT
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

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the quoted words without the marks."""
        return self.start + 1, (self.end - 1 if self.closed else self.end)


def find_quotes(text: str) -> tuple[Quote, ...]:
    """Every quotation in ``text``, in order, as pairs of marks (see module docstring)."""
    quotes: list[Quote] = []
    open_at: int | None = None
    for index, char in enumerate(text):
        if char == "\n" and open_at is not None:
            quotes.append(Quote(open_at, _trim_end(text, index), closed=False))
            open_at = None
        if char not in _MARKS:
            continue
        role = _role(text, index, open_at is not None)
        if role == "open":
            if open_at is not None:
                quotes.append(Quote(open_at, _trim_end(text, index), closed=False))
            open_at = index
        elif open_at is not None and index - open_at <= _MAX_QUOTE_CHARS:
            quotes.append(Quote(open_at, index + 1))
            open_at = None
    return tuple(q for q in quotes if q.end - q.start > 2)


def _role(text: str, index: int, inside: bool) -> str:
    """Whether the mark at ``index`` opens or closes a quote, judged from its neighbours."""
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    opens_here = before in _LEFT_BOUNDARY and not after.isspace()
    closes_here = not before.isspace() and (after.isspace() or not after.isalnum())
    if opens_here and not closes_here:
        return "open"
    if closes_here and not opens_here:
        return "close" if inside else "open" if text[index] in _OPENING else "stray"
    if text[index] in _OPENING:
        return "open" if not inside else "close"
    return "close" if inside else "open"


def _trim_end(text: str, index: int) -> int:
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index
