"""Claims: statements about one proposition, across articles, with who takes which side.

A claim gathers the statements whose content says the same thing ("Russia offered bounties
to the Taliban"): the outlets and officials who assert it, the government that denies it, the
ministers who dispute it, the spokespeople who decline to comment, the officials who call it
unverified. Grouping is lexical: each statement's content becomes a bag of content-word stems,
numbers and country codes, weighted by TF-IDF over all statements grouped together, and a
statement joins the claim it is closest to (average cosine with its latest members) when

- the similarity reaches the threshold,
- the two share *anchors*: words rare enough to say what the proposition is about (a term in
  more than :data:`COMMON_SHARE` of the statements, or a word family such as "pay" in a
  financial corpus, is too common to anchor a claim, however much it weighs in the cosine),
- their articles are no more than :data:`WINDOW_DAYS` apart, and
- they are not about two different subjects: "Porex said its board declared a dividend" and
  "Medco said its board declared a dividend" are two propositions, because a content that
  refers back to its speaker ("its", "we", "he") is about that speaker.

Within one article two more links apply: a content that only points at a claim ("disputed
the reports", "the reward intelligence has not been verified") joins the article's claim it
shares most words with, or the article's main claim, and so does a decline to comment.
Knowledge (stop words, reference nouns, word families such as bounty ~ reward ~ cash) lives
in ``data/attribution/claims.yaml``.

Grouping may instead compare sentence embeddings (``group_claims(..., embed=...)``):
:func:`~backchannel.claims.embed.minilm_embedder` gives all-MiniLM-L6-v2 (the ``embed``
extra), to be used with :data:`EMBED_JOIN_THRESHOLD`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from backchannel import data as packaged
from backchannel.nlp.attribution.speakers import source_lexicon
from backchannel.records import Record, Statement, plain, short_hash
from backchannel.vocab import STANCES, Stance

__all__ = [
    "COMMON_SHARE",
    "Claim",
    "EMBED_JOIN_THRESHOLD",
    "Embedder",
    "JOIN_THRESHOLD",
    "Side",
    "Utterance",
    "Voice",
    "WINDOW_DAYS",
    "group_claims",
    "group_utterances",
    "terms",
    "utterances",
]

#: texts → one embedding vector per text (optional, see ``group_claims``)
Embedder = Callable[[list[str]], Sequence[Sequence[float]]]

#: cosine similarity a statement needs with a claim to join it
JOIN_THRESHOLD = 0.3
#: the same for MiniLM embeddings (:func:`minilm_embedder`): hand-written paraphrases score
#: 0.37-0.77 (median 0.59), statements on one topic saying different things 0.10-0.52; on the
#: seed articles 0.45-0.60 keep the bounty claim's sides and the two articles apart
EMBED_JOIN_THRESHOLD = 0.55
#: a term in more than this share of the statements (and in more than :data:`_MIN_COMMON`
#: of them) is too common to anchor a claim
COMMON_SHARE = 0.002
_MIN_COMMON = 20
#: the most days between two articles whose statements make one claim
WINDOW_DAYS = 30
_CLEAR_MATCH = 0.5
_COMPARED = 12  # a claim is compared through its latest members (bounds the cost)
_PROBES = 4  # the rarest anchors of a statement find its candidate claims
_WORD = re.compile(r"[A-Za-z][A-Za-z.’'-]*|\d+(?:[.,/]\d+)*")
_SELF = frozenset("it its we our us i my he his him she her they their them".split())
_POINTERS = frozenset({"it", "this", "that"})
_VERBAL = frozenset("will would to not it they he she we can could may might".split())


@dataclass(frozen=True, slots=True)
class Voice:
    """One statement on a claim: who, in which article, published when."""

    statement_id: str
    speaker: str | None
    speaker_kind: str
    article_id: str
    published: str | None

    def to_dict(self) -> dict:
        return _plain_fields(self)


@dataclass(frozen=True, slots=True)
class Side:
    """Everyone taking one stance on a claim."""

    stance: Stance
    voices: tuple[Voice, ...]

    @property
    def speakers(self) -> tuple[str, ...]:
        return tuple(v.speaker for v in self.voices if v.speaker)

    def to_dict(self) -> dict:
        return {"stance": self.stance, "voices": [v.to_dict() for v in self.voices]}


@dataclass(frozen=True, slots=True)
class Claim:
    """A proposition and its sides (assert, deny, dispute, decline, unverified)."""

    id: str
    proposition: str
    sides: tuple[Side, ...]

    def side(self, stance: Stance) -> Side | None:
        """The side with ``stance``, if anyone takes it."""
        return next((s for s in self.sides if s.stance == stance), None)

    @property
    def statement_ids(self) -> tuple[str, ...]:
        return tuple(v.statement_id for s in self.sides for v in s.voices)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "proposition": self.proposition,
            "sides": [s.to_dict() for s in self.sides],
        }


@dataclass(frozen=True, slots=True)
class Utterance:
    """A statement as grouping needs it, from a record or from the store's tables.

    ``subject`` identifies the speaker when the speaker is a named person or organization
    (its actor id, else its name), None for anonymous, pronoun or missing speakers.
    """

    statement_id: str
    article_id: str
    published: str | None
    speaker: str | None
    speaker_kind: str
    subject: str | None
    stance: Stance
    text: str


def _plain_fields(record) -> dict:
    return {name: plain(getattr(record, name)) for name in record.__slots__}


# --- knowledge ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimLexicon:
    """Stop words, words that refer to a claim, and word families mapped to one key."""

    stop_words: frozenset[str]
    references: frozenset[str]
    families: dict[str, str]


@lru_cache(maxsize=1)
def claim_lexicon() -> ClaimLexicon:
    """The lexicon from the packaged ``claims.yaml``."""
    lexicon = packaged.load_yaml("attribution/claims.yaml")
    families = {w: key for key, words in lexicon["families"].items() for w in [key, *words]}
    return ClaimLexicon(
        frozenset(lexicon["stop_words"]), frozenset(lexicon["references"]), families
    )


# --- statements -----------------------------------------------------------------------


def utterances(records: Iterable[Record]) -> list[Utterance]:
    """The statements of ``records`` as :class:`Utterance` objects, in record order."""
    return [
        _utterance(s, record.article.id, record.article.published)
        for record in records
        for s in record.statements
    ]


def _utterance(statement: Statement, article_id: str, published: str | None) -> Utterance:
    speaker = statement.speaker
    name, kind, subject = None, "none", None
    if speaker is not None:
        actor = speaker.actor
        name = actor.name if actor is not None else speaker.text
        kind = speaker.kind
        subject = speaker_subject(kind, actor.id if actor is not None else None, speaker.text)
    return Utterance(
        statement.id,
        article_id,
        published,
        name,
        kind,
        subject,
        statement.stance,
        statement.content.text,
    )


def speaker_subject(kind: str | None, actor_id: str | None, text: str | None) -> str | None:
    """Who a self-referring content ("its board", "we") is about: a named person or
    organization (by actor id, else by name); None when the speaker is vague."""
    if kind not in ("person", "organization", "outlet"):
        return None
    if actor_id:
        return actor_id
    words = (text or "").lower().split()
    if not words or words[0] in _SELF or words[0] in claim_lexicon().stop_words:
        return None
    return " ".join(words)


# --- content terms --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    """An utterance with its place in the input and its content terms."""

    said: Utterance
    order: int
    day: int | None
    terms: Counter[str]
    reference: bool  # the content only points at a claim ("the reports")
    about_speaker: bool  # the content refers back to its speaker ("its board declared")
    names: frozenset[str]  # the terms of its capitalised words and countries


def terms(text: str) -> Counter[str]:
    """Content-word stems, numbers and country codes of a statement's content."""
    bag: Counter[str] = Counter()
    for word in _WORD.findall(text):
        key = _term(word)
        if key:
            bag[key] += 1
    return bag


