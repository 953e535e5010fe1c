"""Exports in the formats the field reads: POLECAT TSV, PLOVER JSONL, Parquet and CSV.

Every export writes a *provenance sidecar* beside it, named after the export file with
``.provenance.jsonl`` appended (``events.csv`` → ``events.csv.provenance.jsonl``), so exports
of one selection in several formats keep one sidecar each. It has one line per exported
event keyed by its id: the article (id, url, outlet, date), the sentence text and offsets,
the trigger offsets, and the statements the event is attributed to with their speakers and
stances. Any exported event can so be traced to its characters.

Conventions:

* **POLECAT TSV**: the 40-column header of the public POLECAT release, in order (see
  ``data/export/polecat.yaml``), then extra columns (CAMEO code, TIMEX3 date value and
  precision and basis, modality, sourcing, reports, independent sources). UTF-8,
  tab-separated, one header row; a missing value is always the empty string; multi-valued
  fields are joined with ``"; "``; tabs and newlines inside values become spaces. ``Event
  Date`` is the first day of the coded date's period (the publication date when no calendar
  date was coded: ``Date Basis`` says ``published`` then); ``Source`` is the article's outlet,
  else the host of its URL; ``Wikipedia Actor ID`` holds backchannel's actor id.
* **PLOVER JSONL**: one object per event with the field names of the PLOVER data-fields
  chapter (``id``, ``date``, ``actor``/``recipient`` entity lists, ``event``, ``mode``,
  ``context``, ``event_loc``, ``event_text``, ``quad_code`` 1–4, ``text_info``,
  ``cite_info``…) plus ``cameo``, ``modality``, ``sourcing`` and the date's ``date_value``,
  ``date_precision`` and ``date_basis``. Missing values are null.
* **CSV / Parquet**: one flat row per event in snake_case columns; multi-values joined with
  ``"; "``; missing values empty (CSV) or null (Parquet). In Parquet the day columns
  (``date``, ``published_day``) are ``DATE`` (``date32``), so DuckDB and pandas read dates,
  with ``date_value``, ``date_precision`` and ``date_basis`` beside them.

Deduplication (``none``, ``one-a-day``, ``clusters``) is chosen per export; with
``clusters`` each row is the cluster's lead report and carries its report and source counts.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import backchannel
from backchannel import clusters, plover, registry
from backchannel import data as packaged
from backchannel import geo_export as _geojson  # noqa: F401  (registers "geojson")
from backchannel.clusters import EventCluster
from backchannel.dates import basis_of
from backchannel.errors import QueryError
from backchannel.query import Edge, EventFilter, EventRow, iter_events
from backchannel.records import Actor, Event, Place, Record, Statement
from backchannel.store import Store

__all__ = [
    "FORMATS",
    "ExportResult",
    "Item",
    "export",
    "network_gexf",
    "polecat_header",
    "provenance_path",
]

#: The formats backchannel ships; ``registry.writers`` holds them and any a user adds.
FORMATS = ("polecat", "jsonl", "parquet", "csv")
SEP = "; "
VERSION = f"backchannel-{backchannel.__version__}"


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: the data file, its provenance sidecar, and how many events."""

    path: Path
    provenance: Path
    format: str
    events: int


@dataclass(frozen=True, slots=True)
class Item:
    """One event to export: its row, its coded form from the record, its article's record
    (either None when the store holds no record for it)."""

    row: EventRow
    event: Event | None
    record: Record | None
    cluster: EventCluster | None = None


# -- layout data --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _layout() -> dict[str, Any]:
    return packaged.load_yaml("export/polecat.yaml")


def polecat_header() -> tuple[str, ...]:
    """The POLECAT TSV header: the release's 40 columns, then backchannel's extras."""
    layout = _layout()
    return tuple(layout["columns"]) + tuple(layout["extra"])


@lru_cache(maxsize=1)
def _cow() -> dict[str, str]:
    text = packaged.read_text("export/cow.csv")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {row["iso3"]: row["cow"] for row in csv.DictReader(lines)}


# -- gathering ----------------------------------------------------------------------


def _items(store: Store, flt: EventFilter | None, dedupe: str, window_days: int) -> Iterator[Item]:
    rows = list(iter_events(store, flt))
    kept = clusters.dedupe(rows, dedupe, window_days=window_days)
    for start in range(0, len(kept), 200):
        chunk = kept[start : start + 200]
        records = {
            r.article.id: r for r in store.records(sorted({row.article_id for row, _ in chunk}))
        }
        for row, cluster in chunk:
            record = records.get(row.article_id)
            coded = next((e for e in record.events if e.id == row.id), None) if record else None
            yield Item(row, coded, record, cluster)


