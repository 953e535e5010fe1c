"""Entity search: the search box finds actors (by name, id, or how an article names them)
above the articles, each with links to its actor page and its events; the JSON API answers
the same actors at ``/api/search/actors``."""

from __future__ import annotations

import re
from html import unescape

import pytest


def _actor_rows(html: str) -> list[str]:
    """The rows of the search page's actor table."""
    table = html.split('id="actor-hits"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>.*?</tr>", table, flags=re.S)


@pytest.mark.parametrize(
    ("q", "actor_id", "name"),
    [
        ("Naryshkin", "Q2", "Sergei Naryshkin"),  # by name
        ("russia", "Q4", "Russia"),  # case-insensitive
        ("CIA", "Q1", "William Burns"),  # by a mention: "CIA Director William Burns"
        ("Moscow", "Q4", "Russia"),  # a mention names Russia so
    ],
)
def test_search_lists_matching_actors_with_links(client, q, actor_id, name):
    html = client.get("/search", params={"q": q}).text
    rows = _actor_rows(html)
    assert rows, f"no actor found for {q!r}"
    first = rows[0]
    assert f'href="/actors/{actor_id}"' in first and name in first
    assert f'href="/events?actor={actor_id}"' in first
    # the actors come before the articles
    assert html.index('id="actor-hits"') < html.index('id="article-hits"')


def test_actor_hits_show_country_sector_and_counts(client):
    row = _actor_rows(client.get("/search?q=Naryshkin").text)[0]
    cells = [
        unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
    ]
    assert cells[2:8] == ["RUS", "SPY", "4", "0", "4", "4"]  # country, sector, counts


def test_actor_links_lead_to_the_actors_events(client):
    row = _actor_rows(client.get("/search?q=Naryshkin").text)[0]
    events_url = unescape(re.search(r'href="(/events\?actor=[^"]+)"', row).group(1))
    listed = client.get(events_url)
    assert listed.status_code == 200
    assert "4 matching" in listed.text
    assert client.get("/actors/Q2").status_code == 200


def test_search_without_a_matching_actor_says_so(client):
    html = client.get("/search?q=mutiny").text
    assert _actor_rows(html) == [] and "No actor is named so." in html
    assert "/articles/a-call-1" in html  # the articles still answer


@pytest.mark.parametrize("q", ["%", "_", "Q%"])
def test_wildcards_find_no_actor(client, q):
    assert client.get("/api/search/actors", params={"q": q}).json() == []
    assert _actor_rows(client.get("/search", params={"q": q}).text) == []


def test_api_search_actors(client):
    found = client.get("/api/search/actors?q=CIA").json()
    assert [a["id"] for a in found] == ["Q1"]
    assert found[0]["events"] == found[0]["as_actor"] + found[0]["as_recipient"] == 4
    assert client.get("/api/search/actors?q=").json() == []
    assert client.get("/api/search/actors?q=Russia&limit=0").status_code == 400
    too_long = client.get("/api/search/actors", params={"q": "x" * 600})
    assert too_long.status_code == 400 and "error" in too_long.json()


def test_search_page_links_to_both_downloads(client):
    html = client.get("/search?q=Burns").text
    assert 'href="/api/search/actors?q=Burns"' in html and 'href="/api/search?q=Burns"' in html


def test_header_search_box_offers_actors(client):
    assert 'placeholder="Search actors, articles"' in client.get("/events").text
