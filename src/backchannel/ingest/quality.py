"""Quality signals about an article's text: language, out-of-vocabulary rate, translation artefacts.

:func:`assess` is cheap by design (it runs on every article before the spaCy parse):
language identification with py3langid on a prefix of the text (not even that when English
function words fill the opening, as in nearly all English news), a set lookup per word for
the out-of-vocabulary rate, and a handful of precompiled regular expressions for the
artefacts of machine-translated or spun copies (``data/quality/machine_translation.yaml``).

Flags: ``non_english`` (the language is not English), ``no_prose`` (tables of figures,
no language to identify), ``machine_translated`` (enough
different translation artefacts), ``high_oov`` (many words are in no English word list:
garbled, spun or non-English text). The store keeps them; the coder does not code
non-English text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from backchannel import data as packaged
from backchannel.errors import ConfigError
from backchannel.records import Quality

__all__ = [
    "assess",
    "off_topic",
    "topics",
    "Topics",
    "language",
    "oov_rate",
    "translation_cues",
    "cues",
    "Cue",
    "Cues",
    "NON_ENGLISH",
    "NO_PROSE",
    "MACHINE_TRANSLATED",
    "HIGH_OOV",
]

NON_ENGLISH = "non_english"
MACHINE_TRANSLATED = "machine_translated"
HIGH_OOV = "high_oov"
NO_PROSE = "no_prose"
#: py3langid's label for text with no linguistic content (tables, figures).
NO_LANGUAGE = "zxx"

#: Characters of text given to the language identifier.
_LANGUAGE_PREFIX = 600
#: Opening words checked for English function words, the fewest worth checking, and the
#: share of them that makes a text clearly English (then py3langid is not run).
_OPENING_WORDS = 200
_MIN_OPENING_WORDS = 12
_ENGLISH_SHARE = 0.2
#: Below this probability a guess other than English is no answer (language None). Guesses on
#: English wire tables ("Shr 2.31 dlrs vs 1.96 dlrs") stay under 0.6; real French or
#: German paragraphs score 0.99 and more.
_MIN_LANGUAGE_CONFIDENCE = 0.7
#: Below this many letters the language guess is not worth a flag.
_MIN_LETTERS_FOR_LANGUAGE = 40
#: Share of out-of-vocabulary words above which a text is flagged ``high_oov``.
_HIGH_OOV = 0.25
#: The cue computed in code: lower-case words this long that no word list knows.
MISSPELLING = "misspelling"
_MISSPELLING_MIN_LENGTH = 6

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Cue:
    """One kind of translation artefact: a pattern and how much one hit weighs."""

    name: str
    pattern: re.Pattern[str]
    weight: float


@dataclass(frozen=True, slots=True)
class Cues:
    """The translation-artefact cues and the thresholds that turn them into a flag."""

    cues: tuple[Cue, ...]
    min_kinds: int
    min_score: float
    max_hits_per_cue: int
    misspelling_weight: float


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The packaged machine-translation cues, compiled once."""
    source = "quality/machine_translation.yaml"
    try:
        data = packaged.load_yaml(source)
        found = tuple(
            Cue(name, re.compile(spec["pattern"]), float(spec["weight"]))
            for name, spec in data["cues"].items()
        )
        return Cues(
            found,
            int(data["min_kinds"]),
            float(data["min_score"]),
            int(data["max_hits_per_cue"]),
            float(data["misspelling_weight"]),
        )
    except (OSError, KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise ConfigError(f"bad machine-translation cues in {source}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Topics:
    """Cue patterns of the topics that hold no political event, and when they decide."""

    topics: dict[str, re.Pattern[str]]
    political: re.Pattern[str]
    min_cues: int
    max_political: int
    prefix_chars: int


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``phrases`` as whole words, longest first."""
    ordered = sorted({str(p).lower() for p in phrases}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def topics() -> Topics:
    """The packaged topic cues (``quality/topics.yaml``), compiled once."""
    source = "quality/topics.yaml"
    try:
        data = packaged.load_yaml(source)
        return Topics(
            {name: _alternation(cues) for name, cues in data["topics"].items()},
            _alternation(data["political"]),
            int(data["min_cues"]),
            int(data["max_political"]),
            int(data["prefix_chars"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
        raise ConfigError(f"bad topic cues in {source}: {exc}") from exc


def _distinct(pattern: re.Pattern[str], text: str) -> set[str]:
    return {" ".join(m.lower().split()) for m in pattern.findall(text)}


def off_topic(title: str | None, text: str) -> str | None:
    """Why a story holds no political event ("sport story, …"), or None when it may.

    A story is off topic when its title and opening hold ``min_cues`` different cues of one
    topic (sport, entertainment) and at most ``max_political`` different political cues, so
    that a government's boycott of a match or a minister at a premiere stays in.
    """
    found = topics()
    sample = f"{title or ''}\n{text[: found.prefix_chars]}"
    if len(_distinct(found.political, sample)) > found.max_political:
        return None
    for name, pattern in found.topics.items():
        cues = _distinct(pattern, sample)
        if len(cues) >= found.min_cues:
            shown = ", ".join(sorted(cues)[:5])
            return f"{name} story, no political event ({len(cues)} {name} cues: {shown})"
    return None


def assess(text: str) -> Quality:
    """Language, out-of-vocabulary rate and quality flags of one article text."""
    words = _WORD.findall(text)
    lang, prose = ("en", True) if _clearly_english(words) else _language(text)
    unknown = _unknown(words)
    rate = round(len(unknown) / len(words), 4) if words and _vocabulary() else None
    flags = [] if prose else [NO_PROSE]
    if lang is not None and lang != "en":
        flags.append(NON_ENGLISH)
    if lang == "en" and _machine_translated(text, unknown):
        flags.append(MACHINE_TRANSLATED)
    if lang in ("en", None) and rate is not None and rate > _HIGH_OOV and len(words) >= 20:
        flags.append(HIGH_OOV)
    return Quality(language=lang, oov_rate=rate, flags=tuple(flags))


def language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid on a prefix); None when there is
    too little text or it is not prose (tables of figures)."""
    return _language(text)[0]


def _clearly_english(words: list[str]) -> bool:
    """Whether English function words make up a good share of the opening words."""
    opening = words[:_OPENING_WORDS]
    if len(opening) < _MIN_OPENING_WORDS:
        return False
    common = _function_words()
    return sum(word.lower() in common for word in opening) >= _ENGLISH_SHARE * len(opening)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(_listed("english_function_words.txt"))


def _language(text: str) -> tuple[str | None, bool]:
    """The language code, and False when the identifier says the text is not prose."""
    prefix = text[:_LANGUAGE_PREFIX]
    if sum(map(len, _WORD.findall(prefix))) < _MIN_LETTERS_FOR_LANGUAGE:
        return None, True
    lang, confidence = _identifier().classify(prefix)
    if lang == NO_LANGUAGE:
        return None, False
    if lang != "en" and confidence < _MIN_LANGUAGE_CONFIDENCE:
        return None, True
    return lang, True


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's shipped model, limited to the languages in ``data/quality/languages.txt``.

    The model's rarer labels (Nigerian Pidgin, Volapük…) otherwise claim English earnings
    tables and terse wire copy ("Qtly div 35 cts vs 35 cts prior").
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(set(_listed("languages.txt")) & set(identifier.nb_classes)))
    return identifier


def _listed(name: str) -> list[str]:
    """The whitespace-separated entries of a word list in ``data/quality`` (``#`` comments)."""
    lines = packaged.read_text(f"quality/{name}").splitlines()
    return [entry for line in lines if not line.startswith("#") for entry in line.split()]


def oov_rate(text: str) -> float | None:
    """Share of the words in ``text`` that no English word list knows; None without a word
    list or words."""
    words = _WORD.findall(text)
    if not words or not _vocabulary():
        return None
    return round(len(_unknown(words)) / len(words), 4)


def _unknown(words: list[str]) -> list[str]:
    """The words (as written) that are not in the word list, even without an ending."""
    known = _vocabulary()
    misses = [word for word in words if word.lower() not in known]
    return [word for word in misses if not _stem_known(word.lower(), known)]


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Lower-case English word forms: the spaCy model's vocabulary and lemmatizer tables,
    plus ``data/quality/words.txt`` (current-affairs words those lack). Empty when the
    model is not installed (then no OOV rate is reported)."""
    lines = packaged.read_text("quality/words.txt").splitlines()
    own = {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(own | _model_words())


def _model_words() -> set[str]:
    import spacy.util
    from spacy.lookups import Lookups

    from backchannel.settings import DEFAULT_MODEL

    try:
        root = next(spacy.util.get_package_path(DEFAULT_MODEL).glob("*/vocab")).parent
    except (ImportError, StopIteration):
        return set()
    strings = json.loads((root / "vocab" / "strings.json").read_text(encoding="utf-8"))
    words = {s.lower() for s in strings if s.isalpha()}
    lookups = Lookups().from_disk(root / "lemmatizer" / "lookups")
    for table in ("lemma_index", "lemma_exc"):
        for forms in lookups.get_table(table).values():
            words.update(form for form in forms if form.isalpha())
    return words


#: Inflectional endings tried when a word form is not listed as it stands, with what
#: replaces them ("nominating" → "nominate", "vulnerabilities" → "vulnerability").
_ENDINGS = (
    ("s", ""),
    ("es", ""),
    ("ed", ""),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ly", ""),
    ("er", ""),
    ("est", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ness", ""),
    ("ment", ""),
)


def _stem_known(word: str, known: frozenset[str]) -> bool:
    """Whether a lower-case word without an inflectional ending is listed."""
    return any(word.endswith(end) and word[: -len(end)] + repl in known for end, repl in _ENDINGS)


def translation_cues(text: str, unknown: list[str] | None = None) -> dict[str, int]:
    """How often each translation artefact occurs in ``text`` (only cues that fire).

    ``unknown`` are the text's out-of-vocabulary words, when already found.
    """
    found = cues()
    hits = {cue.name: len(cue.pattern.findall(text)) for cue in found.cues}
    unknown = _unknown(_WORD.findall(text)) if unknown is None else unknown
    hits[MISSPELLING] = sum(
        1 for word in unknown if len(word) >= _MISSPELLING_MIN_LENGTH and word.islower()
    )
    return {name: count for name, count in hits.items() if count}


def _machine_translated(text: str, unknown: list[str]) -> bool:
    found = cues()
    hits = translation_cues(text, unknown)
    weights = {cue.name: cue.weight for cue in found.cues} | {MISSPELLING: found.misspelling_weight}
    score = sum(weights[name] * min(count, found.max_hits_per_cue) for name, count in hits.items())
    return len(hits) >= found.min_kinds and score >= found.min_score
