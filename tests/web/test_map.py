"""The map: ``/api/events.geojson`` filtered like the events list (``place_country`` too),
the world outline served from the package, and the ``/map`` page in headless Chromium with
every request outside the app refused: points, a legend, a cluster's events listed."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

from tests.web.sample_store import SCRIPT
from tests.web.test_browser_safety import LIVE

LOCAL = ("127.0.0.1", "localhost")


def test_geojson_api_filters_by_place_country(client):
    everywhere = client.get("/api/events.geojson")
    assert everywhere.status_code == 200
    assert everywhere.headers["content-type"].startswith("application/geo+json")
    body = everywhere.json()
    assert body["type"] == "FeatureCollection" and body["matched"] == 11 and body["located"] == 4
    russia = client.get("/api/events.geojson", params={"place_country": "rus"}).json()
    assert len(russia["features"]) == 2 and russia["filters"] == {"place_country": "RUS"}
    for feature in russia["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon, lat) == (37.62, 55.75) and feature["properties"]["place_country"] == "RUS"
    both = client.get("/api/events.geojson", params={"place_country": "RUS", "type": "CONSULT"})
    assert {f["properties"]["type"] for f in both.json()["features"]} == {"CONSULT"}


def test_events_list_and_api_take_place_country(client):
    listed = client.get("/api/events", params={"place_country": "TUR"}).json()
    assert listed["total"] == 1 and listed["events"][0]["place_name"] == "Ankara"
    page = client.get("/events", params={"place_country": "TUR"})
    assert page.status_code == 200 and page.text.count('class="event-link"') == 1


@pytest.mark.parametrize(
    "params", [{"place_country": "Russia"}, {"limit": "0"}, {"limit": "x"}, {"since": "2023-13"}]
)
def test_bad_map_parameters_are_400(client, params):
    answer = client.get("/api/events.geojson", params=params)
    assert answer.status_code == 400 and "error" in answer.json()


def test_download_names_the_file(client):
    answer = client.get("/api/events.geojson", params={"download": "1"})
    assert "events.geojson" in answer.headers["content-disposition"]


def test_world_outline_is_served_and_cached(client):
    answer = client.get("/map/world.geojson")
    assert answer.status_code == 200 and "max-age" in answer.headers["cache-control"]
    assert len(answer.content) < 200_000 and len(answer.json()["features"]) > 150


def test_map_page_renders_form_legend_and_places(client):
    page = client.get("/map", params={"place_country": "rus", "actor": "Burns"})
    assert page.status_code == 200
    text = page.text
    assert 'name="place_country" value="RUS"' in text and 'value="Burns"' in text
    assert "/api/events.geojson?" in text and "place_country=rus" in text
    assert text.count("<li data-quad=") == 4
    assert '<script src="/static/map.js"' in text and "http" not in text.split("<main>")[1]
    assert client.get("/static/map.js").status_code == 200
    assert client.get("/static/map.css").status_code == 200
    assert client.get("/map", params={"place_country": "xx"}).status_code == 400


def _offline(page) -> list[str]:
    """Refuse every request that leaves the app; return the list of those refused."""
    refused: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("data:", "about:")) or urlparse(url).hostname in LOCAL:
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    page.route("**/*", route)
    return refused


@pytest.mark.browser
def test_map_draws_points_and_legend_offline(page, live_url, tmp_path):
    refused = _offline(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_url}/map")
    page.wait_for_selector("#map[data-loaded]")
    assert page.get_attribute("#map", "data-loaded") == "4"
    assert page.locator(".map-svg path.country").count() > 150
    marks = page.locator(".map-svg g.mark")
    assert 1 <= marks.count() <= 4
    assert page.locator("#map-legend li[data-quad]").count() == 4
    assert "4 of 11 matching events have a place" in page.inner_text("#map-count")
    page.locator(".map-svg g.mark.cluster").first.click()
    links = page.locator("#map-selection a.event-link")
    assert links.count() == 2 and links.first.get_attribute("href").startswith("/events/")
    page.screenshot(path=str(tmp_path / "map.png"), full_page=True)
    shutil.copy(tmp_path / "map.png", "/tmp/map.png")
    assert not errors and not refused

    page.locator("[data-zoom=in]").click()
    page.locator("[data-zoom=fit]").click()
    links.first.click()
    page.wait_for_url("**/events/*")
    assert not errors and not refused


@pytest.mark.browser
def test_map_follows_the_place_filter(page, live_url):
    refused = _offline(page)
    page.goto(f"{live_url}/map?place_country=RUS")
    page.wait_for_selector("#map[data-loaded]")
    assert page.get_attribute("#map", "data-loaded") == "2"
    assert page.locator('.map-svg path.country.picked[data-iso3="RUS"]').count() >= 1
    assert page.input_value("input[name=place_country]") == "RUS"
    page.select_option("select[name=type]", "CONSULT")
    page.click("form#filters button[type=submit]")
    page.wait_for_url("**/map?*")
    assert "place_country=RUS" in page.url and "type=CONSULT" in page.url
    page.wait_for_selector("#map[data-loaded]")
    assert not refused


@pytest.mark.browser
def test_stored_script_stays_inert_on_the_map(page, hostile_url):
    page.goto(f"{hostile_url}/map")
    page.wait_for_selector("#map[data-loaded]")
    assert page.evaluate(LIVE) == {"pwned": False, "scripts": 0, "handlers": 0, "links": 0}
    assert SCRIPT in page.inner_text("table.places")
