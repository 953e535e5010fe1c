"""Runs the NLP stage over articles, in this process or in a pool of worker processes."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TypeVar

from spacy.language import Language

from backchannel import memory
from backchannel.ingest.guard import Failure, time_budget
from backchannel.limits import Limits
from backchannel.nlp.pipeline import analyse, analyse_many, load
from backchannel.records import Article, Record
from backchannel.settings import Settings

__all__ = ["POOL_FROM", "Coder", "Coded", "codable", "code_guarded"]

#: What coding one article gives: its record, or the failure that stopped it.
Coded = Record | Failure
Tag = TypeVar("Tag")

#: Articles to code before a :class:`Coder` with ``workers > 1`` starts its pool; fewer are
#: coded in this process. At 30–60 ms an article, 32 take one to two seconds here, so a pool
#: could save under a second on them, while it costs a process per worker (each a copy of
#: this one, or where there is no fork a pipeline load of 3–5 s) and the pickling of every
#: article and record: a one-file ``ingest``, the demo's eight samples or a test's handful
#: gain nothing from it. A stream of batches (:meth:`Coder.code_stream`) starts it once it
#: has read this many, so ``extract`` (32 articles a batch) and ``ingest`` (64) start it with
#: their first or second batch.
POOL_FROM = 32
#: How often a worker looks whether the process that started it is still there.
_PARENT_POLL = 1.0
#: Linux starts workers as forks of this process, the pipeline already loaded (no worker
#: loads one: the pool starts in milliseconds); elsewhere each worker loads its own.
_FORK = multiprocessing.get_context("fork") if sys.platform == "linux" else None

_worker_nlp = None  # one pipeline per worker process, set by _init_worker
_worker_seconds = 0.0
_worker_error: Exception | None = None  # why the pipeline did not load, raised for each chunk


def codable(article: Article) -> bool:
    """Whether the NLP stage should code this article (English, or language unknown)."""
    quality = article.quality
    return quality.language in (None, "en") and "non_english" not in quality.flags


def _init_worker(parent: int, nlp: Language | None, loading: tuple) -> None:
    """Set up a worker: ``nlp`` is the parent's pipeline (forked), or None to load one with
    ``loading`` (model, attribution, limits, settings)."""
    global _worker_nlp, _worker_seconds, _worker_error
    threading.Thread(target=_exit_without, args=(parent,), daemon=True).start()
    model, attribution, limits, settings = loading
    _worker_seconds = limits.article_seconds
    try:
        if attribution == "minilm":  # one thread per worker: the pool is the parallelism
            import torch

            torch.set_num_threads(1)
        if nlp is None:
            nlp = load(model, attribution=attribution, limits=limits, settings=settings)
        _worker_nlp = nlp
    except Exception as exc:  # a pipeline that cannot load stops the run, as with workers=1
        _worker_error = exc


def _exit_without(parent: int) -> None:
    """End this worker once ``parent`` is gone (a SIGKILLed ingest): nothing else would,
    since a worker waits on a queue whose writing end it holds itself."""
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    os._exit(1)


def _code_chunk(articles: Sequence[Article]) -> list[Coded]:
    if _worker_error is not None:
        raise _worker_error
    coded = code_guarded(articles, _worker_nlp, _worker_seconds)
    memory.release()
    return coded


def code_guarded(articles: Sequence[Article], nlp: Language, seconds: float) -> list[Coded]:
    """Code ``articles`` as one batch; if the batch fails or runs past ``seconds``, code
    them one at a time, each with the full budget, so only a bad article fails."""
    try:
        with time_budget(seconds):
            return list(analyse_many(articles, nlp))
    except Exception:
        return [_code_one(article, nlp, seconds) for article in articles]


def _code_one(article: Article, nlp: Language, seconds: float) -> Coded:
    try:
        with time_budget(seconds):
            return analyse(article, nlp)
    except Exception as exc:
        return Failure.of(article, "code", exc)


@dataclass(frozen=True)
class _Job:
    """A chunk of a batch sent to the pool: its articles, their future and the number of
    the pool that has it (a pool broken since then is not restarted again)."""

    chunk: list[Article]
    future: Future
    pool: int


@dataclass(frozen=True)
class _Batch:
    """A batch on its way through the coder: its articles, those to code, and the worker
    jobs coding them (``jobs`` None: not sent, it is coded in this process when collected)."""

    articles: Sequence[Article]
    todo: list[Article]
    jobs: tuple[_Job, ...] | None = None

    @classmethod
    def of(cls, articles: Sequence[Article]) -> _Batch:
        return cls(articles, [a for a in articles if codable(a)])


class Coder:
    """Codes batches of articles with one spaCy pipeline per process.

    The pipeline is loaded in this process, which codes with it when ``workers=1``; more use
    a process pool, started when the articles to code reach ``pool_from`` (default
    :data:`POOL_FROM`; in :meth:`code_stream`, counted over the stream) and kept for every
    batch after that; fewer are coded in this process. On Linux the workers are forks of
    this process and code with its pipeline; elsewhere each loads its own with the same
    arguments. Either way the records are the same. ``nlp`` reuses a pipeline already built with
    :func:`~backchannel.nlp.load` (in this process); ``attribution`` (the statement finder)
    and ``limits`` are passed to ``load``. What is left out comes from ``settings`` (default
    :meth:`Settings.load`). Articles that are not :func:`codable` come back as records with
    empty arrays, never sent through the parser. An article that fails, runs past
    ``limits.article_seconds`` or kills its worker process comes back as a
    :class:`~backchannel.ingest.guard.Failure`; the others are coded as usual (an article
    coded in this process that kills it ends the run, as with ``workers=1``). Use as a
    context manager to shut the pool down.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        workers: int | None = None,
        nlp: Language | None = None,
        attribution: str | None = None,
        limits: Limits | None = None,
        settings: Settings | None = None,
        pool_from: int = POOL_FROM,
    ) -> None:
        settings = settings if settings is not None else Settings.load()
        model, attribution = model or settings.model, attribution or settings.finder
        self.model = model if nlp is None else nlp.meta.get("name", model)
        workers = workers if workers is not None else settings.workers
        self.workers = 1 if nlp is not None else max(1, workers)
        self.limits = limits if limits is not None else settings.limits
        self.pool_from = max(1, pool_from)
        self._loading = (model, attribution, self.limits, settings)
        # loaded here whatever the workers: a pipeline that cannot load fails now, before
        # the run; small batches are coded with it; forked workers start with it
        self._nlp = nlp if nlp is not None else self._load()
        self._pool: ProcessPoolExecutor | None = None
        self._pools = 0  # pools started so far: the number of the current one

    @property
    def pooled(self) -> bool:
        """Whether the worker processes are running (they start with the first big batch)."""
        return self._pool is not None

    def _load(self) -> Language:
        model, attribution, limits, settings = self._loading
        return load(model, attribution=attribution, limits=limits, settings=settings)

    def _start_pool(self) -> ProcessPoolExecutor:
        self._pools += 1
        nlp = self._nlp if _FORK is not None else None  # a fork shares it, a spawn cannot
        initargs = (os.getpid(), nlp, self._loading)
        return ProcessPoolExecutor(
            self.workers, mp_context=_FORK, initializer=_init_worker, initargs=initargs
        )

    def __enter__(self) -> Coder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Shut the pool down (work still queued in it is dropped)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def code(self, articles: Sequence[Article]) -> list[Coded]:
        """One record (or :class:`~backchannel.ingest.guard.Failure`) per article, in order."""
        batch = _Batch.of(articles)
        return self._collect(self._send(batch, len(batch.todo)))

    def code_stream(
        self, batches: Iterable[tuple[Tag, Sequence[Article]]]
    ) -> Iterator[tuple[Tag, list[Coded]]]:
        """:meth:`code` of each ``(tag, articles)`` pair, as ``(tag, records)`` in order.

        With a pool, the next pair is taken and its articles sent to the workers before a
        batch's records are handed over, so they code it while the caller stores these: at
        most two batches are in flight. ``workers=1`` codes each batch when its turn comes.
        """
        if self.workers == 1:
            yield from ((tag, self.code(articles)) for tag, articles in batches)
            return
        held: tuple[Tag, _Batch] | None = None
        seen = 0  # articles to code read so far
        for tag, articles in batches:
            ahead = _Batch.of(articles)
            seen += len(ahead.todo)
            if held is not None:  # sent first, so the workers take the batches in order
                held = (held[0], self._send(held[1], seen))
            ahead = self._send(ahead, seen)
            if held is not None:
                yield held[0], self._collect(held[1])
            held = (tag, ahead)
        if held is not None:
            yield held[0], self._collect(held[1])

    def _send(self, batch: _Batch, waiting: int) -> _Batch:
        """``batch`` with its articles sent to the pool, if it runs or ``waiting`` (articles
        to code) reaches ``pool_from``; one chunk per worker."""
        if batch.jobs is not None or not batch.todo or self.workers == 1:
            return batch
        if self._pool is None and waiting < self.pool_from:
            return batch
        if self._pool is None:
            self._pool = self._start_pool()
        size = max(1, -(-len(batch.todo) // self.workers))
        chunks = [batch.todo[i : i + size] for i in range(0, len(batch.todo), size)]
        return dataclasses.replace(batch, jobs=tuple(map(self._submit, chunks)))

    def _submit(self, chunk: list[Article]) -> _Job:
        try:
            return _Job(chunk, self._pool.submit(_code_chunk, chunk), self._pools)
        except BrokenProcessPool:  # a worker died in a batch not collected yet
            self._restart()
            return _Job(chunk, self._pool.submit(_code_chunk, chunk), self._pools)

    def _collect(self, batch: _Batch) -> list[Coded]:
        """The records of a batch, waiting for its jobs (or coding it here if never sent)."""
        if batch.jobs is None:
            coded = self._code_here(batch.todo)
        else:
            coded = [record for job in batch.jobs for record in self._result(job)]
        done = {id(a): r for a, r in zip(batch.todo, coded)}
        return [done.get(id(a)) or Record(article=a) for a in batch.articles]

    def _code_here(self, articles: list[Article]) -> list[Coded]:
        if not articles:
            return []
        return code_guarded(articles, self._nlp, self.limits.article_seconds)

    def _result(self, job: _Job) -> list[Coded]:
        """A chunk's records; if its pool broke (a worker died in it, or in a chunk beside
        it), the pool is restarted once and each of its articles coded alone."""
        try:
            return job.future.result()
        except (BrokenProcessPool, CancelledError):
            if job.pool == self._pools:
                self._restart()
            return [self._run_alone(article) for article in job.chunk]

    def _run_alone(self, article: Article) -> Coded:
        """One article in a worker of its own, after a worker died in its batch."""
        try:
            return self._pool.submit(_code_chunk, [article]).result()[0]
        except BrokenProcessPool:
            self._restart()
            return Failure.of(article, "code", "worker process died (killed or crashed) coding it")

    def _restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start_pool()
