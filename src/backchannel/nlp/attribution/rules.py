"""The parse rule finder: attributions read off the dependency tree.

A word is a cue when the cue model (``stance.cue_model``, learned from PolNeAR) says it
attributes speech, belief or intention; its verb group (auxiliaries, negation, adjacent
adverbs, particles) forms the cue span. The source is the cue's subject (inherited through
coordinated, participial and prepositional chains, or the object of "according to"), the
content its clausal complement, infinitive, object or, for "according to", the clause it
modifies. Credit lines and contentless declines are attributions too; quoted paragraphs
with no cue of their own continue the preceding direct quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from backchannel.nlp.attribution.quotes import Quote, find_quotes, overlapping, quote_at, quoted_tokens, stops_sentence
from backchannel.nlp.attribution.spans import Attribution, Range, _mark_direct, _mark_nested, _overlaps
from backchannel.nlp.attribution.stance import StanceLexicon, cue_model, stance_lexicon


#: smoothed cue probability a word needs to count as an attribution cue
CUE_THRESHOLD = 0.5

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


def parse_attributions(doc: Doc, quotes: tuple[Quote, ...] | None = None) -> tuple[Attribution, ...]:
    """The rule finder's attributions before the finishing step: what the CRF and the
    MiniLM tagger were trained to read (``find_attributions`` finishes them)."""
    text = doc.text
    quotes = find_quotes(text) if quotes is None else quotes
    return _rule_attributions(doc, CUE_THRESHOLD, text, quotes, _cue_probabilities(doc, quotes))


def _cue_probabilities(doc: Doc, quotes: tuple[Quote, ...]) -> list[float]:
    """Each token's cue probability (``stance.cue_model``), knowing which tokens are quoted."""
    quoted = quoted_tokens(doc, quotes)
    model = cue_model()
    return [model.probability(token, token.i in quoted) for token in doc]


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


# --- continued quotes -------------------------------------------------------------------


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
