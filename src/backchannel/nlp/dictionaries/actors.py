"""Actor dictionaries: phrases found in a Doc, their roles read at the document's date, and
PETRARCH codes read as backchannel's country and sector.

Phrases are stored as tuples of lower-case tokens (split by the same spaCy tokenizer as the
text) in a :class:`PhraseIndex`; a Doc is scanned left to right, the longest phrase at each
token winning. A code is read in blocks of three letters (``AFGGOV``: AFG, GOV): the first
is the country unless it is a sector (``ELI``, ``MED``…), the first block after it that
names a sector gives the sector (:data:`SECTORS`, CAMEO's agent codes in PLOVER's terms:
CAMEO's MED, media, is PLOVER's JRN; CAMEO's HLH, health, is PLOVER's MED).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from backchannel.nlp.dictionaries.parse import ActorEntry, Role

__all__ = [
    "SECTORS",
    "ActorTable",
    "Match",
    "PhraseIndex",
    "parse_day",
    "resolve",
    "translate",
]

#: CAMEO agent code → backchannel (PLOVER) sector; religions count as REL only where no
#: other sector is named ("REBMUS" is REB).
SECTORS = {
    **{code: code for code in "GOV MIL REB OPP BUS COP JUD LEG SPY UAF CRM CVL".split()},
    **{code: code for code in "EDU ELI LAB REF PTY AGR REL".split()},
    "MED": "JRN",
    "HLH": "MED",
    "IRC": "REF",
}
_RELIGIONS = frozenset("MUS CHR JEW BUD HIN CTH ORT PRO SHI SUN SNI ALE DRZ".split())
#: blocks that never open a code as its country (MUS opens Mauritius' codes, so it is not
#: here; as a later block it is a religion)
_NOT_COUNTRIES = frozenset(SECTORS) | (_RELIGIONS - {"MUS"}) | {"HRI", "ENV", "DEV", "NGM"}
#: country-position codes that name no country, with the sector they imply
_NON_COUNTRIES = {"MNC": "BUS"}
#: CAMEO country codes that backchannel spells otherwise
_RENAMED = {"KSV": "KOS"}


@dataclass(frozen=True, slots=True)
class PhraseIndex:
    """Token tuples (lower case) → a payload index, with the longest phrase per first word."""

    phrases: dict[tuple[str, ...], int]
    longest: dict[str, int]

    @classmethod
    def build(cls, entries: Sequence[tuple[tuple[str, ...], int]]) -> PhraseIndex:
        """The index of ``(tokens, payload)`` pairs; the first payload of a phrase wins."""
        phrases: dict[tuple[str, ...], int] = {}
        longest: dict[str, int] = {}
        for tokens, payload in entries:
            if tokens and tokens not in phrases:
                phrases[tokens] = payload
                longest[tokens[0]] = max(longest.get(tokens[0], 0), len(tokens))
        return cls(phrases, longest)

    def at(self, words: Sequence[str], i: int) -> tuple[int, int] | None:
        """``(end, payload)`` of the longest phrase starting at ``words[i]``, or None."""
        for n in range(min(self.longest.get(words[i], 0), len(words) - i), 0, -1):
            payload = self.phrases.get(tuple(words[i : i + n]))
            if payload is not None:
                return i + n, payload
        return None

    def scan(self, words: Sequence[str]) -> list[tuple[int, int, int]]:
        """``(start, end, payload)`` of every phrase, longest first, not overlapping."""
        found, i = [], 0
        while i < len(words):
            hit = self.at(words, i)
            if hit is None:
                i += 1
                continue
            found.append((i, *hit))
            i = hit[0]
        return found


#: an actor record stored flat: its phrases and its roles as (code, start, end)
_Row = tuple[tuple[str, ...], tuple[tuple[str, date | None, date | None], ...]]


@dataclass(frozen=True, slots=True)
class ActorTable:
    """The actor records of every actor dictionary, and their phrases.

    The records are stored flat (tuples of strings and dates, which unpickle at C speed:
    the cached dictionaries load several times faster) and built on demand.
    """

    rows: tuple[_Row, ...]
    index: PhraseIndex

    @classmethod
    def build(cls, entries: Sequence[ActorEntry], index: PhraseIndex) -> ActorTable:
        rows = tuple((e.phrases, tuple((r.code, r.start, r.end) for r in e.roles)) for e in entries)
        return cls(rows, index)

    def __len__(self) -> int:
        return len(self.rows)

    def entry(self, n: int) -> ActorEntry:
        """The ``n``-th record."""
        phrases, roles = self.rows[n]
        return ActorEntry(phrases, tuple(Role(*role) for role in roles))

    @property
    def entries(self) -> tuple[ActorEntry, ...]:
        """Every record (built afresh: for inspection, not for the hot path)."""
        return tuple(self.entry(n) for n in range(len(self.rows)))


@dataclass(frozen=True, slots=True)
class Match:
    """A dictionary actor or agent found at tokens ``start:end``, read at the Doc's date."""

    start: int
    end: int
    code: str
    name: str
    country: str | None
    sector: str | None
    agent: bool = False


def parse_day(value: str | None) -> date | None:
    """``doc._.bc_published`` as a date (None when it is absent or does not read)."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def resolve(entry: ActorEntry, day: date | None) -> str | None:
    """The code ``entry`` holds on ``day``: the first dated role covering it, else its
    undated role. Without a day: its undated role, else its most recent dated one."""
    dated = [r for r in entry.roles if r.dated]
    default = next((r.code for r in entry.roles if not r.dated), None)
    if day is not None:
        return next((r.code for r in dated if r.covers(day)), default)
    if default is not None or not dated:
        return default
    return max(dated, key=lambda r: (r.end or date.max, r.start or date.min)).code


def translate(code: str) -> tuple[str | None, str | None]:
    """``(country, sector)`` of a PETRARCH code: ``SYRREB`` → (SYR, REB), ``IGOUNOKID`` →
    (IGO, None), ``ELI`` → (None, ELI), ``MNCUSA`` → (None, BUS)."""
    blocks = [code[i : i + 3] for i in range(0, len(code), 3)]
    country, rest = None, blocks
    if blocks and blocks[0] in _NON_COUNTRIES:
        rest = [_NON_COUNTRIES[blocks[0]], *blocks[1:]]
    elif blocks and len(blocks[0]) == 3 and blocks[0] not in _NOT_COUNTRIES:
        country, rest = _RENAMED.get(blocks[0], blocks[0]), blocks[1:]
    sector = next((SECTORS[b] for b in rest if b in SECTORS), None)
    if sector is None and any(b in _RELIGIONS for b in rest):
        sector = "REL"
    return country, sector


def find_actors(
    words: Sequence[str], table: ActorTable, day: date | None
) -> list[tuple[int, int, ActorEntry, str]]:
    """``(start, end, entry, code)`` of each actor phrase in ``words`` with a code on
    ``day`` (a phrase whose record has none then is not an actor)."""
    found = []
    for start, end, payload in table.index.scan(words):
        entry = table.entry(payload)
        code = resolve(entry, day)
        if code:
            found.append((start, end, entry, code))
    return found
