"""Sentence selection: the parser and NER see only the sentences that can hold an event.

The dependency parse and the named entities are almost all of the NLP stage's cost, and a
sentence with no trigger, attribution cue, quotation mark or known actor yields no event and
no statement. The ``backchannel_select`` component runs right after the tokenizer (and the
sentence limit): it splits the text into sentences by rule (:func:`sentence_starts`), keeps
those a cheap look at their words finds worth parsing (:class:`Candidates`), and runs the
model's own components (tagger, parser, lemmatizer, NER…) over the kept stretches alone.
Their annotations are copied back into the article's Doc, whose tokens, text and character
offsets stay those of the whole article; a sentence left out keeps its tokens with no tag,
lemma, entity or arc (each is a flat tree under its first token), so no component finds an
event or a statement in it.

The candidate words come from the same data the components read, never from a copy: the
trigger lexicon's lemmas (:func:`~backchannel.nlp.events.triggers.lexicon`), the verbs of
reported demands, the stance lexicon's cue and speech lemmas and the cue model's favoured
lemmas (:mod:`~backchannel.nlp.attribution.stance`), the knowledge base's titles and actor
nouns (but not those of business, "company", "Inc": alone they make no event), its names
found by its own matcher (:func:`~backchannel.nlp.actors.kb.match`), and the places
component's gazetteer, whose names keep the places found those of the full parse; a sentence a
quotation overlaps, and a credit line after one, are kept too. A word counts by its form
and by every lemma the model's lemma tables could give it, as a verb, noun or adjective;
a capitalised word inside a sentence counts as a name only. When in doubt, a sentence is
parsed. On Reuters business news about 85% of the tokens are still parsed (most sentences
report what someone said); events and statements stay those of the full parse in all but
a few articles (``python -m benchmarks.speed --compare 200``).

:func:`install` puts the component in a pipeline; ``Settings.select_sentences`` (variable
``BACKCHANNEL_SELECT_SENTENCES``) switches it off, and the pipeline then parses everything.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.lookups import Table
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Token

from backchannel.nlp import sentence_limit
from backchannel.nlp.actors.kb import KnowledgeBase, default_kb, load_kb, match
from backchannel.nlp.attribution.quotes import find_quotes
from backchannel.nlp.attribution.stance import cue_model, stance_lexicon
from backchannel.nlp.events.triggers import lexicon
from backchannel.nlp.places.gazetteer import Gazetteer

__all__ = ["NAME", "Candidates", "SentenceSelector", "install", "chosen", "sentence_starts"]

#: the component's name in the pipeline.
NAME = "backchannel_select"
#: the attributes copied back from a parsed stretch into the article's Doc
_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, ENT_KB_ID]
_HEAD, _DEP, _ENT_IOB = _ATTRS.index(HEAD), _ATTRS.index(DEP), _ATTRS.index(ENT_IOB)
_INSIDE, _OUTSIDE, _BEGIN = 1, 2, 3  # ENT_IOB codes: "I", "O", "B"
_PUNCT = frozenset(Sentencizer.default_punct_chars)
#: what may close a sentence after its full stop (quote marks, brackets)
_CLOSERS = frozenset("\"'”’»)]}")
#: dashes that open a credit line ("“…” ― Esther Tapia"), read by the statement finder
_DASHES = frozenset({"―", "—", "–", "--"})
#: the parts of speech a word is lemmatised as, to find every lemma it could have
_POS = ("verb", "noun", "adj")
_CACHE_LIMIT = 200_000
#: the sector of companies and their staff: such an actor makes no event political and says
#: nothing without a cue, so a title, noun or name word of it alone does not need the parser
_BUSINESS = "BUS"
#: the parts of speech of the cue model's favoured words that the choice reads
_CUE_POS = frozenset({"VERB", "NOUN", "ADJ"})
#: the least weight the cue model gives a word (with its part of speech) for it to count
_CUE_WEIGHT = 0.15


@dataclass(frozen=True, slots=True)
class Word:
    """What one word form may be: ``hit`` a trigger, cue, title or actor noun whatever its
    neighbours; ``wants`` the words a trigger that needs one ("pay" a "tribute") looks for;
    ``readings`` the form and the lemmas it may have, which such words are matched against."""

    hit: bool
    wants: frozenset[str]
    readings: frozenset[str]


def _trigger_lemmas() -> tuple[set[str], dict[str, frozenset[str]]]:
    """Trigger lemmas (the verb of a phrasal entry) that code by themselves, and those
    whose every entry needs a word around it, with the words they need."""
    free: set[str] = set()
    needy: dict[str, set[str]] = {}
    for (_, lemma), entries in lexicon().entries.items():
        head = lemma.split()[0]
        if all(e.needs for e in entries) and " " not in lemma:
            needy.setdefault(head, set()).update(w for e in entries for w in e.needs)
        else:
            free.add(head)
    return free, {k: frozenset(v) for k, v in needy.items() if k not in free}


def _cue_lemmas() -> set[str]:
    """Attribution cues: the stance lexicon's cue and speech lemmas, the verbs of reported
    demands, and the verbs, nouns and adjectives the cue model favours as cues (by at least
    ``_CUE_WEIGHT``: the weakest words there are common ones that cue nothing by themselves)."""
    stance = stance_lexicon()
    found = set(stance.lemmas) | stance.speech | lexicon().demand_verbs
    for feature, weight in cue_model().weights.items():
        if weight >= _CUE_WEIGHT and feature.startswith("lp="):
            lemma, _, pos = feature[3:].partition("|")
            if pos in _CUE_POS:
                found.add(lemma)
    return found


@dataclass(slots=True)
class Candidates:
    """Decides whether a sentence needs the parser, from its words.

    ``lemmas`` are the lower-case lemmas of triggers and cues (read only on a word written
    in lower case, or one that may start a sentence: a capitalised word inside a sentence is
    a name), ``needy`` the trigger lemmas that need a word around them, ``actors`` the head
    words of the knowledge base's titles and actor nouns (in any case), ``names`` the words
    that mark an unknown organisation when capitalised ("Ministry", "Front"); both leave out
    business ones ("company", "Inc"), which alone need no parse. ``tables`` the
    model lemmatizer's rule tables (``lemma_rules``, ``lemma_exc``; empty: forms and plain
    suffixes only). Each distinct form is judged once and remembered.
    """

    lemmas: frozenset[str]
    needy: dict[str, frozenset[str]]
    actors: frozenset[str]
    names: frozenset[str]
    kb: KnowledgeBase
    tables: dict[str, Table] = field(default_factory=dict)
    places: Gazetteer | None = None
    _seen: dict[str, Word] = field(default_factory=dict)
    _placed: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        kb: KnowledgeBase,
        tables: dict[str, Table] | None = None,
        places: Gazetteer | None = None,
    ) -> Candidates:
        """The candidates of the packaged lexicons, ``kb`` (the actors component's) and
        ``places`` (the places component's gazetteer: a capitalised place name keeps its
        sentence, so that the places found stay those of the full parse)."""
        free, needy = _trigger_lemmas()
        senses = [*kb.titles.items(), *kb.nouns.items()]
        actors = frozenset(k.split()[-1] for k, v in senses if k.strip() and v.sector != _BUSINESS)
        names = frozenset(w for w, sector in kb.name_words.items() if sector != _BUSINESS)
        lemmas = frozenset(free | _cue_lemmas())
        return cls(lemmas, needy, actors, names, kb, dict(tables or {}), places)

    def sentence(self, tokens: Iterable[Token]) -> bool:
        """Whether the sentence of ``tokens`` may hold a trigger, cue, title or actor noun."""
        wanted: set[str] = set()
        readings: set[str] = set()
        initial, before = True, ""
        for token in tokens:
            text = token.text
            named = text[:1].isupper() and not initial and not text.isupper()
            word = self.word(text.lower())
            if word.readings & self.actors or (named and text.lower() in self.names):
                return True
            if text[:1].isupper() and (self.place(text) or before and self.place(before + text)):
                return True
            before = f"{text} " if text[:1].isupper() else ""
            if not named:
                if word.hit:
                    return True
                wanted |= word.wants
            readings |= word.readings
            initial = not text[:1].isalnum()
        return bool(wanted & readings)

    def place(self, name: str) -> bool:
        """Whether the gazetteer knows the capitalised ``name`` (judged once)."""
        if self.places is None:
            return False
        known = self._placed.get(name)
        if known is None:
            if len(self._placed) >= _CACHE_LIMIT:
                self._placed.clear()
            known = self._placed[name] = bool(self.places.lookup(name))
        return known

    def word(self, lower: str) -> Word:
        """What the lower-cased form ``lower`` may be (judged once, then remembered)."""
        known = self._seen.get(lower)
        if known is None:
            readings = frozenset(self.readings(lower))
            hit = bool(readings & self.lemmas)
            wants = frozenset().union(*(self.needy.get(r, ()) for r in readings))
            known = Word(hit, wants, readings)
            if len(self._seen) >= _CACHE_LIMIT:
                self._seen.clear()
            self._seen[lower] = known
        return known

    def readings(self, lower: str) -> set[str]:
        """The form and every lemma the lemma tables could give it as a verb, noun or
        adjective (a generous union: a wrong reading only parses a sentence more)."""
        found = {lower, lower.rstrip("s")}
        exceptions = self.tables.get("lemma_exc", {})
        for pos in _POS:
            found.update(exceptions.get(pos, {}).get(lower, ()))
            for old, new in self.tables.get("lemma_rules", {}).get(pos, ()):
                if lower.endswith(old):
                    found.add(lower[: len(lower) - len(old)] + new)
        return found


def sentence_starts(doc: Doc) -> list[int]:
    """Where each sentence starts, by rule: after a run of sentence-final punctuation (and
    the quote marks or brackets closing it), after a line break, and wherever a start is
    already set (the sentence limit's). White space stays with the sentence before it, as
    the parser leaves it. Only the choice of sentences depends on these splits: a chosen
    stretch is parsed whole, and the parser places its own sentence ends inside it."""
    starts, ended, broken = [0], False, False
    for token in islice(doc, 1, None):
        text = token.text
        if token.is_space:
            broken = broken or "\n" in text
            continue
        final = text in _PUNCT or set(text) <= _PUNCT
        closing = text in _CLOSERS and not doc[token.i - 1].whitespace_  # '."' but not '. "'
        if token.is_sent_start or broken or (ended and not final and not closing):
            starts.append(token.i)
            ended, broken = final, False
        elif final:
            ended = True
    return starts if len(doc) else []


def chosen(doc: Doc, candidates: Candidates) -> list[tuple[int, int]]:
    """The stretches of ``doc`` (token ranges, in order, adjacent kept sentences joined)
    that need the parser."""
    return _choose(doc, candidates, sentence_starts(doc))


def _choose(doc: Doc, candidates: Candidates, starts: list[int]) -> list[tuple[int, int]]:
    bounds = list(zip(starts, [*starts[1:], len(doc)]))
    keep = [candidates.sentence(doc[s:e]) for s, e in bounds]
    _mark_quotes(doc, bounds, keep)
    _mark_names(doc, bounds, keep, candidates.kb)
    for n, (s, _) in enumerate(bounds):
        if not keep[n] and doc[s].text in _DASHES and n and keep[n - 1]:
            keep[n] = True  # a credit line after a quote
    return _join([b for b, k in zip(bounds, keep) if k])


def _mark_quotes(doc: Doc, bounds: list[tuple[int, int]], keep: list[bool]) -> None:
    """Keep every sentence a quotation overlaps."""
    quotes = find_quotes(doc.text)
    if not quotes:
        return
    for n, (s, e) in enumerate(bounds):
        if keep[n]:
            continue
        first, last = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        keep[n] = any(q.start < last and first < q.end for q in quotes)


def _mark_names(
    doc: Doc, bounds: list[tuple[int, int]], keep: list[bool], kb: KnowledgeBase
) -> None:
    """Keep every sentence holding a name of the knowledge base."""
    hits = [h.start for h in match(doc, kb, doc._.bc_published)]
    if not hits:
        return
    starts = [s for s, _ in bounds]
    for hit in hits:
        keep[_index(starts, hit)] = True


def _index(starts: list[int], i: int) -> int:
    return bisect_right(starts, i) - 1


def _join(bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    joined: list[tuple[int, int]] = []
    for s, e in bounds:
        if joined and joined[-1][1] == s:
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    return joined


class SentenceSelector:
    """The ``backchannel_select`` component: parses the chosen stretches of each Doc with
    the model's components (``stages``, bound by :func:`install`) and copies their
    annotations back."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, object]] = []
        self.candidates: Candidates | None = None

    def bind(self, stages: list[tuple[str, object]], candidates: Candidates) -> None:
        self.stages, self.candidates = list(stages), candidates

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc], batch_size=1))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        """Parse ``batch_size`` articles' chosen sentences at a time (one Doc per article:
        on one core, 16 articles a batch parse as fast as 1,000, see ``benchmarks/speed.py``)."""
        docs = iter(docs)
        if self.candidates is None:  # not bound by install: the Docs pass unchanged
            yield from docs
            return
        while batch := list(islice(docs, max(1, batch_size))):
            yield from self._batch(batch, batch_size)

    def _batch(self, docs: list[Doc], batch_size: int) -> list[Doc]:
        plans = []
        for doc in docs:
            starts = sentence_starts(doc)
            plans.append((starts, _choose(doc, self.candidates, starts)))
        excerpts = [_excerpt(doc, runs) for doc, (_, runs) in zip(docs, plans) if runs]
        parsed = iter(self._parse(excerpts, batch_size))
        for doc, (starts, runs) in zip(docs, plans):
            _copy_back(doc, starts, runs, next(parsed) if runs else None)
        return docs

    def _parse(self, excerpts: list[Doc], batch_size: int) -> Iterable[Doc]:
        for _, proc in self.stages:
            if hasattr(proc, "pipe"):
                excerpts = proc.pipe(excerpts, batch_size=batch_size)
            else:
                excerpts = map(proc, excerpts)
        return excerpts


