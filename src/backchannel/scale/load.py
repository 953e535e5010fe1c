"""Parquet records into a store (SQLite or PostgreSQL), as ``ingest`` would have stored them.

:func:`load` reads the rows of ``extract --out`` (local or Ray) in input order and writes
them through the store's own write path (:meth:`Store.add`, one transaction a batch, the
store's one write lock), so a store loaded from Parquet holds what an ``ingest`` of the same
sources holds: articles already stored are skipped (a rerun adds nothing), near-duplicate
clusters are assigned against what the store holds already, articles the NLP stage did not
code are stored without a record, and failures go to the store's ``failures`` table (one
already recorded is left as it is, so a rerun writes nothing).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backchannel.errors import RowsRejected
from backchannel.ingest import IngestReport
from backchannel.ingest.coder import codable
from backchannel.ingest.dedupe import Deduplicator
from backchannel.ingest.guard import Failure, describe
from backchannel.records import Record
from backchannel.scale.parquet import failure_from_row, read_rows
from backchannel.store import Store, Stored

__all__ = ["load"]


@dataclasses.dataclass
class _Batch:
    """What the next transaction writes, and the failures of earlier runs not yet resolved."""

    earlier: set[str]
    stored: list[Stored] = dataclasses.field(default_factory=list)
    failures: list[Failure] = dataclasses.field(default_factory=list)


def load(
    folder: str | Path,
    store: Store,
    *,
    report: IngestReport | None = None,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Write the Parquet records under ``folder`` into ``store``; returns the report
    (``read`` rows, ``added``, ``unchanged``: already stored, ``coded``, ``events``,
    ``failures``: the failure rows, and a row that cannot be read back).

    Raises :class:`~backchannel.errors.InputError` for a folder with no backchannel
    Parquet records and :class:`~backchannel.errors.StoreError` when the store fails (every
    batch already committed stays).
    """
    report = report if report is not None else IngestReport()
    store.check_writable()
    dedup = Deduplicator()
    for article_id, cluster, data in store.signatures():
        dedup.load(article_id, cluster, data)
    batch = _Batch(store.failure_keys())
    for row in read_rows(folder):
        report.read += 1
        _take(row, batch, dedup, store, report)
        if len(batch.stored) >= batch_size:
            _write(store, batch, report)
        if progress:
            progress(1)
    _write(store, batch, report)
    return report


def _take(
    row: dict[str, Any], batch: _Batch, dedup: Deduplicator, store: Store, report: IngestReport
) -> None:
    """Add one row to the batch: a new article, an already stored one (counted), a failure."""
    try:
        if row["kind"] == "failure":
            _failed(failure_from_row(row), batch, report)
            return
        record = Record.from_dict(json.loads(row["data"]))
    except Exception as exc:
        _failed(Failure(row["source"], "store", _unreadable(exc), row["article_id"]), batch, report)
        return
    article = record.article
    if article.id in dedup.clusters:
        report.unchanged += 1
        return
    cluster, signature = dedup.assign(article.id, article.text, store.texts)
    data = row["data"]
    if cluster != article.cluster:  # the store holds an earlier copy than the run saw
        record = dataclasses.replace(record, article=dataclasses.replace(article, cluster=cluster))
        data = None
    kept = record if codable(record.article) else None
    report.coded += kept is not None
    report.events += len(record.events)
    batch.stored.append(
        Stored(record.article, kept, signature, row["model"], data if kept else None)
    )


def _unreadable(exc: Exception) -> str:
    return f"the Parquet row is no backchannel record: {describe(exc)}"


def _failed(failure: Failure, batch: _Batch, report: IngestReport) -> None:
    """A failure of the run: reported; written unless the store has it already."""
    report.failures.append(failure)
    if failure.key in batch.earlier or failure.source in batch.earlier:
        return
    batch.failures.append(failure)
    batch.earlier.add(failure.key)


def _write(store: Store, batch: _Batch, report: IngestReport) -> None:
    """One transaction: the batch's articles, its failures, the earlier failures it stores
    (resolved); a batch the store refuses goes in article by article."""
    keys = {k for s in batch.stored for k in (s.article.id, s.article.source)}
    resolved = keys & batch.earlier
    try:
        report.added += store.add(batch.stored, failures=batch.failures, resolved=resolved)
    except RowsRejected:
        for item in batch.stored:
            try:
                report.added += store.add([item])
            except RowsRejected as exc:
                failure = Failure.of(item.article, "store", exc.args[0])
                report.failures.append(failure)
                batch.failures.append(failure)
        store.add([], failures=batch.failures, resolved=resolved)
    report.recovered += len(resolved)
    report.retried = report.recovered + report.failed_again
    batch.earlier -= resolved
    batch.stored, batch.failures = [], []
