"""How an event's date reads wherever it is shown: its precision and where it came from.

An event date is a TIMEX3 value of some precision with a basis (``explicit``, ``relative``
or ``published``; see :class:`~backchannel.records.EventDate`). Lists, charts, briefs and
the command line show it through :func:`date_label`, so that a month reads ``2021-11`` (not
``2021-11-01``), a year ``2021``, and a publication-date fallback ``≈ 2023-06-30
(published)``: never as if the day were known. :func:`date_note` says the same in words,
for a tooltip. The web app registers both as Jinja filters (``when`` and ``when_note``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "basis_of",
    "cluster_label",
    "date_label",
    "date_note",
    "event_label",
    "event_note",
]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_DECADE = re.compile(r"\d{3}")
_CENTURY = re.compile(r"\d{2}")
_BASES = {
    "explicit": "written in the text",
    "relative": "resolved against the publication date",
    "published": "the publication date: no time expression in the text dates this event",
}


def _shown(value: str, precision: str | None) -> str:
    """A TIMEX3 value cut to its precision: ``2021-11``, ``2021``, ``1990s``, ``2023-06-24``."""
    if precision == "month" or (precision is None and _MONTH.fullmatch(value)):
        return value[:7]
    if precision == "year" and _YEAR.fullmatch(value[:4]):
        return value  # 2021, or 2021-Q3 / 2021-SU: the year part named
    if precision == "decade" and _DECADE.fullmatch(value):
        return f"{value}0s"
    if _CENTURY.fullmatch(value):
        return f"{value}00s"
    return value[:10] if _DAY.match(value) else value


def date_label(
    value: str | None,
    precision: str | None = None,
    basis: str | None = None,
    *,
    day: str | None = None,
) -> str:
    """One event date as a list shows it.

    ``value``/``precision``/``basis`` are the coded date; ``day`` is the calendar day the
    queries put the event on (:mod:`backchannel.query`), used when the value is missing or
    when the day is not the value's own (a stored outlier clamped to the publication day)::

        date_label("2021-11", "month", "explicit")                 # '2021-11'
        date_label("2023-06-30", "day", "published")               # '≈ 2023-06-30 (published)'
        date_label(None, day="2023-06-30")                         # '≈ 2023-06-30 (published)'
        date_label("1630", "year", "explicit", day="1987-03-02")   # '≈ 1987-03-02 (published)'
    """
    if basis == "published" or not value:
        fallback = day or (value[:10] if value else None)
        return f"≈ {fallback} (published)" if fallback else "undated"
    if day and _DAY.fullmatch(day) and not _covers(value, day):
        return f"≈ {day} (published)"
    return _shown(value, precision)


def basis_of(value: str | None, basis: str | None, day: str | None) -> str | None:
    """The basis of the day a query puts an event on: ``basis`` as coded, but ``published``
    when that day is not the coded value's own (a stored date outside the event window,
    replaced by the publication day)."""
    if value and day and _DAY.fullmatch(day) and not _covers(value, day):
        return "published"
    return basis


def _covers(value: str, day: str) -> bool:
    """Whether the query day ``day`` is the value's own (its first day, or the day itself);
    values that name no calendar period are taken as their own."""
    if _DAY.match(value) or _MONTH.fullmatch(value) or _YEAR.fullmatch(value):
        return day.startswith(value[:10])
    return True


def date_note(
    value: str | None,
    precision: str | None = None,
    basis: str | None = None,
    *,
    day: str | None = None,
    rejected: str | None = None,
) -> str:
    """The date's precision and basis in words (a tooltip or a note beside the label)."""
    if not value and not day:
        return "no date: neither the text nor the article dates this event"
    if basis == "published" or not value or (day and not _covers(value, day or "")):
        note = _BASES["published"]
        coded = rejected or (value if value and basis != "published" else None)
        if coded:
            note = (
                f"the publication date: the text's date {coded} lies outside the plausible "
                "window around the article"
            )
        return note
    return f"{precision or 'unknown'} precision, {_BASES.get(basis or '', basis or 'unknown')}"


def event_label(row: Any) -> str:
    """:func:`date_label` of a query row or a record's event (anything with ``date``,
    ``date_precision``, ``date_basis`` and ``day``, or a date object with ``value``)."""
    return date_label(*_parts(row)[:3], day=_parts(row)[3])


def event_note(row: Any, rejected: str | None = None) -> str:
    """:func:`date_note` of a query row or a record's event, as :func:`event_label` reads it
    (``rejected``: the value set aside by the event window, where the row lacks it)."""
    value, precision, basis, day, found = _parts(row)
    return date_note(value, precision, basis, day=day, rejected=found or rejected or None)


def cluster_label(cluster: Any) -> str:
    """The dates of a cluster of reports (``first_day``, ``last_day``, ``events``): the
    earliest and latest date the reports' texts give, else the publication days, marked."""
    rows = getattr(cluster, "events", ())
    known = sorted((r for r in rows if _known(r)), key=lambda r: r.day or "")
    if known:
        first, last = event_label(known[0]), event_label(known[-1])
        return first if first == last else f"{first} – {last}"
    first, last = getattr(cluster, "first_day", None), getattr(cluster, "last_day", None)
    if not first:
        return "undated"
    days = first if not last or last == first else f"{first} – {last}"
    return f"≈ {days} (published)"


def _known(row: Any) -> bool:
    """Whether a row's date comes from its text (not the publication-date fallback)."""
    label = event_label(row)
    return label != "undated" and not label.startswith("≈")


def _parts(row: Any) -> tuple[Any, Any, Any, Any, Any]:
    """(value, precision, basis, day, rejected) of an EventRow, an EventDate, a cluster's
    lead or their dict forms."""
    if isinstance(row, dict):
        date = row.get("date")
        if isinstance(date, dict):  # a record's event: {"date": {"value": …}}
            return _parts(date) if date else (None, None, None, None, None)
        if "value" in row:
            return _from(row.get)
        return (
            date,
            row.get("date_precision"),
            row.get("date_basis"),
            row.get("day"),
            row.get("date_rejected"),
        )
    if hasattr(row, "value"):
        return _from(lambda name: getattr(row, name, None))
    return (
        getattr(row, "date", None),
        getattr(row, "date_precision", None),
        getattr(row, "date_basis", None),
        getattr(row, "day", None),
        None,
    )


def _from(get: Any) -> tuple[Any, Any, Any, Any, Any]:
    return get("value"), get("precision"), get("basis"), None, get("rejected")
