"""Attributions beyond one cue's clause, added after the clause rules (:mod:`.rules`).

Credit lines ("“…” ― Esther Tapia"), declines with no content ("did not respond to a
request for comment"), and quoted paragraphs with no cue of their own, which continue the
direct quote before them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from backchannel.nlp.attribution.clause import _source
from backchannel.nlp.attribution.quotes import Quote, overlapping, quote_at, stops_sentence
from backchannel.nlp.attribution.spans import Attribution, Range, _overlaps
from backchannel.nlp.attribution.stance import stance_lexicon

# --- credit lines ---------------------------------------------------------------------

_CREDIT_DASHES = ("―", "—", "–", "--")


def _credits(
    doc: Doc, text: str, quotes: tuple[Quote, ...], found: list[Attribution]
) -> list[Attribution]:
    """ "“…” ― Esther Tapia": a quote credited, after a dash, to the name that ends its line."""
    credits, holders = [], _holders(found, quotes)
    for quote in quotes:
        credit = _credit(text, quote.end)
        if credit is None or _claimed(doc, quote, holders.get((quote.start, quote.end), ())):
            continue
        dash, name = (doc.char_span(*c, alignment_mode="expand") for c in credit)
        if dash is not None and name is not None:
            credits.append(
                Attribution(
                    (dash.start, dash.end),
                    (name.start, name.end),
                    ((quote.start, quote.end),),
                    direct=True,
                )
            )
    return credits


def _credit(text: str, at: int) -> tuple[Range, Range] | None:
    """The dash and the name of a credit line starting at ``at``, if one does."""
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[at:line_end]
    stripped = rest.lstrip(" \xa0")
    dash = next((d for d in _CREDIT_DASHES if stripped.startswith(d)), None)
    if dash is None or len(rest) - len(stripped) > 1:
        return None
    dash_start = at + len(rest) - len(stripped)
    name = stripped[len(dash) :].strip(" \xa0").rstrip(".").rstrip()
    words = name.split()
    if not 1 <= len(words) <= 6 or not all(w[:1].isupper() for w in words):
        return None
    name_start = text.index(name, dash_start + len(dash))
    return (dash_start, dash_start + len(dash)), (name_start, name_start + len(name))


# --- declines without content ---------------------------------------------------------


def _declines(doc: Doc, text: str, found: list[Attribution]) -> list[Attribution]:
    """ "did not immediately comment", "did not respond to a request for comment"."""
    pattern = stance_lexicon().decline_phrases
    taken = {i for a in found for i in range(*a.cue)}
    declines = []
    for match in pattern.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or taken & set(range(span.start, span.end)):
            continue
        end = _request_end(span)
        content = (span.start_char, doc[end - 1].idx + len(doc[end - 1]))
        declines.append(
            Attribution((span.start, end), _source(span.root), (content,), implicit=True)
        )
    return declines


def _request_end(span: SpacySpan) -> int:
    """Extend "did not respond" over "to a request for comment" when it follows."""
    doc = span.doc
    tail = doc[span.end : span.end + 6].text.lower()
    if tail.startswith(("to a request for comment", "to requests for comment")):
        return span.end + (5 if tail.startswith("to a") else 4)
    return span.end


# --- continued quotes -------------------------------------------------------------------


def _continue_quotes(
    doc: Doc, text: str, found: list[Attribution], quotes: tuple[Quote, ...]
) -> list[Attribution]:
    """Give a quoted sentence with no cue of its own to the direct quote just before it, and
    so the second half of "“A,” she said, “B.”"."""
    holders = _holders(found, quotes)
    result = [_with_lead_quote(doc, text, a, quotes, holders) for a in found]
    holders = _holders(result, quotes)
    leads = [
        i for i, a in enumerate(result) if a.direct and quote_at(quotes, doc[a.cue[0]].idx) is None
    ]
    for quote in quotes:
        if _claimed(doc, quote, holders.get((quote.start, quote.end), ())):
            continue
        index = _previous_direct(result, leads, quote.start)
        if index is None:
            continue
        resumes = _opens_sentence(doc, quote) or _resumes(doc, text, result[index], quote)
        if resumes and _near(text, result[index], quote):
            extended = result[index].content + ((quote.start, quote.end),)
            result[index] = replace(result[index], content=extended)
    return result


def _holders(found: list[Attribution], quotes: tuple[Quote, ...]) -> dict[Range, list[Attribution]]:
    """A quote's (start, end) → the attributions with a content fragment overlapping it:
    the only ones that can claim it. (Continuing a direct quote adds that quote alone to
    its content, which overlaps no other quote, so the map stays good while quotes are
    taken in order.)"""
    holders: dict[Range, list[Attribution]] = {}
    for attribution in found:
        for fragment in attribution.content:
            for index in overlapping(quotes, *fragment):
                holders.setdefault((quotes[index].start, quotes[index].end), []).append(attribution)
    return holders


def _with_lead_quote(
    doc: Doc,
    text: str,
    attribution: Attribution,
    quotes: tuple[Quote, ...],
    holders: dict[Range, list[Attribution]],
) -> Attribution:
    """ "“A,” Scott said, “B.”": the quote just before source and cue opens the content
    that follows them (one space before them: the quote holding the character before it)."""
    if not attribution.direct or not attribution.content:
        return attribution
    spans = [attribution.cue] + ([attribution.source] if attribution.source else [])
    first = min(doc[start].idx for start, _ in spans)
    if attribution.content[0][0] < first:
        return attribution
    quote = quote_at(quotes, first - 2) if first >= 2 else None
    if quote is None or not (quote.closed and quote.end <= first and _leads(text, quote, first)):
        return attribution
    if _claimed(doc, quote, holders.get((quote.start, quote.end), ())):
        return attribution
    return replace(attribution, content=((quote.start, quote.end),) + attribution.content)


def _leads(text: str, quote: Quote, first: int) -> bool:
    """The quote ends in a comma, only a space parts it from what follows, and it is not a
    title ("“Fox News Sunday,” he said")."""
    words = [
        w for w in text[quote.start : quote.end].split() if w[-1:].isalpha() or w[-2:-1].isalpha()
    ]
    title = len(words) > 1 and all(w.strip("\"“”'‘’,")[:1].isupper() for w in words)
    return text[quote.end : first] == " " and "," in text[quote.end - 3 : quote.end] and not title


def _resumes(doc: Doc, text: str, attribution: Attribution, quote: Quote) -> bool:
    """The quote picks up right after the attribution's cue and source, past a comma."""
    ends = [doc[attribution.cue[1] - 1]]
    if attribution.source is not None:
        ends.append(doc[attribution.source[1] - 1])
    after = max(t.idx + len(t) for t in ends)
    gap = text[after : quote.start]
    return "," in gap and len(gap) <= 3 and not any(c.isalnum() for c in gap)


