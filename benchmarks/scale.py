"""Scale: time per article and peak memory as the input grows, and what a second worker buys.

On the first articles of ``corpora/bench/reuters21578_bbc.jsonl`` it runs, as a user would,
``backchannel ingest SLICE --db NEW --workers W`` in a child process for each ``--sizes``
(default 1,000, 4,000 and 16,000 articles) and each ``--workers`` count (default 1 and 2),
and for each run prints and records:

- wall seconds, articles per second and milliseconds per article;
- peak memory of the whole process tree (the command and its worker processes), sampled
  every 0.2 s from ``/proc``: the proportional set size (PSS: a page the forked workers share
  with their parent counts once, split between them) and, beside it, the resident sets
  summed (which count a shared page once per process);
- the speed-up of each worker count over one worker at the same size, and each worker
  count's rate past start-up (between the smallest and the largest size).

Beside them, spaCy's own pipeline over the first ``--baseline`` article texts of the same
slice in this process, so that end to end with one worker reads as a ratio to spaCy's full
pipeline on the same machine in the same run (issue 19 asks ≥ 1.2×). ``--ray`` adds
``backchannel extract --out DIR`` at the smallest size, on this machine and through Ray
(``--engine ray``, a local Ray instance; needs the ray extra).

Figures go to stdout and, as JSON, to ``--out`` (default ``scale-results.json`` in the
current folder): the machine (cores, memory) is recorded with them.

    python -m benchmarks.scale --sizes 1000,4000,16000 --workers 1,2 [--ray]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

from benchmarks._shared import data_path

BENCH = ("corpora", "bench", "reuters21578_bbc.jsonl")
#: how often the process tree's memory is sampled, in seconds
SAMPLE = 0.2


@dataclass(frozen=True)
class Run:
    """One command over one slice: what it took."""

    command: str
    articles: int
    workers: int
    seconds: float
    peak_mb: float
    exit_code: int
    peak_rss_mb: float = 0.0

    @property
    def per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def ms_per_article(self) -> float:
        return 1000 * self.seconds / self.articles if self.articles else 0.0


def _slice(source: Path, size: int, folder: Path) -> Path:
    path = folder / f"bench-{size}.jsonl"
    with source.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        out.writelines(islice(lines, size))
    return path


def _children(pid: int) -> list[int]:
    """``pid`` and every process below it (from ``/proc/*/stat``)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(parents.get(current, ()))
    return tree


def _memory_mb(pids: list[int]) -> tuple[float, float]:
    """(PSS, RSS) of ``pids`` summed, in MB (PSS is RSS where the kernel keeps no rollup)."""
    pss = rss = 0
    for pid in pids:
        try:
            rss += _field(Path(f"/proc/{pid}/status"), "VmRSS:")
            rolled = Path(f"/proc/{pid}/smaps_rollup")
            pss += _field(rolled, "Pss:") if rolled.exists() else rss
        except OSError:
            continue
    return pss / 1024, rss / 1024


def _field(path: Path, name: str) -> int:
    """The kB figure of the line ``name`` in a ``/proc`` file (0 when there is none)."""
    for line in path.read_text().splitlines():
        if line.startswith(name):
            return int(line.split()[1])
    return 0


def measure(command: list[str], articles: int, workers: int) -> Run:
    """Run ``command`` to its end, sampling the memory of its process tree."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = peak_rss = 0.0
    while child.poll() is None:
        pss, rss = _memory_mb(_children(child.pid))
        peak, peak_rss = max(peak, pss), max(peak_rss, rss)
        time.sleep(SAMPLE)
    seconds = time.perf_counter() - start
    label = " ".join(Path(command[0]).name if i == 0 else part for i, part in enumerate(command))
    return Run(
        label,
        articles,
        workers,
        round(seconds, 2),
        round(peak, 1),
        child.returncode,
        round(peak_rss, 1),
    )


def _backchannel() -> str:
    return str(Path(sys.executable).with_name("backchannel"))


def ingest(source: Path, folder: Path, size: int, workers: int) -> Run:
    db = folder / f"store-{size}-{workers}.db"
    command = [_backchannel(), "ingest", str(source), "--db", str(db), "--workers", str(workers)]
    return measure(command, size, workers)


def extract(source: Path, folder: Path, size: int, engine: str) -> Run:
    """``backchannel extract --out`` on this machine (``local``) or through Ray (``ray``)."""
    out = folder / f"records-{size}-{engine}"
    command = [_backchannel(), "extract", str(source), "--engine", engine, "--out", str(out)]
    return measure(command, size, len(os.sched_getaffinity(0)))


def spacy_rate(source: Path, limit: int) -> float:
    """Articles per second of spaCy's own pipeline (no backchannel component) over the
    first ``limit`` texts of ``source``, in this process."""
    import spacy

    from backchannel.settings import Settings

    texts = []
    with source.open(encoding="utf-8") as lines:
        for line in islice(lines, limit):
            texts.append(json.loads(line).get("text") or "")
    nlp = spacy.load(Settings.load().model)
    list(nlp.pipe(texts[:20]))  # warm up
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    return len(texts) / (time.perf_counter() - start)


def marginal(runs: list[Run]) -> float | None:
    """Articles per second between the smallest and the largest run (start-up, model loading
    and the store's creation cancel out), or None with fewer than two sizes."""
    if len(runs) < 2 or runs[-1].seconds <= runs[0].seconds:
        return None
    return (runs[-1].articles - runs[0].articles) / (runs[-1].seconds - runs[0].seconds)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    parser.add_argument("--sizes", default="1000,4000,16000", help="articles per run")
    parser.add_argument("--workers", default="1,2", help="worker counts to time")
    parser.add_argument("--baseline", type=int, default=300, help="texts for spaCy's rate")
    parser.add_argument("--ray", action="store_true", help="time the Ray extract too")
    parser.add_argument("--out", default="scale-results.json", help="where the JSON goes")
    return parser.parse_args(argv)


def _machine() -> dict[str, object]:
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        ),
        "0",
    )
    return {"cores": len(os.sched_getaffinity(0)), "memory_gb": round(int(memory) / 2**20, 1)}


def _print(run: Run, one: Run | None) -> None:
    gain = f"  {run.per_s / one.per_s:.2f}x one worker" if one and one is not run else ""
    print(
        f"  {run.articles:>6,} articles  workers {run.workers}  {run.seconds:8.1f} s  "
        f"{run.per_s:6.1f}/s  {run.ms_per_article:6.1f} ms/article  peak {run.peak_mb:7.0f} MB"
        f" (RSS summed {run.peak_rss_mb:.0f})  exit {run.exit_code}{gain}"
    )


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    source = data_path(*BENCH)
    if source is None:
        print("shared data corpora/bench is absent; nothing to measure")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    counts = [int(w) for w in args.workers.split(",")]
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bc-scale-") as tmp:
        folder = Path(tmp)
        baseline = spacy_rate(_slice(source, max(sizes), folder), args.baseline)
        print(f"machine {_machine()}; spaCy's full pipeline alone: {baseline:.1f} articles/s")
        for size in sizes:
            sliced = _slice(source, size, folder)
            one = None
            for workers in counts:
                run = ingest(sliced, folder, size, workers)
                one = run if workers == 1 else one
                runs.append(run)
                _print(run, one)
        if args.ray:
            sliced, local = _slice(source, min(sizes), folder), None
            for engine in ("local", "ray"):
                run = extract(sliced, folder, min(sizes), engine)
                local = local or run
                runs.append(run)
                print(f"  extract --engine {engine}:", end="")
                _print(run, None)
            print(f"  ray over local extract: {run.per_s / local.per_s:.2f}x")
    singles = [r for r in runs if r.workers == 1 and "ingest" in r.command]
    if singles:
        print(f"end to end, one worker, over spaCy alone: {singles[-1].per_s / baseline:.2f}x")
    for workers in counts:
        rate = marginal([r for r in runs if r.workers == workers and "ingest" in r.command])
        if rate:
            print(
                f"  workers {workers}: {rate:.1f} articles/s past start-up "
                f"({rate / baseline:.2f}x spaCy alone)"
            )
    figures = {
        "machine": _machine(),
        "spacy_articles_per_s": round(baseline, 2),
        "runs": [{**asdict(r), "per_s": round(r.per_s, 2)} for r in runs],
    }
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
