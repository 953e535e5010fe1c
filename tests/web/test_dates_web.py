"""Dates in the web app: a publication-date fallback is marked wherever an event's date is
shown, a stored outlier keeps to its article's date, and date bounds of a year or a month
survive a form's round trip. Over the sample store plus two 1987 articles: one coded before
the event window existed (its bond "due March 2002" dates the event), one coded after (the
maturity set aside, the publication date flagged)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from backchannel import query
from backchannel.records import Actor, Article, EventDate, Quality, Record
from tests.web.sample_store import build_store, event, find, sample_records

BONDS = "Mexico agreed to repay Japan with debentures due March 2002, the ministry said."
SALE = "Japan sold debentures due May 2005 to Mexico, officials said."


COUNTRIES = {"Japan": ("Q17", "JPN"), "Mexico": ("Q96", "MEX")}


def _country(text: str, name: str) -> Actor:
    span = find(text, name)
    qid, iso3 = COUNTRIES[name]
    return Actor(qid, name, span.start, span.end, name, "country", iso3, "GOV")


def _bonds(aid: str, text: str, trigger: str, sides: tuple[str, str], date: EventDate) -> Record:
    left, right = (_country(text, name) for name in sides)
    coded = event(text, aid, "AGREE", trigger, (left,), (right,), cameo="057", date=date)
    article = Article(
        aid,
        text,
        source="test",
        outlet="Wire 1987",
        title=f"Bonds {aid}",
        published="1987-03-02",
        quality=Quality("en", 0.01, ()),
        cluster=aid,
    )
    return Record(article, (left, right), (coded,), (), (), ())


def records() -> list[Record]:
    coded_before = EventDate("2005-05", "month", "explicit")  # before the window existed
    flagged = EventDate("1987-03-02", "day", "published", rejected="2002-03")
    return [
        *sample_records(),
        _bonds("a-sale", SALE, "sold", ("Japan", "Mexico"), coded_before),
        _bonds("a-bonds", BONDS, "agreed", ("Mexico", "Japan"), flagged),
    ]


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory):
    with build_store(tmp_path_factory.mktemp("dates") / "bc.db", records()) as opened:
        yield opened


@pytest.fixture(scope="module")
def dated_client(dated_store):
    from fastapi.testclient import TestClient

    from backchannel.web import create_app

    with TestClient(create_app(dated_store)) as opened:
        yield opened


def _ids(store, **filters) -> dict[str, str]:
    """Event id → article id of the events matching ``filters``."""
    return {e.id: e.article_id for e in query.events(store, per_page=100, **filters).items}


def _rows(html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", " ", r)) for r in re.findall(r"<tr>.*?</tr>", html, re.S)]


def test_events_list_marks_the_publication_date_fallback(dated_client):
    html = dated_client.get("/events", params={"per_page": 100}).text
    threat = next(r for r in _rows(html) if "THREATEN" in r)
    assert "≈ 2023-06-23 (published)" in threat
    assert 'class="day approx" title="the publication date' in html
    call = next(r for r in _rows(html) if "Ankara" in r or "2022-11" in r)
    assert "2022-11" in call and "2022-11-01" not in call  # month precision as YYYY-MM


def test_event_page_marks_a_fallback_and_names_the_value_set_aside(dated_client, dated_store):
    (bonds,) = [e for e, a in _ids(dated_store, country=None).items() if a == "a-bonds"]
    html = dated_client.get(f"/events/{bonds}").text
    cell = unescape(re.search(r'<td id="event-date">(.*?)</td>', html, re.S)[1])
    assert "≈ 1987-03-02 (published)" in cell
    assert "2002-03" in cell and "outside the plausible window" in cell


def test_sample_fallback_event_page_is_marked(dated_client, dated_store):
    threat = query.events(dated_store, type="THREATEN").items[0]
    assert threat.date_basis == "published"
    html = dated_client.get(f"/events/{threat.id}").text
    assert "≈ 2023-06-23 (published)" in unescape(html)
    assert "2023-06-23 (day)" not in html


def test_a_stored_outlier_keeps_to_its_article(dated_client, dated_store):
    (sale,) = query.events(dated_store, dyad=("JPN", "MEX")).items
    assert sale.date == "2005-05" and sale.day == "1987-03-02"
    newest = query.find_events(dated_store, per_page=1).items[0]
    assert newest.day.startswith("2023")  # 2005 does not lead the list
    html = unescape(dated_client.get("/events", params={"per_page": 100}).text)
    assert "≈ 1987-03-02 (published)" in next(r for r in _rows(html) if "sold" in r or "Japan" in r)
    assert "2005-05" not in re.search(r"<svg.*?</svg>", html, re.S)[0]  # not on the axis
    assert _ids(dated_store, since="2005", until="2005") == {}


@pytest.mark.parametrize("since", ["2021", "2021-11", "2021-11-03"])
def test_a_year_or_month_bound_round_trips_through_the_form(dated_client, since):
    html = dated_client.get("/events", params={"since": since}).text
    field = re.search(r'<input name="since" value="([^"]*)"', html)
    assert field and field[1] == since
    assert "2020" not in "".join(r for r in _rows(html) if "THREATEN" in r or "Esper" in r)
    again = dated_client.get("/events", params={"since": field[1]}).text
    assert again.count("event-link") == html.count("event-link") > 0


def test_brushable_chart_and_labelled_directions(dated_client):
    html = dated_client.get("/events").text
    svg = re.search(r"<svg[^>]*class='brushable'[^>]*>", html)
    assert svg and "data-brush='/events?" in svg[0]
    assert "data-period='2023-06'" in html and "data-since='2023-06-01'" in html
    assert "▲ cooperation" in html and "▼ conflict" in html
    script = dated_client.get("/static/app.js").text
    assert "svg.brushable" in script and 'searchParams.set("since"' in script


def test_charts_over_common_periods_line_up():
    from backchannel import charts
    from backchannel.query import IntensityPoint

    axis = charts.common_periods(["2023-04", "2023-06"], ["2023-05", None])
    assert axis == ["2023-04", "2023-05", "2023-06"]
    there = charts.quad_bars([("2023-04", "VERBAL COOPERATION", 2)], periods=axis)
    back = charts.quad_bars([("2023-06", "MATERIAL CONFLICT", 1)], periods=axis)
    slots = [re.findall(r"data-x='([^']+)' data-w='([^']+)'", svg) for svg in (there, back)]
    assert len(slots[0]) == 3 and slots[0] == slots[1]
    point = IntensityPoint("2023-05", 1, 2.0, 2.0, 2.0, 2.0)
    line = charts.intensity_line([point], periods=axis)
    x, w = map(float, slots[0][1])
    assert f"cx='{x + w / 2:.1f}'" in line  # the month's point sits over its bar


def test_export_marks_a_replaced_outlier_as_published(dated_store, tmp_path):
    import csv

    from backchannel.export import export

    out = export(dated_store, tmp_path / "events.csv", format="csv").path
    text = out.read_text(encoding="utf-8").splitlines()
    rows = {r["id"]: r for r in csv.DictReader(text)}
    (sale,) = query.events(dated_store, dyad=("JPN", "MEX")).items
    assert rows[sale.id]["date"] == "1987-03-02" and rows[sale.id]["date_value"] == "2005-05"
    assert rows[sale.id]["date_basis"] == "published"
    threat = query.events(dated_store, type="THREATEN").items[0]
    assert rows[threat.id]["date_basis"] == "published"
    call = next(r for r in rows.values() if r["date_value"] == "2022-11")
    assert call["date_precision"] == "month" and call["date_basis"] != "published"
