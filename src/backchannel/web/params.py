"""What the pages and the API share: the store, URL parameters, JSON and CSV, templates.

Every route takes the store as ``store: StoreDep`` (the one ``create_app`` put on
``app.state``, through :func:`get_store`), reads its filters with :func:`event_filter` and
:func:`int_param`, and answers with :func:`render`, :func:`to_plain` or :func:`csv_response`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, is_dataclass
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, PackageLoader

from backchannel import charts, clusters, plover, query
from backchannel.brief import render as brief_render
from backchannel.errors import QueryError
from backchannel.query import EventFilter
from backchannel.store import Store

__all__ = [
    "FILTER_KEYS",
    "StoreDep",
    "csv_response",
    "event_filter",
    "get_store",
    "int_param",
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
)


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


def event_filter(request: Request) -> EventFilter:
    """An :class:`EventFilter` from the URL's query parameters (empty ones ignored)."""
    params = {
        k: v.strip() for k, v in request.query_params.items() if k in FILTER_KEYS and v.strip()
    }
    dyad = params.pop("dyad", None)
    for key in ("country", "sector"):
        if key in params:
            params[key] = params[key].upper()
    return EventFilter(dyad=query.parse_dyad(dyad) if dyad else None, **params)


def int_param(request: Request, name: str, default: int) -> int:
    """A whole-number query parameter (``page``, ``limit``…), or a :class:`QueryError`.

    Only the form is checked here; the query layer bounds the value."""
    raw = request.query_params.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw[:40]!r}") from None


def url_with(request: Request, path: str | None = None, **changes: Any) -> str:
    """The current URL (or ``path``) with query parameters changed; None drops one."""
    params = {k: v for k, v in request.query_params.items() if v}
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