def _term(word: str) -> str | None:
    """A word's term: ``#`` and the number, a country code, or the stem of a content word
    (through its word family); None for a stop word."""
    if word[0].isdigit():
        return "#" + word.replace(",", "")
    lexicon, countries = claim_lexicon(), source_lexicon().countries
    lower = word.lower().strip(".’'")
    country = countries.get(lower)
    if country:
        return country
    if lower in lexicon.stop_words or len(lower) <= 2:
        return None
    return lexicon.families.get(lower, lexicon.families.get(_stem(lower), _stem(lower)))


def _names(text: str) -> frozenset[str]:
    """The terms of a content's names: its capitalised words and its countries."""
    countries = source_lexicon().countries
    found = set()
    for word in _WORD.findall(text):
        if word[0].isupper() or word.lower().strip(".’'") in countries:
            key = _term(word)
            if key and not key.startswith("#"):
                found.add(key)
    return frozenset(found)


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


def _words(text: str) -> list[str]:
    words = [w.lower().strip(".’'") for w in _WORD.findall(text)]
    return words[1:] if words[:1] == ["that"] else words  # "said that …": a complementiser


def _is_reference(words: list[str]) -> bool:
    """Whether a content only points at a claim made elsewhere: a short content with a
    pointer or a reference noun ("it", "the reports"), or one whose subject is a reference
    noun ("the reward intelligence has not been verified")."""
    references = claim_lexicon().references
    if len(words) <= 3:
        return any(w in references for w in words)
    return any(
        w in references and w not in _POINTERS and (i == 0 or words[i - 1] not in _VERBAL)
        for i, w in enumerate(words[:3])
    )


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def _items(said: Sequence[Utterance]) -> list[_Item]:
    items = []
    read: dict[str, tuple] = {}  # a copied story repeats its texts
    for order, one in enumerate(said):
        if one.text not in read:
            words = _words(one.text)
            read[one.text] = (
                terms(one.text),
                _is_reference(words),
                any(w in _SELF for w in words[:6]),
                _names(one.text),
            )
        items.append(_Item(one, order, _day(one.published), *read[one.text]))
    return items