def _excerpt(doc: Doc, runs: list[tuple[int, int]]) -> Doc:
    """A new Doc of the tokens of ``runs`` one after another (one Doc per article keeps the
    model's batches as large as for whole articles), each run starting a sentence, with the
    starts the sentence limit set."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool | None] = []
    for start, end in runs:
        for token in doc[start:end]:
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
            starts.append(True if token.i == start or token.is_sent_start else None)
    starts[0] = None
    return Doc(doc.vocab, words=words, spaces=spaces, sent_starts=starts)


def _copy_back(doc: Doc, starts: list[int], runs: list[tuple[int, int]], parsed: Doc | None):
    """Write the parsed runs' annotations into ``doc``; every other sentence becomes a flat
    tree under its first token (labelled ROOT) with no tag, lemma or entity."""
    if not len(doc):
        return
    values = numpy.zeros((len(doc), len(_ATTRS)), dtype=numpy.int64)
    positions = numpy.arange(len(doc))
    firsts = numpy.asarray(starts)[numpy.searchsorted(starts, positions, side="right") - 1]
    values[:, _HEAD] = firsts - positions
    values[:, _ENT_IOB] = _OUTSIDE
    values[firsts == positions, _DEP] = doc.vocab.strings.add("ROOT")
    if parsed is not None:
        annotated = parsed.to_array(_ATTRS).view(numpy.int64)
        offset = 0
        for start, end in runs:
            block = annotated[offset : offset + end - start].copy()
            _keep_inside(block)
            values[start:end] = block
            offset += end - start
    doc.from_array(_ATTRS, values.view(numpy.uint64))


def _keep_inside(block: numpy.ndarray) -> None:
    """A run's arcs and entities stay inside it: an arc leaving it (the parser keeps to the
    sentence starts set, so none should) becomes a root, an entity it continues begins."""
    inside = numpy.arange(len(block))
    leaving = (inside + block[:, _HEAD] < 0) | (inside + block[:, _HEAD] >= len(block))
    block[leaving, _HEAD] = 0
    if len(block) and block[0, _ENT_IOB] == _INSIDE:
        block[0, _ENT_IOB] = _BEGIN


@Language.factory(
    NAME,
    assigns=["token.tag", "token.pos", "token.lemma", "token.dep", "token.head", "doc.ents"],
)
def make_selector(nlp: Language, name: str) -> SentenceSelector:
    """The selection component, idle until :func:`install` binds the model's components."""
    return SentenceSelector()


