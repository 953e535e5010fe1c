"""The web app under hostile input (issue 15, item 4), in-process: every parameter checked and
bounded, LIKE wildcards taken literally, one error shape, no traceback, stored script inert."""

from __future__ import annotations

import sys

import pytest

from backchannel import brief as briefs
from backchannel import query
from backchannel.errors import QueryError
from tests.web.sample_store import IMG, JS_URL, SCRIPT

HUGE = "1" + "0" * 30


# -- the query layer ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, upper, day",
    [
        ("2023", False, "2023-01-01"),
        ("2023", True, "2023-12-31"),
        ("2024-02", True, "2024-02-29"),
        ("2023-02", True, "2023-02-28"),
        ("2023-06", False, "2023-06-01"),
        ("2023-06-05", True, "2023-06-05"),
    ],
    ids=["year", "year-end", "leap-february-end", "february-end", "month", "day"],
)
def test_day_bound(value, upper, day):
    assert query.day_bound(value, upper=upper) == day


@pytest.mark.parametrize(
    "value",
    [
        "2024-13-45",
        "2024-13",
        "2023-02-29",
        "2023-04-31",
        "2023-00-10",
        "0001-01-01",
        "9999-12-31",
        "2023-6-1",
        "June",
        "",
        "2023-06-05T00:00",
        "20230605",
        " 2023",
        "２０２３",
    ],
    ids=[
        "month-13-day-45",
        "month-13",
        "not-leap",
        "april-31",
        "month-0",
        "year-1",
        "year-9999",
        "unpadded",
        "word",
        "empty",
        "datetime",
        "basic-format",
        "space",
        "fullwidth-digits",
    ],
)
def test_day_bound_refuses(value):
    with pytest.raises(QueryError, match="date bound"):
        query.day_bound(value)


@pytest.mark.parametrize(
    "text, pair",
    [("USA-RUS", ("USA", "RUS")), ("usa→rus", ("USA", "RUS")), ("IGO-BLR", ("IGO", "BLR"))],
    ids=["plain", "arrow-lowercase", "igo"],
)
def test_parse_dyad(text, pair):
    assert query.parse_dyad(text) == pair


@pytest.mark.parametrize(
    "text",
    ["USA-RUS-CHN", "USA", "USA-", "-RUS", "US-RUS", "USA-R%S", "USA--RUS", ""],
    ids=[
        "three",
        "one",
        "no-recipient",
        "no-actor",
        "two-letters",
        "wildcard",
        "double-dash",
        "empty",
    ],
)
def test_parse_dyad_refuses(text):
    with pytest.raises(QueryError, match="dyad"):
        query.parse_dyad(text)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda s: query.find_events(s, page=10**30), "page"),
        (lambda s: query.find_events(s, page=0), "page"),
        (lambda s: query.find_events(s, per_page=-1), "per_page"),
        (lambda s: query.actors(s, limit=-1), "limit"),
        (lambda s: query.dyads(s, limit=0), "limit"),
        (lambda s: query.search(s, "x", limit=10**30), "limit"),
        (lambda s: query.statements(s, limit=-1), "limit"),
        (lambda s: query.counterparts(s, "Q1", limit=0), "limit"),
        (lambda s: query.network(s, min_count=0), "min_count"),
        (lambda s: query.statements(s, stance="maybe"), "stance"),
        (lambda s: query.events(s, dyad=("USA", "RUS-CHN")), "dyad"),
        (lambda s: query.events(s, country="%"), "country"),
        (lambda s: query.events(s, actor="x" * 501), "actor"),
        (lambda s: query.search(s, "x" * 501), "search text"),
        (lambda s: query.intensity_series(s, "USA", "R_S"), "dyad"),
    ],
    ids=[
        "page-huge",
        "page-zero",
        "per-page-negative",
        "actors-limit",
        "dyads-limit",
        "search-limit",
        "statements-limit",
        "counterparts-limit",
        "min-count",
        "stance",
        "dyad-tuple",
        "country-wildcard",
        "actor-too-long",
        "search-too-long",
        "intensity-codes",
    ],
)
def test_query_arguments_are_bounded(web_store, call, name):
    with pytest.raises(QueryError, match=name):
        call(web_store)


def test_like_wildcards_are_literal(hostile_store):
    assert query.events(hostile_store, actor="%").total == 0
    assert {e.actor_id for e in query.events(hostile_store, actor="_").items} == {
        "Q666"
    }  # "window.__pwned"
    assert [a.id for a in query.actors(hostile_store, name="_")] == ["Q666"]
    assert query.actors(hostile_store, name="%") == ()
    assert query.actor(hostile_store, "Q666").name == f"{SCRIPT} Minister"


