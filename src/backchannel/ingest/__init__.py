"""From sources to stored records: read → prepare → deduplicate → code → store.

:func:`extract` yields records (the ``extract`` command's JSONL); :func:`ingest` writes them
to a store in batches, one transaction each, skipping what is already there, so a rerun
after a crash continues where the last committed batch ended.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from backchannel.errors import RejectedArticle
from backchannel.ingest.coder import Coder, codable
from backchannel.ingest.dedupe import Deduplicator
from backchannel.ingest.prepare import prepare
from backchannel.ingest.readers import RawItem, Skipped, read
from backchannel.records import Article, Record
from backchannel.store import Store, Stored

__all__ = ["IngestReport", "Coder", "articles", "extract", "ingest"]

Progress = Callable[[int], None]


@dataclass
class IngestReport:
    """What a run read, added, found already stored, and skipped (with reasons)."""

    read: int = 0
    added: int = 0
    unchanged: int = 0
    coded: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def reasons(self) -> Counter:
        """How many items were skipped for each kind of reason (numbers and details dropped)."""
        return Counter(_kind(s.reason) for s in self.skipped)


def _kind(reason: str) -> str:
    """"JSONL line 3: malformed JSON (Expecting ',')" → "JSONL line N: malformed JSON"."""
    return re.sub(r"\d+", "N", reason.split(" (")[0]).strip()


def articles(
    sources: Iterable[str | Path], report: IngestReport, *, keep_text: bool = False
) -> Iterator[Article]:
    """Read and prepare every article in ``sources``; bad items go to ``report.skipped``."""
    for item in read(sources):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        report.read += 1
        article = _prepare(item, report, keep_text=keep_text)
        if article is not None:
            yield article


def _prepare(item: RawItem, report: IngestReport, *, keep_text: bool) -> Article | None:
    try:
        return prepare(item, keep_text=keep_text)
    except RejectedArticle as exc:
        report.skipped.append(Skipped(item.source, exc.reason))
        return None


def extract(
    sources: Iterable[str | Path],
    *,
    coder: Coder,
    report: IngestReport | None = None,
    keep_text: bool = False,
    batch_size: int = 32,
) -> Iterator[Record]:
    """Analyse every article in ``sources``; near-duplicates share a ``cluster`` id."""
    report = report if report is not None else IngestReport()
    dedup = Deduplicator()
    texts: dict[str, str] = {}
    for batch in _batches(articles(sources, report, keep_text=keep_text), batch_size):
        clustered = []
        for article in batch:
            cluster, _ = dedup.assign(article.id, article.text, lambda ids: {i: texts[i] for i in ids if i in texts})
            texts[article.id] = article.text
            clustered.append(dataclasses.replace(article, cluster=cluster))
        for record in coder.code(clustered):
            report.coded += codable(record.article)
            report.events += len(record.events)
            yield record


def ingest(
    sources: Iterable[str | Path],
    store: Store,
    *,
    coder: Coder | None,
    report: IngestReport | None = None,
    keep_text: bool = False,
    batch_size: int = 64,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``sources`` into ``store``; ``coder=None`` stores articles without NLP."""
    report = report if report is not None else IngestReport()
    dedup = Deduplicator()
    for article_id, cluster, data in store.signatures():
        dedup.load(article_id, cluster, data)
    for batch in _batches(articles(sources, report, keep_text=keep_text), batch_size):
        new = _cluster_new(batch, dedup, store, report)
        stored = _code(new, coder, report)
        report.added += store.add(stored)
        if progress:
            progress(len(batch))
    return report


def _cluster_new(batch: list[Article], dedup: Deduplicator, store: Store, report: IngestReport):
    new = []
    for article in batch:
        if article.id in dedup.clusters:
            report.unchanged += 1
            continue
        cluster, signature = dedup.assign(article.id, article.text, store.texts)
        new.append((dataclasses.replace(article, cluster=cluster), signature))
    return new


def _code(new: list[tuple[Article, bytes]], coder: Coder | None, report: IngestReport) -> list[Stored]:
    if coder is None:
        return [Stored(article, None, sig) for article, sig in new]
    records = coder.code([article for article, _ in new])
    stored = []
    for (article, sig), record in zip(new, records):
        coded = record if codable(article) else None
        report.coded += coded is not None
        report.events += len(record.events)
        stored.append(Stored(article, coded, sig, coder.model))
    return stored


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
