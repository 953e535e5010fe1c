"""The store under stress: read-only files, concurrent writers, failures kept for a rerun,
a mistyped path, an old schema with doubled order numbers."""

from __future__ import annotations

import multiprocessing
import re
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import text

from backchannel.errors import RowsRejected, StoreError
from backchannel.ingest import Failure
from backchannel.records import Article
from backchannel.store import Stored, open_store, schema
from backchannel.store.migrations import current_version


def _stored(article_id: str) -> Stored:
    article = Article(id=article_id, text=f"Text of {article_id}.", source=f"in/{article_id}")
    return Stored(article, None, b"sig")


def test_a_read_only_url_is_refused_before_any_work_with_a_one_line_reason(tmp_path):
    path = tmp_path / "bc.db"
    with open_store(path) as store:
        store.add([_stored("a1")])
    with open_store(f"sqlite:///file:{path}?mode=ro&uri=true") as store:
        with pytest.raises(StoreError) as caught:
            store.check_writable()
        with pytest.raises(StoreError) as writing:
            store.add([_stored("a2")])
    for message in (str(caught.value), str(writing.value)):
        assert (
            re.search("read-?only", message)
            and str(path) in message
            and "\n" not in message
            and "INSERT" not in message
            and "UPDATE" not in message
        )


def test_a_missing_store_is_refused_when_it_must_exist(tmp_path):
    with pytest.raises(StoreError, match="no store at .*typo.db"):
        open_store(tmp_path / "typo.db", must_exist=True)
    assert not (tmp_path / "typo.db").exists()


def test_failures_are_kept_counted_and_resolved(tmp_path):
    with open_store(tmp_path / "bc.db") as store:
        bad = Failure("in/x", "code", "ValueError: no", article_id="x", input_id="1")
        store.add([_stored("a1")], failures=[bad])
        store.add([], failures=[bad])
        (row,) = store.failures()
        assert (row["key"], row["attempts"], row["stage"], row["source"]) == (
            "x",
            2,
            "code",
            "in/x",
        )
        assert store.failure_keys() == {"x"}
        store.add([_stored("x")], resolved={"x"})
        assert store.failures() == [] and store.counts()["articles"] == 2


def test_rows_the_store_refuses_raise_rows_rejected_and_keep_earlier_batches(tmp_path):
    with open_store(tmp_path / "bc.db") as store:
        store.add([_stored("a1")])
        broken = Stored(_stored("a2").article, None, None)  # type: ignore[arg-type]
        with pytest.raises(RowsRejected):
            store.add([_stored("a3"), broken])
        assert store.has_articles(["a1", "a2", "a3"]) == {"a1"}


def _writer(path: str, prefix: str, batches: int) -> None:
    with open_store(path) as store:
        for b in range(batches):
            store.add([_stored(f"{prefix}-{b}-{i}") for i in range(3)])


def test_concurrent_writers_never_share_an_order_number(tmp_path):
    path = str(tmp_path / "bc.db")
    open_store(path).close()
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_writer, args=(path, p, 25)) for p in ("left", "right", "third")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with sqlite3.connect(path) as conn:
        seqs = [row[0] for row in conn.execute("SELECT seq FROM articles ORDER BY seq")]
    assert seqs == list(range(1, 3 * 25 * 3 + 1))


def test_a_v1_store_with_doubled_order_numbers_is_renumbered_and_gains_failures(tmp_path):
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.add([_stored("a1"), _stored("a2"), _stored("a3")])
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE failures")
        conn.execute("DROP INDEX ux_articles_seq")
        conn.execute("UPDATE articles SET seq = 1 WHERE id IN ('a1', 'a2')")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with open_store(path) as store, store.engine.connect() as conn:
        assert current_version(conn) == schema.SCHEMA_VERSION >= 2
        assert conn.execute(text("SELECT id, seq FROM articles ORDER BY seq")).all() == [
            ("a1", 1),
            ("a2", 2),
            ("a3", 3),
        ]
        assert store.failures() == []


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backchannel.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def read_only_store(tmp_path):
    """A store with one article in rollback-journal mode (as a copy handed round would be),
    opened read-only: the URL a user without write rights would be given."""
    path = tmp_path / "bc.db"
    with open_store(path) as store:
        store.add([_stored("a1")])
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    return path, f"sqlite:///file:{path}?mode=ro&uri=true"


def test_stats_reads_a_read_only_store(read_only_store):
    _, url = read_only_store
    done = _cli("stats", "--db", url, "--json")
    assert done.returncode == 0, done.stderr
    assert '"articles": 1' in done.stdout


def test_ingest_refuses_a_read_only_store_before_reading_anything(read_only_store, tmp_path):
    path, url = read_only_store
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "n1", "text": "Russia denied the report on Monday, officials said."}\n'
    )
    before = path.read_bytes()
    done = _cli("ingest", str(source), "--db", url, "--no-nlp")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "is read-only" in lines[0] and str(path) in lines[0]
    assert path.read_bytes() == before


def test_read_commands_refuse_a_mistyped_store_path(tmp_path):
    done = _cli("events", "--db", str(tmp_path / "typo.db"))
    assert done.returncode == 2 and "no store at" in done.stderr
    assert not (tmp_path / "typo.db").exists()


# -- create=False: what the reading commands open ----------------------------------------


@pytest.mark.parametrize("spelling", [{"create": False}, {"must_exist": True}])
def test_a_missing_store_is_refused_by_path_with_how_to_make_one(tmp_path, spelling):
    typo = tmp_path / "typo.db"
    with pytest.raises(StoreError) as caught:
        open_store(typo, **spelling)
    message = str(caught.value)
    assert str(typo) in message and "backchannel ingest" in message and "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        open_store(tmp_path, create=False)


def test_an_empty_or_foreign_sqlite_file_is_refused_and_left_as_it_was(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    foreign = tmp_path / "other-app.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    for path in (empty, foreign):
        with pytest.raises(StoreError, match="no backchannel tables"):
            open_store(path, create=False)
    assert empty.stat().st_size == 0
    with sqlite3.connect(foreign) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
    conn.close()
    assert tables == {"notes"} and mode == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db", "other-app.db"]


def test_an_existing_store_opens_without_create_while_a_writer_holds_it(tmp_path):
    path = tmp_path / "bc.db"
    with open_store(path) as writer:
        writer.add([_stored("a1")])
        with open_store(path, create=False) as reader:
            assert reader.has_articles(["a1"]) == {"a1"} and not reader.read_only
    with open_store(str(path), create=False) as again:
        assert again.counts()["articles"] == 1


def test_postgres_without_a_store_is_refused_and_a_missing_database_named(postgres_url):
    from sqlalchemy import create_engine, inspect

    from tests.store.conftest import _new_database

    url = _new_database(postgres_url)
    with pytest.raises(StoreError, match="no backchannel tables.*backchannel ingest"):
        open_store(url, create=False)
    engine = create_engine(url)
    assert inspect(engine).get_table_names() == []  # the refusal made nothing
    engine.dispose()
    with open_store(url) as store, store.engine.connect() as conn:
        assert current_version(conn) == schema.SCHEMA_VERSION
    with open_store(url, create=False) as store:
        assert store.counts()["articles"] == 0
    for create in (True, False):
        with pytest.raises(StoreError) as caught:
            open_store(f"{postgres_url}/no_such_db", create=create)
        assert 'database "no_such_db" does not exist' in str(caught.value)
        assert "\n" not in str(caught.value)
