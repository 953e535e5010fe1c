"""Reading PETRARCH-2 dictionary files: lines, dates, actor, agent and discard records.

The formats are PETRARCH-2's (``dictionaries.rst`` beside its dictionaries): ``#`` starts a
comment, blank lines are skipped, phrases join their words with ``_`` or blanks. The real
files carry quirks these readers accept: mixed encodings (a line that is not UTF-8 is read
as Latin-1), restrictions on the phrase's own line after a tab, phrases indented by a tab,
``[~ENV}`` for ``[~ENV]``, dates of 6 digits (``YYMMDD``) beside dates of 8. A date of any
other length drops its one restriction with a warning; a line that cannot be read at all
raises :class:`~backchannel.errors.ConfigError` naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backchannel.errors import ConfigError

__all__ = [
    "ActorEntry",
    "AgentEntry",
    "Discard",
    "Role",
    "parse_actors",
    "parse_agents",
    "parse_discards",
    "phrase_words",
    "read_lines",
]

#: a two-digit year up to this one is 20YY, above it 19YY
_CENTURY_PIVOT = 30
_CODE = re.compile(r"\[([^\]\[{}]*)[\]}]")
_SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")


def by_fields(record: Any) -> tuple[type, tuple[Any, ...]]:
    """``__reduce__`` for the frozen records of the parsed dictionaries: pickled as their
    constructor's arguments, which loads the cache about three times faster than the
    dataclass default."""
    return type(record), tuple(getattr(record, name) for name in record.__slots__)


def fail(path: Path, lineno: int, message: str) -> ConfigError:
    """The error for a line that cannot be read: names the file and the line."""
    return ConfigError(f"{path}:{lineno}: {message}")


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of every line with content, its comment cut off and its
    trailing blanks stripped; leading whitespace is kept (actor restrictions start with it)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read dictionary {path}: {exc}") from exc
    for lineno, data in enumerate(raw.splitlines(), start=1):
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError:
            line = data.decode("latin-1")
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            yield lineno, line


def phrase_words(phrase: str) -> str:
    """A dictionary phrase as text: ``_`` between words becomes a blank, the trailing ``_``
    (which marks a phrase matched whole) goes."""
    return " ".join(phrase.replace("_", " ").split())


# -- dates and roles --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Role:
    """One code an actor holds, from ``start`` to ``end`` inclusive (None: unbounded)."""

    __reduce__ = by_fields

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def parse_date(text: str) -> date | None:
    """``YYYYMMDD`` or ``YYMMDD`` (``YY`` ≤ 30 is this century); None when it is neither."""
    text = text.strip()
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= _CENTURY_PIVOT else 1900 + year}{text[2:]}"
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def parse_role(body: str) -> Role | None:
    """The inside of ``[CODE]``, ``[CODE <date]``, ``[CODE >date]``, ``[CODE d1-d2]`` or
    ``[CODE date]`` (from that date on); None when a date does not read."""
    code, _, restriction = body.strip().partition(" ")
    restriction = restriction.replace(" ", "")
    if not restriction:
        return Role(code)
    if restriction[0] in "<>":
        day = parse_date(restriction[1:])
        if day is None:
            return None
        return Role(code, end=day) if restriction[0] == "<" else Role(code, start=day)
    first, dash, last = restriction.partition("-")
    start, end = parse_date(first), parse_date(last) if dash else None
    if start is None or (dash and end is None):
        return None
    return Role(code, start=start, end=end)


# -- actors -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor record: its phrases (the primary first) and the roles it holds."""

    __reduce__ = by_fields

    phrases: tuple[str, ...]
    roles: tuple[Role, ...]

    @property
    def name(self) -> str:
        return phrase_words(self.phrases[0]).title()


@dataclass(slots=True)
class _Block:
    phrases: list[str]
    roles: list[Role]


def parse_actors(path: Path, warnings: list[str]) -> list[ActorEntry]:
    """The records of a ``.actors`` file; dropped restrictions are appended to
    ``warnings``. A phrase line that follows a record still without a code joins it (the
    files drop the ``+`` of some synonyms); a record that never gets a code is left out."""
    blocks: list[_Block] = []
    for lineno, line in read_lines(path):
        stripped = line.split(";", 1)[0].strip()  # TABARI's "; source" notes
        if not stripped:
            continue
        if stripped.startswith("["):
            if not blocks:
                raise fail(path, lineno, "a code restriction before any actor phrase")
            _roles(path, lineno, stripped, blocks[-1], warnings)
        elif stripped.startswith("+"):
            if not blocks:
                raise fail(path, lineno, "a synonym (+) before any actor phrase")
            phrase, _, rest = stripped[1:].partition("[")
            blocks[-1].phrases.append(phrase.strip())
            if rest:
                _roles(path, lineno, "[" + rest, blocks[-1], warnings)
        else:
            phrase, bracket, rest = stripped.partition("[")
            if blocks and not blocks[-1].roles:  # a synonym missing its "+"
                blocks[-1].phrases.append(phrase.strip())
            else:
                blocks.append(_Block([phrase.strip()], []))
            if bracket:
                _roles(path, lineno, "[" + rest, blocks[-1], warnings)
    return [
        ActorEntry(tuple(p for p in b.phrases if p), tuple(b.roles))
        for b in blocks
        if b.roles and any(b.phrases)
    ]


