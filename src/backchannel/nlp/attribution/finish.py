"""The finishing pass every finder's attributions go through.

Transcript turns are added; contents stay inside the quote that holds their cue and on one
line, run to the end of a phrase they stop inside and lose word-less fragments; cues take
or drop the noun they stop before, a passive cue's subject opens its content; then nesting
is judged on the final spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Token

from backchannel.nlp.attribution.quotes import Quote, quote_at
from backchannel.nlp.attribution.spans import Attribution, Range, _mark_nested, _overlaps
from backchannel.nlp.attribution.transcripts import speaker_turns
from backchannel.nlp.time.lexicon import lexicon as timex_lexicon


def _finished(
    doc: Doc, text: str, found: Iterable[Attribution], quotes: tuple[Quote, ...]
) -> tuple[Attribution, ...]:
    """Every finder's last step: transcript turns are added; contents stay inside the quote
    that holds their cue and on one line, run to the end of a phrase they stop inside and
    lose word-less fragments; cues take or drop the noun they stop before, a passive cue's
    subject opens its content; then nesting is judged on the final spans."""
    done = [
        _in_one_paragraph(doc, text, _within_quote(doc, quotes, a))
        for a in _with_turns(doc, text, found)
    ]
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
            turn_attribution = Attribution(
                (cue.start, cue.end), (source.start, source.end), (turn.content,)
            )
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
    cut = next(
        (i for i, f in enumerate(content) if any(_overlaps(f, turn) for turn in spoken)), None
    )
    if cut is None:
        return attribution
    return replace(attribution, content=content[:cut]) if cut else None


#: Words that wait for a phrase to their right: a content cannot stop on one.
_DANGLING_POS = frozenset({"ADP", "DET", "SCONJ", "CCONJ", "AUX", "PART"})


def _without_dangling_ends(doc: Doc, attribution: Attribution) -> Attribution:
    """Each content fragment that stops on a word still waiting for its phrase ("a threat
    on", "unclear whether", "Nike would") carried on to the end of that phrase: the
    preposition's object, the head word's subtree for the others."""
    fragments = tuple(_completed(doc, f) for f in attribution.content)
    return (
        attribution if fragments == attribution.content else replace(attribution, content=fragments)
    )


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
    """The characters of the cue's passive subject before it.

    None when it is a wh-word or the source.
    """
    start, end = attribution.cue
    subject = next(
        (c for t in doc[start:end] for c in t.children if c.dep_ == "nsubjpass" and c.i < start),
        None,
    )
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
    return (
        token.ent_type_ in ("DATE", "TIME")
        or token.lemma_ == "time"
        or any(
            lower in table
            for table in (words.units, words.parts_of_day, words.weekdays, words.months)
        )
    )


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
    fragments = tuple(
        _one_line(text, fragment, before=fragment[0] < at) for fragment in attribution.content
    )
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
    for start, end in sorted(
        f for f in attribution.content if any(c.isalnum() for c in text[f[0] : f[1]])
    ):
        if fragments and start < fragments[-1][1]:
            fragments[-1] = (fragments[-1][0], max(end, fragments[-1][1]))
        else:
            fragments.append((start, end))
    if not fragments or tuple(fragments) == attribution.content:
        return attribution
    return replace(attribution, content=tuple(fragments))


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
