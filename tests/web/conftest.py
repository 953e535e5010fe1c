"""Fixtures of the web tests: a hand-coded store, the app over it, a live server."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from backchannel.web import create_app
from tests.web.sample_store import build_store


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


@pytest.fixture(scope="session")
def live_url(app):
    """The app served by uvicorn on a free 127.0.0.1 port in a background thread."""
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
