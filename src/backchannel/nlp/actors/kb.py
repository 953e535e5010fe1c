"""The actor knowledge base: who a name, adjective, seat of power or title stands for.

The knowledge lives in versioned YAML files under ``backchannel/data/actors/``:

- ``countries.yaml``  every country: ISO3 id, name, aliases, adjectives, plural demonyms and
  the capitals whose names stand for its government ("Moscow said...");
- ``institutions.yaml`` named state institutions (ministries, intelligence services, armed
  forces, legislatures, courts) and ``seats`` of power used as metonyms ("the Kremlin");
- ``international.yaml`` international organisations (IGO) and NGOs;
- ``groups.yaml`` armed non-state groups, parties and movements;
- ``people*.yaml`` well-known people with their country, sector and best-known role, and
  the offices they held with dates (``terms``, see below);
- ``titles.yaml`` titles and roles → sector ("Defense Secretary" → GOV);
- ``nouns.yaml`` common nouns that denote actors ("officials", "troops", "police").

Users add or override entries with their own YAML files in the same shapes: pass a file or
folder to :func:`load_kb` or name it in the ``BACKCHANNEL_KB`` environment variable; entries
with a known id replace the packaged ones field by field, their aliases are added.

A person entry may list the offices held, each ``{role, country, sector, from, to}``::

    - {id: PER-SERGEI-LAVROV, name: Sergei Lavrov, kind: person, country: RUS, sector: GOV,
       role: Foreign Minister, aliases: [Lavrov],
       terms: [{role: Ambassador to the UN, from: 1994, to: 2004-03-09},
               {role: Foreign Minister, from: 2004-03-09}]}

``from`` and ``to`` are ISO dates, whole ('2004-03-09') or partial ('2004-03', '2004');
``to`` left out means still in office; a term's ``country`` and ``sector`` default to the
entry's. :meth:`KBEntry.at` reads the role held on a date: the term covering it (the latest
started, where two do), else the last term begun before it, else the entry's own ``role``,
``country`` and ``sector``, which stay the answer when no date is known.

Every country also gets an implicit ``<ISO3>-GOV`` entry ("Government of Russia"), which its
capitals and seats of power resolve to: ``lookup("the Kremlin")`` → ``RUS-GOV`` (RUS, GOV).

A capital, seat or alias may be dated, ``{name: Moscow, to: 1991-12-25}`` under SUN and
``{name: Moscow, from: 1991-12-26}`` under RUS: :meth:`Alias.at` reads it on a date; with no
date it names today's state.

:func:`lookup`, :func:`title` and :func:`noun` answer for one string; :func:`match` finds
every alias, title and actor noun in a spaCy Doc at once (PhraseMatchers built once).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans
from spacy.vocab import Vocab

from backchannel import data as packaged
from backchannel import settings
from backchannel.errors import ConfigError
from backchannel.settings import ENVIRONMENT

__all__ = [
    "KB_ENV",
    "FORMS",
    "KBEntry",
    "Term",
    "Alias",
    "Title",
    "NounSense",
    "KnowledgeBase",
    "load_kb",
    "default_kb",
    "lookup",
    "title",
    "noun",
    "normalise",
    "Hit",
    "match",
]

#: Environment variable naming a user YAML file or folder merged over the packaged data.
KB_ENV = ENVIRONMENT["kb_path"]

#: How an alias names its entry: its name, another name, an adjective ("Russian"),
#: a plural demonym ("Russians"), a capital ("Moscow") or a seat of power ("the Kremlin").
FORMS = ("name", "alias", "seat", "capital", "adjective", "demonym")
_RANK = {form: rank for rank, form in enumerate(FORMS)}

_PEOPLE = ("", "_americas", "_europe", "_eurasia", "_mideast", "_asia", "_africa", "_igo")
_PACKAGED = (
    ("countries.yaml", "institutions.yaml", "international.yaml", "groups.yaml")
    + tuple(f"people{region}.yaml" for region in _PEOPLE)
    + ("titles.yaml", "nouns.yaml")
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


#: libyaml's safe loader where PyYAML was built with it (several times faster), else PyYAML's.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True, slots=True)
class Term:
    """An office a person held from ``start`` to ``end`` (ISO dates, maybe partial: '2004',
    '2004-03'; ``end`` None while in office); ``country`` and ``sector`` None take the
    entry's."""

    role: str
    start: str
    end: str | None = None
    country: str | None = None
    sector: str | None = None

    def covers(self, date: str) -> bool:
        """Whether ``date`` falls in the term, comparing at the coarser of the two precisions
        ('2004' is in a term from '2004-03-09')."""
        return _within(self.start, self.end, date)


