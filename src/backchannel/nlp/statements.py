"""Statements: quotes and reported speech with speaker, cue, content and stance.

The finder works on the dependency parse in one pass over the tokens. A word is a cue when
the cue model (``stance.cue_model``, learned from PolNeAR) says it attributes speech, belief
or intention; its verb group (auxiliaries, negation, adjacent adverbs, particles) forms the
cue span. The source is the cue's subject (inherited through coordinated, participial and
prepositional chains, or the object of "according to"), the content its clausal complement,
infinitive, object or, for "according to", the clause it modifies. Quoted paragraphs with
no cue of their own continue the preceding direct quote. ``find_attributions`` returns these
raw spans (PolNeAR's source/cue/content, used by ``benchmarks/attribution_eval``);
``find_statements`` resolves speakers (``sources``) and stance (``stance``) into records.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from backchannel.nlp import extensions  # noqa: F401
from backchannel.nlp.attribution_model import link, model as neural_model
from backchannel.nlp.attribution_tagger import refine, tagger
from backchannel.nlp.quotes import Quote, find_quotes, overlapping, quote_at, quoted_tokens, stops_sentence
from backchannel.nlp.sources import SpeakerResolver
from backchannel.nlp.stance import StanceLexicon, cue_model, stance_lexicon, stance_of
from backchannel.nlp.timex_lexicon import lexicon as timex_lexicon
from backchannel.nlp.transcripts import speaker_turns
from backchannel.records import Span, Statement, short_hash

__all__ = ["Attribution", "CUE_THRESHOLD", "FINDERS", "find_attributions", "find_statements", "parse_attributions"]

#: smoothed cue probability a word needs to count as an attribution cue
CUE_THRESHOLD = 0.5

#: mean tag probability a content span needs to stand alone, with the cue the tagger links it to,
#: when no attribution the parse drew holds it (0.7 is best of 0.4–0.9 on PolNeAR dev)
STRAY_SCORE = 0.7

#: Who draws attribution spans: the parse rules, the CRF over them, or the MiniLM tagger.
FINDERS = ("rules", "crf", "minilm")

Range = tuple[int, int]

_SUBJECT_DEPS = ("nsubj", "csubj", "expl")
_INHERIT_DEPS = {"conj", "xcomp", "advcl", "pcomp", "prep", "acl", "ccomp"}
_LEFT_CUE_DEPS = {"aux", "auxpass", "neg", "advmod"}
_RIGHT_CUE_DEPS = {"prt", "neg"}
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "attr", "oprd")
_DROPPED_SOURCE_DEPS = {"relcl"}
_COMPLEMENT_DEPS = {"oprd", "xcomp", "ccomp", "prep", "dative"}
_CIRCUMSTANCE_PREPS = {"in", "during", "after", "before", "at", "from", "by", "since", "through",
                       "via", "outside", "inside", "near", "until", "while", "on"}
_DETACHED_PREPS = {"among", "despite"}
_RAISING_LEMMAS = {"seem", "appear", "look", "sound"}
_MODIFIER_DEPS = {"appos", "relcl"}
_ASIDE_DEPS = {"advcl", "npadvmod"}
_TIME_DEPS = {"npadvmod"}
_QUOTE_CHARS = frozenset({'"', "“", "”", "'", "‘", "’", "«", "»", "''", "``"})
_CLOSING_MARKS = frozenset({'"', "”", "''"})
_OPENING_MARKS = frozenset({'"', "“", "''", "``"})


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


def find_attributions(
    doc: Doc, threshold: float = CUE_THRESHOLD, finder: str = "rules"
) -> tuple[Attribution, ...]:
    """Every attribution in ``doc`` in text order, nested ones flagged.

    ``finder`` picks who draws the spans (see :data:`FINDERS`): ``rules`` reads them off
    the parse; ``crf`` lets the trained CRF (``attribution_tagger``) judge and extend the
    rules' findings; ``minilm`` takes them from the fine-tuned MiniLM tagger
    (``attribution_model``), keeping the rules' contentless declines.
    """
    text = doc.text  # built from the tokens on each access: read it once
    quotes = find_quotes(text)
    if finder == "minilm":
        return _model_attributions(doc, text, quotes)
    probabilities = _cue_probabilities(doc, quotes)
    found = _rule_attributions(doc, threshold, text, quotes, probabilities)
    crf = tagger() if finder == "crf" else None
    if crf is None:
        return _finished(doc, text, found, quotes)
    sure = {a.cue for a in found if _lexicon_cue(doc[a.cue[0] : a.cue[1]])}
    spans = crf.spans(doc, found, quoted_tokens(doc, quotes), probabilities)
    refined = refine(doc, list(found), spans, sure)
    refined = [_flag_direct(a, quotes) for a in sorted(refined, key=lambda a: a.cue)]
    return _finished(doc, text, refined, quotes)


def _finished(
    doc: Doc, text: str, found: Iterable[Attribution], quotes: tuple[Quote, ...]
) -> tuple[Attribution, ...]:
    """Every finder's last step: transcript turns are added; contents stay inside the quote
    that holds their cue and on one line, run to the end of a phrase they stop inside and
    lose word-less fragments; cues take or drop the noun they stop before, a passive cue's
    subject opens its content; then nesting is judged on the final spans."""
    done = [_in_one_paragraph(doc, text, _within_quote(doc, quotes, a)) for a in _with_turns(doc, text, found)]
    done = [_sound_contents(text, _without_dangling_ends(doc, a)) for a in done]
    done = [_with_passive_subject(doc, _whole_cue(doc, a)) for a in done]
    return tuple(_mark_nested(doc, done))


def _with_turns(doc: Doc, text: str, found: Iterable[Attribution]) -> list[Attribution]:
    """Transcript turns ("PENCE: Well, look…", see ``transcripts``) as attributions: the
    label is the source, the colon the cue, the paragraph the content. They replace what a
    finder made of the label."""
    turns = speaker_turns(text)
    labels = [(turn.label[0], turn.colon[1]) for turn in turns]
    spoken = [(turn.label[0], turn.content[1]) for turn in turns]
    kept = [a for a in found if not any(s <= doc[a.cue[0]].idx < e for s, e in labels)]
    kept = [a for a in (_before_turns(doc, a, spoken) for a in kept) if a is not None]
    for turn in turns:
        cue = doc.char_span(*turn.colon, alignment_mode="expand")
        source = doc.char_span(*turn.label, alignment_mode="expand")
        if cue is not None and source is not None:
            turn_attribution = Attribution((cue.start, cue.end), (source.start, source.end), (turn.content,))
            kept.append(replace(turn_attribution, direct=True))
    return sorted(kept, key=lambda a: a.cue)


def _before_turns(doc: Doc, attribution: Attribution, spoken: list[Range]) -> Attribution | None:
    """``attribution`` without the fragments from the first one inside a transcript turn
    on: a quote continued into a transcript ends where the turns begin. None if no
    fragment is left. Speech reported inside a turn stays whole."""
    at = doc[attribution.cue[0]].idx
    if any(start <= at < end for start, end in spoken):
        return attribution
    content = attribution.content
    cut = next((i for i, f in enumerate(content) if any(_overlaps(f, turn) for turn in spoken)), None)
    if cut is None:
        return attribution
    return replace(attribution, content=content[:cut]) if cut else None


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


def _tagger_only(doc: Doc, text: str, cues: dict, linked: dict, quotes: tuple[Quote, ...]) -> list[Attribution]:
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
        if content.score < STRAY_SCORE or span not in owner or any(_overlaps(span, f) for f in held):
            continue
        (cue_start, cue_end), source = owner[span]
        cue = doc.char_span(cue_start, cue_end, alignment_mode="expand")
        if cue is not None:
            strays.append(Attribution((cue.start, cue.end), _token_range(doc, source),
                                      (_tidy(text, *span),)))
    return strays


def _decline_tokens(doc: Doc, text: str) -> set[int]:
    """Tokens of "did not respond to a request for comment" and the like: the rules' declines."""
    tokens = set()
    for match in stance_lexicon().decline_phrases.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        tokens.update(range(span.start, span.end) if span is not None else ())
    return tokens