def test_search_without_fts_takes_wildcards_literally(hostile_store, monkeypatch):
    monkeypatch.setattr(
        sys.modules["backchannel.query.search"], "_fts_ids", lambda *args: None
    )  # the LIKE scan other databases use
    assert query.search(hostile_store, "%") == ()
    assert [hit.id for hit in query.search(hostile_store, "__pwned")] == ["a-hostile"]


def test_stances_match_the_claims_module():
    claims = pytest.importorskip("backchannel.claims")
    assert query.STANCES == claims.STANCES


# -- one error shape ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path, status, fragment",
    [
        (f"/api/events?page={HUGE}", 400, "page"),
        ("/api/events?page=0", 400, "page"),
        ("/api/events?per_page=1001", 400, "per_page"),
        ("/api/events?per_page=-1", 400, "per_page"),
        ("/api/events?per_page=abc", 400, "per_page"),
        ("/api/actors?limit=-1", 400, "limit"),
        ("/api/clusters?limit=-1", 400, "limit"),
        ("/api/clusters?limit=10001", 400, "limit"),
        ("/api/search?q=x&limit=0", 400, "limit"),
        ("/api/network?min_count=0", 400, "min_count"),
        (f"/api/network?min_count={HUGE}", 400, "min_count"),
        ("/api/network?min_count=abc", 400, "min_count"),
        ("/api/events?since=2024-13-45", 400, "since"),
        ("/api/events?until=2023-02-29", 400, "until"),
        ("/api/events?since=0001-01-01", 400, "since"),
        ("/api/events?dyad=USA-RUS-CHN", 400, "dyad"),
        ("/api/events?dyad=US-RUS", 400, "dyad"),
        ("/api/events?country=%25", 400, "country"),
        ("/api/events?sector=GOVERNMENT", 400, "sector"),
        ("/api/events?actor=" + "x" * 600, 400, "actor"),
        ("/api/statements?stance=maybe", 400, "stance"),
        ("/api/intensity/USA/RUS-CHN", 400, "dyad"),
        ("/api/intensity/USA/RUS?both=maybe", 400, "both"),
        ("/api/dyads?complete=perhaps", 400, "complete"),
        ("/api/brief?since=0001-01-01&until=9999-12-31", 400, "since"),
        ("/api/brief?since=1000-01-01&until=2999-12-31", 400, "at most"),
        ("/api/brief?since=2023-06-01&until=2023-06-30&format=pdf", 400, "format"),
        ("/api/brief", 400, "since: Field required"),
        ("/api/export.zip?format=exe", 400, "format"),
        ("/api/events/missing", 404, "no event"),
        ("/api/nowhere", 404, "Not Found"),
        ("/api/events?q=" + "x" * 3000, 414, "at most"),
    ],
    ids=[
        "page-huge",
        "page-zero",
        "per-page-over",
        "per-page-negative",
        "per-page-word",
        "actors-limit",
        "clusters-limit",
        "clusters-limit-over",
        "search-limit",
        "min-count-zero",
        "min-count-huge",
        "min-count-word",
        "since-month-13",
        "until-not-leap",
        "since-year-1",
        "dyad-three",
        "dyad-two-letters",
        "country-wildcard",
        "sector-word",
        "actor-too-long",
        "stance",
        "intensity-dyad",
        "bool",
        "bool-dyads",
        "brief-any-date",
        "brief-too-long",
        "brief-format",
        "brief-missing",
        "export-format",
        "no-event",
        "no-route",
        "url-too-long",
    ],
)
def test_api_errors_have_one_shape(hostile_client, path, status, fragment):
    response = hostile_client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["error"] and list(body["error"]) == ["status", "message", "parameter"]
    assert body["error"]["status"] == status and fragment in body["error"]["message"]


def test_api_refuses_other_methods(hostile_client):
    response = hostile_client.post("/api/events", content=b"x" * 1000)
    assert (response.status_code, response.json()["error"]["status"]) == (405, 405)


