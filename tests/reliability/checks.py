"""What must hold for any input, checked and counted into the suite's :class:`Figures`.

- reading one file yields only :class:`RawItem` and :class:`Skipped`; ``prepare`` returns an
  :class:`Article` or raises :class:`RejectedArticle`; every reason is one line and names
  the input; every article can be stored (no lone surrogate, no NUL), keeps to the limits,
  and has no ``published`` date but a real one inside ``Limits.date_range()``;
- ingesting a folder never raises: a bad input is skipped or recorded as a failure (in the
  report and in the store), every good article is stored, and the counts add up.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from backchannel.errors import RejectedArticle
from backchannel.ingest import IngestReport, ingest
from backchannel.ingest.guard import STAGES, describe
from backchannel.ingest.prepare import prepare
from backchannel.ingest.readers import RawItem, Skipped, read, read_file
from backchannel.limits import Limits
from backchannel.records import Article
from backchannel.store import open_store
from tests.reliability.figures import Figures
from tests.reliability.integrity import integrity

#: Seconds reading and preparing one hostile file may take before it counts as a hang.
READ_BOUND = 10.0
#: Seconds ingesting one folder of hostile files (model loaded) may take.
INGEST_BOUND = 120.0

_ID = re.compile(r"[0-9a-f]{16}")
_ISO_DAY = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", re.ASCII)
_FEEDS = (".xml", ".rss", ".atom")


@contextmanager
def observed(figures: Figures, what: str, bound: float) -> Iterator[None]:
    """Count one input tried; an exception counts as a crash, an assertion as a broken
    property, a run past ``bound`` seconds as a hang (each fails the test)."""
    figures.inputs += 1
    start = time.perf_counter()
    try:
        yield
    except AssertionError as exc:
        figures.violations += 1
        figures.problem(f"{what}: {' '.join(str(exc).split())[:200]}")
        raise
    except Exception as exc:
        figures.crashes += 1
        figures.problem(f"crash on {what}: {describe(exc)}")
        raise
    seconds = time.perf_counter() - start
    if seconds > bound:
        figures.hangs += 1
        figures.problem(f"hang on {what}: {seconds:.1f} s (bound {bound:g} s)")
        raise AssertionError(f"{what} took {seconds:.1f} s, past its bound of {bound:g} s")


def read_and_prepare(path: Path, limits: Limits) -> list[Article]:
    """Read one file with its reader and prepare every item; check what comes out."""
    found = []
    for item in read_file(path, limits=limits):
        assert isinstance(item, (RawItem, Skipped)), (
            f"read_file yielded a {type(item).__name__}: {item}"
        )
        if isinstance(item, Skipped):
            check_reason(item.source, item.reason, path)
            continue
        try:
            article = prepare(item, limits=limits)
        except RejectedArticle as exc:
            assert exc.source == item.source, f"rejected as {exc.source!r}, read as {item.source!r}"
            check_reason(exc.source, exc.reason, path)
            continue
        check_article(article, limits)
        found.append(article)
    return found


def check_reason(source: str, reason: str, path: Path) -> None:
    """A reason is one line of words, and its source names the input (a feed entry may be
    named by its own link, as the readers document)."""
    assert reason.strip(), f"empty reason for {source!r}"
    assert len(reason.splitlines()) == 1, f"reason of more than one line: {reason!r}"
    assert len(source.splitlines()) <= 1, f"source of more than one line: {source!r}"
    named = source == str(path) or source.startswith((f"{path}:", f"{path}#"))
    feed = path.name.removesuffix(".gz").endswith(_FEEDS)
    assert named or feed, f"{source!r} does not name the input {path.name}"


def check_article(article: Article, limits: Limits) -> None:
    assert _ID.fullmatch(article.id), f"article id {article.id!r} is not a 16-digit hash"
    assert len(article.source.splitlines()) == 1, (
        f"source of more than one line: {article.source!r}"
    )
    assert article.text.strip(), "an article with no text"
    assert len(article.text) <= limits.max_chars, (
        f"text of {len(article.text):,} characters, limit {limits.max_chars:,}"
    )
    for name in ("text", "title", "outlet", "url", "input_id", "source"):
        value = getattr(article, name)
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise AssertionError(f"{name} cannot be stored: {exc}") from None
            assert "\x00" not in value, f"{name} holds a NUL character"
    problem = published_problem(article.published, limits)
    assert problem is None, problem


def published_problem(value: str | None, limits: Limits) -> str | None:
    """Why a ``published`` value is not a real ISO date inside the limits, or None."""
    if value is None:
        return None
    day = value[:10]
    if not _ISO_DAY.fullmatch(day) or (len(value) > 10 and value[10] != "T"):
        return f"published {value!r} is not an ISO date"
    try:
        if len(day) == 10:
            date.fromisoformat(day)
        if len(value) > 10:
            datetime.fromisoformat(value)
    except ValueError:
        return f"published {value!r} is no real date"
    if len(day) == 7 and not 1 <= int(day[5:]) <= 12:
        return f"published {value!r} has no month {day[5:]}"
    first, last = limits.date_range()
    if not first[: len(day)] <= day <= last[: len(day)]:
        return f"published {value!r} lies outside {first} … {last}"
    return None


def ingest_folder(
    folder: Path, db: Path, *, coder, limits: Limits, batch_size: int = 4
) -> IngestReport:
    """Ingest ``folder`` into a new store at ``db`` and check the store and the report."""
    with open_store(db) as store:
        report = ingest([folder], store, coder=coder, limits=limits, batch_size=batch_size)
        recorded = {(_field(f, "source"), _field(f, "stage")) for f in store.failures()}
    for failure in report.failures:
        assert failure.stage in STAGES, f"failure at an unknown stage: {failure}"
        assert len(failure.error.splitlines()) == 1, (
            f"failure of more than one line: {failure.error!r}"
        )
        assert (failure.source, failure.stage) in recorded, (
            f"failure reported but not recorded in the store: {failure}"
        )
    problems, doubled = integrity(db)
    assert not problems and not doubled, problems
    _check_counts(folder, report, limits)
    return report


def _check_counts(folder: Path, report: IngestReport, limits: Limits) -> None:
    """Every item read is added, already stored, rejected or failed, once."""
    skipped_reading = sum(isinstance(item, Skipped) for item in read([folder], limits=limits))
    rejected = len(report.skipped) - skipped_reading
    handled = report.added + report.unchanged + rejected + len(report.failures)
    assert report.read == handled, (
        f"read {report.read} but added {report.added} + already stored {report.unchanged} "
        f"+ rejected {rejected} + failed {len(report.failures)} = {handled}"
    )


def _field(failure, name: str):
    """A field of a stored failure, a :class:`Failure` or a row as a dict."""
    return failure[name] if isinstance(failure, dict) else getattr(failure, name)
