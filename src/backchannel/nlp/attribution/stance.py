"""Cues and stance: which words attribute speech or belief, and what the speaker does with it.

Two kinds of knowledge, both package data under ``data/attribution``:

* ``cue_weights.csv.gz``, learned from PolNeAR's train split by ``benchmarks/train_attribution``:
  the weights of a logistic model over a word's lemma, part of speech, dependency, syntactic
  frame and neighbours. A word is a cue when its probability clears a threshold. It belongs
  to the rules, so it stays in the library, gzipped (2 MB of CSV, 0.55 MB packed; ``zcat``
  reads it); the trained taggers, which read the rules' output, are ``backchannel.models``.
* ``stance.yaml``: hand-written cue lemmas that deny, dispute or decline, phrases that mark
  a decline ("did not respond to a request for comment"), and the content phrases that call
  a claim unverified ("has not been verified").
"""

from __future__ import annotations

import csv
import gzip
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token

from backchannel import data as packaged

__all__ = [
    "CueModel",
    "StanceLexicon",
    "cue_features",
    "cue_model",
    "frame",
    "stance_lexicon",
    "stance_of",
]

_CUE_POS = {"VERB", "NOUN", "ADP", "ADJ", "AUX"}
_VERBS = {"VERB"}
_FRAME_DEPS = ("ccomp", "xcomp", "dobj", "prep", "advcl")
_WEIGHED_LIMIT = 200_000


def frame(token: Token) -> str:
    """The syntactic frame of a candidate cue: the first clausal or object dependent it has."""
    deps = {child.dep_ for child in token.children}
    for dep in _FRAME_DEPS:
        if dep in deps:
            return dep
    if token.dep_ in ("parataxis", "advcl") and token.head.pos_ in ("VERB", "AUX"):
        return "inserted"
    return "none"


def cue_features(token: Token, in_quote: bool = False) -> list[str] | None:
    """The features the cue model weighs for ``token``, or None when it cannot be a cue."""
    if token.pos_ not in _CUE_POS:
        return None
    lemma, pos, dep, shape = token.lemma_.lower(), token.pos_, token.dep_, frame(token)
    children = [c.dep_ for c in token.children]
    subject = any(d in ("nsubj", "nsubjpass", "csubj") for d in children)
    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else "</s>"
    features = [
        "bias",
        f"l={lemma}",
        f"lp={lemma}|{pos}",
        f"lf={lemma}|{shape}",
        f"ld={lemma}|{dep}",
        f"ls={lemma}|{subject}",
        f"ln={lemma}|{following}",
        f"pd={pos}|{dep}",
        f"t={token.tag_}",
        f"f={shape}",
        f"pf={pos}|{shape}",
        f"ps={pos}|{subject}",
        f"q={in_quote}",
        f"h={token.head.lemma_.lower()}|{dep}",
        f"lq={lemma}|{in_quote}",
    ]
    subject_pos = next((c.pos_ for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), "-")
    previous = token.nbor(-1).lower_ if token.i else "<s>"
    features += [
        f"lt={lemma}|{token.tag_}",
        f"sp={subject_pos}",
        f"lsp={lemma}|{subject_pos}",
        f"pv={previous}",
        f"lpv={lemma}|{previous}",
        f"hp={token.head.pos_}|{dep}",
    ]
    features.extend(f"c={d}" for d in set(children))
    features.extend(f"lc={lemma}|{d}" for d in set(children) if d in _FRAME_DEPS)
    return features


@dataclass(frozen=True, slots=True)
class CueModel:
    """A logistic model over cue features (``cue_weights.csv.gz``, see ``cue_features``)."""

    weights: dict[str, float]
    #: (part of speech id, lemma hash) → whether a word so tagged may be a cue at all
    _weighed: dict[tuple[int, int], bool] = field(default_factory=dict, compare=False, repr=False)

    def probabilities(self, doc: Doc, quoted: set[int] | frozenset[int]) -> list[float]:
        """:meth:`probability` of every token of ``doc`` (``quoted``: the indices of the
        quoted ones), weighing only the words whose tag and lemma may make a cue."""
        found = [0.0] * len(doc)
        for i, (pos, lemma) in enumerate(doc.to_array([POS, LEMMA]).tolist()):
            if self._may_cue(pos, lemma, doc):
                found[i] = self.probability(doc[i], i in quoted)
        return found

    def _may_cue(self, pos: int, lemma: int, doc: Doc) -> bool:
        known = self._weighed.get((pos, lemma))
        if known is None:
            tag = POS_NAMES.get(pos, "")
            word = doc.vocab.strings[lemma].lower() if lemma else ""
            known = tag in _CUE_POS and (
                tag in _VERBS or self.weights.get(f"lp={word}|{tag}", -1.0) > 0.0
            )
            if len(self._weighed) >= _WEIGHED_LIMIT:
                self._weighed.clear()
            self._weighed[(pos, lemma)] = known
        return known

    def probability(self, token: Token, in_quote: bool = False) -> float:
        """Probability that ``token`` heads an attribution cue. Nouns, adjectives and
        prepositions are rarely cues: only those whose lemma the model favours are weighed."""
        if token.pos_ not in _VERBS:
            lemma_weight = self.weights.get(f"lp={token.lemma_.lower()}|{token.pos_}", -1.0)
            if lemma_weight <= 0.0:
                return 0.0
        features = cue_features(token, in_quote)
        if features is None:
            return 0.0
        score = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@lru_cache(maxsize=1)
def cue_model() -> CueModel:
    """The cue model from the packaged ``cue_weights.csv.gz``."""
    packed = packaged.read_bytes("attribution/cue_weights.csv.gz")
    rows = csv.reader(gzip.decompress(packed).decode("utf-8").splitlines())
    next(rows)
    return CueModel({feature: float(weight) for feature, weight in rows})


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    """Cue lemmas by stance, verbs of saying, and the phrases that mark declines and
    unverified claims."""

    lemmas: dict[str, str]
    speech: frozenset[str]
    decline_phrases: re.Pattern[str]
    unverified_phrases: re.Pattern[str]


@lru_cache(maxsize=1)
def stance_lexicon() -> StanceLexicon:
    """The stance lexicon from the packaged ``stance.yaml``."""
    data = yaml.safe_load(_data("stance.yaml"))
    lemmas = {lemma: stance for stance, words in data["cue_lemmas"].items() for lemma in words}
    return StanceLexicon(
        lemmas,
        frozenset(data["speech_lemmas"]),
        _alternation(data["decline_phrases"]),
        _alternation(data["unverified_phrases"]),
    )


def stance_of(cue_words: Iterable[Token], cue_text: str, content_text: str) -> str:
    """assert | deny | dispute | decline | unverified, from the cue and the content."""
    lexicon = stance_lexicon()
    if lexicon.decline_phrases.search(cue_text):
        return "decline"
    if lexicon.unverified_phrases.search(content_text):
        return "unverified"
    for token in cue_words:
        stance = lexicon.lemmas.get(token.lemma_.lower())
        if stance:
            return stance
    return "assert"


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE)


def _data(name: str) -> str:
    return packaged.read_text(f"attribution/{name}")