def _on_or_before(a: str, b: str) -> bool:
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def _within(start: str | None, end: str | None, date: str) -> bool:
    """Whether ``date`` is on or after ``start`` and on or before ``end`` (None: open)."""
    return (start is None or _on_or_before(start, date)) and (
        end is None or _on_or_before(date, end)
    )


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One entity the knowledge base knows.

    ``id`` is stable across releases and articles ("RUS", "RUS-GOV", "RUS-SPY-SVR",
    "USA-SPY-CIA", "IGO-NATO", "GRP-TALIBAN"); ``kind`` is country, organization, group or
    person; ``country`` an ISO3 code or IGO/NGO/IMG; ``sector`` a PLOVER/CAMEO sector code.
    """

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()

    def at(self, date: str | None) -> tuple[str | None, str | None, str | None]:
        """``(role, country, sector)`` held on ``date`` (ISO, maybe partial; see
        :class:`Term`): the covering term begun last, else the last term begun before the
        date, else the entry's own role, country and sector (also when ``date`` is None)."""
        term = self.term_at(date)
        if term is None:
            return self.role, self.country, self.sector
        return term.role, term.country or self.country, term.sector or self.sector

    def term_at(self, date: str | None) -> Term | None:
        """The term that gives the role on ``date``, or None (see :meth:`at`)."""
        if not date or not self.terms:
            return None
        date = date[:10]
        covering = [t for t in self.terms if t.covers(date)]
        begun = covering or [t for t in self.terms if _on_or_before(t.start, date)]
        return max(begun, key=lambda t: t.start) if begun else None


@dataclass(frozen=True, slots=True)
class Alias:
    """A surface form and the entry it names, with how it names it (one of ``FORMS``).

    ``start``/``end`` (ISO, maybe partial) bound a dated alias; ``readings`` holds every reading
    of a form that names different entries in different years (see :meth:`at`).
    """

    text: str
    entry: KBEntry
    form: str
    start: str | None = None
    end: str | None = None
    readings: tuple[Alias, ...] = ()

    def at(self, date: str | None) -> Alias:
        """The reading on ``date``: a dated one covering it (begun last), else an undated
        one; with no date (or none covering) this alias, the current reading."""
        found = [r for r in self.readings if date and _within(r.start, r.end, date[:10])]
        dated = [r for r in found if r.start or r.end] or found
        return max(dated, key=lambda r: r.start or "") if dated else self


@dataclass(frozen=True, slots=True)
class Title:
    """A title or role word ("Foreign Minister", "General") with its sector.

    ``country`` is set for titles that belong to one country's system ("Secretary of State").
    """

    text: str
    role: str
    sector: str | None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class NounSense:
    """A common noun that denotes an actor: its sector and whether it names people or a body."""

    text: str
    sector: str
    people: bool
    bare: bool  # stands as an actor with no country or organisation in front of it
    shared: bool = False  # plural nouns for several countries at once ("the two leaders")


