"""The map: where the matching events happened, clustered and coloured by quad class.

``/map`` renders the filter form (the events list's, plus the event-location country
``place_country``), the legend and the places with the most events; ``/static/map.js``
then draws the world outline from ``/map/world.geojson`` (the ``countryinfo`` package's
polygons, simplified once and cached) and the events from ``/api/events.geojson`` (the same
filters, newest first, up to ``limit``). Nothing comes from outside the app.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from backchannel import charts, geo_export, query
from backchannel.web.params import (
    FilterDep,
    StoreDep,
    event_filter,
    int_param,
    render,
    url_with,
)

__all__ = ["GEOJSON", "router"]

GEOJSON = "application/geo+json"
router = APIRouter()
Limit = Annotated[
    int, Query(ge=1, le=query.MAX_LIMIT, description="The most located events to return")
]


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=1)
def _world() -> bytes:
    return _json(geo_export.world_outline())


@router.get(
    "/api/events.geojson",
    summary="Located events matching the filters as a GeoJSON FeatureCollection",
    tags=["api"],
    response_class=Response,
    responses={200: {"content": {GEOJSON: {}}}},
)
def events_geojson(
    store: StoreDep, flt: FilterDep, limit: Limit = geo_export.DEFAULT_LIMIT, download: bool = False
) -> Response:
    """Points at ``[lon, lat]``, newest event first, up to ``limit``; the collection also
    says how many events ``matched`` the filters and how many of them are ``located``.
    Takes the events list's filters, ``place_country`` (ISO3 of the event's place) among them;
    ``download`` names the file ``events.geojson``."""
    found = geo_export.located_events(store, flt, limit=limit)
    headers = {}
    if download:
        headers["Content-Disposition"] = "attachment; filename=events.geojson"
    return Response(
        _json(found.to_geojson(filters=flt.active())), media_type=GEOJSON, headers=headers
    )


@router.get("/map/world.geojson", include_in_schema=False)
def world() -> Response:
    return Response(
        _world(), media_type=GEOJSON, headers={"Cache-Control": "public, max-age=86400"}
    )


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(store: StoreDep, request: Request):
    flt = event_filter(request)
    limit = query.check_range(
        "limit", int_param(request, "limit", geo_export.DEFAULT_LIMIT), 1, query.MAX_LIMIT
    )
    data_url = url_with(request, "/api/events.geojson", page=None, per_page=None, order=None)
    return render(
        request,
        "map.html",
        flt=flt,
        nav="map",
        limit=limit,
        data_url=data_url,
        download_url=url_with(request, "/api/events.geojson", page=None, download=1),
        colours=json.dumps(charts.QUAD_COLOURS),
        places=geo_export.place_counts(store, flt, limit=15),
        known_actors=query.actors(store, limit=200),
    )