def _with_tagged_source(doc: Doc, attribution: Attribution, source: Range | None) -> Attribution | None:
    """The rules' attribution with the tagger's source; a source the parse put inside the
    content ("what President Trump has said") is cut out of it, and an attribution left
    with a content of one function word is dropped."""
    if source is None:
        return attribution
    first, last = doc[source[0]].idx, doc[source[1] - 1].idx + len(doc[source[1] - 1])
    fragments = []
    for start, end in attribution.content:
        pieces = [(start, min(end, first)), (max(start, last), end)] if start < last and first < end else [(start, end)]
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


#: Words that wait for a phrase to their right: a content cannot stop on one.
_DANGLING_POS = frozenset({"ADP", "DET", "SCONJ", "CCONJ", "AUX", "PART"})


def _without_dangling_ends(doc: Doc, attribution: Attribution) -> Attribution:
    """Each content fragment that stops on a word still waiting for its phrase ("a threat
    on", "unclear whether", "Nike would") carried on to the end of that phrase: the
    preposition's object, the head word's subtree for the others."""
    fragments = tuple(_completed(doc, f) for f in attribution.content)
    return attribution if fragments == attribution.content else replace(attribution, content=fragments)


def _completed(doc: Doc, fragment: Range) -> Range:
    span = doc.char_span(*fragment, alignment_mode="expand")
    if span is None or not len(span) or span[-1].pos_ not in _DANGLING_POS:
        return fragment
    last = span[-1]
    phrase = last if last.pos_ == "ADP" else last.head
    if phrase.i < last.i:  # "X and": the phrase it waits for is not its head's
        return fragment
    end = doc[phrase.right_edge.i]
    return (fragment[0], end.idx + len(end)) if end.i > last.i else fragment


