"""Reliability: hostile inputs, SIGKILL at random points, the bench corpus with two workers.

The reliability suite of issue 15 at full size. ``make test`` runs it bounded
(``tests/reliability``); this script runs the same checks, bigger, and prints the same
figures, then the web app's load test (``benchmarks.load_test``):

- **inputs tried**: hostile files (random bytes, invalid UTF-8 and lone surrogates, NUL
  bytes, huge lines, deep nesting, gzip bombs, empty files, mixed scripts, hostile
  ``published`` values) read by every reader, prepared, and ingested through the pipeline;
- **crashes**: an exception out of a reader, ``prepare`` or ``ingest``, or a command that
  exits with an error (a failure the pipeline records for one article and goes on from is
  counted apart, as *failed*);
- **hangs**: an input or a run past its time bound;
- **articles lost**: an article that should be stored and is neither stored nor recorded
  as a failure (after a SIGKILL: one the killed run had committed, or one the rerun left out);
- **duplicates**: an article, event, statement, order number or input line stored twice;
- **SIGKILL trials**: kills at random points of an ingest; intact when, after the kill and
  after a rerun to completion, ``PRAGMA integrity_check`` is ok, nothing committed was lost,
  nothing is doubled, and the store holds what an uninterrupted run holds, row for row in
  every table (the records' JSON included);
- **bench**: ``backchannel ingest --workers 2`` over ``corpora/bench``: read, added, already
  stored, skipped, failed, lost.

::

    python -m benchmarks.reliability          # bounded: 150 inputs a property, 22 kills,
                                              # 1,000 bench articles (~7 min on 2 cores)
    python -m benchmarks.reliability --full   # 1,000 inputs a property, 40 kills (half
                                              # through the command line), all 23,802
                                              # bench articles (most of an hour on 2 cores)

The figures are also written as JSON (``--json``, default ``artifacts/reliability.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from benchmarks._shared import ROOT
from tests.reliability.bench import CRASHER, corpus_slice, ingest_bench
from tests.reliability.figures import FIGURES, Figures
from tests.reliability.kill import ForkServer, cli_launch, kill_trials


class _Collect:
    """A pytest plugin that hands the fuzz tests this run's :class:`Figures`."""

    def __init__(self, figures: Figures) -> None:
        self.figures = figures

    def pytest_configure(self, config) -> None:
        config.stash[FIGURES] = self.figures


def fuzz(figures: Figures, examples: int) -> int:
    """The hypothesis tests of ``tests/reliability`` with ``examples`` inputs a property."""
    os.environ["BACKCHANNEL_FUZZ_EXAMPLES"] = str(examples)
    files = ["tests/reliability/test_readers_fuzz.py", "tests/reliability/test_pipeline_fuzz.py"]
    return pytest.main(
        ["-q", "-p", "no:cacheprovider", *[str(ROOT / f) for f in files]],
        plugins=[_Collect(figures)],
    )


def run(*, full: bool, kills: int, examples: int, bench: int | None, out: Path | None) -> Figures:
    figures = Figures()
    start = time.perf_counter()
    if fuzz(figures, examples) not in (0, 5):
        figures.problem("the fuzz tests failed (see pytest's report above)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _kills(figures, folder, kills, full)
        slice_ = corpus_slice(folder, bench, also=(CRASHER,), name="slice.jsonl")
        label = "whole corpus" if bench is None else f"first {bench:,} + crasher"
        figures.add_bench(ingest_bench(slice_, folder / "bench.db", label, timeout=4 * 3600))
    web = _web(30 if full else 10)
    figures.web = {k: v for k, v in asdict(web).items() if k != "slowest"}
    seconds = time.perf_counter() - start
    print("\n".join([*figures.lines(), web.summary(), f"wall time {seconds:.0f} s"]))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(figures.to_dict() | {"seconds": seconds, "full": full}, indent=2) + "\n",
            encoding="utf-8",
        )
    return figures


def _web(seconds: float):
    """The web app's load test (``benchmarks.load_test``), 50 clients on the sample store."""
    from benchmarks.load_test import load_test, sample_db

    with sample_db() as db:
        return load_test(db, clients=50, seconds=seconds)


def _kills(figures: Figures, folder: Path, kills: int, full: bool) -> None:
    """Most kills land in runs of a :class:`ForkServer` (the model loaded once); a few
    (half with ``--full``) in ``python -m backchannel.cli ingest`` runs of their own."""
    source = corpus_slice(folder, 200 if full else 48, name="kill.jsonl")
    through_cli = kills // 2 if full else 2
    with ForkServer(4) as server:
        _, trials = kill_trials(
            server.launch, source, folder, kills=kills - through_cli, seed=random.randrange(1 << 30)
        )
    figures.add_trials(trials)
    _, trials = kill_trials(
        cli_launch(4), source, folder / "cli", kills=through_cli, seed=random.randrange(1 << 30)
    )
    figures.add_trials(trials)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--full",
        action="store_true",
        help="the whole bench corpus, 1,000 inputs a property, 40 kills",
    )
    parser.add_argument(
        "--kills", type=int, default=None, help="SIGKILL trials (default 22, 40 with --full)"
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=None,
        help="inputs a fuzz property (default 150, 1,000 with --full)",
    )
    parser.add_argument(
        "--bench",
        type=int,
        default=None,
        help="first N articles of the bench corpus (default 1,000; all with --full)",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "reliability.json")
    args = parser.parse_args(argv)
    kills = args.kills or (40 if args.full else 22)
    examples = args.examples or (1000 if args.full else 150)
    bench = args.bench or (None if args.full else 1000)
    figures = run(full=args.full, kills=kills, examples=examples, bench=bench, out=args.json)
    broken = (
        figures.crashes or figures.hangs or figures.lost or figures.duplicates or figures.violations
    )
    sys.exit(1 if broken or figures.intact < figures.trials or figures.web.get("errors") else 0)


if __name__ == "__main__":
    main()
