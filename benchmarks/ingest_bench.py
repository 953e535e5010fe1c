"""Ingest without NLP: throughput, idempotence, and recovery from a SIGKILL.

On the throughput corpus (``corpora/bench``, 23,802 articles; ``--limit`` for fewer) it:

1. ingests everything with ``--no-nlp`` into a fresh store and reports articles/s;
2. ingests the same input again and checks that nothing is added;
3. starts the same ingest into a second store, kills it with SIGKILL part-way, reruns it,
   and checks that the second store ends with exactly the articles (and clusters) of the
   uninterrupted run.

    python -m benchmarks.ingest_bench --limit 5000
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from benchmarks._shared import data_path

BENCH = ("corpora", "bench", "reuters21578_bbc.jsonl")


@dataclass(frozen=True)
class IngestResult:
    articles_in: int
    stored: int
    seconds: float
    second_run_added: int
    killed_after: int  # articles the killed run had committed
    resumed_identical: bool

    @property
    def per_s(self) -> float:
        return self.articles_in / self.seconds


def _input(limit: int | None, folder: Path) -> Path:
    source = data_path(*BENCH)
    if source is None:
        raise FileNotFoundError("../shared/data/corpora/bench is absent")
    if limit is None:
        return source
    path = folder / "bench.jsonl"
    with source.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        out.writelines(islice(lines, limit))
    return path


def _ingest_cmd(source: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "backchannel.cli",
        "ingest",
        str(source),
        "--db",
        str(db),
        "--no-nlp",
    ]


def _run(source: Path, db: Path) -> dict:
    done = subprocess.run(_ingest_cmd(source, db), capture_output=True, text=True, check=True)
    added = next(part for part in done.stderr.split(",") if "added" in part)
    return {"added": int(added.split()[-1]), "stderr": done.stderr}


def _articles(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT id, cluster FROM articles"))


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _kill_part_way(source: Path, db: Path, at_least: int) -> int:
    """Start an ingest, SIGKILL it once ``at_least`` articles are committed."""
    process = subprocess.Popen(
        _ingest_cmd(source, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while process.poll() is None and _count(db) < at_least:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return _count(db)


def run(limit: int | None = None) -> IngestResult:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = _input(limit, folder)
        articles_in = sum(1 for _ in source.open(encoding="utf-8"))
        whole, resumed = folder / "whole.db", folder / "resumed.db"
        start = time.perf_counter()
        _run(source, whole)
        seconds = time.perf_counter() - start
        again = _run(source, whole)["added"]
        killed_after = _kill_part_way(source, resumed, at_least=max(1, articles_in // 3))
        _run(source, resumed)
        identical = _articles(whole) == _articles(resumed)
        return IngestResult(
            articles_in, len(_articles(whole)), seconds, again, killed_after, identical
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    args = parser.parse_args(argv)
    result = run(args.limit)
    print(f"input articles       {result.articles_in}")
    print(f"stored               {result.stored}  (exact duplicates collapse to one id)")
    print(
        f"ingest, no NLP       {result.per_s:.1f} articles/s ({result.seconds:.1f} s, one process)"
    )
    print(f"second ingest added  {result.second_run_added}")
    print(
        f"killed after         {result.killed_after} committed articles; "
        f"rerun identical: {result.resumed_identical}"
    )


if __name__ == "__main__":
    main()