def _with_passive_subject(doc: Doc, attribution: Attribution) -> Attribution:
    """A passive cue's subject opens its content, as PolNeAR marks it ("peacekeepers ||
    have been accused of || hurting civilians"), unless it is a wh-word ("what is being
    criticized as…"), the source, or already in the content."""
    fragment = _passive_subject(doc, attribution)
    if fragment is None or not attribution.content or fragment[1] > attribution.content[0][0]:
        return attribution
    return replace(attribution, content=(fragment,) + attribution.content)


def _passive_subject(doc: Doc, attribution: Attribution) -> Range | None:
    """The characters of the cue's passive subject before it, if it is not a wh-word or the source."""
    start, end = attribution.cue
    subject = next((c for t in doc[start:end] for c in t.children if c.dep_ == "nsubjpass" and c.i < start), None)
    if subject is None or subject.tag_ in ("WDT", "WP"):
        return None
    first, last = subject.left_edge, subject.right_edge
    source = attribution.source
    if source is not None and first.i < source[1] and source[0] <= last.i:
        return None
    return first.idx, last.idx + len(last)


def _whole_cue(doc: Doc, attribution: Attribution) -> Attribution:
    """A cue that stops on a word waiting for its noun ("said in a", "filed a") takes the
    noun when it follows within two words ("said in a phone interview", "filed a motion",
    a content that began with them now starting after them) and is not a time; a time
    phrase is cut off instead ("tweeted in the early morning hours", "said at the time" →
    "tweeted", "said")."""
    start, end = attribution.cue
    last = doc[end - 1]
    noun = last.head
    waits = last.pos_ == "DET" or last.dep_ in ("amod", "compound", "nummod", "poss")
    if end - start < 2 or not waits or noun.i < end:
        return attribution
    while noun.dep_ in ("compound", "amod", "nmod", "nummod", "poss") and noun.head.i > noun.i:
        noun = noun.head  # "early morning hours": the phrase is "hours"'s
    if not _time_word(noun) and noun.i - end < 2:
        return _after_cue(doc, replace(attribution, cue=(start, noun.i + 1)))
    cut = min(noun.head.i, noun.left_edge.i) if noun.dep_ == "pobj" else noun.left_edge.i
    return replace(attribution, cue=(start, max(start + 1, cut)))


def _after_cue(doc: Doc, attribution: Attribution) -> Attribution:
    """Content fragments that began inside the (widened) cue start after it."""
    cue_end = doc[attribution.cue[1] - 1].idx + len(doc[attribution.cue[1] - 1])
    cue_start = doc[attribution.cue[0]].idx
    fragments = []
    for start, end in attribution.content:
        if cue_start <= start < cue_end:
            start = (_trimmed(doc, cue_end, end) or (start, end))[0]
        fragments.append((start, end))
    return replace(attribution, content=tuple(fragments))


def _time_word(token: Token) -> bool:
    """A date or time name, a unit or part of the day ("hours", "morning"), or "time"."""
    words = timex_lexicon()
    lower = token.lower_
    return (token.ent_type_ in ("DATE", "TIME") or token.lemma_ == "time"
            or any(lower in table for table in (words.units, words.parts_of_day, words.weekdays, words.months)))


def _within_quote(doc: Doc, quotes: tuple[Quote, ...], attribution: Attribution) -> Attribution:
    """Speech reported inside a quotation ("“As we noted, X,” said Baer") keeps its content
    inside that quotation: a fragment running out of it stops before its closing mark."""
    at = doc[attribution.cue[0]].idx
    quote = quote_at(quotes, at)
    if quote is None or not quote.closed or quote.start == at:
        return attribution
    fragments = tuple(
        (start, quote.end - 1) if start < quote.end < end else (start, end)
        for start, end in attribution.content
    )
    return replace(attribution, content=fragments)


def _in_one_paragraph(doc: Doc, text: str, attribution: Attribution) -> Attribution:
    """Each content fragment kept to one line: the line nearest the cue (the last line of a
    fragment before the cue, the first of one after it). A fragment that runs over a line
    break has run past its own quote into the next (PolNeAR never does)."""
    at = doc[attribution.cue[0]].idx
    fragments = tuple(_one_line(text, fragment, before=fragment[0] < at) for fragment in attribution.content)
    return replace(attribution, content=fragments)


def _one_line(text: str, fragment: Range, *, before: bool) -> Range:
    start, end = fragment
    inside = text[start:end].strip()
    if "\n" not in inside:
        return fragment
    start += len(text[start:end]) - len(text[start:end].lstrip())
    if before:
        return start + inside.rindex("\n") + 1, end
    return start, start + inside.index("\n")


def _sound_contents(text: str, attribution: Attribution) -> Attribution:
    """The attribution without content fragments that hold no word (a lone quote mark,
    unless it is all there is) and with overlapping fragments joined into one."""
    fragments: list[Range] = []
    for start, end in sorted(f for f in attribution.content if any(c.isalnum() for c in text[f[0] : f[1]])):
        if fragments and start < fragments[-1][1]:
            fragments[-1] = (fragments[-1][0], max(end, fragments[-1][1]))
        else:
            fragments.append((start, end))
    if not fragments or tuple(fragments) == attribution.content:
        return attribution
    return replace(attribution, content=tuple(fragments))


