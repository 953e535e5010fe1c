"""Every link two levels deep from the front page answers without a server error, in headless
Chromium with every request that leaves the machine blocked; and the API docs render offline.

The crawl runs on the hand-coded sample store, on the hostile store (script in every field,
an event with no date at all in the IGO→BLR dyad), and on the demo store (the bundled samples
coded by the spaCy pipeline). ``BACKCHANNEL_CRAWL_DB=path`` adds a store of your own, such as
one of bench articles.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from backchannel.store import open_store
from backchannel.web import create_app
from tests.web.conftest import _serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # ``page`` skips without Chromium

LOCAL = {"127.0.0.1", "localhost"}
HTML = "text/html"
#: every link's absolute URL (an SVG chart's links included, whose ``href`` is no string)
LINKS = "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"


@pytest.fixture
def offline(page):
    """Block every request the tab sends off this machine; yields the URLs it blocked."""
    blocked: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL:
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.context.route("**/*", route)
    yield blocked
    page.context.unroute("**/*", route)


def crawl(page, base: str, depth: int = 2) -> dict[str, int]:
    """Status of every same-origin link up to ``depth`` clicks from the front page; pages
    above the last level are rendered in the tab (their links are what a reader can click),
    every link is fetched (downloads included) through the tab's context."""
    seen: dict[str, int] = {}
    level = [base + "/"]
    for step in range(depth + 1):
        found: list[str] = []
        for url in level:
            if url in seen:
                continue
            answer = page.context.request.get(url)
            seen[url] = answer.status
            if step < depth and answer.headers.get("content-type", "").startswith(HTML):
                page.goto(url)
                found += page.eval_on_selector_all("a[href]", LINKS)
        level = [urldefrag(u).url for u in found if u.startswith(base + "/")]
    return {url.removeprefix(base): status for url, status in seen.items()}


def assert_no_server_error(page, base: str, offline: list[str], must_reach: set[str]) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    statuses = crawl(page, base)
    assert not [url for url, status in statuses.items() if status >= 500]
    assert not [url for url, status in statuses.items() if status >= 400]  # no broken links
    assert must_reach <= set(statuses), sorted(must_reach - set(statuses))
    assert not errors and not offline  # no script failed, nothing was asked of the internet


def test_crawl_sample_store(page, live_url, offline):
    reach = {"/", "/events", "/dyads/USA/RUS", "/network", "/claims", "/brief", "/docs"}
    assert_no_server_error(page, live_url, offline, reach)


def test_crawl_hostile_store(page, hostile_url, offline):
    reach = {"/dyads", "/dyads/IGO/BLR", "/articles/a-hostile"}
    assert_no_server_error(page, hostile_url, offline, reach)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, nlp):
    """The bundled sample articles coded into a store by the pipeline, served."""
    from backchannel.ingest import Coder, ingest
    from backchannel.samples import sample_dir

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with sample_dir() as folder, Coder(nlp=nlp) as coder, open_store(db, create=True) as store:
        ingest([folder], store, coder=coder)
    with open_store(db) as store:
        yield from _serve(create_app(store))


@pytest.mark.model
def test_crawl_demo_store(page, demo_url, offline):
    assert_no_server_error(page, demo_url, offline, {"/events", "/brief", "/docs"})


@pytest.fixture(scope="module")
def own_url():
    """``$BACKCHANNEL_CRAWL_DB`` served (skipped when unset)."""
    path = os.environ.get("BACKCHANNEL_CRAWL_DB")
    if not path or not Path(path).exists():
        pytest.skip("set BACKCHANNEL_CRAWL_DB to a store to crawl it")
    with open_store(path) as store:
        yield from _serve(create_app(store))


def test_crawl_own_store(page, own_url, offline):
    assert_no_server_error(page, own_url, offline, {"/events"})


# -- the API docs ---------------------------------------------------------------------


def test_swagger_renders_offline(page, live_url, offline):
    loaded: list[str] = []
    errors: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_url}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/events", "/api/brief", "/api/dyads"} <= {p.strip() for p in paths}
    page.locator(".opblock-summary-path", has_text="/api/events").first.click()
    # the block opens after the click returns: wait for its parameters (a loaded machine
    # may take a while to render them)
    page.wait_for_selector(".parameters .parameter__name", timeout=20_000)
    names = page.locator(".parameters .parameter__name").all_inner_texts()
    assert {"page", "per_page", "since", "dyad", "actor"} <= {n.split()[0] for n in names}
    assert f"{live_url}/static/docs/swagger-ui-bundle.js" in loaded
    assert not offline and not errors  # nothing was asked of a CDN (or of a validator)


def test_redoc_renders_offline(page, live_url, offline):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_url}/redoc")
    page.locator("h1", has_text="backchannel").first.wait_for(timeout=20_000)
    operations = page.locator("h2", has_text="Events matching the filters")
    assert operations.count() >= 1 and not errors and not offline
