"""Fixtures of the web tests: a hand-coded store, the app over it, a live server, a browser tab;
and the same over a store holding hostile input (script in every field a page shows)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from backchannel import query
from backchannel.web import create_app
from tests.web.sample_store import build_store, hostile_records

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def web_store(tmp_path_factory):
    with build_store(tmp_path_factory.mktemp("web") / "bc.db") as opened:
        yield opened


@pytest.fixture(scope="session")
def app(web_store):
    return create_app(web_store)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as opened:
        yield opened


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(app):
    """``app`` served by uvicorn on a free 127.0.0.1 port in a background thread: yields its URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        pytest.fail("uvicorn did not start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_url(app):
    """The app served by uvicorn on a free 127.0.0.1 port in a background thread."""
    yield from _serve(app)


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory):
    """The sample store plus an article with script in every field and an undated event."""
    with build_store(tmp_path_factory.mktemp("hostile") / "bc.db", hostile_records()) as opened:
        yield opened


@pytest.fixture(scope="session")
def hostile_event(hostile_store):
    """The hostile article's event, whose actor's name is a script."""
    return query.events(hostile_store, actor="Q666").items[0]


@pytest.fixture(scope="session")
def hostile_app(hostile_store):
    return create_app(hostile_store)


@pytest.fixture(scope="session")
def hostile_client(hostile_app):
    """A client that answers a server error with its response instead of raising it."""
    from fastapi.testclient import TestClient

    with TestClient(hostile_app, raise_server_exceptions=False) as opened:
        yield opened


@pytest.fixture(scope="session")
def hostile_url(hostile_app):
    yield from _serve(hostile_app)


@pytest.fixture(scope="module")
def page():
    """A headless Chromium tab (skipped where Chromium or Playwright is absent)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser.new_page(viewport={"width": 1360, "height": 900})
        browser.close()


try:  # reuse the store tests' throwaway PostgreSQL server
    from tests.store.conftest import _new_database, postgres_url  # noqa: E402,F401
except ImportError:  # pragma: no cover - the store tests changed; PostgreSQL checks skip
    _new_database = None


@pytest.fixture(scope="session")
def pg_store(request):
    """The sample store on a throwaway PostgreSQL database (skipped without PostgreSQL)."""
    if _new_database is None:
        pytest.skip("the store tests' PostgreSQL fixture is not available")
    url = _new_database(request.getfixturevalue("postgres_url"))
    with build_store(url) as opened:
        yield opened
