"""Trim what is not the article from article text: comment and spam tails, page furniture.

Works on text, so it applies to every input (plain text and JSONL as well as text
extracted from HTML). Three passes, all line-based and driven by the patterns in
``backchannel/data/clean/patterns.yaml``:

1. a trailing run of spam/comment-widget lines (``"admin in: <post title>"``, spam links,
   "Great article…") is cut (flag ``spam_tail_removed``);
2. a comment-section header in the second half of the text ("Leave a Reply",
   "12 Comments") cuts everything from there on (flag ``comment_tail_removed``);
3. whole lines of page furniture ("Advertisement", "Share this", cookie notices) are
   dropped wherever they are (flag ``boilerplate_removed``).

Article sentences are never cut on a pattern alone: the tail must be a run at the very end
and may not take more than half of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from backchannel import data as packaged
from backchannel.errors import ConfigError

__all__ = ["Patterns", "patterns", "trim", "SPAM_TAIL", "COMMENT_TAIL", "BOILERPLATE"]

SPAM_TAIL = "spam_tail_removed"
COMMENT_TAIL = "comment_tail_removed"
BOILERPLATE = "boilerplate_removed"

#: A tail may take at most this share of the text's characters.
_MAX_TAIL_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Patterns:
    """The compiled trimming patterns (see ``data/clean/patterns.yaml``)."""

    boilerplate: re.Pattern[str]
    boilerplate_max_chars: int
    comment_header: re.Pattern[str]
    tail_strong: re.Pattern[str]
    tail_weak: re.Pattern[str]
    tail_max_chars: int


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Load and compile the packaged patterns once."""
    source = "clean/patterns.yaml"
    try:
        data = packaged.load_yaml(source)
        return Patterns(
            boilerplate=_compile(data["boilerplate"]),
            boilerplate_max_chars=int(data["boilerplate_max_chars"]),
            comment_header=_compile(data["comment_headers"]),
            tail_strong=_compile(data["tail_strong"]),
            tail_weak=_compile(data["tail_weak"]),
            tail_max_chars=int(data["tail_max_chars"]),
        )
    except (OSError, KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise ConfigError(f"bad cleaning patterns in {source}: {exc}") from exc


def _compile(alternatives: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in alternatives), re.IGNORECASE)


def trim(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without spam/comment tails and boilerplate lines, and what was removed."""
    lines = text.splitlines()
    flags: list[str] = []
    lines = _cut(lines, _spam_tail_start(lines), SPAM_TAIL, flags)
    lines = _cut(lines, _comment_header_at(lines), COMMENT_TAIL, flags)
    kept = [line for line in lines if not _is_boilerplate(line)]
    if len(kept) < len(lines):
        flags.append(BOILERPLATE)
    if not flags:
        return text, ()
    return "\n".join(kept).strip(), tuple(flags)


def _cut(lines: list[str], start: int | None, flag: str, flags: list[str]) -> list[str]:
    if start is None or not _small_enough(lines, start):
        return lines
    flags.append(flag)
    return lines[:start]


def _small_enough(lines: list[str], start: int) -> bool:
    """A tail may not take more than half the text (then it is more likely the article)."""
    tail = sum(len(line) for line in lines[start:])
    return tail <= _MAX_TAIL_SHARE * max(1, sum(len(line) for line in lines))


def _spam_tail_start(lines: list[str]) -> int | None:
    """Index of the first line of the trailing spam run, if the run holds a strong line."""
    found = patterns()
    start, strong = len(lines), False
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        if len(line) > found.tail_max_chars:
            break
        if found.tail_strong.search(line):
            strong = True
        elif not found.tail_weak.search(line):
            break
        start = index
    return start if strong else None


def _comment_header_at(lines: list[str]) -> int | None:
    """Index of a comment-section header line in the second half of the text."""
    header = patterns().comment_header
    for index in range(len(lines) // 2, len(lines)):
        if index > 0 and header.fullmatch(lines[index].strip()):
            return index
    return None


def _is_boilerplate(line: str) -> bool:
    found = patterns()
    stripped = line.strip()
    if not stripped or len(stripped) > found.boilerplate_max_chars:
        return False
    return found.boilerplate.fullmatch(stripped) is not None