def _claimed(doc: Doc, quote: Quote, found: Iterable[Attribution]) -> bool:
    """Some attribution with its cue outside the quote already holds (part of) it, or
    holds all of it (a credit line whose dash the tokenizer glued to the closing mark)."""
    whole = (quote.start, quote.end)
    return any(
        whole in a.content
        or not quote.start <= doc[a.cue[0]].idx < quote.end
        and any(_overlaps(whole, f) for f in a.content)
        for a in found
    )


def _opens_sentence(doc: Doc, quote: Quote) -> bool:
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or len(span) < 4:
        return False
    return span[0].is_sent_start or span[0].i == span.sent.start or _after_stop(span[0])


def _after_stop(token: Token) -> bool:
    return token.i > 0 and token.nbor(-1).text in (".", "?", "!", "\n", "\n\n")


def _previous_direct(found: list[Attribution], leads: list[int], offset: int) -> int | None:
    """The last direct attribution before ``offset`` whose cue is not itself quoted
    (``leads``: the indexes of the direct attributions whose cue is not quoted)."""
    return next((i for i in reversed(leads) if found[i].content[-1][1] <= offset), None)


def _near(text: str, attribution: Attribution, quote: Quote) -> bool:
    """The quote opens within 400 characters of the attribution's last content, with at
    most one sentence end between ("Mr." or "D-N.C." do not end one)."""
    end = attribution.content[-1][1]
    return (
        quote.start - end < 400
        and sum(stops_sentence(text, i) for i in range(end, quote.start)) <= 1
    )
