"""Where events happened, as GeoJSON: event points, place counts and a world outline.

An event is *located* when its place resolved to coordinates (``events.lat``/``lon``). Each
located event becomes an RFC 7946 ``Feature`` whose geometry is a ``Point`` at
``[lon, lat]`` and whose properties say what happened (type, quad, CAMEO, actor, recipient),
when (day, TIMEX3 value, precision, basis), where (place, its country, the GeoNames id and
how precise the location is), on whose word (modality, sourcing) and where to read it
(``link``: the event's page, ``/events/<id>``).

``geo_precision`` reads the GeoNames feature code: ``city`` (a populated place),
``district`` or ``region`` (an administrative division), ``country`` (a country named
alone, placed at its centre: read such points as "somewhere in"), ``place`` (any other
feature) and ``unknown``.

The ``geojson`` export writer (``backchannel export --format geojson``) writes the located
events of an export as one FeatureCollection (events without coordinates are left out and
counted as not written). :func:`world_outline` draws the countries from the polygons that
the ``countryinfo`` package ships, simplified and cached, so a map needs no tile server.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import func, select

from backchannel import registry
from backchannel.query import MAX_LIMIT, EventFilter, EventRow, check_range
from backchannel.query.events import _row
from backchannel.query.filters import DAY, E, _base
from backchannel.store import Store, schema

if TYPE_CHECKING:  # export imports this module to register the writer
    from backchannel.export import Item

__all__ = [
    "GEO_PRECISIONS",
    "LocatedEvents",
    "PlaceCount",
    "event_feature",
    "feature_collection",
    "geo_precision",
    "located_events",
    "place_counts",
    "world_outline",
    "write_geojson",
]

GEO_PRECISIONS = ("city", "district", "region", "country", "place", "unknown")
DEFAULT_LIMIT = 5000  # located events one map request returns


def geo_precision(feature: str | None) -> str:
    """How precise a GeoNames feature code locates an event (one of :data:`GEO_PRECISIONS`)."""
    code = (feature or "").upper()
    if not code:
        return "unknown"
    if code.startswith("PPL"):
        return "city"
    if code.startswith("PCL"):
        return "country"
    if code.startswith("ADM1"):
        return "region"
    if code.startswith("ADM"):
        return "district"
    return "place"


def valid_point(lat: Any, lon: Any) -> bool:
    """Whether ``lat``/``lon`` are finite numbers on the globe."""
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def event_feature(
    row: EventRow,
    lat: float | None,
    lon: float | None,
    *,
    place_feature: str | None = None,
    date_basis: str | None = None,
    geonameid: int | None = None,
    **extra: Any,
) -> dict[str, Any] | None:
    """One event as a GeoJSON Point feature, None when it has no valid coordinates."""
    if not valid_point(lat, lon):
        return None
    properties = {
        "id": row.id,
        "type": row.type,
        "quad": row.quad,
        "cameo": row.cameo,
        "mode": row.mode,
        "actor": row.actor_name,
        "actor_id": row.actor_id,
        "actor_country": row.actor_country,
        "recipient": row.recipient_name,
        "recipient_id": row.recipient_id,
        "recipient_country": row.recipient_country,
        "date": row.day,
        "date_value": row.date,
        "date_precision": row.date_precision,
        "date_basis": date_basis,
        "place": row.place_name,
        "place_country": row.place_country,
        "geonameid": geonameid,
        "geo_precision": geo_precision(place_feature),
        "modality": row.modality,
        "sourcing": row.sourcing,
        "outlet": row.outlet,
        "article_id": row.article_id,
        "link": "/events/" + quote(row.id, safe=""),
        **extra,
    }
    return {
        "type": "Feature",
        "id": row.id,
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": properties,
    }


def feature_collection(features: Iterable[dict[str, Any]], **members: Any) -> dict[str, Any]:
    """A FeatureCollection of ``features``, with ``members`` as foreign members (counts…)."""
    return {"type": "FeatureCollection", **members, "features": list(features)}


# -- from the store -----------------------------------------------------------------

P = schema.places
#: the GeoNames feature code of an event's place, from the article's resolved places
PLACE_FEATURE = (
    select(P.c.feature)
    .where(P.c.article_id == E.c.article_id, P.c.geonameid == E.c.geonameid)
    .limit(1)
    .scalar_subquery()
    .label("place_feature")
)


@dataclass(frozen=True, slots=True)
class LocatedEvents:
    """The located events a filter matches (newest first, up to a limit), with the counts:
    ``matched`` events match the filter, ``located`` of them have coordinates."""

    features: tuple[dict[str, Any], ...]
    matched: int
    located: int
    limit: int

    @property
    def truncated(self) -> bool:
        return self.located > len(self.features)

    def to_geojson(self, **members: Any) -> dict[str, Any]:
        """The FeatureCollection, with the counts as foreign members."""
        counts = {"matched": self.matched, "located": self.located, "limit": self.limit}
        return feature_collection(self.features, **counts, **members)


def _located(flt: EventFilter) -> Any:
    lat, lon = E.c.lat, E.c.lon
    return (
        _base(flt)
        .add_columns(PLACE_FEATURE)
        .where(lat.is_not(None), lon.is_not(None), lat.between(-90, 90), lon.between(-180, 180))
    )


def _count(conn: Any, query: Any) -> int:
    return conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def located_events(
    store: Store, flt: EventFilter | None = None, *, limit: int = DEFAULT_LIMIT
) -> LocatedEvents:
    """The events matching ``flt`` that have coordinates, newest day first, as features."""
    flt = flt or EventFilter()
    check_range("limit", limit, 1, MAX_LIMIT)
    located = _located(flt)
    ordered = located.order_by(DAY.desc().nulls_last(), E.c.id).limit(limit)
    with store.engine.connect() as conn:
        matched = _count(conn, _base(flt))
        total = _count(conn, located)
        raws = conn.execute(ordered).all()
    features = (_raw_feature(raw) for raw in raws)
    return LocatedEvents(tuple(f for f in features if f), matched, total, limit)


def _raw_feature(raw: Any) -> dict[str, Any] | None:
    values = raw._mapping
    return event_feature(
        _row(raw),
        values["lat"],
        values["lon"],
        place_feature=values["place_feature"],
        date_basis=values["date_basis"],
        geonameid=values["geonameid"],
    )


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """How many matching events happened at one named place."""

    name: str
    country: str | None
    events: int


def place_counts(
    store: Store, flt: EventFilter | None = None, *, limit: int = 20
) -> tuple[PlaceCount, ...]:
    """The places with the most matching events (located or not), most events first."""
    check_range("limit", limit, 1, MAX_LIMIT)
    sub = _base(flt or EventFilter()).where(E.c.place_name.is_not(None)).subquery()
    count = func.count().label("n")
    query = (
        select(sub.c.place_name, sub.c.place_country, count)
        .group_by(sub.c.place_name, sub.c.place_country)
        .order_by(count.desc(), sub.c.place_name)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return tuple(PlaceCount(name, country, n) for name, country, n in rows)


# -- the export writer --------------------------------------------------------------


def _item_feature(item: Item) -> dict[str, Any] | None:
    place = item.event.place if item.event else None
    if place is None:
        return None
    date = item.event.date if item.event else None
    extra: dict[str, Any] = {"sentence": item.row.sentence.text, "url": item.row.url}
    if item.cluster:
        extra.update(reports=item.cluster.reports, sources=item.cluster.sources)
    return event_feature(
        item.row,
        place.lat,
        place.lon,
        place_feature=place.feature,
        date_basis=date.basis if date else None,
        geonameid=place.geonameid,
        **extra,
    )


@registry.writers.register("geojson")
def write_geojson(items: Iterator[Item], path: Path) -> list[Item]:
    """The located events among ``items`` as one GeoJSON FeatureCollection, a feature a line."""
    written = []
    with path.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [')
        for item in items:
            feature = _item_feature(item)
            if feature is None:
                continue
            out.write(",\n" if written else "\n")
            out.write(json.dumps(feature, ensure_ascii=False))
            written.append(item)
        out.write("\n]}\n")
    return written


# -- the world outline --------------------------------------------------------------


def _offset(point: Sequence[float], start: Sequence[float], end: Sequence[float]) -> float:
    """How far ``point`` lies from the segment ``start``–``end`` (in degrees)."""
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(line: Sequence[Sequence[float]], tolerance: float) -> list[Sequence[float]]:
    """Douglas–Peucker: the points of ``line`` that keep it within ``tolerance`` of itself."""
    if len(line) < 3:
        return list(line)
    keep = {0, len(line) - 1}
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        far, at = 0.0, None
        for i in range(first + 1, last):
            distance = _offset(line[i], line[first], line[last])
            if distance > far:
                far, at = distance, i
        if at is not None and far > tolerance:
            keep.add(at)
            stack += [(first, at), (at, last)]
    return [line[i] for i in sorted(keep)]


def _rounded(points: Sequence[Sequence[float]], digits: int) -> list[list[float]]:
    rounded = [[round(x, digits), round(y, digits)] for x, y, *_ in points]
    return [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]


def _ring(ring: Sequence[Sequence[float]], tolerance: float, digits: int) -> list[list[float]]:
    """A closed ring simplified and rounded (a small island kept whole, unsimplified; []
    when even that is below a triangle)."""
    points = _rounded(simplify(ring, tolerance), digits)
    if len(points) < 4:
        points = _rounded(ring, digits)
    if len(points) < 4:
        return []
    if points[0] != points[-1]:
        points.append(points[0])
    return points


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    return [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []


def _outline(geometry: dict[str, Any], tolerance: float, digits: int) -> dict[str, Any] | None:
    polygons = []
    for polygon in _polygons(geometry):
        rings = [_ring(r, tolerance, digits) for r in polygon]
        if rings and rings[0]:
            polygons.append([r for r in rings if r])
    return {"type": "MultiPolygon", "coordinates": polygons} if polygons else None


@lru_cache(maxsize=4)
def world_outline(tolerance: float = 0.1, digits: int = 2) -> dict[str, Any]:
    """The countries as a FeatureCollection of MultiPolygons (``id`` and ``iso3``: ISO
    alpha-3, ``name``), simplified to ``tolerance`` degrees and rounded to ``digits``; an
    empty collection when ``countryinfo`` is not installed."""
    try:
        from countryinfo import CountryInfo
    except ModuleNotFoundError:
        return feature_collection([])
    features = []
    for info in CountryInfo.all().values():
        iso3 = (info.get("ISO") or {}).get("alpha3")
        for part in ((info.get("geoJSON") or {}).get("features") or []) if iso3 else []:
            geometry = _outline(part.get("geometry") or {}, tolerance, digits)
            if geometry:
                properties = {"iso3": iso3, "name": info.get("name")}
                features.append(
                    {"type": "Feature", "id": iso3, "properties": properties, "geometry": geometry}
                )
    return feature_collection(sorted(features, key=lambda f: f["id"]))