@dataclass(frozen=True, slots=True, eq=False)
class KnowledgeBase:
    """All actor knowledge, indexed for lookup by surface form (see :func:`load_kb`).

    Compared and hashed by identity, so matchers built from it can be cached per instance.
    """

    version: str
    entries: dict[str, KBEntry]
    aliases: dict[str, Alias]  # normalised key → alias
    exact: dict[str, Alias]  # case-sensitive acronyms ("US", "WHO", "IS")
    titles: dict[str, Title]  # lower-cased title → title
    nouns: dict[str, NounSense]  # lower-cased noun phrase → sense
    modifiers: dict[str, str]  # lower-cased word → sector
    name_words: dict[str, str]  # lower-cased word in an unknown name → sector
    sources: tuple[str, ...] = field(default=())

    def alias(self, text: str, date: str | None = None) -> Alias | None:
        """The alias ``text`` is, trying the exact spelling first, then ignoring case; its
        reading on ``date`` (ISO; None: today's, see :meth:`Alias.at`)."""
        cleaned = _strip(text)
        found = self.exact.get(cleaned) or self.aliases.get(normalise(cleaned))
        return found.at(date) if found else None

    def lookup(self, text: str, date: str | None = None) -> KBEntry | None:
        """The entry ``text`` names on ``date``: a name, alias, adjective, demonym or metonym."""
        found = self.alias(text, date)
        return found.entry if found else None

    def title(self, text: str) -> Title | None:
        """The title ``text`` is ("Defense Secretary", "spokesperson"), ignoring case."""
        return self.titles.get(normalise(_strip(text)))

    def noun(self, text: str) -> NounSense | None:
        """The actor sense of a common noun ("officials" → GOV people), ignoring case."""
        key = normalise(text)
        found = self.nouns.get(key)
        if found is None and key.endswith("s"):
            found = self.nouns.get(key[:-1])
        return found


def normalise(text: str) -> str:
    """The lookup key of a surface form: NFKC, straight quotes, hyphens as spaces, one space,
    lower case ("Al-Thani" and "Al Thani" are one key)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).replace("-", " ")
    return " ".join(text.split()).lower()


def _strip(text: str) -> str:
    """Drop a leading "the" and a trailing possessive: "the Kremlin's" → "Kremlin"."""
    text = " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())
    if text[:4].lower() == "the ":
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2].rstrip()
    return text


def _is_acronym(text: str) -> bool:
    """Short upper-case forms that must match case exactly ("US" but not "us")."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


# -- loading ---------------------------------------------------------------------------


def _read_yaml(source: Any, label: str) -> dict[str, Any]:
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"actor knowledge base file {label}: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise ConfigError(f"actor knowledge base file {label} needs a mapping with a 'version' key")
    return data


def _packaged() -> list[tuple[str, dict[str, Any]]]:
    return [(name, _read_yaml(packaged.path(f"actors/{name}"), name)) for name in _PACKAGED]


def _user_files(path: Path) -> list[tuple[str, dict[str, Any]]]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    elif path.is_file():
        files = [path]
    else:
        raise ConfigError(f"actor knowledge base {path} does not exist")
    return [(str(p), _read_yaml(p, str(p))) for p in files]


def _iso(value: Any, where: str) -> Any:
    """A YAML date (read as a date, an int year or a string) as an ISO string; None stays."""
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if not _ISO_DATE.fullmatch(text):
        raise ConfigError(f"actor knowledge base: {where}: {text!r} is not an ISO date")
    return text


def _named(rows: Any, where: str) -> list[tuple[str, str | None, str | None]]:
    """``(name, from, to)`` of names that are plain strings or dated ``{name, from, to}``."""
    found = []
    for raw in rows or ():
        row = raw if isinstance(raw, dict) else {"name": raw}
        if not row.get("name"):
            raise ConfigError(f"actor knowledge base: {where}: a dated name needs a name")
        found.append((str(row["name"]), _iso(row.get("from"), where), _iso(row.get("to"), where)))
    return found


def _current(readings: tuple[Alias, ...]) -> Alias:
    """The reading a form has today (the open one begun last), carrying all its readings."""
    still = [r for r in readings if r.end is None]
    best = max(still or readings, key=lambda r: (r.start or "") if still else (r.end or ""))
    return replace(best, readings=readings)