def _roles(path: Path, lineno: int, text: str, block: _Block, warnings: list[str]) -> None:
    """Add each ``[…]`` restriction of ``text`` to ``block``."""
    if text.count("[") != len(_CODE.findall(text)):
        raise fail(path, lineno, f"unbalanced brackets in {text!r}")
    for body in _CODE.findall(text):
        if not body.strip():
            raise fail(path, lineno, "an empty code []")
        role = parse_role(body)
        if role is None:
            warnings.append(f"{path.name}:{lineno}: unreadable date in [{body}], ignored")
        else:
            block.roles.append(role)


# -- agents -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """A generic noun phrase and its agent code; ``prefix`` codes (``NGO~``) go before the
    actor's code, the usual ``~GOV`` after it."""

    __reduce__ = by_fields

    phrase: str
    code: str
    prefix: bool = False


def parse_agents(path: Path, warnings: list[str]) -> list[AgentEntry]:
    """The entries of an ``.agents`` file, with ``!MARKER!`` substitutions and plurals
    (regular, ``{IRREGULAR}``, or none for ``{}``) expanded; a phrase without a code is
    left out with a warning."""
    markers: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for lineno, line in read_lines(path):
        stripped = line.strip()
        substitution = _SUBSTITUTION.match(stripped)
        if substitution:
            values = [v.strip() for v in substitution.group(2).split(",") if v.strip()]
            markers[substitution.group(1)] = values
            continue
        if "[" not in stripped:
            warnings.append(f"{path.name}:{lineno}: agent {stripped!r} has no code, ignored")
            continue
        entries.extend(_agent_line(path, lineno, stripped, markers))
    return entries


def _agent_line(
    path: Path, lineno: int, line: str, markers: dict[str, list[str]]
) -> list[AgentEntry]:
    codes = _CODE.findall(line)
    if len(codes) != 1:
        raise fail(path, lineno, f"an agent needs one [code], found {len(codes)} in {line!r}")
    body = codes[0].strip()
    if "~" not in body:
        raise fail(path, lineno, f"an agent code needs a ~ ([~GOV] or [NGO~]), not [{body}]")
    head = line[: line.index("[")]
    phrase, brace, plural_part = head.partition("{")
    plurals = None
    if brace:
        if "}" not in plural_part:
            raise fail(path, lineno, f"unclosed {{ in {line!r}")
        plurals = plural_part.split("}", 1)[0].split()
    phrase = phrase.strip()
    if not phrase:
        raise fail(path, lineno, f"an agent code with no phrase: {line!r}")
    prefix, code = body.endswith("~"), body.strip("~")
    forms = [phrase] + (plurals if plurals is not None else _plurals(phrase))
    return [
        AgentEntry(expanded, code, prefix)
        for form in forms
        for expanded in _substitute(form, markers, path, lineno)
    ]


def _substitute(phrase: str, markers: dict[str, list[str]], path: Path, lineno: int) -> list[str]:
    found = re.search(r"![A-Z]+!", phrase)
    if found is None:
        return [phrase]
    if found.group() not in markers:
        raise fail(path, lineno, f"undefined substitution marker {found.group()}")
    return [
        expanded
        for value in markers[found.group()]
        for expanded in _substitute(phrase.replace(found.group(), value, 1), markers, path, lineno)
    ]


def _plurals(phrase: str) -> list[str]:
    """The regular plural of a phrase's last word: none for a phrase that ends in ``_`` or
    with a substitution marker (its values are already inflected)."""
    if phrase.endswith(("_", "!")):
        return []
    word = phrase.upper()
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return [phrase[:-1] + "IES"]
    if word.endswith(("S", "SH", "CH", "X", "Z")):
        return [phrase + "ES"]
    return [phrase + "S"]


# -- discards ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Discard:
    """A phrase whose sentence (``story``: whole story) PETRARCH does not code; ``exact``
    phrases end at a word boundary, the others are stems."""

    __reduce__ = by_fields

    phrase: str
    story: bool = False
    exact: bool = False


def parse_discards(path: Path) -> list[Discard]:
    """The entries of a discard list (``+`` marks a story-level discard)."""
    discards = []
    for _lineno, line in read_lines(path):
        text = line.strip()
        story = text.startswith("+")
        text = text.lstrip("+").strip()
        if text:
            exact = text.endswith("_")
            discards.append(Discard(" ".join(text.rstrip("_").lower().split()), story, exact))
    return discards
