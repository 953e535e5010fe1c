"""Runs the NLP stage over articles, in this process or in a pool of worker processes."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from spacy.language import Language

from backchannel.nlp.pipeline import DEFAULT_MODEL, analyse_many, load
from backchannel.records import Article, Record

__all__ = ["Coder", "codable"]

_worker_nlp = None  # one pipeline per worker process, set by _init_worker


def codable(article: Article) -> bool:
    """Whether the NLP stage should code this article (English, or language unknown)."""
    quality = article.quality
    return quality.language in (None, "en") and "non_english" not in quality.flags


def _init_worker(model: str, attribution: str) -> None:
    global _worker_nlp
    if attribution == "minilm":  # one thread per worker process: the pool is the parallelism
        import torch

        torch.set_num_threads(1)
    _worker_nlp = load(model, attribution=attribution)


def _code_chunk(articles: Sequence[Article]) -> list[Record]:
    return list(analyse_many(articles, _worker_nlp))


class Coder:
    """Codes batches of articles with one spaCy pipeline per process.

    ``workers=1`` runs in this process; more start a process pool (each worker loads the
    pipeline once); ``nlp`` reuses a pipeline already built with :func:`~backchannel.nlp.load`
    (in this process); ``attribution`` (the statement finder) is passed to ``load``. Articles
    that are not :func:`codable` come back as records with empty arrays, never sent through
    the parser. Use as a context manager to shut the pool down.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        workers: int = 1,
        nlp: Language | None = None,
        attribution: str = "rules",
    ) -> None:
        self.model = model if nlp is None else nlp.meta.get("name", model)
        self.workers = 1 if nlp is not None else max(1, workers)
        if nlp is None and self.workers == 1:
            nlp = load(model, attribution=attribution)
        self._nlp = nlp
        self._pool = (
            ProcessPoolExecutor(self.workers, initializer=_init_worker, initargs=(model, attribution))
            if self.workers > 1
            else None
        )

    def __enter__(self) -> "Coder":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def code(self, articles: Sequence[Article]) -> list[Record]:
        """One record per article, in order."""
        todo = [a for a in articles if codable(a)]
        done = {id(a): r for a, r in zip(todo, self._run(todo))}
        return [done.get(id(a)) or Record(article=a) for a in articles]

    def _run(self, articles: list[Article]) -> list[Record]:
        if not articles:
            return []
        if self._pool is None:
            return list(analyse_many(articles, self._nlp))
        size = max(1, -(-len(articles) // self.workers))
        chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
        return [r for chunk in self._pool.map(_code_chunk, chunks) for r in chunk]
