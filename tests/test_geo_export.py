"""Event locations as GeoJSON: valid RFC 7946 points at [lon, lat], filtered like every
other query, the ``geojson`` export writer (library and CLI), and the bundled world outline."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

import backchannel.export as ex
from backchannel import geo_export as geo
from backchannel import registry
from backchannel.cli import app as cli_app
from backchannel.errors import QueryError
from backchannel.query import EventFilter, find_events
from tests.web.sample_store import build_store

PROPERTIES = {
    "id",
    "type",
    "quad",
    "cameo",
    "actor",
    "recipient",
    "date",
    "date_precision",
    "date_basis",
    "place",
    "place_country",
    "geo_precision",
    "modality",
    "sourcing",
    "link",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with build_store(tmp_path_factory.mktemp("geo") / "bc.db") as opened:
        yield opened


def assert_valid_points(collection: dict) -> None:
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["id"] == feature["properties"]["id"]
        geometry = feature["geometry"]
        assert geometry["type"] == "Point" and len(geometry["coordinates"]) == 2
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert PROPERTIES <= set(feature["properties"])
        assert feature["properties"]["link"] == "/events/" + feature["id"]


def test_located_events_are_points_at_lon_lat(store):
    found = geo.located_events(store)
    collection = json.loads(json.dumps(found.to_geojson()))
    assert_valid_points(collection)
    assert collection["matched"] == 11 and collection["located"] == len(found.features) == 4
    moscow = [f for f in found.features if f["properties"]["place"] == "Moscow"]
    assert moscow and all(f["geometry"]["coordinates"] == [37.62, 55.75] for f in moscow)
    first = moscow[0]["properties"]
    assert first["geo_precision"] == "city" and first["place_country"] == "RUS"
    assert first["date_basis"] == "relative" and first["geonameid"] == 524901
    days = [f["properties"]["date"] for f in found.features]
    assert days == sorted(days, reverse=True)  # newest first


def test_place_country_filters_events_and_points(store):
    russia = geo.located_events(store, EventFilter(place_country="RUS"))
    assert len(russia.features) == 2 and russia.matched == 2
    assert {f["properties"]["place_country"] for f in russia.features} == {"RUS"}
    listed = find_events(store, EventFilter(place_country="tur"))
    assert listed.total == 1 and listed.items[0].place_name == "Ankara"
    assert geo.located_events(store, EventFilter(place_country="FRA")).features == ()
    with pytest.raises(QueryError, match="place_country"):
        find_events(store, EventFilter(place_country="Russia"))


def test_filters_and_limit_apply(store):
    consult = geo.located_events(store, EventFilter(type="CONSULT"))
    assert consult.features and all(f["properties"]["type"] == "CONSULT" for f in consult.features)
    one = geo.located_events(store, limit=1)
    assert len(one.features) == 1 and one.truncated and one.located == 4
    with pytest.raises(QueryError, match="limit"):
        geo.located_events(store, limit=0)


def test_place_counts_rank_places(store):
    counts = geo.place_counts(store)
    assert counts[0].events >= counts[-1].events
    assert ("Moscow", "RUS", 2) in [(p.name, p.country, p.events) for p in counts]
    assert [p.name for p in geo.place_counts(store, EventFilter(place_country="TUR"))] == ["Ankara"]


def test_a_point_off_the_globe_is_no_feature(store):
    row = find_events(store, per_page=1).items[0]
    assert geo.event_feature(row, None, 37.6) is None
    assert geo.event_feature(row, 95.0, 37.6) is None
    assert geo.event_feature(row, 55.0, 181.0) is None
    assert geo.event_feature(row, float("nan"), 10.0) is None
    feature = geo.event_feature(replace(row, id="a/b"), -33.9, 151.2)
    assert feature["geometry"]["coordinates"] == [151.2, -33.9]
    assert feature["properties"]["link"] == "/events/a%2Fb"


@pytest.mark.parametrize(
    "code, precision",
    [
        ("PPLC", "city"),
        ("PCLI", "country"),
        ("ADM1", "region"),
        ("ADM2", "district"),
        ("MT", "place"),
        (None, "unknown"),
    ],
)
def test_geo_precision_reads_the_feature_code(code, precision):
    assert geo.geo_precision(code) == precision


def test_the_geojson_writer_exports_located_events(store, tmp_path):
    assert "geojson" in registry.names(registry.writers)
    result = ex.export(store, tmp_path / "events.geojson", format="geojson")
    collection = json.loads(result.path.read_text(encoding="utf-8"))
    assert_valid_points(collection)
    assert result.events == len(collection["features"]) == 4
    sidecar = result.provenance.read_text(encoding="utf-8").splitlines()
    assert len(sidecar) == 4
    assert all(f["properties"]["sentence"] for f in collection["features"])


def test_the_geojson_writer_writes_an_empty_collection(store, tmp_path):
    result = ex.export(
        store, tmp_path / "none.geojson", format="geojson", filters=EventFilter(place_country="FRA")
    )
    assert json.loads(result.path.read_text()) == {"type": "FeatureCollection", "features": []}
    assert result.events == 0


def test_cli_exports_geojson(store, tmp_path):
    out = tmp_path / "cli.geojson"
    db = store.engine.url.database
    done = CliRunner().invoke(cli_app, ["export", str(out), "--db", db, "--format", "geojson"])
    assert done.exit_code == 0, done.output
    assert len(json.loads(out.read_text())["features"]) == 4


def test_simplify_drops_points_on_a_line():
    line = [[0.0, 0.0], [1.0, 0.001], [2.0, 0.0], [3.0, 5.0]]
    assert geo.simplify(line, 0.1) == [[0.0, 0.0], [2.0, 0.0], [3.0, 5.0]]
    assert geo.simplify(line, 0.0) == line


def test_world_outline_is_small_closed_and_cached():
    world = geo.world_outline()
    assert world is geo.world_outline()
    codes = {f["id"] for f in world["features"]}
    assert len(codes) > 150 and {"RUS", "USA", "FRA", "CHN", "BRA", "AUS"} <= codes
    for feature in world["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
                assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)
    assert len(json.dumps(world, separators=(",", ":"))) < 200_000
