"""Stored script stays inert in a real browser: an article whose text, title, url, outlet,
actor, place and statements carry ``<script>``, ``<img onerror>`` and ``javascript:`` links is
shown on every page that shows it, as text, and nothing of it runs or becomes a link."""

from __future__ import annotations

import pytest

from tests.web.sample_store import SCRIPT

pytestmark = [
    pytest.mark.browser
]  # the ``page`` fixture (conftest.py) skips where Chromium is absent

#: what would be true of the page had any of the stored markup become live
LIVE = """() => ({
  pwned: typeof window.__pwned !== "undefined",
  scripts: [...document.scripts].filter(s => s.textContent.includes("__pwned")).length,
  handlers: document.querySelectorAll("[onerror], [onload], [onclick]").length,
  links: [...document.querySelectorAll("[href], [src], [action]")]
    .map(e => e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action"))
    .filter(url => /^\\s*javascript:/i.test(url)).length,
})"""


@pytest.mark.parametrize(
    "path",
    [
        "/articles/a-hostile",
        "/articles/a-hostile?event={event}",
        "/events/{event}",
        "/events",
        "/search?q=pwned",
        "/actors",
        "/actors/Q666",
        "/claims",
        "/network?level=actor",
        "/brief",
        "/brief?since=2023-06-01&until=2023-06-30",
        "/brief.html?since=2023-06-01&until=2023-06-30",
    ],
    ids=[
        "article",
        "article-focus",
        "event",
        "events",
        "search",
        "actors",
        "actor",
        "claims",
        "network",
        "brief-default",
        "brief",
        "brief-download",
    ],
)
def test_stored_script_stays_inert(page, hostile_url, hostile_event, path):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(hostile_url + path.format(event=hostile_event.id))
    page.wait_for_load_state("load")
    assert response.status == 200 and not errors
    assert page.evaluate(LIVE) == {"pwned": False, "scripts": 0, "handlers": 0, "links": 0}
    if path != "/network?level=actor":  # the network shows actor names inside its SVG only
        assert SCRIPT in page.inner_text("main")  # shown, as text
