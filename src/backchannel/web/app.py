"""The web app: a read-only reading room over a store, and a JSON API under ``/api/``.

``create_app(db)`` builds a FastAPI app for a store path or URL. Every page is rendered
server-side from one call to the query layer (``backchannel.query``, ``clusters``,
``brief``); charts are inline SVG; every asset is served from this package (the stylesheet
from ``backchannel.brief``, whose self-contained pages inline it). Filters live in the URL,
so any view can be bookmarked, shared, or downloaded (CSV/JSON) as shown.

The pages live in ``backchannel.web.pages``, the API in ``backchannel.web.api``, what they
share in ``backchannel.web.params``; errors, request bounds and security headers in
``backchannel.web.safety``; the API docs, served offline, in ``backchannel.web.docs``. Run
it with ``backchannel serve`` or ``uvicorn`` on ``127.0.0.1`` (the default).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from backchannel.settings import Settings
from backchannel.store import Store, open_store
from backchannel.web import api, docs, maps, pages, safety

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "app_from_env", "create_app", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def create_app(
    db_or_store: str | Path | Store | None = None, *, settings: Settings | None = None
) -> FastAPI:
    """A read-only web app over the store at ``db_or_store`` (path, SQLAlchemy URL, or open
    Store); without one, over ``settings.db`` (default :meth:`Settings.load`)."""
    if isinstance(db_or_store, Store):
        store = db_or_store
    else:
        store = open_store(db_or_store, settings=settings, create=False)
    app = FastAPI(
        title="backchannel",
        version="1",
        summary="Who did what to whom, when, where, on whose word.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    docs.install(app)
    app.mount(
        "/static",
        StaticFiles(packages=[("backchannel.web", "static"), ("backchannel.brief", "static")]),
        name="static",
    )
    safety.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(maps.router)
    return app


def app_from_env() -> FastAPI:
    """The app over ``$BACKCHANNEL_DB`` (default :data:`~backchannel.settings.DEFAULT_DB`),
    for ``uvicorn --factory``."""
    return create_app(settings=Settings.load())


def serve(
    db: str | Path | Store,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    log_level: str = "info",
) -> None:
    """Serve the app over ``db`` with uvicorn until interrupted (127.0.0.1 unless told
    otherwise)."""
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level=log_level)