def install(
    nlp: Language, kb_path: str | None = None, places: Gazetteer | None = None
) -> SentenceSelector:
    """Put the selection component after the sentence limit (or first), hand it the
    model's components (every enabled one that is not backchannel's) and disable them in
    ``nlp``, which then runs them on the chosen sentences only. ``kb_path`` as the actors
    component's, ``places`` the places component's gazetteer (None: place names alone do
    not keep a sentence)."""
    if NAME in nlp.pipe_names:
        return nlp.get_pipe(NAME)
    stages = [n for n in nlp.pipe_names if not n.startswith("backchannel_")]
    if sentence_limit.NAME in nlp.pipe_names:
        selector = nlp.add_pipe(NAME, after=sentence_limit.NAME)
    else:
        selector = nlp.add_pipe(NAME, first=True)
    kb = load_kb(kb_path) if kb_path else default_kb()
    candidates = Candidates.build(kb, _tables(nlp), places)
    selector.bind([(n, nlp.get_pipe(n)) for n in stages], candidates)
    for name in stages:
        nlp.disable_pipe(name)
    return selector


def _tables(nlp: Language) -> dict[str, Table]:
    """The rule lemmatizer's tables of ``nlp`` (none when it has no rule lemmatizer)."""
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None:
        return {}
    return {n: lookups.get_table(n) for n in ("lemma_rules", "lemma_exc") if lookups.has_table(n)}