# --- grouping -------------------------------------------------------------------------


@dataclass
class _Group:
    items: list[_Item] = field(default_factory=list)
    vectors: list[dict[str, float]] = field(default_factory=list)
    centroid: Counter[str] = field(default_factory=Counter)
    window: dict[str, float] = field(default_factory=dict)  # sum of the latest members
    names: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    last_day: int | None = None

    def add(self, item: _Item, vector: dict[str, float]) -> None:
        self.items.append(item)
        self.vectors.append(vector)
        self.centroid.update(vector)
        self.names |= item.names
        self.articles.add(item.said.article_id)
        for term, value in vector.items():
            self.window[term] = self.window.get(term, 0.0) + value
        if len(self.vectors) > _COMPARED:  # the oldest member leaves the window
            for term, value in self.vectors[-_COMPARED - 1].items():
                left = self.window[term] - value
                if abs(left) < 1e-12:
                    del self.window[term]
                else:
                    self.window[term] = left
        if item.about_speaker and item.said.subject:
            self.subjects.add(item.said.subject)
        if item.day is not None:
            self.last_day = max(self.last_day or item.day, item.day)

    def similarity(self, vector: dict[str, float]) -> float:
        """Average cosine with the latest members (average link keeps big claims from
        swallowing; the latest few keep the cost of a long-running claim bounded). Vectors
        are unit length, so this is one dot product with the latest members' sum."""
        return _dot(vector, self.window) / min(len(self.vectors), _COMPARED)

    def near(self, item: _Item) -> bool:
        """Whether ``item`` is recent enough and not about another subject: from another
        article, a content that names things ("underwriters led by First Boston") joins a
        claim that names some of them, or none."""
        if item.said.article_id not in self.articles and item.names and self.names:
            if item.names.isdisjoint(self.names):
                return False
        if item.day is not None and self.last_day is not None:
            if abs(item.day - self.last_day) > WINDOW_DAYS:
                return False
        subject = item.said.subject if item.about_speaker else None
        return not (subject and self.subjects and subject not in self.subjects)

    def weight_in(self, article_id: str) -> int:
        return sum(i.said.article_id == article_id and not i.reference for i in self.items)


@dataclass
class _Grouping:
    """The state of one grouping run: groups, and the indexes that find candidates fast."""

    vectors: dict[int, dict[str, float]]
    anchors: dict[int, list[str]]  # item order → its anchors, rarest first
    threshold: float
    lexical: bool
    groups: list[_Group] = field(default_factory=list)
    by_term: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_article: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def place(self, item: _Item) -> None:
        vector, anchors = self.vectors[item.order], self.anchors[item.order]
        best, best_score = None, self.threshold
        for index in self._candidates(item, anchors):
            group = self.groups[index]
            if not group.near(item):
                continue
            score = group.similarity(vector)
            if score >= best_score:
                best, best_score = index, score
        if best is None:
            self.groups.append(_Group())
            best = len(self.groups) - 1
        self._add(best, item, anchors)

    def _candidates(self, item: _Item, anchors: list[str]) -> list[int]:
        if not self.lexical:
            return list(range(len(self.groups)))
        found: Counter[int] = Counter()
        for term in anchors[:_PROBES]:
            found.update(set(self.by_term.get(term, ())))
        need = min(2, len(anchors))
        candidates = []
        for index in found:
            shared = sum(t in self.groups[index].centroid for t in anchors)
            if shared >= need:
                candidates.append(index)
        return sorted(candidates)

    def _add(self, index: int, item: _Item, anchors: list[str]) -> None:
        group = self.groups[index]
        group.add(item, self.vectors[item.order])
        for term in anchors:
            entries = self.by_term[term]
            if not entries or entries[-1] != index:
                entries.append(index)
        articles = self.by_article[item.said.article_id]
        if index not in articles:
            articles.append(index)

    def refer(self, item: _Item) -> None:
        """Attach a referring content or a decline to its article's claim: the article's
        main claim (the most statements there), unless it shares nothing with it and clearly
        matches another."""
        article_id, vector = item.said.article_id, self.vectors[item.order]
        local = self.by_article.get(article_id)
        if not local:
            return
        main = max(local, key=lambda i: (self.groups[i].weight_in(article_id), -i))
        best = max(local, key=lambda i: self.groups[i].similarity(vector))
        target = main
        if (
            self.groups[main].similarity(vector) == 0
            and self.groups[best].similarity(vector) >= _CLEAR_MATCH
        ):
            target = best
        self.groups[target].add(item, vector)


