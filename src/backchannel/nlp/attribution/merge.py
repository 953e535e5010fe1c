"""The taggers' spans merged into the rules' attributions.

The rules' spans are what the MiniLM tagger reads (:func:`rule_spans`); its predicted spans
come back as attributions here, contents drawn as the rules draw them, the rules'
contentless declines and credit lines kept. :func:`_lexicon_cue` names the cues the CRF
merge keeps whatever the tagger says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from backchannel.nlp.attribution.finish import _finished, _function_word, _tidy, _trimmed
from backchannel.nlp.attribution.minilm import link
from backchannel.nlp.attribution.minilm import model as neural_model
from backchannel.nlp.attribution.quotes import Quote, overlapping
from backchannel.nlp.attribution.rules import (
    CUE_THRESHOLD,
    _continue_quotes,
    _credits,
    _rule_attributions,
    parse_attributions,
)
from backchannel.nlp.attribution.spans import (
    Attribution,
    CharSpan,
    Range,
    _flag_direct,
    _overlaps,
    _token_range,
)
from backchannel.nlp.attribution.stance import stance_lexicon

#: mean tag probability a content span needs to stand alone, with the cue the tagger links it to,
#: when no attribution the parse drew holds it (0.7 is best of 0.4–0.9 on PolNeAR dev)
STRAY_SCORE = 0.7


def _model_attributions(doc: Doc, text: str, quotes: tuple[Quote, ...]) -> tuple[Attribution, ...]:
    """The MiniLM tagger, reading the text and the rules' spans, decides which
    words are cues and where cues and sources begin and end; the rules then draw each cue's
    content from the parse, each fragment then redrawn as the tagger's content span over it.
    A tagged cue the parse gives no content keeps the tagger's own linked content, if any;
    declines ("did not respond to a request for comment") and credit lines ("“…” ― Name")
    stay the rules'."""
    spans = neural_model().predict(text, rule_spans(doc, quotes))
    linked = {(c.start, c.end): (source, contents) for c, source, contents in link(text, spans)}
    credited = {i for a in _credits(doc, text, quotes, []) for i in range(a.cue[0], a.source[1])}
    cues = _tagged_cues(doc, spans, _decline_tokens(doc, text) | credited)
    contents = [s for s in spans if s.role == "content"]
    probabilities = [1.0 if token.i in cues else 0.0 for token in doc]
    merged, used = [], set()
    for attribution in _rule_attributions(doc, CUE_THRESHOLD, text, quotes, probabilities):
        root = next((i for i in cues if attribution.cue[0] <= i < attribution.cue[1]), None)
        if root is None or attribution.implicit:
            merged.append(attribution)
            continue
        used.add(root)
        source, own = linked.get((cues[root].start, cues[root].end), (None, ()))
        attribution = _with_tagged_source(doc, attribution, _token_range(doc, source))
        if attribution is not None:
            attribution = _with_tagged_content(text, attribution, contents, own, quotes)
        if attribution is not None:
            merged.append(replace(attribution, cue=_token_range(doc, cues[root])))
    unused = {root: cue for root, cue in cues.items() if root not in used}
    merged += _tagger_only(doc, text, unused, linked, quotes)
    merged += _stray_contents(doc, text, linked, contents, merged)
    merged = _continue_quotes(doc, text, sorted(merged, key=lambda a: a.cue), quotes)
    return _finished(doc, text, merged, quotes)


def _tagged_cues(doc: Doc, spans: list, declined: set[int]) -> dict:
    """Root token → character span of each tagged cue outside the decline phrases."""
    cues = {}
    for cue in (s for s in spans if s.role == "cue"):
        token_range = _token_range(doc, cue)
        root = doc[token_range[0] : token_range[1]].root.i if token_range else None
        if root is not None and root not in declined:
            cues[root] = cue
    return cues


def _tagger_only(
    doc: Doc, text: str, cues: dict, linked: dict, quotes: tuple[Quote, ...]
) -> list[Attribution]:
    """Attributions for tagged cues the parse gives no content: the tagger's own links."""
    found = []
    for cue in cues.values():
        if (cue.start, cue.end) in linked:
            source, contents = linked[(cue.start, cue.end)]
            fragments = tuple(_tidy(text, c.start, c.end) for c in contents)
            found.append(Attribution(_token_range(doc, cue), _token_range(doc, source), fragments))
    return [_flag_direct(a, quotes) for a in found]


def _stray_contents(
    doc: Doc, text: str, linked: dict, contents: list, found: list[Attribution]
) -> list[Attribution]:
    """Confidently tagged contents no attribution holds, each with the cue it is linked to."""
    held = [f for a in found for f in a.content]
    owner = {(c.start, c.end): (cue, source) for cue, (source, cs) in linked.items() for c in cs}
    strays = []
    for content in contents:
        span = (content.start, content.end)
        if (
            content.score < STRAY_SCORE
            or span not in owner
            or any(_overlaps(span, f) for f in held)
        ):
            continue
        (cue_start, cue_end), source = owner[span]
        cue = doc.char_span(cue_start, cue_end, alignment_mode="expand")
        if cue is not None:
            strays.append(
                Attribution((cue.start, cue.end), _token_range(doc, source), (_tidy(text, *span),))
            )
    return strays


