"""What the pages and the API share: the store, URL parameters, JSON and CSV, templates.

Every route takes the store as ``store: StoreDep`` (the one ``create_app`` put on
``app.state``, through :func:`get_store`). API routes take their filters as ``flt: FilterDep``
(typed query parameters that ``/openapi.json`` lists); pages read the same filters with
:func:`event_filter` and :func:`int_param`. Both build the filter with :func:`make_filter`, so
a bad value is the same :class:`~backchannel.errors.QueryError` either way. Routes answer
with :func:`render`, :func:`to_plain` or :func:`csv_response`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, is_dataclass
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, PackageLoader

from backchannel import charts, clusters, plover, query
from backchannel.brief import render as brief_render
from backchannel.errors import QueryError
from backchannel.query import EventFilter
from backchannel.query.filters import check_filter
from backchannel.store import Store

__all__ = [
    "FILTER_KEYS",
    "FilterDep",
    "StoreDep",
    "csv_response",
    "event_filter",
    "filter_params",
    "get_store",
    "int_param",
    "known_params",
    "make_filter",
    "render",
    "to_plain",
    "url_with",
    "web_url",
]

FILTER_KEYS = (
    "actor",
    "country",
    "sector",
    "dyad",
    "type",
    "quad",
    "modality",
    "sourcing",
    "since",
    "until",
    "place_country",
)
UPPER_KEYS = ("country", "sector", "place_country")


def get_store(request: Request) -> Store:
    """The app's store, for :data:`StoreDep`."""
    return request.app.state.store


#: the store as a route parameter: ``def page(store: StoreDep, request: Request)``
StoreDep = Annotated[Store, Depends(get_store)]


def to_plain(value: Any) -> Any:
    """Query results (frozen dataclasses, clusters with properties) as JSON-ready data."""
    if isinstance(value, clusters.EventCluster):
        return {
            "id": value.id,
            "type": value.type,
            "quad": value.quad,
            "actor": value.actor,
            "recipient": value.recipient,
            "first_day": value.first_day,
            "last_day": value.last_day,
            "reports": value.reports,
            "sources": value.sources,
            "sourcings": list(value.sourcings),
            "lead": value.lead.id,
            "events": [e.id for e in value.events],
        }
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def make_filter(**raw: str | None) -> EventFilter:
    """An :class:`EventFilter` from parameter values as typed (empty ones ignored), checked:
    a bad value is a :class:`QueryError` naming its parameter, never an empty answer."""
    params = {k: v.strip() for k, v in raw.items() if k in FILTER_KEYS and v and v.strip()}
    dyad = params.pop("dyad", None)
    for key in UPPER_KEYS:
        if key in params:
            params[key] = params[key].upper()
    flt = EventFilter(dyad=query.parse_dyad(dyad) if dyad else None, **params)
    return check_filter(flt)


def event_filter(request: Request) -> EventFilter:
    """An :class:`EventFilter` from the URL's query parameters (empty ones ignored)."""
    return make_filter(**{k: v for k, v in request.query_params.items() if k in FILTER_KEYS})


def _text(description: str) -> Any:
    return Query(description=description, max_length=query.MAX_TEXT)


_DATE = "; YYYY, YYYY-MM or YYYY-MM-DD (a real date in the years {} to {})".format(*query.YEARS)


def filter_params(
    actor: Annotated[str | None, _text("An actor id, or part of a name, on either side")] = None,
    country: Annotated[str | None, _text("Country code (ISO3, IGO…) on either side")] = None,
    sector: Annotated[str | None, _text("Sector code (GOV, MIL…) on either side")] = None,
    dyad: Annotated[str | None, _text("Actor and recipient countries, as USA-RUS")] = None,
    type: Annotated[str | None, _text("PLOVER event type, as CONSULT")] = None,
    quad: Annotated[str | None, _text("Quad class, as VERBAL COOPERATION")] = None,
    modality: Annotated[str | None, _text("Modality: " + ", ".join(query.MODALITIES))] = None,
    sourcing: Annotated[str | None, _text("Sourcing: " + ", ".join(query.SOURCINGS))] = None,
    since: Annotated[str | None, _text("First event day" + _DATE)] = None,
    until: Annotated[str | None, _text("Last event day" + _DATE)] = None,
    place_country: Annotated[str | None, _text("Country (ISO3) of the event's place")] = None,
) -> EventFilter:
    """The event filters as typed query parameters, for :data:`FilterDep`."""
    return make_filter(
        actor=actor,
        country=country,
        sector=sector,
        dyad=dyad,
        type=type,
        quad=quad,
        modality=modality,
        sourcing=sourcing,
        since=since,
        until=until,
        place_country=place_country,
    )


