"""Per-article isolation: what one article's failure looks like, and the time budget.

Every stage of a run (read, prepare, code, serialise, store) handles one article inside a
guard. An article that fails becomes a :class:`Failure` naming its input, its id, the stage
and the error in one line; the run goes on with the next article. Failures are reported in
the ingest summary, kept in the store's ``failures`` table and written as
``{"id": …, "error": …}`` lines by ``extract``, and a rerun tries the article again.
"""

from __future__ import annotations

import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from backchannel.vocab import FAILURE_STAGES, FailureStage

__all__ = ["STAGES", "Failure", "ArticleTimeout", "describe", "time_budget"]

#: The stages of a run, in order; a failure names the one it happened in.
STAGES = FAILURE_STAGES

_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Failure:
    """One input or article that a stage could not handle, and why (one line)."""

    source: str
    stage: FailureStage
    error: str
    article_id: str | None = None
    input_id: str | None = None

    @property
    def key(self) -> str:
        """What identifies the article across runs: its id, else the input it came from."""
        return self.article_id or self.source

    def to_dict(self) -> dict:
        """The ``extract`` line for a failed article."""
        return {
            "id": self.article_id or self.input_id or self.source,
            "source": self.source,
            "input_id": self.input_id,
            "stage": self.stage,
            "error": self.error,
        }

    @classmethod
    def of(cls, article, stage: FailureStage, error: BaseException | str) -> Failure:
        """The failure of an :class:`~backchannel.records.Article` at ``stage``."""
        text = error if isinstance(error, str) else describe(error)
        return cls(article.source, stage, text, article.id, article.input_id)


class ArticleTimeout(Exception):
    """An article ran past its time budget (``Limits.article_seconds``)."""


def describe(exc: BaseException) -> str:
    """The error in one line, with the backchannel line it came from when there is one:
    ``IndexError: list index out of range (nlp/attribution/speakers.py:308)``."""
    message = " ".join(str(exc).split())[:300]
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    where = _where(exc)
    return f"{text} ({where})" if where else text


def _where(exc: BaseException) -> str | None:
    """``nlp/attribution/speakers.py:308``: the innermost frame inside this package, if any."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_relative_to(_PACKAGE):
            return f"{path.relative_to(_PACKAGE).as_posix()}:{frame.lineno}"
    return None


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in this block after ``seconds`` (0: no budget).

    Uses ``SIGALRM``, so it holds only in the main thread of a process on POSIX (the
    command line and each worker of the coding pool); elsewhere the block runs unbounded.
    """
    if seconds <= 0 or not _alarms_usable():
        yield
        return

    def _expired(signum, frame):
        raise ArticleTimeout(f"ran past its time budget of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _alarms_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