def _quote_joined(text: str, spans: list) -> list[Range]:
    """Tagged spans with each one that runs into a quote ("was clear: “…”") joined to it."""
    joined: list[Range] = []
    for span in spans:
        if joined and text[joined[-1][1] : span.start].strip(" :\n") == "" and text[span.start] in "\"“":
            joined[-1] = (joined[-1][0], span.end)
        else:
            joined.append((span.start, span.end))
    return joined


def _drops_quote(quotes: tuple[Quote, ...], fragment: Range, tagged: Range) -> bool:
    """The tagged span leaves out a whole quote the rules' fragment holds."""
    return any(fragment[0] <= q.start and q.end <= fragment[1] and not _overlaps((q.start, q.end), tagged)
               for q in (quotes[i] for i in overlapping(quotes, *fragment)))


def _tidy(text: str, start: int, end: int) -> Range:
    """A tagged span without the comma, colon or full stop that ends it (PolNeAR's contents
    end in one only inside quote marks), unless the stop ends an abbreviation ("U.S."),
    and with both halves of a '' quote mark."""
    while end - start > 1 and text[end - 1] in ",;:" or _sentence_stop(text, start, end):
        end -= 1
    if text[start] == "'" and text[start - 1 : start] == "'":  # the tagger split a '' mark
        start -= 1
    if text[end - 1] == "'" and text[end : end + 1] == "'":
        end += 1
    return start, end


def _sentence_stop(text: str, start: int, end: int) -> bool:
    if end - start < 2 or text[end - 1] != ".":
        return False
    word = text[start : end - 1].rsplit(None, 1)[-1] if text[start : end - 1].strip() else ""
    return "." not in word and not (len(word) <= 3 and word[:1].isupper())


def _trimmed(doc: Doc, start: int, end: int) -> Range | None:
    span = doc.char_span(start, end, alignment_mode="contract")
    return (span.start_char, span.end_char) if span is not None and len(span) else None


def _function_word(doc: Doc, fragment: Range) -> bool:
    span = doc.char_span(*fragment, alignment_mode="expand")
    words = [t for t in span if not t.is_punct] if span is not None else []
    return len(words) <= 1 and all(t.is_stop for t in words)


def parse_attributions(doc: Doc, quotes: tuple[Quote, ...] | None = None) -> tuple[Attribution, ...]:
    """The rule finder's attributions before the finishing step: what the CRF and the
    MiniLM tagger were trained to read (``find_attributions`` finishes them)."""
    text = doc.text
    quotes = find_quotes(text) if quotes is None else quotes
    return _rule_attributions(doc, CUE_THRESHOLD, text, quotes, _cue_probabilities(doc, quotes))


def rule_spans(doc: Doc, quotes: tuple[Quote, ...] | None = None) -> list:
    """The rule finder's outermost spans as the MiniLM tagger reads them (its input)."""
    return _rule_spans(doc, parse_attributions(doc, quotes))


def _cue_probabilities(doc: Doc, quotes: tuple[Quote, ...]) -> list[float]:
    """Each token's cue probability (``stance.cue_model``), knowing which tokens are quoted."""
    quoted = quoted_tokens(doc, quotes)
    model = cue_model()
    return [model.probability(token, token.i in quoted) for token in doc]


def _rule_spans(doc: Doc, found: Iterable[Attribution]) -> list:
    from backchannel.nlp.attribution_model import CharSpan

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


def _token_range(doc: Doc, span) -> Range | None:
    """The tokens under a character span (widened to token edges), or None."""
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand") if span is not None else None
    return (tokens.start, tokens.end) if tokens is not None and len(tokens) else None


def _lexicon_cue(cue: SpacySpan) -> bool:
    """A verb of saying, denial or decline: the rules keep these whatever the tagger says."""
    lexicon = stance_lexicon()
    lemmas = (t.lemma_.lower() for t in cue if t.pos_ == "VERB")
    if any(lemma in lexicon.speech or lemma in lexicon.lemmas for lemma in lemmas):
        return True
    return lexicon.decline_phrases.search(cue.text) is not None


def _flag_direct(attribution: Attribution, quotes: tuple[Quote, ...]) -> Attribution:
    if attribution.direct:
        return attribution
    direct = any(overlapping(quotes, *f) for f in attribution.content)
    return replace(attribution, direct=True) if direct else attribution


def _rule_attributions(
    doc: Doc, threshold: float, text: str, quotes: tuple[Quote, ...], probabilities: list[float]
) -> tuple[Attribution, ...]:
    """The parse-based finder alone, given each token's cue probability."""
    lexicon = stance_lexicon()
    found = []
    for token in doc:
        is_cue = probabilities[token.i] >= threshold or _forced(token, lexicon)
        if is_cue and not _inside_cue(token, found):
            attribution = _attribution(doc, token)
            if attribution is not None:
                found.append(attribution)
    found = [_mark_direct(text, a, quotes) for a in found]
    found = sorted(found + _credits(doc, text, quotes, found), key=lambda a: a.cue)
    found = _continue_quotes(doc, text, found, quotes)
    found = sorted(found + _declines(doc, text, found), key=lambda a: a.cue)
    return tuple(_mark_nested(doc, found))


