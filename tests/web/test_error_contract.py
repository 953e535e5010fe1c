"""One error contract (issue 18, item 4): the API answers every error as
``{"error": {"status", "message", "parameter"}}`` naming the parameter at fault, pages answer
with the error page; every list endpoint declares its parameters and the model of its answer
in ``/openapi.json``, and its answers on the sample and hostile stores fit that model."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from backchannel.web import schemas

HUGE = "1" + "0" * 30


@pytest.mark.parametrize(
    "path, status, parameter",
    [
        (f"/api/events?page={HUGE}", 400, "page"),
        ("/api/events?per_page=1001", 400, "per_page"),
        ("/api/events?per_page=-1", 400, "per_page"),
        ("/api/events?limit=-1", 400, "limit"),  # /api/events pages; it takes no limit
        ("/api/events?contry=USA", 400, "contry"),  # a typo never answers everything
        ("/api/clusters?limit=-1", 400, "limit"),
        ("/api/actors?limit=-1", 400, "limit"),
        (f"/api/search?q=x&limit={HUGE}", 400, "limit"),
        ("/api/statements?limit=0", 400, "limit"),
        ("/api/events?since=2024-13-45", 400, "since"),
        ("/api/dyads?until=2023-02-29", 400, "until"),
        ("/api/events?dyad=USA-RUS-CHN", 400, "dyad"),
        ("/api/network?dyad=USA", 400, "dyad"),
        ("/api/events?country=%25", 400, "country"),
        ("/api/events?place_country=U_A", 400, "place_country"),
        ("/api/events?order=random", 400, "order"),
        ("/api/network?level=planet", 400, "level"),
        ("/api/events?actor=" + "x" * 600, 400, "actor"),
        ("/api/brief?since=0001-01-01&until=9999-12-31", 400, "since"),
        ("/api/brief?until=2023-06-30", 400, "since"),
        ("/api/export.zip?format=exe", 400, "format"),
        ("/api/events/no-such-event", 404, None),
        ("/api/no-such-route", 404, None),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 45 else None,
)
def test_api_errors_name_the_parameter(hostile_client, path, status, parameter):
    response = hostile_client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["status"] == status and error["parameter"] == parameter and error["message"]
    schemas.ApiError.model_validate(response.json())


@pytest.mark.parametrize(
    "path, status",
    [
        (f"/events?page={HUGE}", 400),
        ("/events?per_page=5000", 400),
        ("/events?since=2024-13-45", 400),
        ("/events?dyad=USA-RUS-CHN", 400),
        ("/brief?since=0001-01-01&until=9999-12-31", 400),
        ("/brief.md?since=0001-01-01&until=9999-12-31", 400),
        ("/brief.html?since=0001-01-01&until=9999-12-31", 400),
        ("/dyads?since=2023-13", 400),
        ("/network?level=planet", 400),
        ("/events/no-such-event", 404),
        ("/actors/no-such-actor", 404),
    ],
)
def test_pages_answer_errors_with_the_error_page(hostile_client, path, status):
    response = hostile_client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert '<p class="note">' in response.text and '"error"' not in response.text


def test_wildcards_match_literally_through_the_api(hostile_client):
    assert hostile_client.get("/api/events?actor=%25").json()["total"] == 0
    found = hostile_client.get("/api/events?actor=_").json()["events"]
    assert {e["actor_id"] for e in found} == {"Q666"}  # only the name with "_" in it


def test_undated_events_render_in_their_dyad(hostile_client):
    page = hostile_client.get("/dyads/IGO/BLR")
    assert page.status_code == 200 and "<svg" in page.text
    months = hostile_client.get("/api/dyad-months?dyad=IGO-BLR").json()
    assert [m["month"] for m in months] == [None]


# -- the OpenAPI schema -----------------------------------------------------------------

FILTERS = {"actor", "country", "sector", "dyad", "type", "quad", "modality", "sourcing"}
LISTS = {
    "/api/events": FILTERS | {"since", "until", "page", "per_page", "order"},
    "/api/events.csv": FILTERS | {"since", "until"},
    "/api/clusters": FILTERS | {"limit"},
    "/api/actors": {"country", "name", "limit"},
    "/api/dyads": FILTERS | {"complete", "limit"},
    "/api/dyad-months": FILTERS,
    "/api/network": FILTERS | {"level", "min_count"},
    "/api/search": {"q", "limit"},
    "/api/statements": {"article", "stance", "limit"},
    "/api/brief": {"since", "until", "actor", "format"},
}


@pytest.fixture(scope="module")
def openapi(client):
    return client.get("/openapi.json").json()


@pytest.mark.parametrize("path", sorted(LISTS))
def test_list_endpoints_declare_their_parameters(openapi, path):
    operation = openapi["paths"][path]["get"]
    assert LISTS[path] <= {p["name"] for p in operation["parameters"]}
    assert all(
        p["in"] in ("query", "path") and p.get("description") for p in operation["parameters"]
    )
    assert "422" not in operation["responses"]  # a bad parameter is a 400, in the error shape
    error = operation["responses"]["400"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ApiError"}
    if not path.endswith(".csv"):
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
        model = (answer.get("items") or answer)["$ref"].rsplit("/", 1)[-1]
        assert openapi["components"]["schemas"][model]["properties"]


def test_numbers_are_bounded_in_the_schema(openapi):
    params = {p["name"]: p["schema"] for p in openapi["paths"]["/api/events"]["get"]["parameters"]}
    assert params["page"]["minimum"] == 1 and params["page"]["maximum"] == 100_000
    assert params["per_page"]["maximum"] == 1000
    assert set(params["order"]["enum"]) == {"-day", "day", "intensity", "-intensity"}


JSON_ANSWERS = {
    "/api/events?dyad=USA-RUS": schemas.EventsPage,
    "/api/clusters": list[schemas.ClusterOut],
    "/api/actors": list[schemas.ActorOut],
    "/api/actors/Q1/counterparts": list[schemas.CounterpartOut],
    "/api/dyads": list[schemas.DyadOut],
    "/api/dyad-months": list[schemas.DyadMonthOut],
    "/api/intensity/IGO/BLR?both=true": list[schemas.IntensityOut],
    "/api/network?level=actor": list[schemas.EdgeOut],
    "/api/search?q=Burns": list[schemas.ArticleHitOut],
    "/api/statements": list[schemas.StatementOut],
    "/api/brief?since=2023-06-01&until=2023-06-30": schemas.BriefOut,
}


@pytest.mark.parametrize("path", sorted(JSON_ANSWERS))
def test_answers_fit_their_published_model(hostile_client, path):
    answer = hostile_client.get(path)
    assert answer.status_code == 200 and answer.json()
    TypeAdapter(JSON_ANSWERS[path]).validate_python(answer.json())


def test_event_detail_fits_its_model(hostile_client, hostile_event):
    answer = hostile_client.get(f"/api/events/{hostile_event.id}").json()
    schemas.EventDetail.model_validate(answer)
    assert answer["event"]["id"] == hostile_event.id


def test_page_links_to_the_api_keep_only_what_it_takes(client):
    html = client.get("/events?order=day&page=1&actor=Burns").text
    assert "/api/events.csv?actor=Burns" in html and "/api/events.csv?order" not in html
    assert client.get("/api/events.csv?actor=Burns").status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/statements?stance=", "/api/events?actor=&since=&dyad=", "/api/dyads?country="]
)
def test_blank_parameters_are_not_given(client, path):
    """What a form sends for "any" filters nothing, as on the pages."""
    assert client.get(path).status_code == 200