def _side(item: Item, side: str) -> tuple[Actor, ...]:
    return getattr(item.event, side) if item.event else ()


def _place(item: Item) -> Place | None:
    return item.event.place if item.event else None


def _language(item: Item) -> str | None:
    return item.record.article.quality.language if item.record else None


def _basis(item: Item) -> str | None:
    """How the event's date was found: ``explicit``, ``relative`` or ``published`` (the
    publication date stands in, also for a stored date outside the event window)."""
    coded = item.event.date.basis if item.event and item.event.date else item.row.date_basis
    return basis_of(item.row.date, coded, item.row.day)


def source_name(row: EventRow) -> str | None:
    """The publisher of an event's article: its outlet, else the host of its URL."""
    if row.outlet:
        return row.outlet
    host = urlsplit(row.url or "").hostname if "://" in (row.url or "") else None
    return host.removeprefix("www.") if host else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: str | None) -> date | None:
    """``value``'s calendar day (``2023-06-30``, or the first 10 characters of a datetime),
    or None when it names no real day."""
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _join(values) -> str:
    seen: list[str] = []
    for value in values:
        if value not in (None, "") and str(value) not in seen:
            seen.append(str(value))
    return SEP.join(seen)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


# -- POLECAT ------------------------------------------------------------------------


def _entity_columns(actors: Sequence[Actor]) -> list[str]:
    first = actors[0] if actors else None
    return [
        _join(a.name for a in actors),
        _join(a.country for a in actors),
        _join(_cow().get(a.country or "") for a in actors),
        (first.sector if first else None) or "",
        _join(a.sector for a in actors),
        (first.role if first else None) or "",
        _join(a.text for a in actors),
        _join(a.id for a in actors),
    ]


def _place_columns(place: Place | None) -> list[Any]:
    if place is None:
        return [""] * 10
    feature = place.feature or ""
    city = place.name if feature.startswith("PPL") else ""
    return [
        place.name,
        city,
        "",
        place.admin1,
        place.country,
        place.lat,
        place.lon,
        place.geonameid,
        place.text,
        feature,
    ]


def _story_columns(record: Record | None) -> list[str]:
    actors = record.actors if record else ()
    places = record.places if record else ()
    return [
        _join(a.name for a in actors if a.kind == "person"),
        _join(a.name for a in actors if a.kind in ("organization", "group")),
        _join(p.name for p in places),
    ]


def polecat_row(item: Item) -> list[str]:
    """One event as the values of :func:`polecat_header`, in order, as clean strings."""
    row = item.row
    values = [row.id, row.day, row.type, row.mode, row.intensity, row.quad, _join(row.contexts)]
    values += _entity_columns(_side(item, "actor")) + _entity_columns(_side(item, "recipient"))
    values += _place_columns(_place(item))
    values += [source_name(row), (row.published or "")[:10]] + _story_columns(item.record)
    values += [_language(item), VERSION]
    values += [row.cameo, row.date, row.date_precision, _basis(item), row.modality, row.sourcing]
    values += [item.cluster.reports, item.cluster.sources] if item.cluster else ["", ""]
    return [_clean(v) for v in values]


@registry.writers.register("polecat")
def _write_polecat(items: Iterator[Item], path: Path) -> list[Item]:
    written = []
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("\t".join(polecat_header()) + "\n")
        for item in items:
            out.write("\t".join(polecat_row(item)) + "\n")
            written.append(item)
    return written


# -- PLOVER JSONL -------------------------------------------------------------------


def _entity(actor: Actor) -> dict[str, Any]:
    return {
        "code": actor.country,
        "sector": actor.sector,
        "entity_text": actor.text,
        "identifier_id": actor.id,
        "identifier_text": actor.name,
        "office": actor.role,
        "kind": actor.kind,
    }


