"""What keeps the web app safe under hostile input: one error shape, bounded URLs, security headers.

Every error answers in one shape: ``{"error": "…"}`` with its status under ``/api/``, the
error page elsewhere. A bad argument (a :class:`~backchannel.errors.QueryError` from the
query layer, or a parameter FastAPI cannot read) is a 400, an unknown id or path a 404, an
overlong URL a 414, and anything unexpected a bare 500 that names no exception and shows
no traceback (the server log keeps it). Every response carries headers that stop the
browser from sniffing types, framing the app or running scripts from anywhere but
``/static/`` (FastAPI's ``/docs`` and ``/redoc`` load theirs from a CDN and are spared).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backchannel.errors import QueryError
from backchannel.web.params import render

__all__ = ["MAX_PATH", "MAX_QUERY", "Guard", "error_response", "install"]

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
CDN_PAGES = ("/docs", "/redoc")


def error_response(request: Request, status: int, message: str) -> Response:
    """The one error shape: ``{"error": message}`` under ``/api/``, else the error page."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    title = TITLES.get(status, "That request cannot be answered")
    return render(request, "error.html", status_code=status, message=message, title=title)


def _validation_message(exc: RequestValidationError) -> str:
    """FastAPI's parameter errors as one line: ``min_count: Input should be a valid integer…``."""
    return "; ".join(f"{error['loc'][-1]}: {error['msg']}" for error in exc.errors())


def install(app: FastAPI) -> None:
    """Give ``app`` the error handlers and the :class:`Guard`."""
    app.add_middleware(Guard)

    @app.exception_handler(QueryError)
    async def _bad_query(request: Request, exc: QueryError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, _validation_message(exc))

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
    extra = HEADERS if path.startswith(CDN_PAGES) else HEADERS | {"Content-Security-Policy": CSP}

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in extra.items():
                headers.setdefault(name, value)
        await send(message)

    return sending