def _merge(old: Alias, new: Alias) -> Alias:
    """``new`` added to the readings of ``old``, replacing one with the same entry and dates."""
    same = (new.entry.id, new.start, new.end)
    kept = [r for r in old.readings or (old,) if (r.entry.id, r.start, r.end) != same]
    return _current(tuple(replace(r, readings=()) for r in (*kept, new)))


def _terms(rows: Any, entry_id: str) -> tuple[Term, ...]:
    """The ``terms`` of an entry, checked: each has a role and a ``from`` date."""
    terms = []
    for raw in rows or ():
        if not isinstance(raw, dict) or not raw.get("role") or raw.get("from") is None:
            raise ConfigError(f"actor knowledge base: {entry_id}: a term needs role and from")
        start, end = _iso(raw["from"], entry_id), _iso(raw.get("to"), entry_id)
        terms.append(Term(str(raw["role"]), start, end, raw.get("country"), raw.get("sector")))
    return tuple(terms)


@dataclass(slots=True)
class _Builder:
    """Collects entries and vocabularies from the data files, in order, then indexes them."""

    entries: dict[str, KBEntry] = field(default_factory=dict)
    # (text, entry id, form, from, to)
    forms: list[tuple[str, str, str, str | None, str | None]] = field(default_factory=list)
    titles: dict[str, Title] = field(default_factory=dict)
    nouns: dict[str, NounSense] = field(default_factory=dict)
    modifiers: dict[str, str] = field(default_factory=dict)
    name_words: dict[str, str] = field(default_factory=dict)
    versions: list[str] = field(default_factory=list)

    def add_entry(self, raw: dict[str, Any], form: str = "alias") -> KBEntry:
        old = self.entries.get(raw["id"])
        named = _named(raw.get("aliases"), raw["id"])
        aliases = tuple(name for name, _, _ in named)
        fields = {k: raw[k] for k in ("name", "kind", "country", "sector", "role") if k in raw}
        if "terms" in raw:  # a later file's terms replace the earlier ones
            fields["terms"] = _terms(raw["terms"], raw["id"])
        if old is not None:
            entry = replace(old, **fields, aliases=old.aliases + aliases)
        else:
            entry = KBEntry(id=str(raw["id"]), aliases=aliases, **fields)
        self.entries[entry.id] = entry
        self.forms.append((entry.name, entry.id, "name", None, None))
        self.forms.extend((a, entry.id, form, start, end) for a, start, end in named)
        self.add_forms(raw.get("adjectives"), entry.id, "adjective")
        return entry

    def add_forms(self, rows: Any, entry_id: str, form: str) -> None:
        self.forms.extend((a, entry_id, form, s, e) for a, s, e in _named(rows, entry_id))

    def add_country(self, raw: dict[str, Any]) -> None:
        code = raw["id"]
        self.add_entry({**raw, "kind": "country", "country": code})
        self.add_forms(raw.get("demonyms"), code, "demonym")
        gov = f"{code}-GOV"
        if gov not in self.entries:
            name, kind = f"Government of {raw['name']}", "organization"
            self.add_entry(
                {"id": gov, "name": name, "kind": kind, "country": code, "sector": "GOV"}
            )
        self.add_forms(raw.get("capitals"), gov, "capital")

    def add_file(self, data: dict[str, Any], label: str) -> None:
        self.versions.append(f"{label}:{data['version']}")
        for raw in data.get("countries") or ():
            self.add_country(raw)
        for raw in data.get("entries") or ():
            self.add_entry(raw)
        for entry_id, seats in (data.get("seats") or {}).items():
            self.add_forms(seats, entry_id, "seat")
        self.add_titles(data.get("titles") or ())
        self.add_nouns(data)

    def add_titles(self, rows: Any) -> None:
        seen: set[str] = set()  # within a file the first spelling of a title names the role
        for raw in rows:
            for text in (raw["title"], *(raw.get("also") or ())):
                role = raw["title"] if str(text).endswith(".") else str(text)
                found = Title(
                    text=str(text), role=role, sector=raw.get("sector"), country=raw.get("country")
                )
                key = normalise(text)
                if key not in seen:
                    seen.add(key)
                    self.titles[key] = found

    def add_nouns(self, data: dict[str, Any]) -> None:
        bare_sectors = set(data.get("bare_sectors") or ())
        bare_nouns = {normalise(n) for n in data.get("bare_nouns") or ()}
        shared = {normalise(n) for n in data.get("shared_nouns") or ()}
        for sector, groups in (data.get("nouns") or {}).items():
            for kind in ("people", "bodies"):
                for text in groups.get(kind) or ():
                    key = normalise(text)
                    bare = sector in bare_sectors or key in bare_nouns
                    self.nouns[key] = NounSense(key, sector, kind == "people", bare, key in shared)
        for table, target in (("modifiers", self.modifiers), ("name_words", self.name_words)):
            for sector, words in (data.get(table) or {}).items():
                target.update((normalise(w), sector) for w in words)

    def refresh(self, alias: Alias) -> Alias:
        readings = tuple(self.refresh(r) for r in alias.readings)
        return replace(alias, entry=self.entries[alias.entry.id], readings=readings)

    def build(self, sources: tuple[str, ...]) -> KnowledgeBase:
        exact: dict[str, Alias] = {}
        folded: dict[str, Alias] = {}
        for text, entry_id, form, start, end in self.forms:
            entry = self.entries.get(entry_id)
            if entry is None:
                raise ConfigError(f"actor knowledge base: {text!r} points to unknown id {entry_id}")
            text = _strip(text)
            alias = Alias(text=text, entry=entry, form=form, start=start, end=end)
            table, key = (exact, text) if _is_acronym(text) else (folded, normalise(text))
            old = table.get(key)
            if old is not None and old.entry.id == entry_id and _RANK[old.form] < _RANK[form]:
                continue  # "US" names the country before it is its adjective
            if old is not None and not old.text[:1].isupper():
                alias = replace(alias, text=old.text)  # keep the spelling "al-Qaeda"
            if old is not None and (old.readings or {old.start, old.end, start, end} != {None}):
                alias = _merge(old, alias)  # "Moscow": the Soviet Union, then Russia
            table[key] = alias
        # Aliases were collected before later files refined their entries: point to the last.
        exact = {k: self.refresh(a) for k, a in exact.items()}
        folded = {k: self.refresh(a) for k, a in folded.items()}
        return KnowledgeBase(
            version=" ".join(self.versions),
            entries=dict(self.entries),
            aliases=folded,
            exact=exact,
            titles=dict(self.titles),
            nouns=dict(self.nouns),
            modifiers=dict(self.modifiers),
            name_words=dict(self.name_words),
            sources=sources,
        )


