"""Turn one raw item into an :class:`~backchannel.records.Article` ready for analysis.

HTML goes through main-text extraction (``backchannel.ingest.html``: title and, when the
input gives none, the publication date); the text is then trimmed of spam/comment tails and
boilerplate (``clean.trim``, skipped with ``keep_text`` so offsets index the input as
given) and assessed (``quality.assess``). The article id is a hash of the normalised text,
so the same story read twice, from anywhere, gets the same id.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from backchannel.errors import RejectedArticle
from backchannel.ingest import clean, quality
from backchannel.ingest.html import Extracted, extract
from backchannel.ingest.readers import RawItem
from backchannel.records import Article, Quality, short_hash

__all__ = ["prepare", "article_id", "normalise_date", "MIN_WORDS"]

#: Fewer words than this and an input is not an article we analyse.
MIN_WORDS = 5
#: Control characters (other than tab and newlines) in text that is really binary.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
#: A year, or a year and month, kept as given (ISO 8601 reduced precision).
_PARTIAL_DATE = re.compile(r"\d{4}(?:-\d{2})?")
#: What dateutil fills missing parts from: a date without a year is no date.
_NO_DATE = datetime(1, 1, 1)


def prepare(item: RawItem, *, keep_text: bool = False) -> Article:
    """Extract, clean and assess one item; raises :class:`RejectedArticle` when no article."""
    content = _content(item)
    text = content.text
    _check(item.source, text)
    flags: tuple[str, ...] = ()
    if not keep_text:
        text, flags = clean.trim(text)
        _check(item.source, text)
    assessed = quality.assess(text)
    return Article(
        id=article_id(text),
        text=text,
        source=item.source,
        input_id=item.input_id,
        url=item.url,
        outlet=content.outlet,
        title=content.title,
        published=normalise_date(content.published),
        quality=Quality(assessed.language, assessed.oov_rate, flags + assessed.flags),
    )


def _content(item: RawItem) -> Extracted:
    """The item's text, title, publication date and outlet, extracting from HTML when
    needed; what the input gave wins over what the page says."""
    if item.text is not None or item.html is None:
        return Extracted(item.text or "", item.title, item.published, item.outlet)
    page = extract(item.html, url=item.url)
    return Extracted(
        page.text,
        item.title or page.title,
        item.published or page.published,
        item.outlet or page.outlet,
    )


def _check(source: str, text: str) -> None:
    if not text.strip():
        raise RejectedArticle(source, "empty text (no main content found)")
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise RejectedArticle(source, "binary content, not text")
    words = len(text.split())
    if words < MIN_WORDS:
        raise RejectedArticle(source, f"too short for an article ({words} words)")


def article_id(text: str) -> str:
    """Content hash of the normalised text (NFKC, whitespace collapsed, case-folded)."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return short_hash(normal)


def normalise_date(value: str | None) -> str | None:
    """An ISO date (``2023-06-30``) or datetime (``2023-06-30T14:05:00+00:00``) from a
    date as inputs give it (ISO, RFC 822 as in feeds, ``June 30, 2023``); None if unparsable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if _PARTIAL_DATE.fullmatch(value):
        return value
    parsed = _parse_date(value)
    if parsed is None:
        return None
    if isinstance(parsed, datetime) and _has_time(value):
        return parsed.isoformat()
    return parsed.date().isoformat() if isinstance(parsed, datetime) else parsed.isoformat()


def _parse_date(value: str) -> date | datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    from dateutil import parser

    try:
        parsed = parser.parse(value, default=_NO_DATE)
    except (ValueError, OverflowError, parser.ParserError):
        return None
    return None if parsed.year == _NO_DATE.year else parsed


def _has_time(value: str) -> bool:
    """Whether the input gave a time of day (``10:30``), not only a date."""
    return re.search(r"\d{1,2}:\d{2}", value) is not None
