"""The time grammar: rules from ``data/time/grammar.yaml`` compiled once, run over text.

Each rule is one regular expression over the article text whose ``{NAME}`` slots are the
lexicon's word lists. :func:`scan` runs every rule, keeps the longest of overlapping
matches (earlier rule on a tie) and returns them as :class:`Candidate` records for the
normaliser (``values``) to turn into TIMEX3 values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from backchannel.errors import ConfigError
from backchannel.nlp.time.lexicon import TimeLexicon, lexicon, load_yaml

__all__ = ["Rule", "Candidate", "Window", "rules", "keyword_classes", "shape_classes", "scan"]

_SLOT = re.compile(r"\{([A-Z]+)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled grammar rule."""

    name: str
    kind: str
    type: str
    regex: re.Pattern[str]
    order: int
    needs: frozenset[str]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of text one rule matched, with the parts it captured."""

    start: int
    end: int
    text: str
    rule: str
    kind: str
    type: str
    parts: tuple[tuple[str, str], ...]

    def part(self, name: str) -> str | None:
        """The captured text of slot ``name`` ("month", "num"...), lower-cased, or None."""
        for key, value in self.parts:
            if key == name:
                return value.lower()
        return None


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    def slot(match: re.Match[str]) -> str:
        try:
            return fragments[match.group(1)]
        except KeyError:
            raise ConfigError(f"time grammar uses unknown slot {match.group(0)}") from None

    pattern = pattern.replace("{EDGE} ", "{EDGE}(?:(?<=-)|\\s+)")
    pattern = _SLOT.sub(slot, pattern)
    return pattern.replace(" ", r"\s+")


def _compile(order: int, spec: dict[str, str], fragments: dict[str, str]) -> Rule:
    body = _expand(spec["pattern"], fragments)
    try:
        regex = re.compile(rf"(?<![\w$£€]){body}(?![\w])", re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"time grammar rule {spec['name']!r}: {exc}") from exc
    needs = frozenset(spec["needs"])
    unknown = needs - set(keyword_classes()) - set(shape_classes())
    if unknown:
        raise ConfigError(f"time grammar rule {spec['name']!r} needs unknown {sorted(unknown)}")
    return Rule(spec["name"], spec["kind"], spec["type"], regex, order, needs)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The packaged grammar, compiled once per process."""
    fragments = lexicon().fragments()
    specs = load_yaml("grammar.yaml")["rules"]
    return tuple(_compile(i, spec, fragments) for i, spec in enumerate(specs))


_FUNCTION_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "at",
        "in",
        "this",
        "that",
        "these",
        "to",
        "and",
        "right",
        "long",
        "near",
    }
)


@lru_cache(maxsize=1)
def keyword_classes() -> dict[str, frozenset[str]]:
    """Keyword class -> the lower-case words that belong to it (the lexicon's lists and
    the grammar's extra keywords)."""
    lex = lexicon()
    lists = {
        "month": lex.months,
        "weekday": lex.weekdays,
        "unit": lex.units,
        "season": lex.seasons,
        "daypart": lex.parts_of_day,
        "relday": lex.relative_days,
        "ref": lex.references,
        "set": lex.sets,
        "holiday": [*lex.holidays, *lex.weekday_holidays],
    }
    lists.update(load_yaml("grammar.yaml")["keywords"])
    return {name: _words(phrases) for name, phrases in lists.items()}


def _words(phrases: object) -> frozenset[str]:
    words = {w for p in phrases for w in re.split(r"[\s-]+", str(p).lower()) if w}
    words |= {w.rstrip(".") for w in words if len(w) > 2}
    return frozenset(words - _FUNCTION_WORDS)


@lru_cache(maxsize=1)
def shape_classes() -> dict[str, frozenset[str]]:
    """Keyword class -> spaCy token shapes that belong to it ("dddd" is a year)."""
    return {k: frozenset(v) for k, v in load_yaml("grammar.yaml")["shapes"].items()}


def _candidate(rule: Rule, match: re.Match[str]) -> Candidate:
    parts = tuple((k, v) for k, v in match.groupdict().items() if v is not None)
    start, end = match.span()
    text = match.group(0)
    return Candidate(start, end, text, rule.name, rule.kind, rule.type, parts)


def _acceptable(candidate: Candidate, lex: TimeLexicon) -> bool:
    """Reject month words that are ordinary words here ("may", "march" in lower case)."""
    for key, value in candidate.parts:
        if key == "month" and value.lower() in lex.capitalised_only and not value[0].isupper():
            return False
    return True


Window = tuple[int, int, frozenset[str]]


def _matches(text: str, windows: list[Window]) -> list[tuple[Candidate, int]]:
    lex = lexicon()
    found = []
    for start, end, classes in windows:
        for rule in rules():
            if not rule.needs & classes:
                continue
            for match in rule.regex.finditer(text, start, end):
                if match.end() > match.start():
                    candidate = _candidate(rule, match)
                    if _acceptable(candidate, lex):
                        found.append((candidate, rule.order))
    return found


def _everywhere(text: str) -> list[Window]:
    everything = frozenset(keyword_classes()) | frozenset(shape_classes())
    return [(0, len(text), everything)]


def scan(text: str, windows: list[Window] | None = None) -> list[Candidate]:
    """Every time expression the grammar finds in ``text``: longest first, no overlaps.

    ``windows`` (character ranges with the keyword classes found in them) limit the
    search to the stretches around keywords and to the rules those keywords can start;
    without them the whole text is searched with every rule.
    """
    found = _matches(text, windows if windows is not None else _everywhere(text))
    found.sort(key=lambda c: (c[0].start - c[0].end, c[1], c[0].start))
    taken: list[Candidate] = []
    for candidate, _ in found:
        if all(candidate.end <= t.start or candidate.start >= t.end for t in taken):
            taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)