def _forced(token: Token, lexicon: StanceLexicon) -> bool:
    """Denials, disputes and declines, and verbs of saying with a clause or an "as" always
    attribute, whatever the cue model says."""
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or lemma not in lexicon.speech and lemma not in lexicon.lemmas:
        return False
    return lemma in lexicon.lemmas or any(
        c.dep_ == "ccomp" or (c.dep_ == "mark" and c.lower_ == "as") for c in token.children
    )


def _inside_cue(token: Token, found: list[Attribution]) -> bool:
    return bool(found) and found[-1].cue[0] <= token.i < found[-1].cue[1]


def _attribution(doc: Doc, cue: Token) -> Attribution | None:
    cue_range = _cue_range(doc, cue)
    content_tokens, cue_range = _content(doc, cue, cue_range)
    if not content_tokens:
        return None
    source = _source(cue)
    if source is not None and source[0] in content_tokens:
        source = None
    content_tokens -= set(range(*source)) if source else set()
    content_tokens -= set(range(*cue_range))
    fragments = _fragments(doc, content_tokens)
    if not fragments:
        return None
    return Attribution(cue_range, source, fragments)


# --- the cue span ---------------------------------------------------------------------


def _cue_range(doc: Doc, cue: Token) -> Range:
    """The verb group around the cue word: adjacent auxiliaries, negation, adverbs, particles."""
    start = cue.i
    while start > 0 and _joins_left(doc[start - 1], cue):
        start -= 1
    end = cue.i + 1
    while end < len(doc) and doc[end].head == cue and doc[end].dep_ in _RIGHT_CUE_DEPS:
        end += 1
    end = _with_time(doc, cue, end)
    end = _with_manner(doc, cue, end)
    if end < len(doc) and doc[end].text == ":":
        end += 1
    return start, end


def _with_manner(doc: Doc, cue: Token, end: int) -> int:
    """"said carefully", "has said repeatedly": an adverb right after the cue."""
    if end < len(doc) and doc[end].head == cue and doc[end].dep_ == "advmod":
        return end + 1 if doc[end].right_edge.i == end else end
    return end


def _with_time(doc: Doc, cue: Token, end: int) -> int:
    """"said Thursday night", "noted this week": a time phrase right after the cue."""
    if end < len(doc) and doc[end].head == cue and doc[end].dep_ in _TIME_DEPS:
        phrase = doc[end]
        if phrase.left_edge.i == end and phrase.ent_type_ in ("DATE", "TIME", ""):
            return phrase.right_edge.i + 1
    return end


def _joins_left(token: Token, cue: Token) -> bool:
    if cue.pos_ == "NOUN" and token.dep_ in ("amod", "det") and token.head == cue:
        return True
    if token.dep_ not in _LEFT_CUE_DEPS:
        return False
    return token.head == cue or (token.head.head == cue and token.head.dep_ in _LEFT_CUE_DEPS)


# --- the source -----------------------------------------------------------------------


def _source(cue: Token) -> Range | None:
    """The token range of the cue's source, if the sentence names one."""
    if cue.lower_ == "according" or cue.lemma_ == "accord":
        return _according_source(cue)
    if cue.pos_ == "NOUN":
        return _possessor(cue)
    word = cue
    for _ in range(4):
        subject = _subject(word)
        if subject is not None and subject.lower_ == "that" and word.dep_ == "relcl":
            return _antecedent_range(word.head)
        if subject is not None:
            return _subtree_range(subject)
        if word.dep_ not in _INHERIT_DEPS or word.head == word:
            return None
        word = word.head
    return None


def _antecedent_range(noun: Token) -> Range:
    """"ads that accuse…": the noun phrase a relative "that"/"which" stands for, without its
    relative clause."""
    start = noun.left_edge.i
    end = noun.i + 1
    while end < len(noun.doc) and noun.doc[end].head == noun and noun.doc[end].dep_ in (
        "compound", "amod", "nummod"
    ):
        end += 1
    return start, end


def _subject(word: Token) -> Token | None:
    for child in word.children:
        if child.dep_ in _SUBJECT_DEPS and child.dep_ != "expl":
            return child
    for child in word.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _according_source(cue: Token) -> Range | None:
    for prep in cue.children:
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                return _subtree_range(pobj)
    return None


def _possessor(cue: Token) -> Range | None:
    owner = next((c for c in cue.children if c.dep_ == "poss"), None)
    return _subtree_range(owner) if owner is not None else None