@pytest.mark.parametrize(
    "path, status, title",
    [
        (f"/events?page={HUGE}", 400, "That query cannot work"),
        ("/events?since=2024-13-45", 400, "That query cannot work"),
        ("/brief?since=0001-01-01&until=9999-12-31", 400, "That query cannot work"),
        ("/brief.md?since=2000-01-01&until=2023-06-30", 400, "That query cannot work"),
        ("/dyads/USA/RUS-CHN", 400, "That query cannot work"),
        ("/clusters?limit=-1", 400, "That query cannot work"),
        ("/actors?limit=0", 400, "That query cannot work"),
        ("/network?min_count=0", 400, "That query cannot work"),
        ("/events/missing", 404, "Not found"),
        ("/articles/missing", 404, "Not found"),
        ("/nowhere", 404, "Not found"),
        ("/events?actor=" + "x" * 3000, 414, "That URL is too long"),
        ("/" + "x" * 2000, 414, "That URL is too long"),
    ],
    ids=[
        "page-huge",
        "bad-date",
        "brief-any-date",
        "brief-md-too-long",
        "dyad-three",
        "clusters-limit",
        "actors-limit",
        "min-count",
        "no-event",
        "no-article",
        "no-route",
        "query-too-long",
        "path-too-long",
    ],
)
def test_pages_answer_errors_with_the_error_page(hostile_client, path, status, title):
    response = hostile_client.get(path)
    assert response.status_code == status and response.headers["content-type"].startswith(
        "text/html"
    )
    assert f"<h1>{title}</h1>" in response.text and "javascript:" not in response.text


def test_error_messages_are_escaped(hostile_client):
    response = hostile_client.get("/events?modality=%3Cscript%3Ealert(1)%3C/script%3E")
    assert response.status_code == 400
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;alert(1)" in response.text


@pytest.mark.parametrize("path", ["/events", "/api/events", "/brief"], ids=["page", "api", "brief"])
def test_a_crash_shows_no_traceback(hostile_client, monkeypatch, path):
    def crash(*args, **kwargs):
        raise RuntimeError("secret detail in /srv/backchannel/query.py")

    monkeypatch.setattr(query, "find_events", crash)
    monkeypatch.setattr(briefs, "write_brief", crash)
    response = hostile_client.get(path + "?since=2023-06-01&until=2023-06-30")
    assert response.status_code == 500
    for leak in ("secret", "Traceback", "RuntimeError", "query.py"):
        assert leak not in response.text
    if path.startswith("/api/"):
        assert response.json() == {
            "error": {
                "status": 500,
                "message": "the server could not answer this request",
                "parameter": None,
            }
        }


# -- hostile stored input renders inert ---------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/articles/a-hostile",
        "/articles/a-hostile?event={event}",
        "/events/{event}",
        "/events",
        "/clusters",
        "/search?q=pwned",
        "/actors",
        "/actors/Q666",
        "/claims",
        "/network?level=actor",
        "/dyads/USA/RUS",
        "/brief?since=2023-06-01&until=2023-06-30",
        "/brief",
        "/brief.html?since=2023-06-01&until=2023-06-30",
    ],
    ids=[
        "article",
        "article-focus",
        "event",
        "events",
        "clusters",
        "search",
        "actors",
        "actor",
        "claims",
        "network",
        "dyad",
        "brief",
        "brief-default",
        "brief-download",
    ],
)
def test_stored_script_is_escaped(hostile_client, hostile_event, path):
    response = hostile_client.get(path.format(event=hostile_event.id))
    assert response.status_code == 200
    html = response.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html  # it is shown, as text
    for live in (
        SCRIPT,
        IMG,
        'onerror="window',
        'href="javascript:',
        "href='javascript:",
        f'"{JS_URL}"',
    ):
        assert live not in html


def test_hostile_api_answers_are_json(hostile_client, hostile_event):
    response = hostile_client.get(f"/api/events/{hostile_event.id}")
    assert response.headers["content-type"] == "application/json"
    assert (
        response.json()["event"]["url"] == JS_URL
    )  # data stays data; only pages decide what is a link


def test_undated_event_in_a_dyad(hostile_client):
    page = hostile_client.get("/dyads/IGO/BLR")
    assert page.status_code == 200 and "<svg" in page.text and "Mean intensity" in page.text
    series = hostile_client.get("/api/intensity/IGO/BLR?both=true").json()
    assert [(point["month"], point["count"]) for point in series] == [(None, 1)]


@pytest.mark.parametrize(
    "path, scripts",
    [
        ("/events", "script-src 'self';"),
        ("/api/events", "script-src 'self';"),
        ("/nowhere", "script-src 'self';"),
        ("/docs", "script-src 'self' 'unsafe-inline';"),  # Swagger UI starts inline
        ("/redoc", "script-src 'self' 'unsafe-inline';"),
    ],
    ids=["page", "api", "error", "docs", "redoc"],
)
def test_security_headers(hostile_client, path, scripts):
    headers = hostile_client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    policy = headers["content-security-policy"]
    assert scripts in policy and "default-src 'self'" in policy  # nothing from outside