@lru_cache(maxsize=8)
def load_kb(extra: str | Path | None = None) -> KnowledgeBase:
    """The packaged knowledge base, with a user YAML file or folder merged over it.

    Loaded once per ``extra`` (cached). Raises :class:`~backchannel.errors.ConfigError` on a
    missing or malformed file.
    """
    builder = _Builder()
    files = _packaged()
    if extra:
        files += _user_files(Path(extra))
    for label, data in files:
        builder.add_file(data, label)
    return builder.build(tuple(label for label, _ in files))


def default_kb() -> KnowledgeBase:
    """The knowledge base with the user data named in ``$BACKCHANNEL_KB`` (if any) merged in
    (``settings.current().kb_path``)."""
    extra = settings.current().kb_path
    return load_kb(str(extra) if extra else None)


def lookup(
    text: str, *, kb: KnowledgeBase | None = None, date: str | None = None
) -> KBEntry | None:
    """The entity ``text`` names (on ``date``): "Russia", "the Kremlin" (RUS-GOV), "CIA"…"""
    return (kb or default_kb()).lookup(text, date)


def title(text: str, *, kb: KnowledgeBase | None = None) -> tuple[str, str | None] | None:
    """``(role, sector)`` for a title word: "General" → ("General", "MIL")."""
    found = (kb or default_kb()).title(text)
    return (found.role, found.sector) if found else None