def _decline_tokens(doc: Doc, text: str) -> set[int]:
    """Tokens of "did not respond to a request for comment" and the like: the rules' declines."""
    tokens = set()
    for match in stance_lexicon().decline_phrases.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        tokens.update(range(span.start, span.end) if span is not None else ())
    return tokens


def _with_tagged_source(
    doc: Doc, attribution: Attribution, source: Range | None
) -> Attribution | None:
    """The rules' attribution with the tagger's source; a source the parse put inside the
    content ("what President Trump has said") is cut out of it, and an attribution left
    with a content of one function word is dropped."""
    if source is None:
        return attribution
    first, last = doc[source[0]].idx, doc[source[1] - 1].idx + len(doc[source[1] - 1])
    fragments = []
    for start, end in attribution.content:
        pieces = (
            [(start, min(end, first)), (max(start, last), end)]
            if start < last and first < end
            else [(start, end)]
        )
        fragments.extend(_trimmed(doc, a, b) for a, b in pieces if a < b)
    fragments = [f for f in fragments if f is not None]
    if not fragments or all(_function_word(doc, f) for f in fragments):
        return None
    return replace(attribution, source=source, content=tuple(fragments))


def _with_tagged_content(
    text: str, attribution: Attribution, contents: list, own: tuple, quotes: tuple[Quote, ...]
) -> Attribution | None:
    """Each content fragment the rules drew, redrawn as the tagged content span that
    overlaps it most: the parse says which clause is the content, the tagger where
    PolNeAR's annotators put its edges (on dev it is right about twice as often as the
    rules when the two disagree), unless that would leave out a quote the rules' fragment
    holds. Where the tagger marks no content over the rules' at all,
    the contents it links to the cue (``own``) replace them, and without those the
    attribution is dropped."""
    if not any(_overlaps((c.start, c.end), f) for c in contents for f in attribution.content):
        if not own:
            return None
        return replace(attribution, content=tuple(_tidy(text, c.start, c.end) for c in own))
    fragments = []
    for start, end in attribution.content:
        pool = _quote_joined(text, [c for c in contents if c.start < end and start < c.end])
        best = max(pool, key=lambda c: min(c[1], end) - max(c[0], start), default=None)
        if best is not None and not _drops_quote(quotes, (start, end), best):
            fragments.append(_tidy(text, *best))
        else:
            fragments.append((start, end))
    return replace(attribution, content=tuple(sorted(set(fragments))))


def _quote_joined(text: str, spans: list) -> list[Range]:
    """Tagged spans with each one that runs into a quote ("was clear: “…”") joined to it."""
    joined: list[Range] = []
    for span in spans:
        if (
            joined
            and text[joined[-1][1] : span.start].strip(" :\n") == ""
            and text[span.start] in '"“'
        ):
            joined[-1] = (joined[-1][0], span.end)
        else:
            joined.append((span.start, span.end))
    return joined


def _drops_quote(quotes: tuple[Quote, ...], fragment: Range, tagged: Range) -> bool:
    """The tagged span leaves out a whole quote the rules' fragment holds."""
    return any(
        fragment[0] <= q.start and q.end <= fragment[1] and not _overlaps((q.start, q.end), tagged)
        for q in (quotes[i] for i in overlapping(quotes, *fragment))
    )


def rule_spans(doc: Doc, quotes: tuple[Quote, ...] | None = None) -> list:
    """The rule finder's outermost spans as the MiniLM tagger reads them (its input)."""
    return _rule_spans(doc, parse_attributions(doc, quotes))


def _rule_spans(doc: Doc, found: Iterable[Attribution]) -> list:
    spans = []
    for attribution in found:
        if attribution.nested or attribution.implicit:
            continue
        for role, token_range in (("cue", attribution.cue), ("source", attribution.source)):
            if token_range is not None:
                span = doc[token_range[0] : token_range[1]]
                spans.append(CharSpan(role, span.start_char, span.end_char))
        spans.extend(CharSpan("content", a, b) for a, b in attribution.content)
    return spans


def _lexicon_cue(cue: SpacySpan) -> bool:
    """A verb of saying, denial or decline: the rules keep these whatever the tagger says."""
    lexicon = stance_lexicon()
    lemmas = (t.lemma_.lower() for t in cue if t.pos_ == "VERB")
    if any(lemma in lexicon.speech or lemma in lexicon.lemmas for lemma in lemmas):
        return True
    return lexicon.decline_phrases.search(cue.text) is not None
