"""The limits that keep one hostile input from stopping or swamping a run.

News from the open web holds 8 MB texts, compression bombs, 20,000-word "sentences" and
``published`` dates in the year 1 or 3000. Each limit below turns such an input into a clear,
per-item answer (cut and flagged, skipped with a reason, or a recorded failure) instead of a
crash or a hang. Every limit has a package default, an environment variable, and a keyword::

    Limits()                                   # package defaults
    Limits.from_env()                          # defaults, then BACKCHANNEL_* variables
    Limits.from_env(article_seconds=10)        # … then keywords

=======================  ===============================  ==========================================
field                    environment variable             what happens beyond it
=======================  ===============================  ==========================================
``max_chars``            ``BACKCHANNEL_MAX_CHARS``        the text is cut at the last paragraph
                                                          break before it and flagged ``truncated``
``max_bytes``            ``BACKCHANNEL_MAX_BYTES``        a file, decompressed payload or JSONL line
                                                          over it is skipped with a reason
``max_sentence_tokens``  ``BACKCHANNEL_MAX_SENTENCE``     a run of tokens with no sentence end is
                                                          split before the parser sees it
``article_seconds``      ``BACKCHANNEL_ARTICLE_SECONDS``  the article is recorded as a failure
                                                          (stage ``code``) and the run goes on
``earliest_date``        ``BACKCHANNEL_EARLIEST_DATE``    a ``published`` date before it is ignored
``future_days``          ``BACKCHANNEL_FUTURE_DAYS``      a ``published`` date more than this many
                                                          days after today is ignored
``event_window``         ``BACKCHANNEL_EVENT_WINDOW``     a time expression dating an event outside
                                                          this window around the article's
                                                          publication (``before,after,future``:
                                                          ``30y,31d,1y``) falls back to the
                                                          publication date, flagged ``rejected``
=======================  ===============================  ==========================================

The event window reads "from 30 years before publication to 31 days after it, and to a year
after it for an event told in the future tense" ("will meet next month" is plausible, a
bond "due March 2002" in a 1987 report is not the date of its offering). Each part is a
whole number of days, months or years (``d``, ``m``, ``y``).
"""

from __future__ import annotations

import calendar
import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backchannel.errors import ConfigError

__all__ = ["Limits", "ENVIRONMENT"]

#: field → the environment variable that sets it.
ENVIRONMENT = {
    "max_chars": "BACKCHANNEL_MAX_CHARS",
    "max_bytes": "BACKCHANNEL_MAX_BYTES",
    "max_sentence_tokens": "BACKCHANNEL_MAX_SENTENCE",
    "article_seconds": "BACKCHANNEL_ARTICLE_SECONDS",
    "earliest_date": "BACKCHANNEL_EARLIEST_DATE",
    "future_days": "BACKCHANNEL_FUTURE_DAYS",
    "event_window": "BACKCHANNEL_EVENT_WINDOW",
}

#: one part of an event window: a whole number of days, months or years.
_SPAN = re.compile(r"\s*(\d{1,5})\s*([dmy])\s*")
_PER_YEAR = {"d": 365, "m": 12, "y": 1}


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one input, one article and one sentence (see the module docstring)."""

    #: characters of article text analysed; longer texts are cut at a paragraph break.
    max_chars: int = 200_000
    #: bytes of one file, decompressed payload or JSONL line.
    max_bytes: int = 50_000_000
    #: tokens the parser sees without a sentence end before one is forced.
    max_sentence_tokens: int = 250
    #: seconds of NLP one article may take (0 turns the budget off).
    article_seconds: float = 60.0
    #: the earliest ``published`` date taken as real (ISO 8601).
    earliest_date: str = "1800-01-01"
    #: how many days after today a ``published`` date may lie (clocks and time zones differ).
    future_days: int = 2
    #: where around the publication date a time expression may date an event:
    #: ``before,after,future`` (``future``: the limit after publication in the future tense).
    event_window: str = "30y,31d,1y"

    def __post_init__(self) -> None:
        for name in ("max_chars", "max_bytes", "max_sentence_tokens"):
            if getattr(self, name) < 1:
                raise ConfigError(f"limit {name} must be at least 1, not {getattr(self, name)}")
        if self.article_seconds < 0 or self.future_days < 0:
            raise ConfigError("limits article_seconds and future_days cannot be negative")
        try:
            date.fromisoformat(self.earliest_date)
        except ValueError:
            raise ConfigError(
                f"limit earliest_date must be an ISO date (YYYY-MM-DD), not {self.earliest_date!r}"
            ) from None
        self.window_spans()  # a ConfigError for a window that does not read

    def window_spans(self) -> tuple[tuple[int, str], tuple[int, str], tuple[int, str]]:
        """``event_window`` read as (number, unit) for before, after and future."""
        parts = [_SPAN.fullmatch(part) for part in self.event_window.lower().split(",")]
        if len(parts) != 3 or not all(parts):
            raise ConfigError(
                f"limit event_window ({ENVIRONMENT['event_window']}) must be three spans like "
                f"30y,31d,1y (before publication, "
                f"after it, after it in the future tense), not {self.event_window!r}"
            )
        before, after, future = ((int(m[1]), m[2]) for m in parts if m)
        return before, after, future

    def event_window_around(self, published: date, *, future: bool = False) -> tuple[date, date]:
        """The first and last day a time expression may date an event of an article published
        on ``published`` (the later end for an event told in the future tense)."""
        before, after, ahead = self.window_spans()
        return _shift(published, before, -1), _shift(published, ahead if future else after, 1)

    def window_years(self) -> tuple[int, int]:
        """The window in whole years before and after publication, rounded outwards, for
        queries that clamp stored dates (the future-tense end: the widest)."""
        before, _, ahead = self.window_spans()
        return _years(before), _years(ahead)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Limits:
        """Package defaults, then ``BACKCHANNEL_*`` variables, then ``overrides``."""
        environ = os.environ if environ is None else environ
        values = {}
        for field in dataclasses.fields(cls):
            raw = environ.get(ENVIRONMENT[field.name])
            if raw not in (None, ""):
                values[field.name] = _parse(field.name, ENVIRONMENT[field.name], raw, field.type)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def date_range(self, today: date | None = None) -> tuple[str, str]:
        """The first and last ``published`` day taken as real, as ISO dates."""
        last = (today or date.today()) + timedelta(days=self.future_days)
        return self.earliest_date, last.isoformat()


def _years(span: tuple[int, str]) -> int:
    """A (number, unit) span in whole years, rounded up."""
    n, unit = span
    return -(-n // _PER_YEAR[unit])


def _shift(day: date, span: tuple[int, str], sign: int) -> date:
    """``day`` moved by a (number, unit) span, forwards (``sign`` 1) or back (-1), within the
    calendar (a shift past year 1 or 9999 stops there)."""
    n, unit = span
    try:
        if unit == "d":
            return day + timedelta(days=sign * n)
        months = day.year * 12 + day.month - 1 + sign * n * (12 if unit == "y" else 1)
        year, month = divmod(months, 12)
        last = calendar.monthrange(year, month + 1)[1]
        return date(year, month + 1, min(day.day, last))
    except (ValueError, OverflowError, calendar.IllegalMonthError):
        return date.min if sign < 0 else date.max


def _parse(name: str, variable: str, raw: str, kind: str):
    converters = {"int": int, "float": float, "str": str}
    try:
        return converters[kind](raw.replace("_", "") if kind != "str" else raw)
    except ValueError:
        raise ConfigError(f"{variable}={raw!r}: {name} must be a number") from None
