"""``load`` on hand-made Parquet records (no spaCy model): what it stores, what it skips on
a rerun, the failures it keeps, and the folders it refuses."""

from __future__ import annotations

import json
import sqlite3

import pytest

from backchannel.errors import InputError
from backchannel.ingest import IngestReport
from backchannel.ingest.guard import Failure
from backchannel.records import Article, Quality, Record
from backchannel.scale import load, read_rows
from backchannel.scale.parquet import ParquetOut, row_of
from backchannel.store import open_store

TEXT = (
    "The foreign minister met the ambassador in the capital on Monday to discuss the border "
    "dispute, the ministry said in a statement, and both sides agreed to meet again next month."
)


def _article(number: int, text: str, language: str = "en") -> Article:
    return Article(
        id=f"article-{number}",
        text=text,
        source=f"news.jsonl:{number}",
        input_id=f"in-{number}",
        quality=Quality(language=language),
    )


def _write(folder, items, start: int = 0) -> None:
    with ParquetOut(folder) as out:
        for seq, item in enumerate(items, start=start):
            out.write(row_of(item, seq, "test-model"))


ITEMS = [
    Record(article=_article(1, TEXT)),
    Record(article=_article(2, TEXT + " Reporting by a wire service.")),  # a copy of 1
    Record(
        article=_article(3, "El ministro se reunió con el embajador en la capital el lunes.", "es")
    ),
    Failure(
        "news.jsonl:4", "code", "ArticleTimeout: ran past its time budget", "article-4", "in-4"
    ),
]


def test_load_writes_articles_records_clusters_and_failures(tmp_path):
    _write(tmp_path / "records", ITEMS)
    with open_store(tmp_path / "bc.db") as store:
        report = load(tmp_path / "records", store, batch_size=2)
        counts = store.counts()
        failures = store.failures()
    assert (report.read, report.added, report.unchanged, report.coded) == (4, 3, 0, 2)
    assert [f.key for f in report.failures] == ["article-4"]
    assert counts["articles"] == 3 and counts["records"] == 2  # the Spanish one is not coded
    assert [(f["key"], f["stage"], f["attempts"]) for f in failures] == [("article-4", "code", 1)]
    with sqlite3.connect(tmp_path / "bc.db") as conn:
        clusters = dict(conn.execute("SELECT id, cluster FROM articles"))
        data = dict(conn.execute("SELECT article_id, data FROM records"))
    assert clusters == {
        "article-1": "article-1",
        "article-2": "article-1",
        "article-3": "article-3",
    }
    assert json.loads(data["article-2"])["cluster"] == "article-1"
    assert json.loads(data["article-1"])["id"] == "in-1"


def test_a_rerun_adds_nothing_and_counts_no_new_attempt(tmp_path):
    _write(tmp_path / "records", ITEMS)
    with open_store(tmp_path / "bc.db") as store:
        load(tmp_path / "records", store)
        again = load(tmp_path / "records", store)
        failures = store.failures()
    assert (again.read, again.added, again.unchanged) == (4, 0, 3)
    assert [f["attempts"] for f in failures] == [1]


def test_a_later_record_resolves_the_failure_and_joins_the_stored_cluster(tmp_path):
    _write(tmp_path / "first", ITEMS)
    later = Record(article=_article(4, TEXT + " Additional reporting from the capital."))
    _write(tmp_path / "second", [later])
    with open_store(tmp_path / "bc.db") as store:
        load(tmp_path / "first", store)
        report = load(tmp_path / "second", store)
        assert store.failures() == []
        (record,) = store.records(["article-4"])
    assert (report.added, report.recovered) == (1, 1)
    assert record.article.cluster == "article-1"  # the copy the store already held


def test_an_unreadable_row_is_a_failure_and_the_rest_is_loaded(tmp_path):
    rows = [row_of(ITEMS[0], 0, "m"), {**row_of(ITEMS[2], 1, "m"), "data": "{not json"}]
    with ParquetOut(tmp_path / "records") as out:
        for row in rows:
            out.write(row)
    report = IngestReport()
    with open_store(tmp_path / "bc.db") as store:
        load(tmp_path / "records", store, report=report)
        stages = [f["stage"] for f in store.failures()]
    assert report.added == 1 and stages == ["store"]
    assert "no backchannel record" in report.failures[0].error


def test_rows_come_back_in_seq_order_across_files(tmp_path):
    _write(tmp_path / "a", ITEMS[2:], start=10)
    _write(tmp_path / "b", ITEMS[:2])
    (tmp_path / "both").mkdir()
    (tmp_path / "a" / "part-00000.parquet").rename(tmp_path / "both" / "a.parquet")
    (tmp_path / "b" / "part-00000.parquet").rename(tmp_path / "both" / "z.parquet")
    rows = list(read_rows(tmp_path / "both"))
    assert [r["seq"] for r in rows] == [0, 1, 10, 11]  # by first seq, not by file name
    assert [r["id"] for r in rows] == ["in-1", "in-2", "in-3", "article-4"]


def test_folders_without_records_are_refused(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        list(read_rows(tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no Parquet files"):
        list(read_rows(tmp_path / "empty"))
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "other").mkdir()
    pq.write_table(pa.table({"x": [1]}), tmp_path / "other" / "x.parquet")
    with pytest.raises(InputError, match="not backchannel records"):
        list(read_rows(tmp_path / "other"))


def test_the_load_command_loads_and_summarises(tmp_path):
    from typer.testing import CliRunner

    from backchannel.cli import app

    _write(tmp_path / "records", ITEMS)
    args = ["load", str(tmp_path / "records"), "--db", str(tmp_path / "bc.db")]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "read 4, added 3, already stored 0, coded 2" in done.output
    again = CliRunner().invoke(app, [*args, "--strict"])
    assert again.exit_code == 1  # the failure row, under --strict
    assert "added 0, already stored 3" in again.output
