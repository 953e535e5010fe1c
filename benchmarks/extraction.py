"""Main-text extraction on the article-extraction-benchmark dev pages (``data/ingest/aeb-dev``).

Scored the way that benchmark scores: per page, the multisets of word 4-grams (words are
runs of word characters) of the true body and of the extracted text give true positives,
false positives and false negatives, normalised to sum to one per page; precision and recall
are averaged over pages (pages with nothing predicted or nothing true drop out of the
respective mean) and F1 is taken of the two means.

The extraction scored is :func:`backchannel.ingest.html.extract`, the one ``prepare`` uses.

    .venv/bin/python -m benchmarks.extraction            # all pages, default settings
    .venv/bin/python -m benchmarks.extraction --compare  # also the other trafilatura settings
    .venv/bin/python -m benchmarks.extraction --throughput  # read+prepare on the bench corpus

``--throughput`` times reading and preparing (extraction, trimming, quality signals) every
article of ``corpora/bench/reuters21578_bbc.jsonl`` on one core.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from backchannel.errors import RejectedArticle
from backchannel.ingest.html import DEFAULT_OPTIONS, ExtractOptions, extract
from backchannel.ingest.prepare import prepare
from backchannel.ingest.readers import RawItem, read
from benchmarks._shared import data_path

__all__ = [
    "Scores",
    "Page",
    "Throughput",
    "pages",
    "page_counts",
    "score",
    "run",
    "throughput",
    "main",
]

_WORD = re.compile(r"\w+")
NGRAM = 4

#: Settings compared with ``--compare`` (the default is what ``prepare`` uses).
CANDIDATES = {
    "default": DEFAULT_OPTIONS,
    "trafilatura_defaults": ExtractOptions(favor_precision=False),
    "recall": ExtractOptions(favor_precision=False, favor_recall=True),
    "precision_no_tables": ExtractOptions(include_tables=False),
    "precision_no_fallbacks": ExtractOptions(fallbacks=False),
}


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark page: its id, HTML, URL and true article body."""

    id: str
    html: str
    url: str | None
    body: str


@dataclass(frozen=True, slots=True)
class Scores:
    """Macro-averaged precision and recall over pages, F1 of the two, and the page count."""

    precision: float
    recall: float
    f1: float
    pages: int

    def __str__(self) -> str:
        return f"P={self.precision:.4f} R={self.recall:.4f} F1={self.f1:.4f} (pages={self.pages})"


def pages(folder: Path | None = None, *, limit: int | None = None) -> Iterator[Page]:
    """The benchmark pages in id order (the first ``limit`` of them when given)."""
    folder = folder or data_path("ingest", "aeb-dev")
    if folder is None:
        return
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth)[:limit]:
        raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        entry = truth[page_id]
        yield Page(page_id, raw.decode("utf-8", "replace"), entry.get("url"), entry["articleBody"])


def _ngrams(text: str) -> Counter:
    words = _WORD.findall(text or "")
    if len(words) < NGRAM:
        return Counter([tuple(words)] if words else [])
    return Counter(tuple(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1))


def page_counts(true: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of word 4-grams for one page, normalised to sum to one."""
    gold, guess = _ngrams(true), _ngrams(predicted)
    tp = sum((gold & guess).values())
    fp = sum((guess - gold).values())
    fn = sum((gold - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _ratio(hit: float, miss: float, other_miss: float) -> float:
    if miss == other_miss == 0:
        return 1.0
    return hit / (hit + miss) if hit + miss else 0.0


def score(counts: Iterable[tuple[float, float, float]]) -> Scores:
    """Benchmark scores from per-page (tp, fp, fn)."""
    counts = list(counts)
    precision = statistics.mean(_ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0)
    recall = statistics.mean(_ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(counts))


def run(
    options: ExtractOptions = DEFAULT_OPTIONS,
    *,
    limit: int | None = None,
    folder: Path | None = None,
) -> Scores | None:
    """Score :func:`extract` on the dev pages; None when the data is absent."""
    counts = [
        page_counts(page.body, extract(page.html, url=page.url, options=options).text)
        for page in pages(folder, limit=limit)
    ]
    return score(counts) if counts else None


@dataclass(frozen=True, slots=True)
class Throughput:
    """Articles read and prepared (and rejected) per second of wall time on one core."""

    prepared: int
    rejected: int
    seconds: float

    def __str__(self) -> str:
        rate = self.prepared / self.seconds if self.seconds else 0.0
        return (
            f"{self.prepared} prepared, {self.rejected} rejected in {self.seconds:.1f}s: "
            f"{rate:.0f} articles/s"
        )


def throughput(path: Path | None = None) -> Throughput | None:
    """Time read+prepare over the bench corpus (None when it is absent)."""
    path = path or data_path("corpora", "bench", "reuters21578_bbc.jsonl")
    if path is None:
        return None
    prepare(RawItem(source="warm-up", text="The minister said the talks would resume on Monday."))
    prepared = rejected = 0
    start = time.perf_counter()
    for item in read([path]):
        try:
            prepared += isinstance(item, RawItem) and bool(prepare(item))
        except RejectedArticle:
            rejected += 1
    return Throughput(prepared, rejected, time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--throughput" in argv:
        print(f"read+prepare: {throughput() or 'bench corpus absent'}")
    settings = CANDIDATES if "--compare" in argv else {"default": DEFAULT_OPTIONS}
    for name, options in settings.items():
        result = run(options)
        if result is None:
            print("data/ingest/aeb-dev is absent")
            return 1
        print(f"extraction [{name}] {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