def _subtree_range(token: Token) -> Range:
    """The source phrase: the subject's subtree, edge punctuation trimmed, keeping the
    closing comma of a parenthetical apposition; a trailing relative clause that attributes
    something itself ("Barkley, who said he votes…") is a separate attribution and is left out."""
    doc = token.doc
    start, end = token.left_edge.i, token.right_edge.i + 1
    clause = next((c for c in token.rights if c.dep_ in _DROPPED_SOURCE_DEPS), None)
    if clause is not None and clause.right_edge.i + 1 == end and _attributes(clause):
        end = clause.left_edge.i
    while end - 1 > start and _loose_edge(doc[end - 1]) and not _closes_bracket(doc, start, end):
        end -= 1
    while start < end - 1 and _loose_edge(doc[start]):
        start += 1
    if _parenthetical(token, end):
        end += 1
    return start, end


def _attributes(clause: Token) -> bool:
    model = cue_model()
    return any(model.probability(t) >= CUE_THRESHOLD for t in clause.subtree)


def _closes_bracket(doc: Doc, start: int, end: int) -> bool:
    return doc[end - 1].text == ")" and "(" in doc[start : end - 1].text


def _loose_edge(token: Token) -> bool:
    return token.is_space or token.is_punct or token.dep_ == "cc"


def _parenthetical(token: Token, end: int) -> bool:
    """"Huma Abedin, vice chairwoman for the campaign, told…": the apposition's closing comma."""
    doc = token.doc
    has_appos = any(c.dep_ == "appos" for c in token.rights)
    return has_appos and end < len(doc) and doc[end].text == "," and token.i < end


# --- the content ----------------------------------------------------------------------


def _content(doc: Doc, cue: Token, cue_range: Range) -> tuple[set[int], Range]:
    """Token indices of the content and the (possibly widened) cue range."""
    if cue.lower_ == "according" or cue.lemma_ == "accord":
        return _according_content(cue), _with_preposition(cue, cue_range)
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children) and cue.head != cue:
        return _according_content(cue), cue_range
    child = _content_child(cue)
    if child is not None:
        tokens = _with_complements(cue, child, _without_asides(child))
        return tokens | _raised_subject(cue, child), cue_range
    speech = cue.lemma_.lower() in stance_lexicon().speech
    quoted = _quote_before(doc, cue) if speech else set()
    if quoted:
        return quoted, cue_range
    prep = next((c for c in cue.children if c.dep_ == "prep" and c.i == cue_range[1]), None)
    if prep is not None and not _circumstance(prep):
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None and prep.lower_ in _DETACHED_PREPS:
            return _with_complements(cue, prep, _subtree(prep)), cue_range
        if pobj is not None:
            return _with_complements(cue, prep, _subtree(pobj)), (cue_range[0], prep.i + 1)
    if speech and cue.dep_ in ("parataxis", "advcl") and cue.i > cue.head.i:
        return _subtree(cue.head) - _subtree(cue), cue_range
    return set(), cue_range


def _with_complements(cue: Token, first: Token, tokens: set[int]) -> set[int]:
    """An object's predicate follows it: "calls himself a girl", "accused him of lying"."""
    if first.dep_ not in ("dobj", "prep"):
        return tokens
    for sibling in cue.children:
        if sibling.i > first.i and sibling.dep_ in _COMPLEMENT_DEPS and not _circumstance(sibling):
            tokens |= _subtree(sibling)
    return set(range(min(tokens), max(tokens) + 1))


def _without_asides(root: Token) -> set[int]:
    """The content's subtree less a trailing aside set off by a comma (", surpassing…",
    ", though they blame…"): the guidelines keep only what is clearly attributed."""
    tokens = _subtree(root)
    aside = [c for c in root.rights if c.dep_ in _ASIDE_DEPS and c.right_edge == root.right_edge
             and (c.tag_ == "VBG" or c.left_edge.lower_ in ("though", "although", "while"))]
    if aside and aside[-1].left_edge.i > 0 and aside[-1].doc[aside[-1].left_edge.i - 1].text == ",":
        tokens -= set(range(aside[-1].left_edge.i - 1, root.right_edge.i + 1))
    return _without_trailing_modifier(root, tokens)


def _without_trailing_modifier(root: Token, tokens: set[int]) -> set[int]:
    """Cut a comma- or dash-introduced apposition or relative clause that ends the content
    (", a former nominee who…", "-- a tactic used by…"), unless it is quoted speech."""
    doc, end = root.doc, max(tokens)
    for token in doc[min(tokens) : end + 1]:
        if token.dep_ not in _MODIFIER_DEPS or token.right_edge.i != end:
            continue
        before = token.left_edge.i - 1
        if before in tokens and doc[before].text in (",", "--", "—", "–") and not _quoted(doc, token):
            return {i for i in tokens if i < before}
    return tokens


def _quoted(doc: Doc, token: Token) -> bool:
    return any(t.text in _CLOSING_MARKS | _OPENING_MARKS for t in doc[token.sent.start : token.i])


def _content_child(cue: Token) -> Token | None:
    """The cue's content dependent: by kind, but an object before a clause it controls
    ("urged Obama not to close…") starts the content."""
    children = {c.dep_: c for c in reversed(list(cue.children))}
    child = next((children[d] for d in _CONTENT_DEPS if d in children), None)
    obj = children.get("dobj")
    if child is not None and obj is not None and cue.i < obj.i < child.i and child.dep_ == "xcomp":
        return obj
    return child


