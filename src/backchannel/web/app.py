"""The web app: a read-only reading room over a store, and a JSON API under ``/api/``.

``create_app(db)`` builds a FastAPI app for a store path or URL. Every page is rendered
server-side from one call to the query layer (``backchannel.query``, ``clusters``,
``brief``); charts are inline SVG; every asset is served from this package. Filters live
in the URL, so any view can be bookmarked, shared, or downloaded (CSV/JSON) as shown.

Errors, request bounds and security headers live in ``backchannel.web.safety``; every
argument is checked and bounded by the query layer. Run it with ``backchannel serve`` or
``uvicorn`` on ``127.0.0.1`` (the default).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from backchannel import brief as briefs
from backchannel import charts, clusters, plover, query
from backchannel.errors import QueryError
from backchannel.query import EventFilter
from backchannel.store import Store, open_store

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "app_from_env", "create_app", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
FILTER_KEYS = ("actor", "country", "sector", "dyad", "type", "quad", "modality", "sourcing", "since", "until")


# -- helpers shared by routes -------------------------------------------------------


def to_plain(value: Any) -> Any:
    """Query results (frozen dataclasses, clusters with properties) as JSON-ready data."""
    if isinstance(value, clusters.EventCluster):
        return {"id": value.id, "type": value.type, "quad": value.quad, "actor": value.actor,
                "recipient": value.recipient, "first_day": value.first_day, "last_day": value.last_day,
                "reports": value.reports, "sources": value.sources, "sourcings": list(value.sourcings),
                "lead": value.lead.id, "events": [e.id for e in value.events]}
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def event_filter(request: Request) -> EventFilter:
    """An :class:`EventFilter` from the URL's query parameters (empty ones ignored)."""
    params = {k: v.strip() for k, v in request.query_params.items() if k in FILTER_KEYS and v.strip()}
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
        writer.writerows({k: (json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()} for r in rows)
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={name}.csv"})


@lru_cache(maxsize=1)
def _templates() -> Jinja2Templates:
    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader("backchannel.web", "templates"), autoescape=True)
    env.filters["web_url"] = web_url
    env.globals.update(quad_class=charts.quad_class, quads=plover.QUADS, types=plover.EVENT_TYPES,
                       modalities=query.MODALITIES, sourcings=query.SOURCINGS, legend=charts.quad_legend,
                       headline=briefs.headline, quote=quote)
    return Jinja2Templates(env=env)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.update(request=request, url_with=lambda path=None, **kw: url_with(request, path, **kw))
    return _templates().TemplateResponse(request, name, context, status_code=status_code)


# -- the app ------------------------------------------------------------------------


def create_app(db: str | Path | Store) -> FastAPI:
    """A read-only web app over the store at ``db`` (path, SQLAlchemy URL, or open Store)."""
    store = db if isinstance(db, Store) else open_store(db)
    app = FastAPI(title="backchannel", version="1", summary="Who did what to whom, when, where, on whose word.")
    app.state.store = store
    app.mount("/static", StaticFiles(packages=[("backchannel.web", "static")]), name="static")

    from backchannel.web import routes, safety

    safety.install(app)
    routes.install(app, store)
    return app


def app_from_env() -> FastAPI:
    """The app over ``$BACKCHANNEL_DB`` (default ``backchannel.db``), for ``uvicorn --factory``."""
    import os

    return create_app(os.environ.get("BACKCHANNEL_DB", "backchannel.db"))


def serve(db: str | Path | Store, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, log_level: str = "info") -> None:
    """Serve the app over ``db`` with uvicorn until interrupted (127.0.0.1 unless told otherwise)."""
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level=log_level)
