"""Turn one raw item into an :class:`~backchannel.records.Article` ready for analysis.

HTML goes through main-text extraction (``backchannel.ingest.html``: title and, when the
input gives none, the publication date); the text is then trimmed of spam/comment tails and
boilerplate (``clean.trim``, skipped with ``keep_text`` so offsets index the input as
given), rejected when it is a sport or entertainment story (``quality.off_topic``), cut
at a paragraph break when it runs past ``Limits.max_chars`` (flag ``truncated``) and assessed
(``quality.assess``). Lone surrogates and NUL characters become U+FFFD. A ``published``
value that is not a date, or lies outside ``Limits.date_range()``, is dropped with a note. The
article id is a hash of the normalised text, so the same story read twice, from anywhere,
gets the same id.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime

from backchannel.errors import RejectedArticle
from backchannel.ingest import clean, quality
from backchannel.ingest.html import Extracted, extract
from backchannel.ingest.readers import RawItem, scrub
from backchannel.limits import Limits
from backchannel.records import Article, Quality, short_hash

__all__ = ["prepare", "article_id", "normalise_date", "read_published", "MIN_WORDS", "TRUNCATED"]

#: Flag of an article whose text was cut at ``Limits.max_chars``.
TRUNCATED = "truncated"

#: Fewer words than this and an input is not an article we analyse.
MIN_WORDS = 5
#: Control characters (other than tab and newlines) in text that is really binary.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
#: A word: one character of a script written without spaces (Chinese, Japanese, Korean,
#: Thai), or a run of letters and digits.
_WORD = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+")
_MONTH = re.compile(r"[0-9]{4}-([0-9]{2})")
#: A year written with four digits ("0001" in "Mon, 01 Jan 0001"), which dateutil reads as 2001.
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
#: A year, or a year and month, kept as given (ISO 8601 reduced precision).
_PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2})?")
#: What dateutil fills missing parts from: a date without a year is no date.
_NO_DATE = datetime(1, 1, 1)


Note = Callable[[str], None]


def prepare(
    item: RawItem,
    *,
    keep_text: bool = False,
    limits: Limits | None = None,
    note: Note | None = None,
    skip_off_topic: bool = True,
) -> Article:
    """Extract, clean and assess one item; raises :class:`RejectedArticle` when no article.

    ``note`` hears what was changed or dropped on the way (a text cut at the size limit, a
    ``published`` value that is no date), in words. ``skip_off_topic`` rejects a sport or
    entertainment story (:func:`quality.off_topic`); False prepares it like any other.
    """
    limits = limits if limits is not None else Limits.from_env()
    note = note or (lambda message: None)
    content = _content(item)
    text = scrub(content.text)
    _check(item.source, text)
    flags: tuple[str, ...] = ()
    if not keep_text:
        text, flags = clean.trim(text)
        _check(item.source, text)
    text, flags = _bounded(text, flags, limits.max_chars, note)
    topic = quality.off_topic(content.title, text) if skip_off_topic else None
    if topic is not None:  # sport, entertainment: no political event to code
        raise RejectedArticle(item.source, topic)
    assessed = quality.assess(text)
    published, problem = read_published(content.published, limits)
    if problem:
        note(problem)
    return Article(
        id=article_id(text),
        text=text,
        source=item.source,
        input_id=item.input_id,
        url=item.url,
        outlet=content.outlet and scrub(content.outlet),
        title=content.title and scrub(content.title),
        published=published,
        quality=Quality(assessed.language, assessed.oov_rate, flags + assessed.flags),
    )


def _bounded(
    text: str, flags: tuple[str, ...], limit: int, note: Note
) -> tuple[str, tuple[str, ...]]:
    """The text cut at the last paragraph (else line, else sentence) break before ``limit``."""
    if len(text) <= limit:
        return text, flags
    head = text[:limit]
    cut = max((head.rfind(mark) for mark in ("\n\n", "\n")), default=-1)
    if cut < limit // 2:
        cut = head.rfind(". ") + 1
    cut = cut if cut >= limit // 2 else limit
    note(
        f"text cut from {len(text):,} to {cut:,} characters (limit {limit:,}), flagged {TRUNCATED}"
    )
    return text[:cut].rstrip(), (*flags, TRUNCATED)


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
    words = len(_WORD.findall(text))
    if words == 0:
        tokens = len(text.split())
        raise RejectedArticle(source, f"no words, only punctuation or symbols ({tokens} tokens)")
    if words < MIN_WORDS:
        raise RejectedArticle(source, f"too short for an article ({words} words)")


def article_id(text: str) -> str:
    """Content hash of the normalised text (NFKC, whitespace collapsed, case-folded)."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return short_hash(normal)


def normalise_date(value: str | None, *, limits: Limits | None = None) -> str | None:
    """An ISO date (``2023-06-30``) or datetime (``2023-06-30T14:05:00+00:00``) from a
    date as inputs give it (ISO, RFC 822 as in feeds, ``June 30, 2023``); None if unparsable
    or outside ``limits.date_range()``."""
    return read_published(value, limits or Limits.from_env())[0]


def read_published(value: str | None, limits: Limits) -> tuple[str | None, str | None]:
    """The normalised date and, when a value was given but dropped, why (in words)."""
    if not value or not value.strip():
        return None, None
    value = value.strip()
    normal = _normal_date(unicodedata.normalize("NFKC", value))  # "１９９９" is 1999
    if normal is None:
        return None, f"published {value[:40]!r} is not a date; ignored"
    first, last = limits.date_range()
    day = normal[:10]
    if not first[: len(day)] <= day <= last[: len(day)]:
        return None, f"published {value[:40]!r} lies outside {first} … {last}; ignored"
    return normal, None


def _normal_date(value: str) -> str | None:
    if _PARTIAL_DATE.fullmatch(value):
        month = _MONTH.match(value)
        return value if month is None or 1 <= int(month.group(1)) <= 12 else None
    parsed = _parse_date(value)
    if parsed is None:
        return None
    if isinstance(parsed, datetime) and _has_time(value):
        return parsed.isoformat()
    return parsed.date().isoformat() if isinstance(parsed, datetime) else parsed.isoformat()


def _parse_date(value: str) -> date | datetime | None:
    if not value.isascii():  # "1٩99": dateutil reads any script's digits
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    from dateutil import parser

    try:
        parsed = parser.parse(value, default=_NO_DATE)
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        return None
    return None if parsed.year == _NO_DATE.year else _written_year(parsed, value)


def _written_year(parsed: datetime, value: str) -> datetime | None:
    """``parsed`` with the four-digit year ``value`` wrote, where dateutil read another."""
    years = {int(y) for y in _YEAR.findall(value)}
    if years and parsed.year not in years and len(years) == 1:
        try:
            return parsed.replace(year=years.pop())
        except ValueError:  # 29 February in a year without one
            return None
    return parsed


def _has_time(value: str) -> bool:
    """Whether the input gave a time of day (``10:30``), not only a date."""
    return re.search(r"\d{1,2}:\d{2}", value) is not None