def _raised_subject(cue: Token, child: Token) -> set[int]:
    """"Kasich appears to have…", "many voters are expected to delay…": the subject is part
    of the content, not its source."""
    if child.dep_ != "xcomp":
        return set()
    for subject in cue.children:
        raised = subject.dep_ == "nsubjpass" or (
            subject.dep_ == "nsubj" and cue.lemma_.lower() in _RAISING_LEMMAS
        )
        if raised and subject.lower_ not in ("it", "there"):
            return _subtree(subject)
    return set()


def _circumstance(token: Token) -> bool:
    """A prepositional phrase of time, place or manner ("in a statement", "on Thursday")."""
    return token.dep_ == "prep" and token.lower_ in _CIRCUMSTANCE_PREPS


def _quote_before(doc: Doc, cue: Token) -> set[int]:
    """"“…,” said X" with a parse that missed it: the quote just before the cue's clause."""
    sent = cue.sent
    subject = _subject(cue)
    before = min(cue.i, subject.left_edge.i) if subject is not None and subject.i < cue.i else cue.i
    for i in range(before - 1, max(sent.start, before - 4) - 1, -1):
        if doc[i].text in _CLOSING_MARKS and i > sent.start:
            opening = next((j for j in range(i - 1, sent.start - 1, -1)
                            if doc[j].text in _OPENING_MARKS), None)
            return set(range(opening, i + 1)) if opening is not None else set()
    return set()


def _according_content(cue: Token) -> set[int]:
    """The rest of the sentence (on the cue's line): "According to X, <content>",
    "<content>, as X stated"."""
    sent = cue.sent
    breaks = [t.i for t in sent if "\n" in t.text]
    start = max((i + 1 for i in breaks if i < cue.i), default=sent.start)
    end = min((i for i in breaks if i > cue.i), default=sent.end)
    return set(range(start, end)) - _subtree(cue)


def _with_preposition(cue: Token, cue_range: Range) -> Range:
    prep = next((c for c in cue.children if c.dep_ == "prep"), None)
    return (cue_range[0], max(cue_range[1], prep.i + 1)) if prep is not None else cue_range


def _subtree(token: Token) -> set[int]:
    return set(range(token.left_edge.i, token.right_edge.i + 1))


def _fragments(doc: Doc, tokens: set[int]) -> tuple[Range, ...]:
    """Character fragments for the maximal runs of ``tokens``, edge punctuation trimmed."""
    runs: list[list[int]] = []
    for i in sorted(tokens):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    trimmed = (_trim(doc, run[0], run[-1] + 1) for run in runs)
    return tuple(r for r in trimmed if r is not None)


def _trim(doc: Doc, start: int, end: int) -> Range | None:
    """Drop leading and trailing punctuation and conjunctions, keeping quote marks (and the
    comma or stop a closing quote mark encloses)."""
    while start < end and (_loose(doc[start]) or doc[start].dep_ == "cc" or _closing(doc[start])):
        start += 1
    while end > start and (_loose(doc[end - 1]) or _opening(doc[end - 1])):
        end -= 1
    if end <= start or not any(t.is_alpha or t.like_num for t in doc[start:end]):
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _loose(token: Token) -> bool:
    if token.is_space:
        return True
    return token.is_punct and token.text not in _QUOTE_CHARS and not _before_quote(token)


def _closing(token: Token) -> bool:
    """A quote mark that ends a quote (a space after it), stranded at a content's start
    when the parser opens the next sentence with it."""
    return token.text in _QUOTE_CHARS and (bool(token.whitespace_) or token.i + 1 == len(token.doc)
                                            or token.nbor(1).is_space)


def _opening(token: Token) -> bool:
    """A quote mark that opens a quote (a space before it), stranded at a content's end."""
    return token.text in _QUOTE_CHARS and token.i > 0 and (
        bool(token.nbor(-1).whitespace_) or token.nbor(-1).is_space)


def _before_quote(token: Token) -> bool:
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.text in _QUOTE_CHARS and token.text in ",.?!"


# --- credit lines ---------------------------------------------------------------------

_CREDIT_DASHES = ("―", "—", "–", "--")


def _credits(doc: Doc, text: str, quotes: tuple[Quote, ...], found: list[Attribution]) -> list[Attribution]:
    """"“…” ― Esther Tapia": a quote credited, after a dash, to the name that ends its line."""
    credits, holders = [], _holders(found, quotes)
    for quote in quotes:
        credit = _credit(text, quote.end)
        if credit is None or _claimed(doc, quote, holders.get((quote.start, quote.end), ())):
            continue
        dash, name = (doc.char_span(*c, alignment_mode="expand") for c in credit)
        if dash is not None and name is not None:
            credits.append(Attribution((dash.start, dash.end), (name.start, name.end),
                                       ((quote.start, quote.end),), direct=True))
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
    name = stripped[len(dash):].strip(" \xa0").rstrip(".").rstrip()
    words = name.split()
    if not 1 <= len(words) <= 6 or not all(w[:1].isupper() for w in words):
        return None
    name_start = text.index(name, dash_start + len(dash))
    return (dash_start, dash_start + len(dash)), (name_start, name_start + len(name))