def group_claims(
    records: Iterable[Record],
    threshold: float = JOIN_THRESHOLD,
    *,
    embed: Embedder | None = None,
) -> list[Claim]:
    """Statements of ``records`` grouped into claims, largest first (see module docstring).

    ``embed`` (optional) maps content texts to sentence embeddings, e.g. a sentence-embedding
    model's ``encode``; the cosine of embeddings then replaces the TF-IDF cosine, and
    ``threshold`` should be set for it (:data:`EMBED_JOIN_THRESHOLD` for :func:`minilm_embedder`).
    """
    return group_utterances(utterances(records), threshold, embed=embed)


def group_utterances(
    said: Sequence[Utterance],
    threshold: float = JOIN_THRESHOLD,
    *,
    embed: Embedder | None = None,
) -> list[Claim]:
    """:func:`group_claims` over utterances (from records or from the store's tables)."""
    items = [i for i in _items(said) if _voiced(i.said)]
    vectors, anchors = _vectors(items, embed)
    run = _Grouping(vectors, anchors, threshold, lexical=embed is None)
    ordered = sorted(items, key=lambda i: (i.day is None, i.day or 0, i.order))
    for item in ordered:
        if not item.reference and item.said.stance != "decline":
            run.place(item)
    for item in ordered:
        if item.reference or item.said.stance == "decline":
            run.refer(item)
    claims = [_claim(g) for g in run.groups if len(g.items) > 1]
    return sorted(claims, key=lambda c: (-len(c.statement_ids), c.id))


def _vectors(
    items: list[_Item], embed: Embedder | None
) -> tuple[dict[int, dict[str, float]], dict[int, list[str]]]:
    """Item order → vector (TF-IDF over content terms, or the embedding when given), and
    item order → its anchors (terms rare enough to say what it is about), rarest first."""
    documents = Counter(term for item in items for term in item.terms)
    common = max(_MIN_COMMON, math.ceil(COMMON_SHARE * len(items)))
    anchors = {
        i.order: sorted(
            (t for t in i.terms if documents[t] <= common and not t.startswith("#")),
            key=lambda t: (documents[t], t),
        )
        for i in items
    }
    if embed is not None:
        dense = embed([i.said.text for i in items])
        vectors = {
            i.order: _unit({str(k): float(v) for k, v in enumerate(e)})
            for i, e in zip(items, dense)
        }
        return vectors, anchors
    total = len(items) + 1
    idf = {term: math.log(total / count) + 1.0 for term, count in documents.items()}
    return {i.order: _unit(_vector(i.terms, idf)) for i in items}, anchors


def _voiced(said: Utterance) -> bool:
    """Statements someone is said to make: a speaker, or a stance other than plain assert."""
    return said.speaker is not None or said.stance != "assert"


def _vector(bag: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    return {term: count * idf.get(term, 1.0) for term, count in bag.items()}


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {term: value / norm for term, value in vector.items()} if norm else vector


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(term, 0.0) for term, value in a.items())


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _claim(group: _Group) -> Claim:
    by_stance: dict[str, list[Voice]] = defaultdict(list)
    for item in sorted(group.items, key=lambda i: i.order):
        by_stance[item.said.stance].append(_voice(item.said))
    sides = tuple(Side(stance, tuple(by_stance[stance])) for stance in STANCES if by_stance[stance])
    proposition = _proposition(group)
    return Claim(short_hash(*sorted(i.said.statement_id for i in group.items)), proposition, sides)


def _voice(said: Utterance) -> Voice:
    return Voice(
        said.statement_id, said.speaker, said.speaker_kind, said.article_id, said.published
    )


def _proposition(group: _Group) -> str:
    """The asserted content closest to the claim's centroid, without a leading "that"."""
    candidates = [i for i in group.items if i.said.stance == "assert" and not i.reference]
    candidates = candidates or group.items
    best = max(candidates, key=lambda i: (_cosine(dict(i.terms), group.centroid), -i.order))
    text = best.said.text.strip("“”\"' ")
    return re.sub(r"^that\s+", "", text)
