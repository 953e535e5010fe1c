"""The time grammar: rules from ``data/time/grammar.yaml`` compiled once, run over text.

Each rule is one regular expression over the article text whose ``{NAME}`` slots are the
lexicon's word lists. :func:`scan` runs every rule, keeps the longest of overlapping
matches (earlier rule on a tie) and returns them as :class:`Candidate` records for the
normaliser (``timex_values``) to turn into TIMEX3 values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from backchannel.errors import ConfigError
from backchannel.nlp.timex_lexicon import TimeLexicon, lexicon, load_yaml

__all__ = ["Rule", "Candidate", "rules", "scan"]

_SLOT = re.compile(r"\{([A-Z]+)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled grammar rule."""

    name: str
    kind: str
    type: str
    regex: re.Pattern[str]
    order: int


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
    return Rule(spec["name"], spec["kind"], spec["type"], regex, order)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The packaged grammar, compiled once per process."""
    fragments = lexicon().fragments()
    specs = load_yaml("grammar.yaml")["rules"]
    return tuple(_compile(i, spec, fragments) for i, spec in enumerate(specs))


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


def _matches(text: str) -> list[tuple[Candidate, int]]:
    lex = lexicon()
    found = []
    for rule in rules():
        for match in rule.regex.finditer(text):
            if match.end() > match.start():
                candidate = _candidate(rule, match)
                if _acceptable(candidate, lex):
                    found.append((candidate, rule.order))
    return found


def scan(text: str) -> list[Candidate]:
    """Every time expression the grammar finds in ``text``: longest first, no overlaps."""
    found = sorted(_matches(text), key=lambda c: (c[0].start - c[0].end, c[1], c[0].start))
    taken: list[Candidate] = []
    for candidate, _ in found:
        if all(candidate.end <= t.start or candidate.start >= t.end for t in taken):
            taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)
