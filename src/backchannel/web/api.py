"""The JSON API under ``/api/``: the query layer's answers as JSON (and CSV where tabular).

Each endpoint takes the same filter parameters as the pages (``actor``, ``country``,
``sector``, ``dyad`` as ``USA-RUS``, ``type``, ``quad``, ``modality``, ``sourcing``,
``since``, ``until``); FastAPI publishes the schema at ``/openapi.json`` and docs at ``/docs``.
Every endpoint takes the store as a dependency (:data:`~backchannel.web.params.StoreDep`).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response

from backchannel import brief as briefs
from backchannel import clusters, export, query
from backchannel.errors import QueryError
from backchannel.store import Store
from backchannel.web.params import StoreDep, csv_response, event_filter, int_param, to_plain

__all__ = ["router"]

EXPORT_LIMIT = 10000


router = APIRouter(prefix="/api", tags=["api"])


@router.get("/events", summary="Events matching the filters, one page at a time")
def events(store: StoreDep, request: Request) -> dict[str, Any]:
    found = query.find_events(
        store,
        event_filter(request),
        page=int_param(request, "page", 1),
        per_page=int_param(request, "per_page", 50),
        order=request.query_params.get("order") or "-day",
    )
    return {
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
        "filters": event_filter(request).active(),
        "events": to_plain(found.items),
    }


@router.get("/events.csv", summary="Every event matching the filters as CSV (up to 10,000)")
def events_csv(store: StoreDep, request: Request) -> Response:
    rows = [
        _flat(e.to_dict())
        for _, e in zip(range(EXPORT_LIMIT), query.iter_events(store, event_filter(request)))
    ]
    return csv_response(rows, "events")


@router.get(
    "/export.zip",
    summary="The matching events exported (format, dedupe) with their provenance sidecar",
)
def export_zip(
    store: StoreDep, request: Request, format: str = "polecat", dedupe: str = "none"
) -> Response:
    return _export_zip(store, event_filter(request), format, dedupe)


@router.get("/events/{event_id}", summary="One event, its statements and the other reports of it")
def event(store: StoreDep, event_id: str) -> dict[str, Any]:
    found = query.event(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    cluster = clusters.cluster_of(store, event_id)
    said = query.statements(store, ids=list(found.attributed_to)) if found.attributed_to else ()
    return {"event": found.to_dict(), "statements": to_plain(said), "cluster": to_plain(cluster)}


@router.get("/clusters", summary="Event clusters: reports of one real-world event merged")
def event_clusters(store: StoreDep, request: Request) -> list[dict[str, Any]]:
    limit = query.check_range("limit", int_param(request, "limit", 200), 1, query.MAX_LIMIT)
    return to_plain(clusters.clusters(store, filters=event_filter(request))[:limit])


@router.get("/actors", summary="Actors with their event and mention counts")
def actors(store: StoreDep, request: Request) -> list[dict[str, Any]]:
    found = query.actors(
        store,
        country=request.query_params.get("country") or None,
        name=request.query_params.get("name") or None,
        limit=int_param(request, "limit", 200),
    )
    return [to_plain(a) | {"events": a.events} for a in found]


@router.get("/actors/{actor_id}/counterparts", summary="Who an actor dealt with")
def counterparts(store: StoreDep, actor_id: str) -> list[dict[str, Any]]:
    return to_plain(query.counterparts(store, actor_id))


@router.get("/dyads", summary="Directed country dyads with counts by quad class")
def dyads(store: StoreDep, request: Request, complete: bool = False) -> list[dict[str, Any]]:
    return to_plain(query.dyads(store, filters=event_filter(request), complete=complete))


@router.get("/dyad-months", summary="Event counts by month, dyad and quad class")
def dyad_months(store: StoreDep, request: Request) -> list[dict[str, Any]]:
    return to_plain(query.dyad_months(store, filters=event_filter(request)))


@router.get("/dyad-months.csv", summary="Dyad-month counts as CSV")
def dyad_months_csv(store: StoreDep, request: Request) -> Response:
    return csv_response(
        to_plain(query.dyad_months(store, filters=event_filter(request))), "dyad-months"
    )


@router.get(
    "/intensity/{actor_country}/{recipient_country}", summary="A dyad's monthly intensity series"
)
def intensity(
    store: StoreDep, actor_country: str, recipient_country: str, both: bool = False
) -> list[dict[str, Any]]:
    return to_plain(
        query.intensity_series(
            store, actor_country.upper(), recipient_country.upper(), both_directions=both
        )
    )


@router.get("/network", summary="Directed network edges (level=country or actor)")
def network(
    store: StoreDep, request: Request, level: str = "country", min_count: int = 1
) -> list[dict[str, Any]]:
    return to_plain(
        query.network(store, filters=event_filter(request), level=level, min_count=min_count)
    )


@router.get("/network.gexf", summary="Network edges as GEXF for Gephi")
def network_gexf(
    store: StoreDep, request: Request, level: str = "country", min_count: int = 1
) -> Response:
    edges = query.network(store, filters=event_filter(request), level=level, min_count=min_count)
    return Response(
        export.network_gexf(edges),
        media_type="application/gexf+xml",
        headers={"Content-Disposition": "attachment; filename=network.gexf"},
    )


@router.get("/search", summary="Articles containing every word of q")
def search(store: StoreDep, q: str = "", limit: int = 50) -> list[dict[str, Any]]:
    return to_plain(query.search(store, q, limit=limit))


@router.get("/statements", summary="Statements by article or stance")
def statements(
    store: StoreDep, article: str | None = None, stance: str | None = None
) -> list[dict[str, Any]]:
    return to_plain(query.statements(store, article=article, stance=stance))


@router.get("/brief", summary="The brief for a period as Markdown (format=md) or JSON")
def brief(store: StoreDep, since: str, until: str, actor: str | None = None, format: str = "json"):
    if format not in ("json", "md"):
        raise QueryError(f"format must be json or md, not {format[:40]!r}")
    made = briefs.write_brief(store, since=since, until=until, actor=actor or None)
    if format == "md":
        return PlainTextResponse(made.markdown, media_type="text/markdown; charset=utf-8")
    return {
        "title": made.title,
        "events": made.events,
        "articles": made.articles,
        "developments": to_plain(made.developments),
        "anonymous_only": to_plain(made.anonymous_only),
        "said": to_plain(made.said),
        "markdown": made.markdown,
    }


SUFFIX = {"polecat": "tsv", "jsonl": "jsonl", "csv": "csv", "parquet": "parquet"}


def _export_zip(store: Store, flt: query.EventFilter, format: str, dedupe: str) -> Response:
    """An export and its provenance sidecar in one zip, built in a temporary folder."""
    if format not in SUFFIX:
        raise QueryError(f"unknown export format {format!r}; expected one of {', '.join(SUFFIX)}")
    with tempfile.TemporaryDirectory() as folder:
        result = export.export(
            store,
            Path(folder) / f"events.{SUFFIX[format]}",
            format=format,
            dedupe=dedupe,
            filters=flt,
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(result.path, result.path.name)
            archive.write(result.provenance, result.provenance.name)
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f"attachment; filename=backchannel-{format}.zip"},
    )


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    trigger, sentence = row.pop("trigger"), row.pop("sentence")
    row.update(
        trigger_text=trigger["text"],
        trigger_start=trigger["start"],
        trigger_end=trigger["end"],
        sentence_start=sentence["start"],
        sentence_end=sentence["end"],
        sentence_text=sentence["text"],
    )
    return row
