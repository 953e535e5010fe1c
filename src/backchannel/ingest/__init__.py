"""From sources to stored records: read → prepare → deduplicate → code → store.

:func:`extract` yields records (the ``extract`` command's JSONL); :func:`ingest` writes them
to a store in batches, one transaction each, skipping what is already there, so a rerun
after a crash continues where the last committed batch ended.

Every stage handles one article inside a guard (``backchannel.ingest.guard``): an article
that breaks a stage is recorded as a :class:`Failure` (in the report, in the store's
``failures`` table, as an ``{"id": …, "error": …}`` line from ``extract``) and the run goes
on. A rerun tries failed articles again and counts whether they failed again.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from backchannel import memory
from backchannel.errors import RejectedArticle, RowsRejected
from backchannel.ingest.coder import Coded, Coder, codable
from backchannel.ingest.dedupe import Deduplicator
from backchannel.ingest.guard import Failure, describe
from backchannel.ingest.prepare import prepare
from backchannel.ingest.readers import RawItem, Skipped, read
from backchannel.limits import Limits
from backchannel.records import Article, Record
from backchannel.store import Store, Stored

__all__ = [
    "IngestReport",
    "Coder",
    "Failure",
    "articles",
    "extract",
    "extract_lines",
    "ingest",
    "serialise",
]

Progress = Callable[[int], None]


@dataclass
class IngestReport:
    """What a run read, added, found already stored, skipped and failed (with reasons).

    ``notes`` say what was changed on the way in (a text cut at the size limit, a
    ``published`` value dropped); ``retried`` counts articles that had failed in an earlier
    run, of which ``recovered`` are stored now and ``failed_again`` failed once more.
    """

    read: int = 0
    added: int = 0
    unchanged: int = 0
    coded: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)
    retried: int = 0
    recovered: int = 0
    failed_again: int = 0

    def reasons(self) -> Counter:
        """How many items were skipped for each kind of reason (numbers and details dropped)."""
        return Counter(_kind(s.reason) for s in self.skipped)


def _kind(reason: str) -> str:
    """ "JSONL line 3: malformed JSON (Expecting ',')" → "JSONL line N: malformed JSON"."""
    return re.sub(r"\d+", "N", reason.split(" (")[0]).strip()


def articles(
    sources: Iterable[str | Path],
    report: IngestReport,
    *,
    keep_text: bool = False,
    limits: Limits | None = None,
) -> Iterator[Article]:
    """Read and prepare every article in ``sources``; items that are no article go to
    ``report.skipped``, items a reader or ``prepare`` broke on to ``report.failures``."""
    limits = limits if limits is not None else Limits.from_env()
    for item in read(sources, limits=limits):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        elif isinstance(item, Failure):
            report.read += 1
            report.failures.append(item)
        else:
            report.read += 1
            article = _prepare(item, report, keep_text=keep_text, limits=limits)
            if article is not None:
                yield article


def _prepare(
    item: RawItem, report: IngestReport, *, keep_text: bool, limits: Limits
) -> Article | None:
    def note(message: str) -> None:
        report.notes.append(Skipped(item.source, message))

    try:
        return prepare(item, keep_text=keep_text, limits=limits, note=note)
    except RejectedArticle as exc:
        report.skipped.append(Skipped(item.source, exc.reason))
    except Exception as exc:
        report.failures.append(
            Failure(item.source, "prepare", describe(exc), input_id=item.input_id)
        )
    return None


def extract(
    sources: Iterable[str | Path],
    *,
    coder: Coder,
    report: IngestReport | None = None,
    keep_text: bool = False,
    batch_size: int = 32,
    limits: Limits | None = None,
) -> Iterator[Record | Failure]:
    """Analyse every article in ``sources``; near-duplicates share a ``cluster`` id.

    Yields a record per article, and a :class:`Failure` for each input or article that a
    stage broke on, as soon as it is known.
    """
    options = dict(keep_text=keep_text, batch_size=batch_size, limits=limits)
    return _extracted(sources, coder, report, lambda item: item, **options)


def extract_lines(
    sources: Iterable[str | Path], *, coder: Coder, report: IngestReport | None = None, **options
) -> Iterator[str]:
    """:func:`extract` as JSONL lines (no newline): the ``extract`` command's output. A record
    that cannot be serialised becomes a failure line (stage ``serialise``). ``options`` are
    :func:`extract`'s (``keep_text``, ``batch_size``, ``limits``)."""
    options = dict(keep_text=False, batch_size=32, limits=None) | options
    return _extracted(sources, coder, report, serialise, **options)