def _location(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    feature = place.feature or ""
    return {
        "extracted_place": place.text,
        "resolved_place": place.name,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "city": place.name if feature.startswith("PPL") else None,
        "province": place.admin1,
        "country_code": place.country,
        "feature_class": feature[:1] or None,
        "feature_code": feature or None,
    }


def plover_object(item: Item) -> dict[str, Any]:
    """One event as a PLOVER JSON object (field names of PLOVER's data-fields chapter)."""
    row = item.row
    quad = plover.QUADS.index(row.quad) + 1 if row.quad in plover.QUADS else None
    out = {
        "id": row.id,
        "date": row.day,
        "actor": [_entity(a) for a in _side(item, "actor")],
        "event": [row.type],
        "mode": [row.mode] if row.mode else [],
        "context": list(row.contexts),
        "recipient": [_entity(a) for a in _side(item, "recipient")],
        "event_loc": _location(_place(item)),
        "event_text": row.sentence.text,
        "quad_code": quad,
        "event_scale": row.intensity,
        "text_info": {
            "start": row.sentence.start,
            "end": row.sentence.end,
            "trigger": row.trigger.to_dict(),
        },
        "cite_info": {
            "url": row.url,
            "title": row.title,
            "publication": source_name(row),
            "language": _language(item),
            "coder": "backchannel",
            "version": VERSION,
            "published": row.published,
        },
        "coder": "backchannel",
        "cameo": row.cameo,
        "modality": row.modality,
        "sourcing": row.sourcing,
        "date_value": row.date,
        "date_precision": row.date_precision,
        "date_basis": _basis(item),
        "channel": row.channel,
        "article_id": row.article_id,
    }
    if item.cluster:
        out.update(reports=item.cluster.reports, sources=item.cluster.sources)
    return out


@registry.writers.register("jsonl")
def _write_jsonl(items: Iterator[Item], path: Path) -> list[Item]:
    written = []
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(plover_object(item), ensure_ascii=False) + "\n")
            written.append(item)
    return written


# -- flat tables --------------------------------------------------------------------

FLAT_COLUMNS = (
    "id",
    "date",
    "date_value",
    "date_precision",
    "date_basis",
    "type",
    "mode",
    "cameo",
    "quad",
    "intensity",
    "contexts",
    "actor_name",
    "actor_country",
    "actor_sector",
    "actor_text",
    "actor_id",
    "recipient_name",
    "recipient_country",
    "recipient_sector",
    "recipient_text",
    "recipient_id",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "geonameid",
    "channel",
    "modality",
    "sourcing",
    "article_id",
    "outlet",
    "published",
    "published_day",
    "url",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "sentence_text",
    "reports",
    "sources",
    "confidence",
)


#: The flat columns that hold a calendar day: ``DATE`` in Parquet, ``YYYY-MM-DD`` in CSV.
DATE_COLUMNS = ("date", "published_day")


def _flat_side(actors: Sequence[Actor], prefix: str) -> dict[str, str]:
    columns = ("name", "country", "sector", "text", "id")
    return {f"{prefix}_{col}": _join(getattr(a, col) for a in actors) for col in columns}


def flat_row(item: Item) -> dict[str, Any]:
    """One event as a flat row of :data:`FLAT_COLUMNS` (None where missing)."""
    row, place = item.row, _place(item)
    out = {
        "id": row.id,
        "date": row.day,
        "date_value": row.date,
        "date_precision": row.date_precision,
        "date_basis": _basis(item),
        "type": row.type,
        "mode": row.mode,
        "cameo": row.cameo,
        "quad": row.quad,
        "intensity": row.intensity,
        "contexts": _join(row.contexts),
        **_flat_side(_side(item, "actor"), "actor"),
        **_flat_side(_side(item, "recipient"), "recipient"),
        "place_name": place and place.name,
        "place_country": place and place.country,
        "lat": place and place.lat,
        "lon": place and place.lon,
        "geonameid": place and place.geonameid,
        "channel": row.channel,
        "modality": row.modality,
        "sourcing": row.sourcing,
        "article_id": row.article_id,
        "outlet": row.outlet,
        "published": row.published,
        "published_day": _iso(_day(row.published)),
        "url": row.url,
        "sentence_start": row.sentence.start,
        "sentence_end": row.sentence.end,
        "trigger_start": row.trigger.start,
        "trigger_end": row.trigger.end,
        "sentence_text": row.sentence.text,
        "confidence": row.confidence,
        "reports": item.cluster.reports if item.cluster else None,
        "sources": item.cluster.sources if item.cluster else None,
    }
    return {col: (out[col] if out[col] != "" else None) for col in FLAT_COLUMNS}


@registry.writers.register("csv")
def _write_csv(items: Iterator[Item], path: Path) -> list[Item]:
    written = []
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        for item in items:
            writer.writerow(flat_row(item))
            written.append(item)
    return written


