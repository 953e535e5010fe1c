"""Every reader, fed hostile files, yields items or reasons and never raises (issue 15).

``read_file`` is called bare (without the guard ``read`` puts around each file), so a reader
that breaks on an input is caught here as a crash, not recorded as a failure.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backchannel.limits import Limits
from tests.reliability.checks import READ_BOUND, observed, read_and_prepare
from tests.reliability.hostile import (
    BAD_DATES,
    CASES,
    DATES,
    EXAMPLES,
    LIMITS,
    STORY,
    SUFFIXES,
    encode,
    hostile_file,
    huge_line,
    unicode,
)

#: A reader stuck in a loop stops the run with every thread's stack (not SIGALRM: the
#: pipeline's own time budget uses it).
pytestmark = pytest.mark.timeout(900, method="thread")

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def _read(figures, name: str, data: bytes):
    """Write ``data`` to a file called ``name``, read and prepare it under :data:`LIMITS`."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with observed(figures, name, READ_BOUND):
            return read_and_prepare(path, LIMITS)


@FUZZ
@given(case=hostile_file())
def test_every_reader_reads_hostile_files(case, figures):
    suffix, data = case
    _read(figures, f"input{suffix}", data)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_named_hostile_input(case, figures):
    articles = _read(figures, f"{case.name}{case.suffix}", case.data)
    if case.stored:
        assert len(articles) == 1, f"the one article in {case.name} was not read"


@pytest.mark.parametrize("suffix", SUFFIXES, ids=lambda s: s or "no-suffix")
def test_an_empty_file_is_no_article(suffix, figures):
    assert _read(figures, f"empty{suffix}", b"") == []


# -- published dates ------------------------------------------------------------------------


def _with_published(shape: str, value: str) -> tuple[str, bytes]:
    """A file holding one article with ``value`` as its publication date (in a page or a
    feed, without the characters XML cannot hold: a NUL byte makes the file binary)."""
    if shape == "jsonl":
        return ".jsonl", json.dumps({"text": STORY, "published": value}).encode()
    value = encode(_XML_ILLEGAL.sub("", value), "utf-8").decode("utf-8", "replace")
    if shape == "rss":
        item = (
            f"<item><title>T</title><pubDate>{escape(value)}</pubDate>"
            f"<description>{STORY}</description></item>"
        )
        return (
            ".rss",
            f'<rss version="2.0"><channel><title>W</title>{item}</channel></rss>'.encode(),
        )
    if shape == "atom":
        entry = (
            f"<entry><title>T</title><id>urn:a</id><updated>{escape(value)}</updated>"
            f'<content type="text">{STORY}</content></entry>'
        )
        return ".atom", f'<feed xmlns="http://www.w3.org/2005/Atom">{entry}</feed>'.encode()
    meta = (
        f'<meta property="article:published_time" content="{escape(value, {chr(34): "&quot;"})}">'
    )
    return (
        ".html",
        f"<html><head>{meta}</head><body><article><p>{STORY}</p></article></body></html>".encode(),
    )


SHAPES = ("jsonl", "rss", "atom", "html")
#: What XML 1.0 cannot hold, even as a character reference.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@FUZZ
@given(value=st.one_of(st.sampled_from(DATES), unicode), shape=st.sampled_from(SHAPES))
def test_published_is_a_real_date_in_range_or_nothing(value, shape, figures):
    suffix, data = _with_published(shape, value)
    articles = _read(figures, f"dated{suffix}", data)
    assert len(articles) == 1, f"the article dated {value!r} was not read"


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("value", BAD_DATES, ids=repr)
def test_a_hostile_published_value_is_dropped(value, shape, figures):
    suffix, data = _with_published(shape, value)
    (article,) = _read(figures, f"dated{suffix}", data)
    assert article.published is None, f"{value!r} in {shape} was kept as {article.published!r}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-06-30", "2023-06-30"),
        ("2023-06", "2023-06"),
        ("Fri, 30 Jun 2023 10:00:00 +0000", "2023-06-30T10:00:00+00:00"),
        ("１９９９-０１-０１", "1999-01-01"),
    ],
)
def test_a_real_published_value_is_kept(value, expected, figures):
    (article,) = _read(figures, "dated.jsonl", _with_published("jsonl", value)[1])
    assert article.published == expected


# -- compression bombs ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt.gz", ".html.gz", ".jsonl.gz", ".gz"])
def test_a_gzip_bomb_is_skipped_without_expanding_in_memory(suffix, tmp_path, figures):
    """200 MB of text in a 1 MB file, read at the default limit of 50 MB: skipped with a
    reason, in bounded time, never held whole in memory."""
    limits = Limits()
    path = tmp_path / f"bomb{suffix}"
    chunk = huge_line(1 << 20)
    with gzip.open(path, "wb", compresslevel=1) as out:
        for _ in range(200):
            out.write(chunk)
    tracemalloc.start()
    try:
        with observed(figures, path.name, READ_BOUND):
            articles = read_and_prepare(path, limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert articles == []
    assert peak < 3 * limits.max_bytes, (
        f"reading took {peak / 1e6:.0f} MB at a limit of {limits.max_bytes / 1e6:.0f} MB"
    )
