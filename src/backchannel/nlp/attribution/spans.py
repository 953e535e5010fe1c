"""The span types every attribution finder shares, and the marks set on them.

:class:`Attribution` holds token ranges for cue and source and character ranges for
content; :class:`CharSpan` is one span a tagger predicts (:data:`ROLES`). The marks: direct
speech (a content inside quotes, widened to the quotes' edges) and nesting (a cue inside
another attribution's content).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from backchannel.nlp.attribution.quotes import Quote, overlapping
from backchannel.vocab import ROLES as ROLES  # re-exported: the roles a CharSpan takes
from backchannel.vocab import Role

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class CharSpan:
    """One predicted span: role, character range [start, end) and mean confidence."""

    role: Role
    start: int
    end: int
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution as spans: token ranges for cue and source, character fragments for
    content (a quote continued after the cue gives several); ``nested`` when its cue lies
    inside another attribution's content; ``implicit`` for a decline with no content, whose
    content is then the decline itself (PolNeAR does not count these)."""

    cue: Range
    source: Range | None
    content: tuple[Range, ...]
    direct: bool = False
    nested: bool = False
    implicit: bool = False  # a decline with no content of its own ("did not comment")


def _token_range(doc: Doc, span) -> Range | None:
    """The tokens under a character span (widened to token edges), or None."""
    tokens = (
        doc.char_span(span.start, span.end, alignment_mode="expand") if span is not None else None
    )
    return (tokens.start, tokens.end) if tokens is not None and len(tokens) else None


def _flag_direct(attribution: Attribution, quotes: tuple[Quote, ...]) -> Attribution:
    if attribution.direct:
        return attribution
    direct = any(overlapping(quotes, *f) for f in attribution.content)
    return replace(attribution, direct=True) if direct else attribution


# --- direct speech -----------------------------------------------------------------------


def _mark_direct(text: str, attribution: Attribution, quotes: tuple[Quote, ...]) -> Attribution:
    """Flag direct speech and widen content fragments to the whole quotes they start or end."""
    direct = any(overlapping(quotes, *f) for f in attribution.content)
    if not direct:
        return attribution
    content = tuple(_to_quote_edges(text, f, quotes) for f in attribution.content)
    return replace(attribution, direct=True, content=content)


def _to_quote_edges(text: str, fragment: Range, quotes: tuple[Quote, ...]) -> Range:
    start, end = fragment
    for index in overlapping(quotes, *fragment):
        quote = quotes[index]
        if quote.start < start and _only_marks(text[quote.start : start]):
            start = quote.start
        if start <= quote.start and end < quote.end and _only_marks(text[end : quote.end], 4):
            end = quote.end
        if start <= quote.start < start + 2 and quote.end > end and quote.closed:
            end = quote.end
        if quote.start < start and end <= quote.end and _only_marks(text[end : quote.end], 4):
            start, end = quote.start, quote.end
    return start, end


def _only_marks(gap: str, limit: int = 2) -> bool:
    return len(gap) <= limit and all(not c.isalnum() for c in gap)


def _mark_nested(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """Flag the attributions whose cue lies inside another one's content. One sweep over
    the contents in order of start, so thousands of statements in one text (a 20,000-word
    run of "the minister said that") cost n log n comparisons, not n²."""
    fragments = sorted((a, b, id(owner)) for owner in found for a, b in owner.content)
    starts = [a for a, _, _ in fragments]
    reach = _reach(fragments)

    def inside_other(attribution: Attribution) -> bool:
        at = doc[attribution.cue[0]].idx
        last = bisect_right(starts, at) - 1
        if last < 0:
            return False
        (end, owner), other_end = reach[last]
        return (end if owner != id(attribution) else other_end) > at

    return [replace(a, nested=inside_other(a)) for a in found]


def _reach(fragments: list[tuple[int, int, int]]) -> list[tuple[tuple[int, int], int]]:
    """For each prefix of ``(start, end, owner)`` fragments sorted by start: the furthest
    end with its owner, and the furthest end of any other owner's fragment (-1: none)."""
    best, other, reach = (-1, -1), -1, []
    for _, end, owner in fragments:
        if end > best[0]:
            other = best[0] if owner != best[1] else other
            best = (end, owner)
        elif owner != best[1]:
            other = max(other, end)
        reach.append((best, other))
    return reach


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] < b[1] and b[0] < a[1]
