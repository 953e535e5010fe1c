"""Active filter chips: every filter in the URL shows as a chip whose × link drops exactly
that filter (and the page number); the codes legend is on the events list and event page;
the dyad page's charts share one time axis; the map keeps year and month date bounds."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from backchannel import query
from backchannel.records import Actor, Article, EventDate, Quality, Record
from tests.web.sample_store import build_store, event, find, sample_records

FILTERS = {
    "country": "RUS",
    "dyad": "USA-RUS",
    "quad": "VERBAL CONFLICT",
    "since": "2020",
    "until": "2023-06",
}


def _chips(html: str) -> dict[str, tuple[str, str]]:
    """Each chip's filter name → (its text, the URL of its × link)."""
    found = {}
    for key, body in re.findall(r'<span class="chip" data-filter="([^"]+)">(.*?)</span>', html):
        link = unescape(re.search(r'href="([^"]+)"', body).group(1))
        found[key] = (" ".join(unescape(re.sub(r"<[^>]+>", "", body)).split()), link)
    return found


def _params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


@pytest.mark.parametrize("path", ["/events", "/map", "/dyads", "/network", "/clusters"])
def test_a_chip_per_active_filter_drops_just_that_filter(client, path):
    given = FILTERS | {"page": "2"} if path == "/events" else FILTERS
    response = client.get(path, params=given)
    assert response.status_code == 200
    chips = _chips(response.text)
    assert set(chips) == set(FILTERS)
    for key, (_text, link) in chips.items():
        assert urlsplit(link).path == path
        kept = {k: v for k, v in FILTERS.items() if k != key}
        assert _params(link) == kept, key  # that filter gone, the others kept, page reset
        assert client.get(link).status_code == 200


def test_chip_text_names_the_filter_and_its_value(client):
    chips = _chips(client.get("/events", params=FILTERS).text)
    assert chips["country"][0] == "country: RUS ×"
    assert chips["dyad"][0] == "dyad: USA-RUS ×"
    assert chips["quad"][0] == "quad: Verbal Conflict ×"
    assert chips["until"][0] == "until: 2023-06 ×"


def test_no_chips_without_filters(client):
    html = client.get("/events?order=-day").text
    assert 'class="chips"' not in html and _chips(html) == {}


def test_place_country_chip_on_the_map(client):
    chips = _chips(client.get("/map?place_country=RUS&actor=Burns").text)
    assert chips["place_country"][0] == "place country: RUS ×"
    assert _params(chips["place_country"][1]) == {"actor": "Burns"}


def test_legend_on_the_events_list_and_event_page(client, web_store):
    event_id = query.events(web_store, per_page=1).items[0].id
    for path in ("/events", f"/events/{event_id}"):
        html = client.get(path).text
        legend = html.split('<details class="codes-legend"', 1)[1].split("</details>", 1)[0]
        text = unescape(re.sub(r"<[^>]+>", " ", legend))
        for word in query.MODALITIES + query.SOURCINGS:
            assert word in text, (path, word)
        for word in ("PLOVER", "CAMEO", "Verbal Cooperation", "Material Conflict", "−10"):
            assert word in text, (path, word)


TRADE = "Japan agreed to buy oil from Mexico, the ministry said."
REPLY = "Mexico agreed to buy cars from Japan, officials said."


def _agreement(aid: str, text: str, sides: tuple[str, str], published: str) -> Record:
    """An article whose one AGREE event (dated by its publication day) goes from one side
    to the other."""
    countries = {"Japan": ("Q17", "JPN"), "Mexico": ("Q96", "MEX")}
    left, right = (
        Actor(
            countries[n][0],
            n,
            find(text, n).start,
            find(text, n).end,
            n,
            "country",
            countries[n][1],
            "GOV",
        )
        for n in sides
    )
    date = EventDate(published, "day", "published")
    coded = event(text, aid, "AGREE", "agreed", (left,), (right,), cameo="057", date=date)
    article = Article(
        aid,
        text,
        source="test",
        outlet=f"Wire {aid}",
        title=aid,
        published=published,
        quality=Quality("en", 0.01, ()),
        cluster=aid,
    )
    return Record(article, (left, right), (coded,), (), (), ())


@pytest.fixture(scope="module")
def axis_client(tmp_path_factory):
    """The sample store plus JPN→MEX in January 2023 and MEX→JPN in May 2023."""
    from fastapi.testclient import TestClient

    from backchannel.web import create_app

    records = [
        *sample_records(),
        _agreement("a-trade", TRADE, ("Japan", "Mexico"), "2023-01-10"),
        _agreement("a-reply", REPLY, ("Mexico", "Japan"), "2023-05-10"),
    ]
    with build_store(tmp_path_factory.mktemp("axis") / "bc.db", records) as opened:
        with TestClient(create_app(opened)) as client:
            yield client


def test_dyad_charts_share_one_axis(axis_client):
    html = axis_client.get("/dyads/JPN/MEX").text
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(charts) == 3  # both directions, then the intensity line
    months = ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05"]
    for bars in charts[:2]:  # each direction spans both directions' months
        assert re.findall(r"data-period='([^']+)'", bars) == months
    # and the intensity line's slots are the bars' slots: its labels at the same x
    bar_labels = re.findall(r"<text x='([\d.]+)'[^>]*>(\d{4}-\d{2})</text>", charts[0])
    line_labels = re.findall(r"<text x='([\d.]+)'[^>]*>(\d{4}-\d{2})</text>", charts[2])
    assert [m for _, m in line_labels] == [m for _, m in bar_labels] == months
    assert [float(x) for x, _ in line_labels] == pytest.approx(
        [float(x) for x, _ in bar_labels], abs=0.2
    )


def test_map_date_inputs_keep_year_and_month(client):
    html = client.get("/map?since=2021&until=2023-06").text
    assert re.search(r'<input name="since" value="2021" class="date-bound"', html)
    assert re.search(r'<input name="until" value="2023-06" class="date-bound"', html)