def noun(text: str, *, kb: KnowledgeBase | None = None) -> NounSense | None:
    """The actor sense of a common noun: "troops" → MIL people, "police" → COP body."""
    return (kb or default_kb()).noun(text)


# -- matching the knowledge base in a Doc -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Matchers:
    """PhraseMatchers over one vocabulary for one knowledge base, built once and cached."""

    names: PhraseMatcher  # aliases, case-insensitive (capitalisation checked after)
    exact: PhraseMatcher  # acronyms, case-sensitive
    words: PhraseMatcher  # titles and multi-word actor nouns, case-insensitive
    payload: dict[int, Alias | Title | NounSense]


@lru_cache(maxsize=8)
def _matchers(vocab: Vocab, kb: KnowledgeBase) -> _Matchers:
    tokenizer = English(vocab=vocab).tokenizer
    payload: dict[int, Alias | Title | NounSense] = {}
    names = PhraseMatcher(vocab, attr="LOWER")
    exact = PhraseMatcher(vocab, attr="ORTH")
    words = PhraseMatcher(vocab, attr="LOWER")
    tables = (
        (names, kb.aliases.values(), lambda a: a.text),
        (exact, kb.exact.values(), lambda a: a.text),
        (words, kb.titles.values(), lambda t: t.text),
        (words, [n for n in kb.nouns.values() if " " in n.text], lambda n: n.text),
    )
    for matcher, items, text_of in tables:
        items = list(items)
        for item, doc in zip(items, tokenizer.pipe(text_of(i) for i in items)):
            key = vocab.strings.add(f"bc:{type(item).__name__}:{text_of(item)}")
            payload[key] = item
            matcher.add(str(key), [doc])
    return _Matchers(names, exact, words, payload)


@dataclass(frozen=True, slots=True)
class Hit:
    """A knowledge-base match in a Doc: tokens ``start:end`` and what they name."""

    start: int
    end: int
    what: Alias | Title | NounSense


def _capitalised(doc: Doc, start: int, alias: Alias) -> bool:
    """Proper names must be capitalised in the text as in the data ("Turkey", not "turkey")."""
    return not alias.text[:1].isupper() or doc[start].text[:1].isupper()


def _title_ok(doc: Doc, hit: Hit) -> bool:
    return doc[hit.end - 1].pos_ in ("NOUN", "PROPN")


def match(doc: Doc, kb: KnowledgeBase | None = None, date: str | None = None) -> list[Hit]:
    """Every alias, title and multi-word actor noun of ``kb`` in ``doc``, in text order.

    Dated aliases are read on ``date`` (None: today). Where matches overlap the longest wins.
    Proper names must be capitalised as in the data ("Turkey", not "turkey"); titles must end
    on a noun. The PhraseMatchers are built once per vocabulary and knowledge base.
    """
    kb = kb or default_kb()
    m = _matchers(doc.vocab, kb)
    found = []
    for matcher in (m.names, m.exact, m.words):
        for match_id, start, end in matcher(doc):
            what = m.payload[int(doc.vocab.strings[match_id])]
            if isinstance(what, Alias) and what.readings:
                what = what.at(date)
            hit = Hit(start, end, what)
            if isinstance(what, Alias) and not _capitalised(doc, start, what):
                continue
            if isinstance(what, Title) and not _title_ok(doc, hit):
                continue
            found.append(hit)
    spans = filter_spans([doc[h.start : h.end] for h in found])
    keep = {(s.start, s.end) for s in spans}
    best: dict[tuple[int, int], Hit] = {}
    for hit in found:  # several aliases may match one span; the first (names) wins
        best.setdefault((hit.start, hit.end), hit)
    return sorted((h for k, h in best.items() if k in keep), key=lambda h: h.start)
