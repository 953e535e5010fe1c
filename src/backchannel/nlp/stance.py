"""Cues and stance: which words attribute speech or belief, and what the speaker does with it.

Two kinds of knowledge, both package data under ``data/attribution``:

* ``cue_counts.csv``, learned from PolNeAR's train split by ``benchmarks/train_attribution``:
  for a (lemma, part of speech, syntactic frame) how often it heads an attribution cue. A
  word is a cue when its smoothed cue probability clears a threshold.
* ``stance.yaml``: hand-written cue lemmas that deny, dispute or decline, phrases that mark
  a decline ("did not respond to a request for comment"), and the content phrases that call
  a claim unverified ("has not been verified").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Token

__all__ = ["CueModel", "cue_key", "cue_model", "frame", "stance_lexicon", "stance_of"]

_CUE_POS = {"VERB", "NOUN", "ADP", "ADJ", "AUX"}
_FRAME_DEPS = ("ccomp", "xcomp", "dobj", "prep", "advcl")
_SMOOTHING = 3.0
_LEMMA_PRIOR = 0.05


def frame(token: Token) -> str:
    """The syntactic frame of a candidate cue: the first clausal or object dependent it has."""
    deps = {child.dep_ for child in token.children}
    for dep in _FRAME_DEPS:
        if dep in deps:
            return dep
    if token.dep_ in ("parataxis", "advcl") and token.head.pos_ in ("VERB", "AUX"):
        return "inserted"
    return "none"


def cue_key(token: Token) -> tuple[str, str, str] | None:
    """The key the cue model counts ``token`` under, or None when it cannot be a cue."""
    if token.pos_ not in _CUE_POS:
        return None
    return token.lemma_.lower(), token.pos_, frame(token)


@dataclass(frozen=True, slots=True)
class CueModel:
    """Cue probabilities per (lemma, pos, frame), backed off to (lemma, pos)."""

    by_key: dict[tuple[str, str, str], tuple[float, int]]
    by_lemma: dict[tuple[str, str], tuple[float, int]]

    def probability(self, token: Token) -> float:
        """Smoothed probability that ``token`` heads an attribution cue."""
        key = cue_key(token)
        if key is None:
            return 0.0
        cue, total = self.by_lemma.get(key[:2], (0.0, 0))
        lemma_p = (cue + _SMOOTHING * _LEMMA_PRIOR) / (total + _SMOOTHING)
        cue, total = self.by_key.get(key, (0.0, 0))
        return (cue + _SMOOTHING * lemma_p) / (total + _SMOOTHING)


@lru_cache(maxsize=1)
def cue_model() -> CueModel:
    """The cue model from the packaged ``cue_counts.csv``."""
    by_key: dict[tuple[str, str, str], tuple[float, int]] = {}
    by_lemma: dict[tuple[str, str], list[float]] = {}
    for row in csv.DictReader(_data("cue_counts.csv").splitlines()):
        cue, total = float(row["cue"]), int(row["total"])
        by_key[(row["lemma"], row["pos"], row["frame"])] = (cue, total)
        sums = by_lemma.setdefault((row["lemma"], row["pos"]), [0.0, 0])
        sums[0] += cue
        sums[1] += total
    return CueModel(by_key, {k: (v[0], int(v[1])) for k, v in by_lemma.items()})


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    """Cue lemmas by stance and the phrases that mark declines and unverified claims."""

    lemmas: dict[str, str]
    decline_phrases: re.Pattern[str]
    unverified_phrases: re.Pattern[str]


@lru_cache(maxsize=1)
def stance_lexicon() -> StanceLexicon:
    """The stance lexicon from the packaged ``stance.yaml``."""
    data = yaml.safe_load(_data("stance.yaml"))
    lemmas = {lemma: stance for stance, words in data["cue_lemmas"].items() for lemma in words}
    return StanceLexicon(
        lemmas, _alternation(data["decline_phrases"]), _alternation(data["unverified_phrases"])
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
    return resources.files("backchannel").joinpath("data", "attribution", name).read_text("utf-8")
