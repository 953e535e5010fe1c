"""Brushing a time chart in headless Chromium: a drag across the events chart sets the date
filter to the months it covers, and the form shows the bounds as YYYY-MM."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser  # the ``page`` fixture (conftest.py) skips without Chromium


def _drag(page, selector: str, start: float, end: float) -> None:
    box = page.locator(selector).bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (start + end) / 2, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * end, y, steps=5)
    page.mouse.up()


def test_a_drag_across_the_chart_sets_the_date_filter(page, live_url):
    page.goto(f"{live_url}/events")
    periods = page.locator("svg.brushable g.period")
    first, last = (
        periods.first.get_attribute("data-period"),
        periods.last.get_attribute("data-period"),
    )
    assert re.fullmatch(r"\d{4}-\d{2}", first) and first < last
    _drag(page, "svg.brushable", 0.9, 0.995)  # the latest months only
    page.wait_for_url(re.compile(r".*/events\?.*since=.*until=.*"))
    since = page.input_value("input[name=since]")
    until = page.input_value("input[name=until]")
    assert re.fullmatch(r"\d{4}-\d{2}", since) and until == last and first < since <= until
    shown = page.locator("table.events tbody tr").count()
    assert 0 < shown < 11  # the older events are filtered out
    page.click("form#filters button[type=submit]")  # the form submits the bounds again
    page.wait_for_load_state()
    assert f"since={since}" in page.url and page.locator("table.events tbody tr").count() == shown


def test_a_click_on_a_bar_still_drills_down(page, live_url):
    page.goto(f"{live_url}/events")
    page.locator("svg.brushable g.period a").last.click()
    page.wait_for_url(re.compile(r".*since=\d{4}-\d{2}-01.*"))
    assert page.locator("table.events tbody tr").count() >= 1
