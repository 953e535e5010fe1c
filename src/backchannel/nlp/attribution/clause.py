"""The parse rules for one cue word: its cue span, its source and its content.

:mod:`.rules` decides which words are cues; this module reads, off the dependency tree,
the verb group around each (the cue span), the phrase it credits (the source) and what is
attributed (the content), as token ranges and character fragments.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from backchannel.nlp.attribution.spans import Range
from backchannel.nlp.attribution.stance import cue_model, stance_lexicon

#: smoothed cue probability a word needs to count as an attribution cue
CUE_THRESHOLD = 0.5

_SUBJECT_DEPS = ("nsubj", "csubj", "expl")
_INHERIT_DEPS = {"conj", "xcomp", "advcl", "pcomp", "prep", "acl", "ccomp"}
_LEFT_CUE_DEPS = {"aux", "auxpass", "neg", "advmod"}
_RIGHT_CUE_DEPS = {"prt", "neg"}
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "attr", "oprd")
_DROPPED_SOURCE_DEPS = {"relcl"}
_COMPLEMENT_DEPS = {"oprd", "xcomp", "ccomp", "prep", "dative"}
_CIRCUMSTANCE_PREPS = {
    "in",
    "during",
    "after",
    "before",
    "at",
    "from",
    "by",
    "since",
    "through",
    "via",
    "outside",
    "inside",
    "near",
    "until",
    "while",
    "on",
}
_DETACHED_PREPS = {"among", "despite"}
_RAISING_LEMMAS = {"seem", "appear", "look", "sound"}
_MODIFIER_DEPS = {"appos", "relcl"}
_ASIDE_DEPS = {"advcl", "npadvmod"}
_TIME_DEPS = {"npadvmod"}
_QUOTE_CHARS = frozenset({'"', "“", "”", "'", "‘", "’", "«", "»", "''", "``"})
_CLOSING_MARKS = frozenset({'"', "”", "''"})
_OPENING_MARKS = frozenset({'"', "“", "''", "``"})


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
    """ "said carefully", "has said repeatedly": an adverb right after the cue."""
    if end < len(doc) and doc[end].head == cue and doc[end].dep_ == "advmod":
        return end + 1 if doc[end].right_edge.i == end else end
    return end


def _with_time(doc: Doc, cue: Token, end: int) -> int:
    """ "said Thursday night", "noted this week": a time phrase right after the cue."""
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
    """ "ads that accuse…": the noun phrase a relative "that"/"which" stands for, without its
    relative clause."""
    start = noun.left_edge.i
    end = noun.i + 1
    while (
        end < len(noun.doc)
        and noun.doc[end].head == noun
        and noun.doc[end].dep_ in ("compound", "amod", "nummod")
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
    """ "Huma Abedin, vice chairwoman for the campaign, told…": the apposition's closing comma."""
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
    aside = [
        c
        for c in root.rights
        if c.dep_ in _ASIDE_DEPS
        and c.right_edge == root.right_edge
        and (c.tag_ == "VBG" or c.left_edge.lower_ in ("though", "although", "while"))
    ]
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
        if (
            before in tokens
            and doc[before].text in (",", "--", "—", "–")
            and not _quoted(doc, token)
        ):
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
    """ "Kasich appears to have…", "many voters are expected to delay…": the subject is part
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
    """ "“…,” said X" with a parse that missed it: the quote just before the cue's clause."""
    sent = cue.sent
    subject = _subject(cue)
    before = min(cue.i, subject.left_edge.i) if subject is not None and subject.i < cue.i else cue.i
    for i in range(before - 1, max(sent.start, before - 4) - 1, -1):
        if doc[i].text in _CLOSING_MARKS and i > sent.start:
            opening = next(
                (j for j in range(i - 1, sent.start - 1, -1) if doc[j].text in _OPENING_MARKS), None
            )
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
    return token.text in _QUOTE_CHARS and (
        bool(token.whitespace_) or token.i + 1 == len(token.doc) or token.nbor(1).is_space
    )


def _opening(token: Token) -> bool:
    """A quote mark that opens a quote (a space before it), stranded at a content's end."""
    return (
        token.text in _QUOTE_CHARS
        and token.i > 0
        and (bool(token.nbor(-1).whitespace_) or token.nbor(-1).is_space)
    )


def _before_quote(token: Token) -> bool:
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.text in _QUOTE_CHARS and token.text in ",.?!"
