"""The extract job on Ray Data (a local instance with 2 CPUs) against the local run, record
for record, and its Parquet records loaded into SQLite and PostgreSQL."""

from __future__ import annotations

import time

import pytest

from backchannel.ingest import Coder, extract_lines, ingest
from backchannel.scale import extract_parquet, extract_ray, load, read_rows
from backchannel.store import open_store
from tests.store.conftest import _new_database

pytestmark = [pytest.mark.slow, pytest.mark.model]


@pytest.fixture(scope="module")
def ray():
    ray = pytest.importorskip("ray", reason="the ray extra is not installed")
    pytest.importorskip("ray.data", reason="the ray extra (ray[data]) is not installed")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def coder():
    with Coder(workers=1) as coder:
        yield coder


@pytest.fixture(scope="module")
def runs(ray, coder, inputs, tmp_path_factory):
    """The same sources through the local run (JSONL and Parquet) and through Ray."""
    out = tmp_path_factory.mktemp("runs")
    lines = list(extract_lines(inputs, coder=coder))
    local = extract_parquet(inputs, out / "local", coder=coder)
    started = time.perf_counter()
    remote = extract_ray(inputs, str(out / "ray"))
    seconds = time.perf_counter() - started
    print(f"\nRay extract of {local.read} inputs: {seconds:.1f} s")
    return dict(lines=lines, local=local, ray=remote, out=out)


def test_the_local_parquet_holds_the_jsonl_lines(runs):
    rows = list(read_rows(runs["out"] / "local"))
    assert [row["data"] for row in rows] == runs["lines"]
    assert [row["seq"] for row in rows] == list(range(len(rows)))


def test_ray_output_equals_the_local_output_record_for_record(runs):
    local = list(read_rows(runs["out"] / "local"))
    remote = list(read_rows(runs["out"] / "ray"))
    assert len(local) >= 15  # samples, JSONL, HTML, WARC and text inputs
    assert [r["id"] for r in remote] == [r["id"] for r in local]  # same ids, same order
    for mine, theirs in zip(remote, local):
        assert mine["data"] == theirs["data"], mine["id"]  # identical record JSON
        assert {k: v for k, v in mine.items() if k != "seq"} == {
            k: v for k, v in theirs.items() if k != "seq"
        }
    clusters = {r["id"]: r["data"] for r in remote}
    assert '"cluster": "3560d47a8be58769"' in clusters["bench-003"]  # the syndicated copy
    assert sum(r["events"] for r in remote) > 10


def test_ray_reports_what_the_local_run_reports(runs):
    local, remote = runs["local"], runs["ray"]
    assert (remote.read, remote.coded, remote.events) == (local.read, local.coded, local.events)
    assert sorted(remote.skipped, key=str) == sorted(local.skipped, key=str)
    assert remote.notes == local.notes and len(remote.notes) == 1
    assert len(remote.skipped) == 3  # a malformed JSONL line, a too short one, an HTTP 404
    assert remote.coded == local.read - 2  # not the too short one, not the one in Spanish


@pytest.fixture(scope="module")
def ingested(inputs, coder, tmp_path_factory):
    """What `ingest` of the same sources stores, in SQLite."""
    with open_store(tmp_path_factory.mktemp("ingested") / "ingested.db") as store:
        ingest(inputs, store, coder=coder)
        return _state(store)


def _state(store) -> dict:
    failures = [(f["key"], f["stage"]) for f in store.failures()]
    return dict(counts=store.counts(), records=list(store.record_dicts()), failures=failures)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_load_stores_what_ingest_stores_and_a_rerun_adds_nothing(
    backend, runs, ingested, request, tmp_path
):
    if backend == "sqlite":
        url = tmp_path / "loaded.db"
    else:
        url = _new_database(request.getfixturevalue("postgres_url"))
    folder = runs["out"] / "ray"
    rows = list(read_rows(folder))
    coded = {r["article_id"] for r in rows if r["coded"]}
    with open_store(url) as store:
        report = load(folder, store, batch_size=4)
        assert (report.read, report.added, report.unchanged) == (len(rows), len(rows), 0)
        assert (report.coded, report.events) == (runs["ray"].coded, runs["ray"].events)
        state = _state(store)
        again = load(folder, store)
        assert (again.added, again.unchanged) == (0, len(rows))
        assert _state(store) == state
    assert state == ingested  # counts, every record's JSON, failures
    assert state["counts"]["articles"] == len(rows)
    assert state["counts"]["records"] == len(coded) == len(rows) - 1  # not the Spanish one
    assert state["counts"]["events"] == report.events
