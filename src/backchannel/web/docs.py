"""The API docs, offline: Swagger UI at ``/docs`` and ReDoc at ``/redoc``, their scripts and
styles served from the installed ``fastapi-offline`` package under ``/static/docs/``.

FastAPI's own pages load them from a CDN, which leaves ``/docs`` blank wherever the app
runs without the internet; these load nothing from outside the app (no validator badge, no
web fonts).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["ASSETS", "install"]

ASSETS = "/static/docs"  # mounted before /static, which it would otherwise fall under


def install(app: FastAPI) -> None:
    """Serve ``/docs`` and ``/redoc`` from the package's assets (``app`` is made with
    ``docs_url=None, redoc_url=None``)."""
    app.mount(ASSETS, StaticFiles(packages=[("fastapi_offline", "static")]), name="docs-assets")
    title = f"{app.title} API"
    openapi = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi,
            title=title,
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi,
            title=title,
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