def _extracted(
    sources,
    coder: Coder,
    report: IngestReport | None,
    finish: Callable,
    *,
    keep_text,
    batch_size,
    limits,
):
    report = report if report is not None else IngestReport()
    dedup = Deduplicator()
    batches = _read(sources, batch_size, keep_text=keep_text, limits=limits)
    clustered = ((counts, _clustered(batch, dedup)) for batch, counts in batches)
    told = 0
    for counts, coded in coder.code_stream(clustered):
        _merge(report, counts)
        done = list(_finished(coded, finish, report))
        failed, told = report.failures[told:], len(report.failures)
        memory.release()
        yield from done
        yield from map(finish, failed)


def _clustered(batch: list[Article], dedup: Deduplicator) -> list[Article]:
    """``batch`` with cluster ids. Every candidate was seen in this run, so its shingles are
    in ``dedup`` and no text need be kept for it."""
    return [
        dataclasses.replace(article, cluster=dedup.assign(article.id, article.text, _none)[0])
        for article in batch
    ]


def _none(ids: Iterable[str]) -> dict[str, str]:
    return {}


def _read(
    sources: Iterable[str | Path], size: int, *, keep_text: bool, limits: Limits | None
) -> Iterator[tuple[list[Article], IngestReport]]:
    """Batches of ``size`` prepared articles, each with what reading it added to a report
    (items read, skipped, failed and noted since the batch before), kept apart so that a
    batch read ahead of its turn is counted in its turn. The last batch is empty: it holds
    what was read after the last article."""
    staged = IngestReport()
    for batch in _batches(articles(sources, staged, keep_text=keep_text, limits=limits), size):
        yield batch, _taken(staged)
    yield [], _taken(staged)


def _taken(staged: IngestReport) -> IngestReport:
    """What ``staged`` holds, leaving it empty."""
    taken = dataclasses.replace(staged)
    staged.read, staged.unchanged, staged.skipped, staged.failures, staged.notes = 0, 0, [], [], []
    return taken


def _merge(report: IngestReport, counts: IngestReport) -> None:
    """Add to ``report`` what reading a batch (and finding what is stored) counted."""
    report.read += counts.read
    report.unchanged += counts.unchanged
    report.skipped += counts.skipped
    report.failures += counts.failures
    report.notes += counts.notes


def _finished(coded: list[Coded], finish: Callable, report: IngestReport) -> Iterator:
    """``finish`` of each record among ``coded``, counted; failures go to the report."""
    for item in coded:
        if isinstance(item, Failure):
            report.failures.append(item)
            continue
        try:
            yield finish(item)
        except Exception as exc:
            report.failures.append(Failure.of(item.article, "serialise", exc))
            continue
        report.coded += codable(item.article)
        report.events += len(item.events)


def serialise(item: Record | Failure) -> str:
    """One ``extract`` JSONL line (no newline) for a record or a failure."""
    return json.dumps(item.to_dict(), ensure_ascii=False)