@registry.writers.register("parquet")
def _write_parquet(items: Iterator[Item], path: Path) -> list[Item]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    written = list(items)
    rows = [flat_row(item) for item in written]
    for row in rows:
        row.update({col: _day(row[col]) for col in DATE_COLUMNS})
    types = {
        **dict.fromkeys(DATE_COLUMNS, pa.date32()),
        "intensity": pa.float64(),
        "lat": pa.float64(),
        "lon": pa.float64(),
        "confidence": pa.float64(),
        "geonameid": pa.int64(),
        "sentence_start": pa.int64(),
        "sentence_end": pa.int64(),
        "trigger_start": pa.int64(),
        "trigger_end": pa.int64(),
        "reports": pa.int64(),
        "sources": pa.int64(),
    }
    schema = pa.schema([(col, types.get(col, pa.string())) for col in FLAT_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table.replace_schema_metadata({"backchannel": VERSION}), path)
    return written


# -- provenance ---------------------------------------------------------------------


def provenance_path(path: Path) -> Path:
    """Where the provenance sidecar of an export at ``path`` goes: beside it, its whole name
    and ``.provenance.jsonl`` (one sidecar per export file, whatever the format)."""
    return path.with_name(path.name + ".provenance.jsonl")


def _statement(st: Statement) -> dict[str, Any]:
    speaker = st.speaker
    return {
        "id": st.id,
        "speaker": speaker and speaker.text,
        "speaker_kind": speaker and speaker.kind,
        "stance": st.stance,
        "cue": st.cue and st.cue.text,
        "content": st.content.to_dict(),
        "direct": st.direct,
    }


def provenance(item: Item) -> dict[str, Any]:
    """Where an exported event comes from: article, sentence, trigger, statements, reports."""
    row = item.row
    wanted = set(row.attributed_to)
    statements = item.record.statements if item.record else ()
    said = [_statement(s) for s in statements if s.id in wanted]
    out = {
        "id": row.id,
        "article_id": row.article_id,
        "url": row.url,
        "outlet": row.outlet,
        "published": row.published,
        "sentence": row.sentence.to_dict(),
        "trigger": row.trigger.to_dict(),
        "rule": row.rule,
        "statements": said,
    }
    if item.cluster:
        out["reports"] = [
            {"event_id": e.id, "article_id": e.article_id, "url": e.url, "outlet": e.outlet}
            for e in item.cluster.events
        ]
    return out


def _write_provenance(items: Sequence[Item], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(provenance(item), ensure_ascii=False) + "\n")


# -- network ------------------------------------------------------------------------


def network_gexf(edges: Sequence[Edge]) -> str:
    """A network (from ``query.network``) as GEXF 1.3 for Gephi: weight = events, with tone."""
    from xml.sax.saxutils import quoteattr

    nodes = sorted({e.source for e in edges} | {e.target for e in edges})
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
        f"<meta><creator>{VERSION}</creator></meta>",
        '<graph defaultedgetype="directed" mode="static">',
        '<attributes class="edge"><attribute id="0" title="cooperation" type="integer"/>'
        '<attribute id="1" title="conflict" type="integer"/>'
        '<attribute id="2" title="mean_intensity" type="double"/></attributes>',
        "<nodes>",
        *(f"<node id={quoteattr(n)} label={quoteattr(n)}/>" for n in nodes),
        "</nodes>",
        "<edges>",
    ]
    for i, e in enumerate(edges):
        mean = (
            ""
            if e.mean_intensity is None
            else f'<attvalue for="2" value="{e.mean_intensity:.3f}"/>'
        )
        lines.append(
            f'<edge id="{i}" source={quoteattr(e.source)} target={quoteattr(e.target)} '
            f'weight="{e.count}"><attvalues><attvalue for="0" value="{e.cooperation}"/>'
            f'<attvalue for="1" value="{e.conflict}"/>{mean}</attvalues></edge>'
        )
    return "\n".join([*lines, "</edges>", "</graph>", "</gexf>"]) + "\n"


# -- entry point --------------------------------------------------------------------


def export(
    store: Store,
    out: str | Path,
    *,
    format: str = "polecat",
    dedupe: str = "none",
    filters: EventFilter | None = None,
    window_days: int = clusters.WINDOW_DAYS,
) -> ExportResult:
    """Write the events matching ``filters`` to ``out`` in ``format`` (a name in
    ``registry.writers``), with a provenance sidecar."""
    writer = registry.entry(registry.writers, format)
    if writer is None:
        choices = ", ".join(registry.names(registry.writers))
        raise QueryError(f"unknown export format {format!r}; expected one of {choices}")
    if dedupe not in clusters.DEDUPE:
        raise QueryError(
            f"unknown deduplication {dedupe!r}; expected one of {', '.join(clusters.DEDUPE)}"
        )
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = writer(_items(store, filters, dedupe, window_days), path)
    sidecar = provenance_path(path)
    _write_provenance(written, sidecar)
    return ExportResult(path, sidecar, format, len(written))