#: the event filters as a route parameter, listed in the OpenAPI schema: ``flt: FilterDep``
FilterDep = Annotated[EventFilter, Depends(filter_params)]


def int_param(request: Request, name: str, default: int) -> int:
    """A whole-number query parameter (``page``, ``limit``…), or a :class:`QueryError`.

    Only the form is checked here; the query layer bounds the value."""
    raw = request.query_params.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw[:40]!r}") from None


def known_params(request: Request) -> None:
    """Refuse a query parameter the route does not take: a mistyped name (``contry=``,
    ``limit=`` where the route pages) would otherwise be ignored and answer everything."""
    route = request.scope.get("route")
    if getattr(route, "dependant", None) is None:
        return
    taken = _query_names(route)
    unknown = [name for name in request.query_params if name not in taken]
    if unknown:
        raise QueryError(
            f"unknown parameter {unknown[0][:40]}; {request.url.path} takes "
            + (", ".join(taken) or "no query parameters")
        )


def _strict_params(request: Request, path: str) -> tuple[str, ...] | None:
    """The query parameters of the route at ``path`` when it refuses others (an API route,
    guarded by :func:`known_params`), else None."""
    for route in _routes(request.app.routes):
        dependant = getattr(route, "dependant", None)
        if getattr(route, "path", None) == path and dependant is not None and _strict(dependant):
            return _query_names(route)
    return None


def _routes(routes: list[Any]) -> list[Any]:
    """Every route, those of included routers too (FastAPI keeps those in their router)."""
    found = []
    for route in routes:
        included = getattr(route, "original_router", None)
        found += _routes(included.routes) if included is not None else [route]
    return found


def _strict(dependant: Any) -> bool:
    return any(d.call is known_params for d in dependant.dependencies)


def _query_names(route: Any) -> tuple[str, ...]:
    """The query parameters a route takes, its dependencies' included."""
    found: set[str] = set()
    todo = [route.dependant]
    while todo:
        dependant = todo.pop()
        found.update(param.alias for param in dependant.query_params)
        todo.extend(dependant.dependencies)
    return tuple(sorted(found))


def url_with(request: Request, path: str | None = None, **changes: Any) -> str:
    """The current URL (or ``path``) with query parameters changed; None drops one.

    A link from a page to an API route keeps only the parameters that route takes (a page's
    ``order`` or ``all`` would make the API refuse the link)."""
    params = {k: v for k, v in request.query_params.items() if v}
    taken = _strict_params(request, path) if path else None
    if taken is not None:
        params = {k: v for k, v in params.items() if k in taken}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    target = path or request.url.path
    return target + ("?" + urlencode(params) if params else "")


def web_url(url: str | None) -> str | None:
    """An article's URL when it is http(s), else None: stored URLs come from the input."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def csv_response(rows: list[dict[str, Any]], name: str) -> Response:
    """Rows as a CSV download named ``name``.csv (lists and dicts as JSON)."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(
            {k: (json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()}
            for r in rows
        )
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename={name}.csv"},
    )


@lru_cache(maxsize=1)
def _templates() -> Jinja2Templates:
    """The app's templates over the brief's Jinja environment (its body renders in /brief)."""
    shared = brief_render.environment()
    env = shared.overlay(
        loader=ChoiceLoader([PackageLoader("backchannel.web", "templates"), shared.loader])
    )
    env.globals = {**shared.globals}
    env.filters = {**shared.filters, "web_url": web_url}
    env.globals.update(
        quad_class=charts.quad_class,
        quads=plover.QUADS,
        types=plover.EVENT_TYPES,
        modalities=query.MODALITIES,
        sourcings=query.SOURCINGS,
        legend=charts.quad_legend,
        headline=brief_render.headline,
        quote=quote,
    )
    return Jinja2Templates(env=env)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The template ``name`` as a page, with ``request`` and ``url_with`` in its context."""
    context.update(request=request, url_with=lambda path=None, **kw: url_with(request, path, **kw))
    return _templates().TemplateResponse(request, name, context, status_code=status_code)
