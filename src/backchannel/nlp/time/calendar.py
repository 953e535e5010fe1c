"""Calendar arithmetic for TIMEX3 values: shifting an anchor date and writing it at a grain.

A time expression's value is written at the grain it names: a day ("2023-06-24"), an ISO
week ("2020-W32"), a month ("2023-05"), a quarter ("1989-Q3"), a year, a decade ("199") or
a century ("19"). The anchor is the article's publication date.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from backchannel.vocab import Tense

__all__ = [
    "Tense",
    "parse_date",
    "in_calendar",
    "shift",
    "at_grain",
    "day",
    "week",
    "quarter_of",
    "nearest_year",
    "weekday_near",
    "nth_weekday",
    "SEASON_MONTHS",
]


#: how far past the anchor a past-tense date may lie (the tense read from the parse is
#: often wrong for scheduled events: "the offer expires Nov. 17").
SLACK_MONTHS = 2.5

#: the first month of each season, as TIMEX3 writes seasons (winter starts in December).
SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def parse_date(text: str | None) -> dt.date | None:
    """The date an ISO date or datetime string starts with, or None."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


#: a value dated before year 1 or after year 9999 ("0000-11", "10000", a decade "-18").
_OUTSIDE = re.compile(r"^(?:-|0000|\d{5})")


def in_calendar(value: str) -> bool:
    """Whether a TIMEX3 value lies in the years a calendar date can hold (1 to 9999);
    values without a year ("P2D", "XXXX-07", "PRESENT_REF") always do."""
    return _OUTSIDE.match(value) is None


def shift(anchor: dt.date, unit: str, amount: int) -> dt.date:
    """``anchor`` moved by ``amount`` calendar units (D, W, WE, M, Q, Y, DE, CE; T units: days)."""
    steps = {
        "D": relativedelta(days=amount),
        "W": relativedelta(weeks=amount),
        "WE": relativedelta(weeks=amount),
        "F": relativedelta(weeks=2 * amount),
        "M": relativedelta(months=amount),
        "Q": relativedelta(months=3 * amount),
        "Y": relativedelta(years=amount),
        "DE": relativedelta(years=10 * amount),
        "CE": relativedelta(years=100 * amount),
    }
    return anchor + steps.get(unit, relativedelta(days=0))


def day(date: dt.date) -> str:
    return date.isoformat()


def week(date: dt.date) -> str:
    year, number, _ = date.isocalendar()
    return f"{year:04d}-W{number:02d}"


def quarter_of(date: dt.date) -> str:
    return f"{date.year:04d}-Q{(date.month - 1) // 3 + 1}"


def at_grain(date: dt.date, unit: str) -> str:
    """``date`` written at the grain of ``unit`` (a TIMEX3 duration letter)."""
    writers = {
        "W": week,
        "WE": lambda d: week(d) + "-WE",
        "F": week,
        "M": lambda d: f"{d.year:04d}-{d.month:02d}",
        "Q": quarter_of,
        "Y": lambda d: f"{d.year:04d}",
        "DE": lambda d: f"{d.year:04d}"[:3],
        "CE": lambda d: f"{d.year:04d}"[:2],
    }
    return writers.get(unit, day)(date)


def _month_distance(year: int, month: int, anchor: dt.date) -> int:
    return (year - anchor.year) * 12 + month - anchor.month


def nearest_year(
    month: int, dom: int | None, anchor: dt.date, tense: Tense, weekday: int | None = None
) -> int:
    """The year a month (and day) without one most likely means, seen from ``anchor``.

    A weekday written with the date ("Monday, Oct. 26") settles it when one nearby year
    fits. Otherwise past tense picks the latest such date no more than a few months after
    the anchor, future the earliest no more than a few months before it, anything else
    the closest one (ties go to the past).
    """
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    if weekday is not None and dom is not None:
        fitting = [y for y in years if _weekday_of(y, month, dom) == weekday]
        if len(fitting) == 1:
            return fitting[0]

    def offset(year: int) -> float:
        months = _month_distance(year, month, anchor)
        return float(months) if dom is None else months + (dom - anchor.day) / 31

    if tense == "past":
        return max((y for y in years if offset(y) <= SLACK_MONTHS), default=anchor.year)
    if tense == "future":
        return min((y for y in years if offset(y) >= -SLACK_MONTHS), default=anchor.year)
    return min(years, key=lambda y: (abs(offset(y)), y))


def _weekday_of(year: int, month: int, dom: int) -> int | None:
    try:
        return dt.date(year, month, dom).isoweekday()
    except ValueError:
        return None


def weekday_near(anchor: dt.date, weekday: int, step: int, tense: Tense) -> dt.date:
    """The date of ISO ``weekday`` near ``anchor``.

    ``step`` -1 ("last Friday") takes the one strictly before, +1 ("next Friday") the one
    strictly after; 0 follows the tense: the latest on or before the anchor in past and
    present tense (news reports what happened), the earliest on or after it in future.
    """
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if step < 0:
        return anchor - dt.timedelta(days=back or 7)
    if step > 0:
        return anchor + dt.timedelta(days=ahead or 7)
    if tense == "future":
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def nth_weekday(year: int, month: int, weekday: int, n: int, first: int = 1) -> dt.date:
    """The ``n``-th ISO ``weekday`` of a month counting from day ``first`` (n=-1: the last)."""
    if n < 0:
        last = dt.date(year, month, 1) + relativedelta(months=1, days=-1)
        return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
    start = dt.date(year, month, first)
    return start + dt.timedelta(days=(weekday - start.isoweekday()) % 7 + 7 * (n - 1))