# --- declines without content ---------------------------------------------------------


def _declines(doc: Doc, text: str, found: list[Attribution]) -> list[Attribution]:
    """"did not immediately comment", "did not respond to a request for comment"."""
    pattern = stance_lexicon().decline_phrases
    taken = {i for a in found for i in range(*a.cue)}
    declines = []
    for match in pattern.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or taken & set(range(span.start, span.end)):
            continue
        end = _request_end(span)
        content = (span.start_char, doc[end - 1].idx + len(doc[end - 1]))
        declines.append(Attribution((span.start, end), _source(span.root), (content,),
                                    implicit=True))
    return declines


def _request_end(span: SpacySpan) -> int:
    """Extend "did not respond" over "to a request for comment" when it follows."""
    doc = span.doc
    tail = doc[span.end : span.end + 6].text.lower()
    if tail.startswith(("to a request for comment", "to requests for comment")):
        return span.end + (5 if tail.startswith("to a") else 4)
    return span.end


# --- direct speech and continued quotes -----------------------------------------------


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


def _continue_quotes(
    doc: Doc, text: str, found: list[Attribution], quotes: tuple[Quote, ...]
) -> list[Attribution]:
    """Give a quoted sentence with no cue of its own to the direct quote just before it, and
    so the second half of "“A,” she said, “B.”"."""
    holders = _holders(found, quotes)
    result = [_with_lead_quote(doc, text, a, quotes, holders) for a in found]
    holders = _holders(result, quotes)
    leads = [i for i, a in enumerate(result) if a.direct and quote_at(quotes, doc[a.cue[0]].idx) is None]
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
    doc: Doc, text: str, attribution: Attribution, quotes: tuple[Quote, ...],
    holders: dict[Range, list[Attribution]],
) -> Attribution:
    """"“A,” Scott said, “B.”": the quote just before source and cue opens the content
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
    words = [w for w in text[quote.start : quote.end].split() if w[-1:].isalpha() or w[-2:-1].isalpha()]
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
    return quote.start - end < 400 and sum(stops_sentence(text, i) for i in range(end, quote.start)) <= 1


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


# --- statements -----------------------------------------------------------------------


def find_statements(doc: Doc, *, finder: str = "rules") -> tuple[Statement, ...]:
    """Every direct quote and reported-speech statement in ``doc``, speakers resolved.

    ``finder`` picks who draws the spans (:data:`FINDERS`, see :func:`find_attributions`).
    """
    resolver = SpeakerResolver(doc)
    text = doc.text
    doc_key = short_hash(text)
    statements = []
    for attribution in find_attributions(doc, finder=finder):
        statements.append(_statement(doc, text, attribution, resolver, doc_key))
    return tuple(statements)


def _statement(
    doc: Doc, text: str, attribution: Attribution, resolver: SpeakerResolver, doc_key: str
) -> Statement:
    cue = doc[attribution.cue[0] : attribution.cue[1]]
    first = _stated(doc, attribution)
    content = Span(text[first[0] : first[1]], first[0], first[1])
    source = doc[attribution.source[0] : attribution.source[1]] if attribution.source else None
    speaker = resolver.speaker(source, cue)
    stance = stance_of(_stance_words(cue), _decline_window(text, cue, first), content.text)
    return Statement(
        id=short_hash(doc_key, cue.start_char, first[0], first[1]),
        speaker=speaker,
        cue=Span(cue.text, cue.start_char, cue.end_char),
        content=content,
        direct=attribution.direct,
        stance=stance,
        outlet=resolver.outlet(cue),
    )


def _stated(doc: Doc, attribution: Attribution) -> Range:
    """The fragment a statement carries as its content: the first, or the one after it when
    the first is the passive cue's subject ("peacekeepers" in "peacekeepers have been
    accused of hurting civilians")."""
    first = attribution.content[0]
    if len(attribution.content) > 1 and first == _passive_subject(doc, attribution):
        return attribution.content[1]
    return first


def _stance_words(cue: SpacySpan) -> list[Token]:
    return [t for t in cue if t.pos_ in ("VERB", "NOUN", "ADJ")]


def _decline_window(text: str, cue: SpacySpan, content: Range) -> str:
    end = max(cue.end_char, min(content[1], cue.end_char + 60))
    return text[cue.start_char : end]


@Language.factory(
    "backchannel_statements",
    default_config={"finder": "rules"},
    requires=["token.dep", "doc._.bc_actors"],
    assigns=["doc._.bc_statements"],
)
def make_statements_component(nlp: Language, name: str, finder: str):
    """The statements component; ``finder`` is one of :data:`FINDERS`."""

    def statements_component(doc: Doc) -> Doc:
        doc._.bc_statements = find_statements(doc, finder=finder)
        return doc

    return statements_component
