"""The parse rule finder: attributions read off the dependency tree.

A word is a cue when the cue model (``stance.cue_model``, learned from PolNeAR) says it
attributes speech, belief or intention; its verb group (auxiliaries, negation, adjacent
adverbs, particles) forms the cue span. The source is the cue's subject (inherited through
coordinated, participial and prepositional chains, or the object of "according to"), the
content its clausal complement, infinitive, object or, for "according to", the clause it
modifies (:mod:`.clause` reads these three off the tree). Credit lines and contentless
declines are attributions too; quoted paragraphs with no cue of their own continue the
preceding direct quote (:mod:`.credits`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from backchannel.nlp.attribution.clause import (
    CUE_THRESHOLD,
    _content,
    _cue_range,
    _fragments,
    _source,
)
from backchannel.nlp.attribution.credits import _continue_quotes, _credits, _declines
from backchannel.nlp.attribution.quotes import Quote, find_quotes, quoted_tokens
from backchannel.nlp.attribution.spans import Attribution, _mark_direct, _mark_nested
from backchannel.nlp.attribution.stance import StanceLexicon, cue_model, stance_lexicon


def parse_attributions(
    doc: Doc, quotes: tuple[Quote, ...] | None = None
) -> tuple[Attribution, ...]:
    """The rule finder's attributions before the finishing step: what the CRF and the
    MiniLM tagger were trained to read (``find_attributions`` finishes them)."""
    text = doc.text
    quotes = find_quotes(text) if quotes is None else quotes
    return _rule_attributions(doc, CUE_THRESHOLD, text, quotes, _cue_probabilities(doc, quotes))


def _cue_probabilities(doc: Doc, quotes: tuple[Quote, ...]) -> list[float]:
    """Each token's cue probability (``stance.cue_model``), knowing which tokens are quoted."""
    return cue_model().probabilities(doc, quoted_tokens(doc, quotes))


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