def ingest(
    sources: Iterable[str | Path],
    store: Store,
    *,
    coder: Coder | None,
    report: IngestReport | None = None,
    keep_text: bool = False,
    batch_size: int = 64,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> IngestReport:
    """Ingest ``sources`` into ``store``; ``coder=None`` stores articles without NLP.

    Refuses a store it cannot write before reading anything. Raises
    :class:`~backchannel.errors.StoreError` only when the store itself fails (every batch
    already committed stays); one article's failure is recorded and the run goes on.
    """
    report = report if report is not None else IngestReport()
    store.check_writable()
    dedup = Deduplicator()
    for article_id, cluster, data in store.signatures():
        dedup.load(article_id, cluster, data)
    retry = _Retry(store.failure_keys())
    batches = _read(sources, batch_size, keep_text=keep_text, limits=limits)
    for batch, coded in _coded(coder, _new(batches, dedup, store)):
        _merge(report, batch.report)
        stored = _serialised(_code(batch.new, coded, coder, report), report)
        _store(store, stored, report, retry)
        memory.release()
        if progress and batch.size:
            progress(batch.size)
    from backchannel.claims import refresh

    if coder is not None:  # the workers' memory is given back before the claims are grouped
        coder.close()  # (a later batch starts the pool again)
    # claims grouped now, not on the first read after the run; also after a run that adds
    # nothing, which may follow one killed after its last article and before this
    refresh(store)
    return report


class _Retry:
    """Failures of earlier runs met again in this one: resolved once handled, counted."""

    def __init__(self, keys: set[str]) -> None:
        self.keys = keys
        self.written = 0  # how many of report.failures are in the store
        self.skipped = 0  # how many of report.skipped were looked at

    def handled(self, batch: Sequence[Stored], report: IngestReport) -> set[str]:
        """Keys of earlier failures that this batch stored, or that this run skipped."""
        skipped, self.skipped = report.skipped[self.skipped :], len(report.skipped)
        if not self.keys:
            return set()
        found = {k for s in batch for k in (s.article.id, s.article.source) if k in self.keys}
        return found | {s.source for s in skipped if s.source in self.keys}

    def count(self, resolved: set[str], failed: Sequence[Failure], report: IngestReport) -> None:
        again = {f.key for f in failed if f.key in self.keys or f.source in self.keys}
        report.recovered += len(resolved - again)
        report.failed_again += len(again)
        report.retried = report.recovered + report.failed_again
        self.keys -= resolved | again


def _store(store: Store, stored: list[Stored], report: IngestReport, retry: _Retry) -> None:
    """Write a batch with the failures found since the last one; a batch the store refuses
    is written article by article, so only the refused article fails."""
    resolved = retry.handled(stored, report)
    try:
        report.added += store.add(
            stored, failures=report.failures[retry.written :], resolved=resolved
        )
    except RowsRejected:
        for item in stored:
            try:
                report.added += store.add([item])
            except RowsRejected as exc:
                report.failures.append(Failure.of(item.article, "store", exc.args[0]))
        store.add([], failures=report.failures[retry.written :], resolved=resolved)
    retry.count(resolved, report.failures[retry.written :], report)
    retry.written = len(report.failures)


@dataclass(frozen=True)
class _Read:
    """A batch read for :func:`ingest`: what reading it counted, its articles not stored
    yet (with cluster ids and MinHash signatures), and how many articles it had."""

    report: IngestReport
    new: list[tuple[Article, bytes]]
    size: int


def _new(
    batches: Iterable[tuple[list[Article], IngestReport]], dedup: Deduplicator, store: Store
) -> Iterator[tuple[_Read, list[Article]]]:
    """Each batch, and its articles to code (those not stored yet)."""
    for batch, counts in batches:
        new = _cluster_new(batch, dedup, store, counts)
        yield _Read(counts, new, len(batch)), [article for article, _ in new]


def _coded(
    coder: Coder | None, batches: Iterable[tuple[_Read, list[Article]]]
) -> Iterator[tuple[_Read, list[Coded] | None]]:
    """Each batch with its records, coded a batch ahead when ``coder`` has a pool (None:
    no NLP)."""
    if coder is None:
        return ((batch, None) for batch, _ in batches)
    return coder.code_stream(batches)


def _cluster_new(batch: list[Article], dedup: Deduplicator, store: Store, report: IngestReport):
    new = []
    for article in batch:
        if article.id in dedup.clusters:
            report.unchanged += 1
            continue
        cluster, signature = dedup.assign(article.id, article.text, store.texts)
        new.append((dataclasses.replace(article, cluster=cluster), signature))
    return new


def _code(
    new: list[tuple[Article, bytes]],
    coded: list[Coded] | None,
    coder: Coder | None,
    report: IngestReport,
) -> list[Stored]:
    if coder is None or coded is None:
        return [Stored(article, None, sig) for article, sig in new]
    stored = []
    for (article, sig), record in zip(new, coded):
        if isinstance(record, Failure):
            report.failures.append(record)
            continue
        kept = record if codable(article) else None
        report.coded += kept is not None
        report.events += len(record.events)
        stored.append(Stored(article, kept, sig, coder.model))
    return stored


def _serialised(stored: list[Stored], report: IngestReport) -> list[Stored]:
    """Each record with its JSON line made; a record that cannot be serialised fails."""
    ready = []
    for item in stored:
        if item.record is None:
            ready.append(item)
            continue
        try:
            ready.append(dataclasses.replace(item, data=serialise(item.record)))
        except Exception as exc:
            report.failures.append(Failure.of(item.article, "serialise", exc))
    return ready


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
