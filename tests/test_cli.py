"""The command line end to end, through the real pipeline and a real SQLite store."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from backchannel.samples import sample_dir


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backchannel.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    done = _cli("demo", "--db", str(db))
    assert done.returncode == 0, done.stderr
    return db, done


@pytest.mark.model
def test_demo_stores_coded_samples_and_links_the_syndicated_copy(demo_db):
    import sqlite3

    db, done = demo_db
    assert "added 8" in done.stderr
    with sqlite3.connect(db) as conn:
        clusters = dict(conn.execute("SELECT title, cluster FROM articles WHERE title IS NOT NULL"))
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        trimmed = conn.execute(
            "SELECT text FROM articles WHERE flags LIKE '%spam_tail_removed%'"
        ).fetchone()
    copies = [c for t, c in clusters.items() if "Wang Yi" in t]
    assert len(copies) == 2 and copies[0] == copies[1]
    assert events > 0
    assert (
        trimmed is not None and "viagra" not in trimmed[0].lower() and "admin in:" not in trimmed[0]
    )


@pytest.mark.model
def test_ingesting_the_samples_again_adds_nothing(demo_db):
    db, _ = demo_db
    with sample_dir() as folder:
        done = _cli("ingest", str(folder), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "added 0" in done.stderr and "already stored 8" in done.stderr


@pytest.mark.model
def test_extract_keep_text_offsets_index_the_input():
    text = "Russia denied the report on Monday, the foreign ministry said.\n\nLeave a comment"
    line = json.dumps({"id": "x1", "text": text, "published": "2024-01-05"})
    done = _cli("extract", "-", "--keep-text", stdin=line + "\n")
    assert done.returncode == 0, done.stderr
    (out,) = [json.loads(row) for row in done.stdout.splitlines()]
    assert out["schema"] == "backchannel/1" and out["id"] == "x1" and out["text"] == text
    for item in out["times"] + out["actors"]:
        assert text[item["start"] : item["end"]] == item["text"]
    for event in out["events"]:
        assert text[event["trigger"]["start"] : event["trigger"]["end"]] == event["trigger"]["text"]


def test_missing_source_is_a_clear_error_and_stores_nothing(tmp_path):
    db = tmp_path / "bc.db"
    done = _cli("ingest", str(tmp_path / "no-such-dir"), "--db", str(db), "--no-nlp")
    assert done.returncode == 2
    assert "no-such-dir" in done.stderr


def test_bad_items_are_skipped_with_reasons_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "broken.jsonl").write_text(
        '{"id": "a", "text": "ok"\n{"id": "b"}\n', encoding="utf-8"
    )
    (folder / "good.txt").write_text(
        "The foreign minister met his Turkish counterpart in Ankara on Monday. " * 3,
        encoding="utf-8",
    )
    db = tmp_path / "bc.db"
    done = _cli("ingest", str(folder), "--db", str(db), "--no-nlp")
    assert done.returncode == 0, done.stderr
    assert "added 1" in done.stderr
    assert "picture.html" in done.stderr and "broken.jsonl" in done.stderr


@pytest.mark.model
def test_query_commands_read_the_demo_store(demo_db):
    db, _ = demo_db
    listed = _cli("events", "--db", str(db), "--json", "--per-page", "500")
    assert listed.returncode == 0, listed.stderr
    page = json.loads(listed.stdout)
    assert page["total"] == len(page["events"]) > 0
    consult = _cli("events", "--db", str(db), "--json", "--type", "CONSULT")
    assert {e["type"] for e in json.loads(consult.stdout)["events"]} == {"CONSULT"}
    for command in ("actors", "dyads", "claims"):
        done = _cli(command, "--db", str(db), "--json")
        assert done.returncode == 0, (command, done.stderr)
        json.loads(done.stdout)


@pytest.mark.model
def test_export_and_brief_write_files(demo_db, tmp_path):
    import pandas as pd

    db, _ = demo_db
    done = _cli("export", str(tmp_path / "events.tsv"), "--db", str(db), "--format", "polecat")
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(tmp_path / "events.tsv", sep="\t", dtype=str, keep_default_na=False)
    assert list(frame.columns[:3]) == ["Event ID", "Event Date", "Event Type"] and len(frame) > 0
    assert (tmp_path / "events.tsv.provenance.jsonl").exists() or list(
        tmp_path.glob("*.provenance.jsonl")
    )
    done = _cli(
        "brief",
        "--db",
        str(db),
        "--since",
        "2024-01-01",
        "--until",
        "2024-12-31",
        "--out",
        str(tmp_path / "brief.md"),
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "brief.md").read_text().startswith("#")
    assert "<html" in (tmp_path / "brief.html").read_text().lower()


def test_bad_query_arguments_are_clear_errors(tmp_path):
    from backchannel.store import open_store

    open_store(tmp_path / "bc.db").close()
    done = _cli(
        "export", str(tmp_path / "x.tsv"), "--db", str(tmp_path / "bc.db"), "--format", "xlsx"
    )
    assert done.returncode == 2 and "xlsx" in done.stderr
    done = _cli("events", "--db", str(tmp_path / "bc.db"), "--dyad", "USA")
    assert done.returncode == 2 and "dyad" in done.stderr


@pytest.mark.model
def test_an_unknown_statement_finder_is_refused_by_name():
    line = json.dumps({"id": "x1", "text": "Officials said it rained."})
    done = _cli("extract", "-", "--attribution", "oracle", stdin=line + "\n")
    assert done.returncode == 2
    assert (
        "unknown statement finder 'oracle'" in done.stderr and "rules, crf, minilm" in done.stderr
    )
    assert done.stdout == ""


@pytest.mark.slow
@pytest.mark.model
def test_extract_with_the_minilm_finder():
    from backchannel.nlp.attribution.minilm import model

    if model() is None:
        pytest.skip("the embed extra is not installed")
    text = "The senator said that taxes would rise next year."
    line = json.dumps({"id": "x1", "text": text})
    done = _cli("extract", "-", "--keep-text", "--attribution", "minilm", stdin=line + "\n")
    assert done.returncode == 0, done.stderr
    (statement,) = json.loads(done.stdout)["statements"]
    assert statement["speaker"]["text"] == "The senator"
    assert statement["content"]["text"] == "that taxes would rise next year"


def test_skip_reasons_stay_on_one_line_when_stderr_is_not_a_terminal(tmp_path):
    folder = tmp_path / ("a-folder-with-a-long-name-" * 3)
    folder.mkdir()
    (folder / "empty-article-with-a-long-file-name.txt").write_text("   \n")
    done = _cli("ingest", str(folder), "--db", str(tmp_path / "bc.db"), "--no-nlp")
    assert done.returncode == 0, done.stderr
    empty = folder / "empty-article-with-a-long-file-name.txt"
    line = f"  {empty}: empty text (no main content found)"
    assert line in done.stderr.splitlines()


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.slow
def test_extract_with_the_petrarch_dictionaries(tmp_path):
    from benchmarks._shared import data_path

    folder = data_path("knowledge", "petrarch2")
    if folder is None:
        pytest.skip("../shared/data/knowledge/petrarch2 is absent")
    source = tmp_path / "talks.txt"
    source.write_text(
        "Syrian rebels attacked an army checkpoint near Aleppo on Sunday.", encoding="utf-8"
    )
    env_cache = ["--dictionaries", str(folder)]
    done = _cli("extract", str(source), *env_cache)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert any(a["country"] == "SYR" for a in record["actors"])


@pytest.mark.model
def test_a_missing_dictionary_folder_is_refused_by_name(tmp_path):
    missing = tmp_path / "no-such-folder"
    source = tmp_path / "a.txt"
    source.write_text("Text.", encoding="utf-8")
    done = _cli("extract", str(source), "--dictionaries", str(missing))
    assert done.returncode != 0
    assert "no-such-folder" in done.stderr and "does not exist" in done.stderr


@pytest.mark.model
@pytest.mark.slow
def test_workers_default_to_the_settings_and_so_to_the_cores(monkeypatch):
    import inspect

    from backchannel.cli import _coder
    from backchannel.cli import extract as extract_command
    from backchannel.cli import ingest as ingest_command
    from backchannel.settings import DEFAULT_MODEL

    for command in (ingest_command, extract_command):
        assert inspect.signature(command).parameters["workers"].default is None
    monkeypatch.delenv("BACKCHANNEL_WORKERS", raising=False)
    with _coder(DEFAULT_MODEL, None, "rules", None) as coder:
        assert coder.workers == len(os.sched_getaffinity(0)) and not coder.pooled
    monkeypatch.setenv("BACKCHANNEL_WORKERS", "3")
    with _coder(DEFAULT_MODEL, None, "rules", None) as coder:
        assert coder.workers == 3


# -- a mistyped --db, one sidecar per export file ------------------------------------------

READING = [
    ("stats",),
    ("events",),
    ("actors",),
    ("dyads",),
    ("claims",),
    ("export", "OUT/events.tsv"),
    ("brief", "--since", "2024-01-01", "--until", "2024-01-31"),
    ("serve", "--port", "1"),
]


@pytest.mark.parametrize("command", READING, ids=[c[0] for c in READING])
def test_a_reading_command_refuses_a_store_that_does_not_exist(tmp_path, command):
    typo = tmp_path / "tpyo.db"
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command]
    done = subprocess.run(
        [sys.executable, "-m", "backchannel.cli", *args, "--db", str(typo)],
        capture_output=True,
        text=True,
        timeout=120,  # serve would block here had it started
    )
    assert done.returncode == 2, done.stderr
    assert str(typo) in done.stderr and "backchannel ingest" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # no store, no export, no sidecar


def test_exports_of_one_store_in_two_formats_keep_two_sidecars(tmp_path):
    from tests.web.sample_store import build_store

    db = tmp_path / "bc.db"
    build_store(db).close()
    for name, format in (("events.csv", "csv"), ("events.parquet", "parquet")):
        done = _cli("export", str(tmp_path / name), "--db", str(db), "--format", format)
        assert done.returncode == 0, done.stderr
        assert f"{name}.provenance.jsonl" in done.stderr
    sidecars = sorted(p.name for p in tmp_path.glob("*.provenance.jsonl"))
    assert sidecars == ["events.csv.provenance.jsonl", "events.parquet.provenance.jsonl"]
    csv_ids, parquet_ids = (
        [json.loads(line)["id"] for line in (tmp_path / name).read_text().splitlines()]
        for name in sidecars
    )
    assert len(csv_ids) == 11 and csv_ids == parquet_ids
