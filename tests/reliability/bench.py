"""The bench corpus (or a slice of it) through ``backchannel ingest --workers 2``, and an
account of every article: stored, already stored, skipped, failed, or lost."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

from benchmarks._shared import ROOT, data_path
from tests.reliability.integrity import committed, failed_ids, integrity

BENCH = ("corpora", "bench", "reuters21578_bbc.jsonl")
#: An article the NLP stage once crashed on (``nlp/attribution/speakers.py``: IndexError on an
#: empty span).
CRASHER = "reuters21578-17744"


_COUNT = re.compile(r"(read|added|already stored|skipped|failed) ([\d,]+)")


def corpus_slice(
    folder: Path, first: int | None, *, also: tuple[str, ...] = (), name: str = "bench.jsonl"
) -> Path:
    """The first ``first`` articles of the bench corpus and those with the ids in ``also``
    (wherever they are), as a JSONL file ``name`` in ``folder``; None: the whole corpus."""
    source = data_path(*BENCH)
    if source is None:
        raise FileNotFoundError("../shared/data/corpora/bench is absent")
    if first is None:
        return source
    path = folder / name
    wanted = tuple(f'"id": "{i}"' for i in also)
    with source.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        out.writelines(islice(lines, first))
        out.writelines(line for line in lines if wanted and any(w in line for w in wanted))
    return path


def expected_articles(path: Path) -> tuple[int, set[str]]:
    """Lines in ``path`` and the ids ``prepare`` gives the articles among them, computed
    here, apart from the run under test."""
    from backchannel.errors import RejectedArticle
    from backchannel.ingest.prepare import prepare
    from backchannel.ingest.readers import RawItem, read

    lines, ids = 0, set()
    for item in read([path]):
        lines += 1
        if isinstance(item, RawItem):
            try:
                ids.add(prepare(item).id)
            except RejectedArticle:
                pass
    return lines, ids


def ingest_bench(
    path: Path, db: Path, label: str, *, workers: int = 2, timeout: float = 3600
) -> dict:
    """``backchannel ingest --workers N`` over ``path``, and what it read, stored, skipped,
    failed and lost (an article ``prepare`` accepts that is neither stored nor failed)."""
    lines, expected = expected_articles(path)
    command = [
        sys.executable,
        "-m",
        "backchannel.cli",
        "ingest",
        str(path),
        "--db",
        str(db),
        "--workers",
        str(workers),
    ]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        code, stderr = done.returncode, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, stderr = None, exc.stderr.decode("utf-8", "replace") if exc.stderr else ""
    seconds = time.perf_counter() - start
    summary = next((line for line in stderr.splitlines() if line.startswith("read ")), "")
    counts = {name: int(n.replace(",", "")) for name, n in _COUNT.findall(summary)}
    stored = set(committed(db))
    failed = failed_ids(db)
    problems, doubled = integrity(db) if db.exists() else ([f"no store at {db}"], 0)
    return {
        "label": label,
        "lines": lines,
        "read": counts.get("read", 0),
        "added": counts.get("added", 0),
        "unchanged": counts.get("already stored", 0),
        "skipped": counts.get("skipped", 0),
        "failed": counts.get("failed", 0),
        "stored": len(stored),
        "failed_ids": sorted(failed),
        "lost": len(expected - stored - failed),
        "duplicates": doubled,
        "problems": problems,
        "exit": code,
        "seconds": seconds,
        "stderr_tail": stderr[-2000:],
    }
