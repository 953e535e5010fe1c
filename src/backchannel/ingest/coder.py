"""Runs the NLP stage over articles, in this process or in a pool of worker processes."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from spacy.language import Language

from backchannel.ingest.guard import Failure, time_budget
from backchannel.limits import Limits
from backchannel.nlp.pipeline import analyse, analyse_many, load
from backchannel.records import Article, Record
from backchannel.settings import Settings

__all__ = ["Coder", "Coded", "codable", "code_guarded"]

#: What coding one article gives: its record, or the failure that stopped it.
Coded = Record | Failure

_worker_nlp = None  # one pipeline per worker process, set by _init_worker
_worker_seconds = 0.0


def codable(article: Article) -> bool:
    """Whether the NLP stage should code this article (English, or language unknown)."""
    quality = article.quality
    return quality.language in (None, "en") and "non_english" not in quality.flags


def _init_worker(model: str, attribution: str, limits: Limits, settings: Settings) -> None:
    global _worker_nlp, _worker_seconds
    if attribution == "minilm":  # one thread per worker process: the pool is the parallelism
        import torch

        torch.set_num_threads(1)
    _worker_nlp = load(model, attribution=attribution, limits=limits, settings=settings)
    _worker_seconds = limits.article_seconds


def _code_chunk(articles: Sequence[Article]) -> list[Coded]:
    return code_guarded(articles, _worker_nlp, _worker_seconds)


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


class Coder:
    """Codes batches of articles with one spaCy pipeline per process.

    ``workers=1`` runs in this process; more start a process pool (each worker loads the
    pipeline once); ``nlp`` reuses a pipeline already built with :func:`~backchannel.nlp.load`
    (in this process); ``attribution`` (the statement finder) and ``limits`` are passed to
    ``load``. What is left out comes from ``settings`` (default :meth:`Settings.load`).
    Articles that are not :func:`codable` come back as records with empty arrays,
    never sent through the parser. An article that fails, runs past
    ``limits.article_seconds`` or kills its worker process comes back as a
    :class:`~backchannel.ingest.guard.Failure`; the others are coded as usual. Use as a
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
    ) -> None:
        settings = settings if settings is not None else Settings.load()
        model, attribution = model or settings.model, attribution or settings.finder
        self.model = model if nlp is None else nlp.meta.get("name", model)
        workers = workers if workers is not None else settings.workers
        self.workers = 1 if nlp is not None else max(1, workers)
        self.limits = limits if limits is not None else settings.limits
        if nlp is None and self.workers == 1:
            nlp = load(model, attribution=attribution, limits=self.limits, settings=settings)
        self._nlp = nlp
        self._initargs = (model, attribution, self.limits, settings)
        self._pool = self._start_pool() if self.workers > 1 else None

    def _start_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, initializer=_init_worker, initargs=self._initargs)

    def __enter__(self) -> Coder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def code(self, articles: Sequence[Article]) -> list[Coded]:
        """One record (or :class:`~backchannel.ingest.guard.Failure`) per article, in order."""
        todo = [a for a in articles if codable(a)]
        done = {id(a): r for a, r in zip(todo, self._run(todo))}
        return [done.get(id(a)) or Record(article=a) for a in articles]

    def _run(self, articles: list[Article]) -> list[Coded]:
        if not articles:
            return []
        if self._pool is None:
            return code_guarded(articles, self._nlp, self.limits.article_seconds)
        size = max(1, -(-len(articles) // self.workers))
        chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
        try:
            return [r for chunk in self._pool.map(_code_chunk, chunks) for r in chunk]
        except BrokenProcessPool:
            self._restart()
            return [self._run_alone(article) for article in articles]

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
