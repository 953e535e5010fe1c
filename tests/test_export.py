"""Exports: POLECAT TSV, PLOVER JSONL, Parquet and CSV, each with a provenance sidecar."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from backchannel import export as ex
from backchannel.errors import QueryError
from backchannel.query import EventFilter
from tests.web.sample_store import build_store

POLECAT_FIRST = [
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Event Intensity",
    "Quad Code",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with build_store(tmp_path_factory.mktemp("export") / "bc.db") as opened:
        yield opened


@pytest.fixture(scope="module")
def polecat(store, tmp_path_factory):
    return ex.export(store, tmp_path_factory.mktemp("out") / "events.tsv", format="polecat")


def _sidecar(result) -> dict[str, dict]:
    lines = result.provenance.read_text(encoding="utf-8").splitlines()
    return {p["id"]: p for p in map(json.loads, lines)}


def test_polecat_header_has_the_release_columns_in_order():
    header = ex.polecat_header()
    assert len(header) == 48 and list(header[:6]) == POLECAT_FIRST
    assert header[33] == "Source" and header[39] == "Version" and header[40] == "CAMEO Code"
    assert header[41:44] == ("Date Value", "Date Precision", "Date Basis")


def test_polecat_opens_with_pandas(polecat):
    frame = pd.read_csv(polecat.path, sep="\t", dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(frame.columns) == list(ex.polecat_header()) and len(frame) == polecat.events == 11
    call = frame[(frame["Event Mode"] == "phone") & (frame["Source"] == "Example Wire")].iloc[0]
    assert (call["Actor Country"], call["Actor COW"], call["Recipient COW"]) == ("USA", "2", "365")
    assert (call["Event Date"], call["CAMEO Code"], call["Sourcing"]) == (
        "2023-06-26",
        "042",
        "anonymous",
    )
    assert call["Primary Actor Sector"] == "SPY" and call["Quad Code"] == "VERBAL COOPERATION"


@pytest.mark.parametrize(
    "column, event_type, expected",
    [
        ("Placename", "SANCTION", "Brussels"),
        ("Country", "SANCTION", "BEL"),
        ("Feature Type", "SANCTION", "PPLC"),
        ("Recipient Name", "REJECT", ""),
        ("Story Organizations", "SANCTION", "European Union"),
        ("Date Value", "AID", "2020-06"),
        ("Event Date", "AID", "2020-06-01"),
        ("Language", "AID", "en"),
    ],
    ids=[
        "place",
        "place-country",
        "feature",
        "missing-is-empty",
        "multi-joined",
        "timex",
        "first-day",
        "language",
    ],
)
def test_polecat_values(polecat, column, event_type, expected):
    frame = pd.read_csv(polecat.path, sep="\t", dtype=str, keep_default_na=False)
    assert frame[frame["Event Type"] == event_type].iloc[0][column] == expected


def test_every_exported_event_traces_to_its_sentence(store, polecat):
    frame = pd.read_csv(polecat.path, sep="\t", dtype=str, keep_default_na=False)
    sidecar = _sidecar(polecat)
    texts = store.texts({p["article_id"] for p in sidecar.values()})
    assert set(frame["Event ID"]) == set(sidecar)
    for prov in sidecar.values():
        sentence = prov["sentence"]
        assert (
            texts[prov["article_id"]][sentence["start"] : sentence["end"]] == sentence["text"] != ""
        )
        assert sentence["start"] <= prov["trigger"]["start"] < sentence["end"]


def test_sidecar_names_the_statements_and_speakers(polecat):
    warned = [p for p in _sidecar(polecat).values() if p["trigger"]["text"] == "warned"][0]
    assert [(s["speaker"], s["speaker_kind"], s["stance"]) for s in warned["statements"]] == [
        ("two senior US officials", "anonymous", "assert")
    ]


def test_plover_jsonl_fields(store, tmp_path):
    result = ex.export(
        store, tmp_path / "events.jsonl", format="jsonl", filters=EventFilter(type="SANCTION")
    )
    (obj,) = [json.loads(line) for line in result.path.read_text().splitlines()]
    assert {
        "id",
        "date",
        "actor",
        "event",
        "recipient",
        "event_loc",
        "event_text",
        "quad_code",
        "text_info",
        "cite_info",
    } <= set(obj)
    assert obj["event"] == ["SANCTION"] and obj["quad_code"] == 4 and obj["cameo"] == "163"
    assert obj["actor"][0]["code"] == "EUR" and obj["event_loc"]["geonameid"] == 2800866
    assert obj["event_text"].startswith("The European Union imposed")


def test_parquet_opens_with_pandas_and_duckdb(store, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    result = ex.export(store, tmp_path / "events.parquet", format="parquet")
    frame = pd.read_parquet(result.path)
    assert len(frame) == 11 and frame["cameo"].notna().all()
    ((count,),) = duckdb.sql(
        f"SELECT count(*) FROM '{result.path}' WHERE actor_country = 'USA'"
    ).fetchall()
    assert count == 7


def test_csv_with_clusters_carries_report_counts(store, tmp_path):
    result = ex.export(store, tmp_path / "events.csv", format="csv", dedupe="clusters")
    frame = pd.read_csv(result.path, dtype={"cameo": str})
    assert result.events == len(frame) == 8
    call = frame[frame["mode"] == "phone"].iloc[0]
    assert (call["reports"], call["sources"], call["cameo"]) == (3, 2, "042")
    reports = _sidecar(result)[call["id"]]["reports"]
    assert len(reports) == 3


@pytest.mark.parametrize(
    "options", [{"format": "xlsx"}, {"dedupe": "weekly"}], ids=["format", "dedupe"]
)
def test_bad_export_options(store, tmp_path, options):
    with pytest.raises(QueryError):
        ex.export(store, tmp_path / "x", **options)


# -- one sidecar per export file, typed dates, the publisher, the date's basis ----------


def test_each_export_file_keeps_its_own_sidecar(store, tmp_path):
    results = [
        ex.export(store, tmp_path / f"events.{suffix}", format=format)
        for format, suffix in (("polecat", "tsv"), ("jsonl", "jsonl"), ("csv", "csv"))
    ]
    results.append(
        ex.export(
            store,
            tmp_path / "events.parquet",
            format="parquet",
            filters=EventFilter(type="SANCTION"),
        )
    )
    sidecars = [r.provenance for r in results]
    assert [p.name for p in sidecars] == [
        "events.tsv.provenance.jsonl",
        "events.jsonl.provenance.jsonl",
        "events.csv.provenance.jsonl",
        "events.parquet.provenance.jsonl",
    ]
    assert sorted(p.name for p in tmp_path.glob("*.provenance.jsonl")) == sorted(
        p.name for p in sidecars
    )
    # the filtered Parquet export did not overwrite the others' sidecars
    assert [len(_sidecar(r)) for r in results] == [11, 11, 11, 1]
    assert ex.provenance_path(tmp_path / "events") == tmp_path / "events.provenance.jsonl"


def test_parquet_days_are_dates_for_pyarrow_and_duckdb(store, tmp_path):
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    duckdb = pytest.importorskip("duckdb")
    result = ex.export(store, tmp_path / "events.parquet", format="parquet")
    schema = pq.read_schema(result.path)
    assert schema.field("date").type == pa.date32() == schema.field("published_day").type
    for text_column in ("date_value", "date_precision", "date_basis", "published"):
        assert schema.field(text_column).type == pa.string()
    types = dict(
        duckdb.sql(f"SELECT column_name, column_type FROM (DESCRIBE '{result.path}')").fetchall()
    )
    assert types["date"] == types["published_day"] == "DATE"
    rows = duckdb.sql(
        f"SELECT date, date_value, date_precision FROM '{result.path}' "
        "WHERE date BETWEEN DATE '2020-06-01' AND DATE '2020-06-30' AND type = 'AID'"
    ).fetchall()
    assert rows == [(datetime.date(2020, 6, 1), "2020-06", "month")]


def test_csv_days_stay_iso_text(store, tmp_path):
    result = ex.export(store, tmp_path / "events.csv", format="csv")
    frame = pd.read_csv(result.path, dtype=str, keep_default_na=False)
    assert frame["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (frame["published_day"] == frame["published"].str[:10]).all()


def test_the_publication_date_fallback_is_marked_in_every_format(store, polecat, tmp_path):
    frame = pd.read_csv(polecat.path, sep="\t", dtype=str, keep_default_na=False)
    assert set(frame["Date Basis"]) == {"explicit", "relative", "published"}
    reject = frame[frame["Event Type"] == "REJECT"].iloc[0]
    assert (reject["Date Basis"], reject["Event Date"]) == ("published", "2020-08-06")
    flat = ex.export(store, tmp_path / "events.csv", format="csv")
    rows = pd.read_csv(flat.path, dtype=str, keep_default_na=False)
    denied = rows[rows["sentence_text"].str.contains("denied")]
    assert set(denied["date_basis"]) == {"published"}
    plover = ex.export(store, tmp_path / "events.jsonl", format="jsonl")
    objects = [json.loads(line) for line in plover.path.read_text().splitlines()]
    assert {o["date_basis"] for o in objects if o["event"] == ["SANCTION"]} == {"explicit"}
    assert {o["date_basis"] for o in objects if o["event"] == ["REJECT"]} == {"published"}


def test_polecat_source_is_the_outlet_else_the_url_host(store, polecat):
    from dataclasses import replace

    frame = pd.read_csv(polecat.path, sep="\t", dtype=str, keep_default_na=False)
    assert (frame["Source"] != "").all()
    assert frame[frame["Event Type"] == "SANCTION"].iloc[0]["Source"] == "Euro Desk"
    row = next(iter(ex.iter_events(store)))
    assert ex.source_name(replace(row, outlet=None, url="https://www.example.org/a")) == (
        "example.org"
    )
    assert ex.source_name(replace(row, outlet="", url=None)) is None
    assert ex.source_name(replace(row, outlet=None, url="not a url")) is None
