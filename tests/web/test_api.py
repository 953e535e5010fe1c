"""The web app in-process: JSON API, pages, downloads, errors (FastAPI TestClient)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from backchannel import query


@pytest.fixture(scope="module")
def burns_call(web_store):
    return query.events(web_store, actor="Q1", since="2023-06-26", until="2023-06-26").items[0]


@pytest.mark.parametrize(
    "params, total",
    [
        ("", 11),
        ("?dyad=USA-RUS", 7),
        ("?country=rus&type=CONSULT", 6),
        ("?sourcing=anonymous", 2),
        ("?since=2023-06-24&until=2023-06-26", 3),
        ("?quad=MATERIAL%20CONFLICT", 1),
        ("?modality=future", 1),
    ],
    ids=["all", "dyad", "country-lowercase", "sourcing", "dates", "quad", "modality"],
)
def test_api_events_filters(client, params, total):
    body = client.get("/api/events" + params).json()
    assert body["total"] == total and len(body["events"]) == total


@pytest.mark.parametrize(
    "order, first",
    [
        ("-day", "2023-06-27"),
        ("day", "2020-06-01"),
        ("intensity", "2023-06-23"),
        ("-intensity", "2020-06-01"),
    ],
    ids=["newest", "oldest", "most-conflictual", "most-cooperative"],
)
def test_api_events_order(client, order, first):
    assert client.get(f"/api/events?order={order}").json()["events"][0]["day"] == first


def test_events_page_sort_links(client):
    html = client.get("/events?order=intensity").text
    assert "order=-intensity" in html and "Int. ↑" in html
    assert client.get("/events?order=sideways").status_code == 400


def test_api_events_pagination(client):
    first, second = (client.get(f"/api/events?per_page=6&page={n}").json() for n in (1, 2))
    assert (first["pages"], len(first["events"]), len(second["events"])) == (2, 6, 5)
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}


def test_api_event_with_statements_and_cluster(client, burns_call):
    body = client.get(f"/api/events/{burns_call.id}").json()
    assert body["event"]["sentence"]["text"].startswith("CIA Director William Burns phoned")
    assert [s["speaker"] for s in body["statements"]] == ["two US officials"]
    assert (body["cluster"]["reports"], body["cluster"]["sources"]) == (3, 2)


def test_events_csv_download(client):
    response = client.get("/api/events.csv?dyad=USA-RUS")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 7 and {"id", "cameo", "sentence_text", "sourcing"} <= set(rows[0])


@pytest.mark.parametrize(
    "path, check",
    [
        ("/api/dyads", lambda b: b[0]["actor_country"] == "USA" and b[0]["count"] == 7),
        (
            "/api/dyad-months?dyad=USA-RUS",
            lambda b: [r["month"] for r in b] == ["2020-07", "2022-11", "2023-06"],
        ),
        ("/api/intensity/usa/rus?both=true", lambda b: b[-1]["count"] == 5),
        ("/api/actors", lambda b: {a["name"] for a in b} >= {"William Burns", "Russia"}),
        ("/api/actors/Q1/counterparts", lambda b: b[0]["name"] == "Sergei Naryshkin"),
        ("/api/network?level=actor", lambda b: any(e["source"] == "William Burns" for e in b)),
        ("/api/clusters", lambda b: b[0]["reports"] == 3 and b[0]["sources"] == 2),
        ("/api/search?q=bounties", lambda b: [h["id"] for h in b] == ["a-warning"]),
        ("/api/statements?stance=deny", lambda b: b[0]["speaker"] == "Moscow"),
        (
            "/api/brief?since=2023-06-01&until=2023-06-30",
            lambda b: b["developments"][0]["sources"] == 2,
        ),
    ],
    ids=[
        "dyads",
        "dyad-months",
        "intensity",
        "actors",
        "counterparts",
        "network",
        "clusters",
        "search",
        "statements",
        "brief",
    ],
)
def test_api_endpoints(client, path, check):
    response = client.get(path)
    assert response.status_code == 200 and check(response.json())


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/dyad-months", "/api/brief"} <= set(paths)
    assert not any(p.startswith("/events") for p in paths)


@pytest.mark.parametrize(
    "path, needles",
    [
        (
            "/events?dyad=USA-RUS",
            ["7 matching", "Download the data behind this", "/api/events.csv?dyad=USA-RUS"],
        ),
        ("/actors", ["William Burns", "Sergei Naryshkin"]),
        (
            "/clusters?dyad=USA-RUS",
            ["4 clusters from 7 reports", "William Burns → Sergei Naryshkin: CONSULT (phone)"],
        ),
        ("/actors/Q1", ["Counterparts", "Sergei Naryshkin", "<svg"]),
        ("/dyads", ["/dyads/USA/RUS"]),
        ("/dyads/USA/RUS", ["USA→RUS", "<svg", "Mean intensity"]),
        ("/network", ["<svg", "USA"]),
        ("/claims", ["who asserts, who denies", "deny"]),
        ("/search?q=ankara", ["CIA chief called Russian spy chief after mutiny"]),
        (
            "/articles/a-warning",
            ["<mark class='actor'", "<mark class='quote'", "machine_translated"],
        ),
        (
            "/brief?since=2023-06-01&until=2023-06-30",
            ["Top developments", "Who said what", "Sourcing notes"],
        ),
    ],
    ids=[
        "events",
        "actors",
        "clusters",
        "actor",
        "dyads",
        "dyad",
        "network",
        "claims",
        "search",
        "article",
        "brief",
    ],
)
def test_pages(client, path, needles):
    response = client.get(path)
    assert response.status_code == 200
    for needle in needles:
        assert needle in response.text


def test_event_page_highlights_its_sentence(client, burns_call):
    html = client.get(f"/events/{burns_call.id}").text
    assert "class='sentence'" in html or "sentence trigger" in html
    assert "two US officials" in html and "3 reports from 2 independent sources" in html


def test_brief_downloads_are_self_contained(client):
    page = client.get("/brief.html?since=2023-06-01&until=2023-06-30").text
    assert "<style>" in page and "/static/" not in page and "<svg" in page
    markdown = client.get("/brief.md?since=2023-06-01&until=2023-06-30").text
    assert markdown.startswith("# Brief 2023-06-01 – 2023-06-30")


@pytest.mark.parametrize(
    "path, status",
    [
        ("/events?modality=rumoured", 400),
        ("/api/events?since=June", 400),
        ("/api/events?dyad=USA", 400),
        ("/events/missing", 404),
        ("/articles/missing", 404),
        ("/actors/missing", 404),
        ("/api/events/missing", 404),
        ("/api/brief?since=2023-07-01&until=2023-06-01", 400),
    ],
    ids=[
        "bad-modality",
        "bad-date",
        "bad-dyad",
        "no-event",
        "no-article",
        "no-actor",
        "api-no-event",
        "empty-period",
    ],
)
def test_errors(client, path, status):
    assert client.get(path).status_code == status


def test_static_assets_come_from_the_package(client):
    page = client.get("/events").text
    assert "http://" not in page.split("<main>")[0] and "https://" not in page.split("<main>")[0]
    assert (
        client.get("/static/app.css").status_code == 200
        and client.get("/static/app.js").status_code == 200
    )


def test_every_api_endpoint_is_documented(client):
    docs = (Path(__file__).resolve().parents[2] / "docs" / "web.md").read_text(encoding="utf-8")
    for path in client.get("/openapi.json").json()["paths"]:
        assert f"GET {path}`" in docs, f"{path} is not in docs/web.md"


@pytest.mark.parametrize(
    "path",
    [
        "/events",
        "/actors",
        "/dyads",
        "/network",
        "/claims",
        "/search?q=x",
        "/brief",
        "/api/events",
        "/api/clusters",
        "/brief.md",
    ],
    ids=[
        "events",
        "actors",
        "dyads",
        "network",
        "claims",
        "search",
        "brief",
        "api-events",
        "api-clusters",
        "brief-md",
    ],
)
def test_an_empty_store_renders(tmp_path, path):
    from fastapi.testclient import TestClient

    from backchannel.store import open_store
    from backchannel.web import create_app

    with open_store(tmp_path / "empty.db") as store, TestClient(create_app(store)) as empty:
        assert empty.get(path).status_code == 200


def test_network_gexf_download(client):
    import xml.etree.ElementTree as ET

    response = client.get("/api/network.gexf")
    root = ET.fromstring(response.content)
    ns = {"g": "http://gexf.net/1.3"}
    edges = root.findall(".//g:edge", ns)
    assert {e.get("source") + ">" + e.get("target") for e in edges} >= {"USA>RUS", "EUR>RUS"}
    assert next(e for e in edges if e.get("source") == "USA").get("weight") == "7"


def test_event_page_shows_contested_statements(client, web_store):
    warning = query.events(web_store, type="THREATEN", dyad=("USA", "RUS")).items[0]
    html = client.get(f"/events/{warning.id}").text
    assert (
        "Contested in the same article" in html and "the intelligence had not been verified" in html
    )


@pytest.mark.parametrize(
    "format, name",
    [("polecat", "events.tsv"), ("jsonl", "events.jsonl"), ("parquet", "events.parquet")],
    ids=["polecat", "jsonl", "parquet"],
)
def test_export_zip(client, format, name):
    import zipfile

    response = client.get(f"/api/export.zip?format={format}&dedupe=clusters&dyad=USA-RUS")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    sidecar = [n for n in archive.namelist() if n.endswith(".provenance.jsonl")]
    assert sorted(archive.namelist()) == sorted([name, *sidecar]) and len(sidecar) == 1
    assert len(archive.read(sidecar[0]).decode().splitlines()) == 4


def test_chart_bars_drill_down_to_their_period(client):
    html = client.get("/events?dyad=USA-RUS").text
    assert "since=2023-06-01&amp;until=2023-06-30" in html and "dyad=USA-RUS" in html


def test_only_web_urls_become_links(tmp_path):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from backchannel.store import Stored, open_store
    from backchannel.web import create_app
    from tests.web.sample_store import sample_records

    record = sample_records()[0]
    article = replace(record.article, url="javascript:alert(1)")
    with open_store(tmp_path / "x.db") as store, TestClient(create_app(store)) as bad:
        store.add([Stored(article, replace(record, article=article), b"sig")])
        page = bad.get(f"/articles/{article.id}").text
        assert "javascript:" not in page and "source ↗" not in page
