"""PETRARCH-2 / TABARI dictionaries read at run time.

Analysts keep their coding knowledge in PETRARCH's formats (``dictionaries.rst`` beside
PETRARCH-2's dictionaries); :func:`load_dictionaries` reads such a folder as it is:

- the CAMEO verb dictionary (``CAMEO.2.0.txt`` or ``*.verbs``): verb blocks with synonym
  sets and patterns → the CAMEO code of a verb in its sentence (:mod:`.verbs`);
- actor dictionaries (``*.actors.txt``/``*.actors``): phrases with roles dated
  ``[AFGGOV 20041207-20091119]``, read at the document's date (:mod:`.actors`);
- the agents dictionary (``*agents*``): generic nouns to agent codes, joined to a country
  beside them, "Syrian rebels" → SYR REB (:mod:`.agents`);
- the discard list (``*discards*``): phrases whose sentence (``+``: story) is not coded.

Issue codings (``*Issue*``) and other files are ignored. The parsed form is pickled under
``cache_dir/dictionaries/`` keyed by the files' names, sizes and modification times, so a
second run starts in a fraction of the first's time. The spaCy component that writes the
matches onto a Doc is :mod:`.component` (``backchannel_dictionaries``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokenizer import Tokenizer

from backchannel.errors import ConfigError
from backchannel.nlp.dictionaries.actors import ActorTable, Match, PhraseIndex
from backchannel.nlp.dictionaries.agents import AgentTable
from backchannel.nlp.dictionaries.parse import (
    ActorEntry,
    AgentEntry,
    Discard,
    Role,
    parse_actors,
    parse_agents,
    parse_discards,
    phrase_words,
)
from backchannel.nlp.dictionaries.verbs import VerbDictionary, VerbMatch, parse_verbs

__all__ = [
    "ActorEntry",
    "AgentEntry",
    "Dictionaries",
    "Discard",
    "DiscardList",
    "Match",
    "Role",
    "VerbMatch",
    "load_dictionaries",
]

log = logging.getLogger(__name__)

#: bump when the pickled form changes, so that old caches are not read
_FORMAT = 2


@dataclass(frozen=True, slots=True)
class DiscardList:
    """The discard phrases, and one expression each for story- and sentence-level ones."""

    entries: tuple[Discard, ...]
    story: re.Pattern[str] | None
    sentence: re.Pattern[str] | None

    @classmethod
    def build(cls, entries: Iterable[Discard]) -> DiscardList:
        entries = tuple(entries)
        return cls(
            entries,
            _alternation(e for e in entries if e.story),
            _alternation(e for e in entries if not e.story),
        )

    def find(self, text: str, *, story: bool) -> str | None:
        """The first discard phrase (story-level or sentence-level) in ``text``, or None."""
        pattern = self.story if story else self.sentence
        found = pattern.search(text.lower()) if pattern is not None else None
        return " ".join(found.group().split()) if found else None


def _alternation(entries: Iterable[Discard]) -> re.Pattern[str] | None:
    """Phrases preceded by a word boundary; exact phrases also followed by one (a stem
    phrase may run on: "basketball" matches "basketballer")."""
    parts = sorted(
        (re.escape(e.phrase).replace(r"\ ", r"\s+") + (r"(?!\w)" if e.exact else ""))
        for e in entries
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")") if parts else None


@dataclass(frozen=True, slots=True)
class Dictionaries:
    """A folder of PETRARCH-format dictionaries, parsed and indexed."""

    path: Path
    files: tuple[str, ...]
    actors: ActorTable
    agents: AgentTable
    verbs: VerbDictionary
    discards: DiscardList
    #: restrictions and patterns left out as unreadable, as ``file:line: why``
    warnings: tuple[str, ...] = ()


def _kind(path: Path) -> str | None:
    """Which dictionary a file holds, by its name (None: not one read here)."""
    name = path.name.lower()
    if not path.is_file() or "issue" in name or name.endswith((".rst", ".md", ".pickle")):
        return None
    if name.endswith(".verbs") or name.startswith("cameo"):
        return "verbs"
    for kind in ("actors", "agents", "discards"):
        if kind in name:
            return kind
    return None


def _files(folder: Path) -> list[tuple[str, Path]]:
    if not folder.is_dir():
        raise ConfigError(f"dictionary folder {folder} does not exist or is not a folder")
    files = sorted((kind, p) for p in folder.iterdir() if (kind := _kind(p)) is not None)
    if not files:
        raise ConfigError(
            f"{folder} holds no PETRARCH dictionaries (a CAMEO verbs file, *.actors.txt, "
            "*agents*, *discards*)"
        )
    if sum(kind == "verbs" for kind, _ in files) > 1:
        raise ConfigError(f"{folder} holds more than one verb dictionary")
    return files


def _digest(files: list[tuple[str, Path]]) -> str:
    sha = hashlib.sha256(f"backchannel-dictionaries/{_FORMAT}".encode())
    for _, path in files:
        stat = path.stat()
        sha.update(f"\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return sha.hexdigest()


def load_dictionaries(path: str | Path, cache_dir: str | Path | None = None) -> Dictionaries:
    """Parse the dictionaries of the folder ``path`` (see the module docstring).

    With ``cache_dir``, the parsed form is read from (or written to)
    ``cache_dir/dictionaries/<sha256>.pickle``; a cache that cannot be read is rebuilt.
    Raises :class:`~backchannel.errors.ConfigError` for a missing folder or a malformed
    line (naming its file and line).
    """
    folder = Path(path).expanduser()
    files = _files(folder)
    if cache_dir is None:
        return _parse(folder, files)
    cache = Path(cache_dir).expanduser() / "dictionaries" / f"{_digest(files)}.pickle"
    cached = _read_cache(cache)
    if cached is not None:
        return cached
    parsed = _parse(folder, files)
    _write_cache(cache, parsed)
    return parsed


@lru_cache(maxsize=4)
def cached_dictionaries(path: str, cache_dir: str | None) -> Dictionaries:
    """:func:`load_dictionaries`, once per process for each folder (pipelines share it)."""
    return load_dictionaries(path, cache_dir)


def _read_cache(cache: Path) -> Dictionaries | None:
    try:
        with cache.open("rb") as handle:
            found = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or stale cache is rebuilt, never fatal
        log.warning("ignoring unreadable dictionary cache %s: %s", cache, exc)
        return None
    return found if isinstance(found, Dictionaries) else None


def _write_cache(cache: Path, parsed: Dictionaries) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=cache.parent, delete=False) as handle:
            pickle.dump(parsed, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, cache)
    except OSError as exc:
        log.warning("could not cache the dictionaries in %s: %s", cache, exc)


def _parse(folder: Path, files: list[tuple[str, Path]]) -> Dictionaries:
    warnings: list[str] = []
    actors: list[ActorEntry] = []
    agents: list[AgentEntry] = []
    discards: list[Discard] = []
    verbs = VerbDictionary({}, ())
    for kind, path in files:
        if kind == "actors":
            actors += parse_actors(path, warnings)
        elif kind == "agents":
            agents += parse_agents(path, warnings)
        elif kind == "discards":
            discards += parse_discards(path)
        else:
            verbs = parse_verbs(path, warnings)
    tokenise = _tokeniser()
    actor_phrases = [(p, n) for n, entry in enumerate(actors) for p in entry.phrases]
    agent_phrases = [(entry.phrase, n) for n, entry in enumerate(agents)]
    return Dictionaries(
        folder,
        tuple(p.name for _, p in files),
        ActorTable.build(actors, _index(actor_phrases, tokenise)),
        AgentTable(tuple(agents), _index(agent_phrases, tokenise)),
        verbs,
        DiscardList.build(discards),
        tuple(warnings),
    )


@lru_cache(maxsize=1)
def _tokeniser() -> Tokenizer:
    """spaCy's English tokenizer, which splits a phrase as it splits the text."""
    import spacy

    return spacy.blank("en").tokenizer


def _index(phrases: list[tuple[str, int]], tokenise: Tokenizer) -> PhraseIndex:
    texts = (phrase_words(phrase) for phrase, _ in phrases)
    tokens = (tuple(t.lower_ for t in doc) for doc in tokenise.pipe(texts, batch_size=1000))
    return PhraseIndex.build(list(zip(tokens, (n for _, n in phrases), strict=True)))
