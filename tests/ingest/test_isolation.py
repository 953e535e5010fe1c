"""One bad article never stops a run: it is recorded with its stage and error, the rest is
coded and stored, and a rerun tries it again.

The failing article is real: a pipeline component that breaks on one word ("KABOOM"),
sleeps past the time budget on another ("SLOWPOKE") or kills its worker process on a third
("SEGFAULT") sits in the real pipeline, the way a bug in a rule would.
"""

from __future__ import annotations

import json
import os
import time

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from backchannel.ingest import Coder, Failure, IngestReport, extract, extract_lines, ingest
from backchannel.limits import Limits
from backchannel.store import open_store

pytestmark = pytest.mark.model

GOOD = [
    "Russia and China signed a trade agreement in Beijing on Monday, officials said.",
    "The United States accused Iran of attacking a tanker in the Gulf, the Pentagon said.",
    "France sent humanitarian aid to Lebanon after the explosion, the ministry said.",
]


@Language.component("test_saboteur")
def _saboteur(doc):
    words = {t.text for t in doc}
    if "KABOOM" in words:
        raise ValueError("the saboteur broke on purpose")
    if "SLOWPOKE" in words:
        time.sleep(30)
    if "SEGFAULT" in words:
        os._exit(3)
    return doc


@pytest.fixture(scope="module")
def sabotaged(tmp_path_factory):
    """backchannel's pipeline with the saboteur after the parser, and saved to disk for
    worker processes to load by path."""
    from backchannel.nlp import load

    nlp = load()
    nlp.add_pipe("test_saboteur", after="parser")
    path = tmp_path_factory.mktemp("pipeline") / "sabotaged"
    nlp.to_disk(path)
    return nlp, path


def _jsonl(tmp_path, texts, name="in.jsonl"):
    path = tmp_path / name
    rows = [
        {"id": f"a{i}", "text": text, "published": "2024-03-04"} for i, text in enumerate(texts)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_extract_yields_a_failure_for_the_bad_article_and_codes_the_rest(sabotaged, tmp_path):
    nlp, _ = sabotaged
    source = _jsonl(tmp_path, [GOOD[0], f"KABOOM {GOOD[1]}", GOOD[2]])
    report = IngestReport()
    out = list(extract([source], coder=Coder(nlp=nlp), report=report))
    failures = [o for o in out if isinstance(o, Failure)]
    records = [o for o in out if not isinstance(o, Failure)]
    assert [r.article.input_id for r in records] == ["a0", "a2"]
    assert all(r.events for r in records)
    (failure,) = failures
    assert (failure.input_id, failure.stage, failure.source) == ("a1", "code", f"{source}:2")
    assert failure.error.startswith("ValueError: the saboteur broke on purpose")
    assert "\n" not in failure.error
    assert report.failures == [failure] and report.coded == 2


def test_extract_lines_write_an_id_and_error_line_for_the_failure(sabotaged, tmp_path):
    nlp, _ = sabotaged
    source = _jsonl(tmp_path, [f"KABOOM {GOOD[0]}", GOOD[1]])
    lines = [json.loads(line) for line in extract_lines([source], coder=Coder(nlp=nlp))]
    assert lines[0]["id"] == "a1" and lines[0]["schema"] == "backchannel/1"
    assert {k: lines[1][k] for k in ("source", "stage")} == {
        "source": f"{source}:1",
        "stage": "code",
    }
    assert lines[1]["id"] and lines[1]["error"].startswith("ValueError")


def test_ingest_stores_the_rest_records_the_failure_and_a_rerun_retries_it(sabotaged, tmp_path):
    nlp, _ = sabotaged
    source = _jsonl(tmp_path, [GOOD[0], f"KABOOM {GOOD[1]}", GOOD[2]])
    with open_store(tmp_path / "bc.db") as store:
        first = ingest([source], store, coder=Coder(nlp=nlp), batch_size=8)
        assert (first.added, len(first.failures), first.retried) == (2, 1, 0)
        (row,) = store.failures()
        assert (row["stage"], row["attempts"], row["input_id"]) == ("code", 1, "a1")
        assert row["key"] == first.failures[0].article_id

        again = ingest([source], store, coder=Coder(nlp=nlp), batch_size=8)
        assert (again.added, again.unchanged, again.retried, again.failed_again) == (0, 2, 1, 1)
        assert store.failures()[0]["attempts"] == 2

        from backchannel.nlp import load

        fixed = ingest([source], store, coder=Coder(nlp=load()), batch_size=8)
        assert (fixed.added, fixed.retried, fixed.recovered, fixed.failed_again) == (1, 1, 1, 0)
        assert store.failures() == [] and store.counts()["articles"] == 3


def test_an_article_past_its_time_budget_fails_alone(sabotaged, tmp_path):
    nlp, _ = sabotaged
    source = _jsonl(tmp_path, [GOOD[0], f"SLOWPOKE {GOOD[1]}", GOOD[2]])
    coder = Coder(nlp=nlp, limits=Limits(article_seconds=2))
    started = time.monotonic()
    out = list(extract([source], coder=coder))
    assert time.monotonic() - started < 20
    (failure,) = [o for o in out if isinstance(o, Failure)]
    assert failure.input_id == "a1" and "time budget of 2 s" in failure.error
    assert len(out) == 3


@pytest.mark.slow
def test_a_worker_process_that_dies_fails_only_its_article(sabotaged, tmp_path):
    _, path = sabotaged
    source = _jsonl(tmp_path, [GOOD[0], f"SEGFAULT {GOOD[1]}", GOOD[2], GOOD[0] + " Again."])
    with Coder(str(path), workers=2, pool_from=1) as coder:  # a pool even for four articles
        out = list(extract([source], coder=coder))
        assert coder.pooled
        (failure,) = [o for o in out if isinstance(o, Failure)]
        assert failure.input_id == "a1" and "worker process died" in failure.error
        assert sorted(o.article.input_id for o in out if not isinstance(o, Failure)) == [
            "a0",
            "a2",
            "a3",
        ]
        # the pool was restarted and still codes
        assert not isinstance(coder.code([out[0].article])[0], Failure)


def test_cli_exit_code_is_0_when_articles_fail_and_1_under_strict(sabotaged, tmp_path):
    from backchannel.cli import app

    _, path = sabotaged
    source = _jsonl(tmp_path, [GOOD[0], f"KABOOM {GOOD[1]}"])
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    done = runner.invoke(app, ["ingest", str(source), "--db", db, "--model", str(path)])
    assert done.exit_code == 0, done.output
    assert (
        "failed 1" in done.output
        and "[code]: ValueError: the saboteur broke on purpose" in done.output
    )
    strict = runner.invoke(
        app, ["ingest", str(source), "--db", db, "--model", str(path), "--strict"]
    )
    assert strict.exit_code == 1
    assert "retried 1 that failed before: 0 handled now, 1 failed again" in strict.output
    listed = runner.invoke(app, ["stats", "--db", db, "--json"])
    (failed,) = json.loads(listed.stdout)["failures"]
    assert (failed["source"], failed["stage"], failed["attempts"]) == (f"{source}:2", "code", 2)
    table = runner.invoke(app, ["stats", "--db", db])
    assert "failed (an ingest of the same sources retries them)" in table.stdout
