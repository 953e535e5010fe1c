"""What keeps the web app safe under hostile input: one error shape, bounded URLs, security headers.

Every error answers in one shape: under ``/api/`` the JSON
``{"error": {"status": 400, "message": "…", "parameter": "page"}}`` (``parameter`` is the
query or path parameter at fault, or null), elsewhere the error page with the same status. A
bad argument (a :class:`~backchannel.errors.QueryError` from the query layer, an
:class:`~backchannel.errors.InputError`, or a parameter FastAPI cannot read) is a 400, an
unknown id or path a 404, an overlong URL a 414, and anything else (a store that fails
included) a bare 500 that names no exception and shows no traceback (the server log keeps
it). Every
response carries headers that stop the browser from sniffing types, framing the app or
running scripts from anywhere but this app: pages take scripts from ``/static/`` only, the
API docs (``/docs``, ``/redoc``, whose pages start their bundled script inline) from the app.
"""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backchannel.errors import InputError, QueryError
from backchannel.web.params import render

__all__ = ["MAX_PATH", "MAX_QUERY", "Guard", "error_response", "install", "parameter_of"]

MAX_PATH = 1024  # characters of URL path
MAX_QUERY = 2048  # bytes of query string
TITLES = {
    400: "That query cannot work",
    404: "Not found",
    405: "Not allowed",
    414: "That URL is too long",
    500: "Something went wrong",
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_PAGES = ("/docs", "/redoc")


def error_response(
    request: Request, status: int, message: str, parameter: str | None = None
) -> Response:
    """The one error shape: ``{"error": {"status", "message", "parameter"}}`` under
    ``/api/``, else the error page."""
    if request.url.path.startswith("/api/"):
        body = {"error": {"status": status, "message": message, "parameter": parameter}}
        return JSONResponse(body, status_code=status)
    title = TITLES.get(status, "That request cannot be answered")
    return render(request, "error.html", status_code=status, message=message, title=title)


def parameter_of(request: Request, message: str) -> str | None:
    """The request's query or path parameter that ``message`` names first, if any (the
    library's messages name the argument at fault: ``page must be…``, ``date bound since…``)."""
    names = {*request.query_params.keys(), *request.scope.get("path_params", {})}
    found = [
        (hit.start(), name)
        for name in names
        if (hit := re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", message))
    ]
    return min(found)[1] if found else None


def _validation_error(exc: RequestValidationError) -> tuple[str, str | None]:
    """FastAPI's parameter errors as one line (``min_count: Input should be a valid
    integer…``) and the first parameter at fault."""
    errors = exc.errors()
    message = "; ".join(f"{error['loc'][-1]}: {error['msg']}" for error in errors)
    first = errors[0]["loc"] if errors else ()
    parameter = str(first[-1]) if len(first) > 1 and first[0] in ("query", "path") else None
    return message, parameter


def install(app: FastAPI) -> None:
    """Give ``app`` the error handlers and the :class:`Guard`."""
    app.add_middleware(Guard)

    async def _bad_query(request: Request, exc: Exception) -> Response:
        message = str(exc)
        return error_response(request, 400, message, parameter_of(request, message))

    app.add_exception_handler(QueryError, _bad_query)
    app.add_exception_handler(InputError, _bad_query)

    @app.exception_handler(RequestValidationError)
    async def _bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, *_validation_error(exc))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        response = error_response(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, "the server could not answer this request")


class Guard:
    """ASGI middleware: refuses overlong URLs (414) and adds the security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send, scope["path"])
        if len(scope["path"]) > MAX_PATH or len(scope["query_string"]) > MAX_QUERY:
            message = (
                f"a URL may carry at most {MAX_PATH} characters of path "
                f"and {MAX_QUERY} bytes of query"
            )
            await error_response(Request(scope), 414, message)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _with_headers(send: Send, path: str) -> Send:
    csp = DOCS_CSP if path in DOCS_PAGES else CSP
    extra = HEADERS | {"Content-Security-Policy": csp}

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in extra.items():
                headers.setdefault(name, value)
        await send(message)

    return sending
