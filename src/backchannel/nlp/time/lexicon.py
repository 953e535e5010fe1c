"""The time lexicon: month and weekday names, numbers, units and fixed expressions.

The knowledge lives in ``backchannel/data/time/lexicon.yaml``; this module loads it once
into a frozen :class:`TimeLexicon` and turns each word list into the regular-expression
fragment the grammar (``grammar``) refers to by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from backchannel import data as packaged
from backchannel.errors import ConfigError

__all__ = ["TimeLexicon", "lexicon", "load_yaml"]

EDGES = (
    "early",
    "late",
    "mid",
    "mid-",
    "the end of",
    "the beginning of",
    "the start of",
    "the middle of",
    "end of",
    "beginning of",
    "start of",
    "middle of",
    "the close of",
    "the first half of",
    "the second half of",
    "the latter part of",
    "the early part of",
    "earlier",
    "later",
)
MODIFIERS = (
    "about",
    "around",
    "nearly",
    "almost",
    "more than",
    "less than",
    "over",
    "under",
    "at least",
    "at most",
    "roughly",
    "approximately",
    "up to",
    "only",
    "just",
    "barely",
    "some",
    "within",
    "fewer than",
    "as many as",
    "as much as",
    "little more than",
    "no more than",
    "the last",
    "the past",
    "the next",
    "the",
)


def load_yaml(name: str) -> dict[str, Any]:
    """One YAML file from ``backchannel/data/time``."""
    try:
        return yaml.safe_load(packaged.read_text(f"time/{name}"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"time data file {name} cannot be read: {exc}") from exc


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    """Every word list the time grammar uses, keyed by lower-case spelling."""

    months: dict[str, int]
    capitalised_only: frozenset[str]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    tens: tuple[str, ...]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    units: dict[str, str]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    relations: dict[str, int]
    relative_days: dict[str, int]
    references: dict[str, str]
    sets: dict[str, str]
    holidays: dict[str, str]
    weekday_holidays: dict[str, tuple[int, ...]]

    def number(self, text: str) -> float | None:
        """The value of a number written in digits or words ("twenty-four" -> 24)."""
        text = " ".join(text.lower().replace(",", "").split())
        for half in (" 1/2", " and a half"):
            if text.endswith(half):
                whole = self.number(text[: -len(half)])
                return None if whole is None else whole + 0.5
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            return float(text)
        if text in self.numbers:
            return self.numbers[text]
        parts = re.split(r"[- ]", text)
        if len(parts) == 2 and parts[0] in self.tens and parts[1] in self.numbers:
            return self.numbers[parts[0]] + self.numbers[parts[1]]
        return None

    def fragments(self) -> dict[str, str]:
        """Named regex fragments, one capture group each, for the grammar's {NAME}s."""
        return _fragments(self)


def _by_name(table: dict[Any, list[str]]) -> dict[str, int]:
    return {spelling: int(key) for key, spellings in table.items() for spelling in spellings}


@lru_cache(maxsize=1)
def lexicon() -> TimeLexicon:
    """The packaged time lexicon, loaded once per process."""
    data = load_yaml("lexicon.yaml")
    return TimeLexicon(
        months=_by_name(data["months"]),
        capitalised_only=frozenset(data["capitalised_only"]),
        weekdays=_by_name(data["weekdays"]),
        numbers={str(k): float(v) for k, v in data["numbers"].items()},
        tens=tuple(data["tens"]),
        vague_numbers=tuple(data["vague_numbers"]),
        ordinals={str(k): int(v) for k, v in data["ordinals"].items()},
        units=dict(data["units"]),
        seasons=dict(data["seasons"]),
        parts_of_day=dict(data["parts_of_day"]),
        relations={str(k): int(v) for k, v in data["relations"].items()},
        relative_days=dict(data["relative_days"]),
        references=dict(data["references"]),
        sets=dict(data["sets"]),
        holidays={k: str(v) for k, v in data["holidays"].items()},
        weekday_holidays={k: tuple(v) for k, v in data["weekday_holidays"].items()},
    )


def _alternation(words: object) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", " ") for w in ordered)


def _group(name: str, words: object, tail: str = "") -> str:
    return f"(?P<{name}>{_alternation(words)}){tail}"


def _number_fragment(lex: TimeLexicon) -> str:
    units = [w for w, v in lex.numbers.items() if v < 10 and w not in ("a", "an")]
    compound = f"(?:{_alternation(lex.tens)})[- ](?:{_alternation(units)})"
    words = _alternation(lex.numbers)
    whole = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?(?: 1/2)?(?![\d/])"
    return rf"(?P<num>{whole}|(?:{compound}|{words})(?: and a half)?)"


def _fragments(lex: TimeLexicon) -> dict[str, str]:
    word_end = r"(?![\w-])"
    return {
        "MONTH": _group("month", lex.months, r"(?!\w)"),
        "WEEKDAY": _group("weekday", lex.weekdays, r"(?!\w)"),
        "DAY": rf"(?P<day>3[01]|[12][0-9]|0?[1-9]|{_alternation(lex.ordinals)})"
        r"(?:st|nd|rd|th)?(?![\d\w])",
        "YEAR": r"(?P<year>1[5-9][0-9]{2}|20[0-9]{2})(?![\d\w])",
        "NUM": _number_fragment(lex),
        "VAGUE": _group("vague", lex.vague_numbers),
        "UNIT": _group("unit", lex.units, word_end),
        "REL": _group("rel", lex.relations),
        "ORD": rf"(?P<ord>{_alternation(lex.ordinals)}|[1-9]?[0-9](?:st|nd|rd|th))",
        "SEASON": _group("season", lex.seasons, word_end),
        "DAYPART": _group("daypart", lex.parts_of_day, word_end),
        "RELDAY": _group("relday", lex.relative_days, word_end),
        "REF": _group("ref", lex.references, word_end),
        "SET": _group("set", lex.sets, word_end),
        "HOLIDAY": _group("holiday", [*lex.holidays, *lex.weekday_holidays], word_end),
        "EDGE": _group("edge", EDGES),
        "MOD": f"(?:{_alternation(MODIFIERS)})",
    }
