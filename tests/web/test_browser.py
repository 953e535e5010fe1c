"""The main flows in headless Chromium: filter events, open one, see its sentence
highlighted, open the article, open the brief. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = (
    pytest.mark.browser
)  # the ``page`` fixture (conftest.py) skips where Chromium is absent


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_filter_open_event_article_and_brief(page, live_url):
    page.goto(f"{live_url}/events")
    assert page.locator("table.events tbody tr").count() == 11
    shot(page, "01-events")

    page.fill("input[name=actor]", "Burns")
    page.select_option("select[name=type]", "CONSULT")
    page.fill("input[name=since]", "2023-06-01")
    page.click("form#filters button[type=submit]")
    page.wait_for_url("**/events?*")
    assert "actor=Burns" in page.url and "type=CONSULT" in page.url and "country=" not in page.url
    assert page.locator("table.events tbody tr").count() == 3
    shot(page, "02-events-filtered")

    page.locator("table.events a.event-link").first.click()
    page.wait_for_url("**/events/*")
    highlighted = page.locator("#article-text mark.sentence")
    assert highlighted.count() >= 1
    assert "Burns" in " ".join(highlighted.all_inner_texts())
    assert page.locator("#article-text mark.trigger").count() >= 1
    assert page.locator("#cluster tr").count() == 3
    shot(page, "03-event")

    page.click("text=open the article")
    page.wait_for_url("**/articles/*")
    assert page.locator("#article-text mark.actor").count() >= 2
    assert page.locator("#article-text mark.quote").count() >= 1
    shot(page, "04-article")

    page.click("header nav >> text=Brief")
    page.wait_for_url("**/brief")
    assert page.locator("#developments tbody tr").count() >= 1
    assert page.locator("svg").count() >= 1
    shot(page, "05-brief")


def test_standalone_brief_renders_offline(page, web_store):
    from backchannel.brief import write_brief

    brief = write_brief(web_store, since="2023-06-01", until="2023-06-30")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_content(brief.html)
    assert page.locator("#developments tbody tr").count() == 4 and page.locator("svg").count() == 2
    assert not [url for url in requests if not url.startswith(("data:", "about:"))]
    shot(page, "11-brief-standalone")


@pytest.mark.parametrize(
    "path, name",
    [
        ("/dyads/USA/RUS", "06-dyad"),
        ("/network", "07-network"),
        ("/actors/Q1", "08-actor"),
        ("/claims", "09-claims"),
        ("/search?q=Naryshkin", "10-search"),
    ],
    ids=["dyad", "network", "actor", "claims", "search"],
)
def test_pages_render_without_errors(page, live_url, path, name):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(live_url + path)
    assert response.status == 200 and not errors
    shot(page, name)
