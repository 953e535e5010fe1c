"""Which events a query is about: :class:`EventFilter`, the event day, and argument checks.

Arguments may come straight from a URL: every one is checked here, and a bad one raises a
:class:`~backchannel.errors.QueryError` naming the parameter and the value, never a
database error. Event dates are TIMEX3 values of varying precision; queries work on an
event's *day* (see ``backchannel.query``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.sql import ColumnElement, Select

from backchannel import plover
from backchannel.errors import ConfigError, QueryError
from backchannel.limits import Limits
from backchannel.settings import current
from backchannel.store import schema
from backchannel.vocab import MODALITIES, SOURCINGS, STANCES

__all__ = [
    "MAX_LIMIT",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "MAX_TEXT",
    "MODALITIES",
    "SOURCINGS",
    "STANCES",
    "YEARS",
    "EventFilter",
    "check_filter",
    "check_range",
    "day_bound",
    "parse_dyad",
]

MAX_PER_PAGE = 1000
MAX_PAGE = 100_000  # page × per_page stays a sane OFFSET on every database
MAX_LIMIT = 10_000  # the most rows any ``limit`` may ask for
MAX_TEXT = 500  # characters of an actor needle, article id or search text
YEARS = (1000, 2999)  # the years a date bound may name
CODE = re.compile(r"[A-Za-z]{3}")  # a country (ISO3, IGO, EUR…) or sector code

E, A = schema.events, schema.articles


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a query is about. Every field left as None matches everything.

    ``actor`` is an actor id or part of a name (either side); ``country`` and ``sector``
    match either side; ``dyad`` is a directed (actor country, recipient country) pair;
    ``since``/``until`` bound the event day (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
    """

    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    dyad: tuple[str, str] | None = None
    type: str | None = None
    quad: str | None = None
    since: str | None = None
    until: str | None = None
    modality: str | None = None
    sourcing: str | None = None
    article: str | None = None
    place_country: str | None = None  # ISO3 of the event's place

    def active(self) -> dict[str, Any]:
        """The fields that are set, by name (for URLs and summaries)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


# -- the event day ------------------------------------------------------------------


def _coded_day() -> ColumnElement[Any]:
    """SQL for the day a coded value names (its first day), NULL when it names none."""
    value = E.c.event_date
    month_ok = func.substr(value, 6, 1).in_(["0", "1"])
    year_ok = func.substr(value, 1, 1).between("0", "9")
    return case(
        (and_(func.length(value) == 10, month_ok, year_ok), value),
        (and_(func.length(value) == 7, month_ok, year_ok), value.concat("-01")),
        (and_(func.length(value) == 4, year_ok), value.concat("-01-01")),
        else_=None,
    )


def _year(day: ColumnElement[Any]) -> ColumnElement[Any]:
    """SQL for the year of an ISO day as a number, NULL when its first four characters are
    not digits (cast only then: PostgreSQL refuses to cast anything else)."""
    digits = and_(*(func.substr(day, i, 1).between("0", "9") for i in range(1, 5)))
    return case((digits, cast(func.substr(day, 1, 4), Integer)), else_=None)


def _day_expr() -> ColumnElement[Any]:
    """SQL for an event's calendar day (see the module docstring): the coded value's day
    when its year lies in the event window around publication (whole years, the widest ends
    of ``Limits.event_window``), else the publication day, so that a stored outlier (a date
    coded before the window existed) sorts, filters and charts with its article."""
    coded, published = _coded_day(), func.substr(A.c.published, 1, 10)
    before, after = _window_years()
    year, anchor = _year(coded), _year(published)
    plausible = or_(anchor.is_(None), year.between(anchor - before, anchor + after))
    return case((and_(coded.is_not(None), plausible), coded), else_=published)


def _window_years() -> tuple[int, int]:
    """The event window in whole years, as configured when this module is imported (a
    window that does not read is the settings' ConfigError when they load; until then, and
    for these queries, the default window)."""
    try:
        return current().limits.window_years()
    except ConfigError:
        return Limits().window_years()


DAY = _day_expr().label("day")
MONTH = func.substr(_day_expr(), 1, 7)


def _real_day(value: str | None) -> str | None:
    """``value`` when it is a real calendar day (a stored TIMEX value may not be), else None."""
    try:
        return value if value and date.fromisoformat(value) else None
    except ValueError:
        return None


# -- checking arguments -------------------------------------------------------------
# Arguments may come straight from a URL: every one is checked here, and a bad one raises
# a QueryError naming the parameter and the value, never a database error.


def _shown(value: Any) -> str:
    """``value`` as an error message quotes it, cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def check_range(name: str, value: int, low: int, high: int) -> int:
    """``value`` when it is a whole number within ``low..high``, else a :class:`QueryError`."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise QueryError(f"{name} must be a whole number from {low} to {high}, not {_shown(value)}")
    return value


def _text(name: str, value: str) -> str:
    if len(value) > MAX_TEXT:
        raise QueryError(f"{name} is {len(value)} characters long; at most {MAX_TEXT} are taken")
    return value


def _code(name: str, value: Any) -> str:
    """A country or sector code in capitals, or a QueryError."""
    if not isinstance(value, str) or not CODE.fullmatch(value):
        raise QueryError(f"{name} must be a three-letter code like USA, not {_shown(value)}")
    return value.upper()


def parse_dyad(text: str) -> tuple[str, str]:
    """``USA-RUS`` (or ``usa→rus``) as ``("USA", "RUS")``: exactly two codes, actor first."""
    parts = text.replace("→", "-").split("-")
    if len(parts) != 2 or not all(CODE.fullmatch(part.strip()) for part in parts):
        raise QueryError(f"dyad must be two three-letter codes like USA-RUS, not {_shown(text)}")
    return parts[0].strip().upper(), parts[1].strip().upper()


def _dyad(pair: Any) -> tuple[str, str]:
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise QueryError(f"dyad must be a pair of codes like ('USA', 'RUS'), not {_shown(pair)}")
    return _code("dyad", pair[0]), _code("dyad", pair[1])


_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def day_bound(value: str, *, upper: bool = False, name: str = "") -> str:
    """A ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` bound as an ISO day: the first day of its
    period, or the last when ``upper``. The date must exist and fall within :data:`YEARS`."""
    found = _DATE.fullmatch(value) if isinstance(value, str) else None
    try:
        if found is None or not YEARS[0] <= int(found[1]) <= YEARS[1]:
            raise ValueError(value)
        year, month = int(found[1]), int(found[2] or (12 if upper else 1))
        last = calendar.monthrange(year, month)[1]  # IllegalMonthError is a ValueError
        return date(year, month, int(found[3] or (last if upper else 1))).isoformat()
    except ValueError:
        raise QueryError(
            f"date bound {name + ' ' if name else ''}must be a real date, YYYY, YYYY-MM or "
            f"YYYY-MM-DD in the years {YEARS[0]} to {YEARS[1]}, not {_shown(value)}"
        ) from None


def _check(value: str | None, allowed: Sequence[str], name: str) -> None:
    if value and value not in allowed:
        raise QueryError(f"unknown {name} {_shown(value)}; expected one of {', '.join(allowed)}")


# -- filters ------------------------------------------------------------------------


def _actor_clause(needle: str) -> ColumnElement[bool]:
    ea, ac = schema.event_actors, schema.actors
    ids = (
        select(ea.c.event_id)
        .join(ac, ac.c.id == ea.c.actor_id)
        .where(
            or_(
                ea.c.actor_id == needle,
                func.lower(ac.c.name).contains(needle.lower(), autoescape=True),
            )
        )
    )
    return or_(E.c.actor_id == needle, E.c.recipient_id == needle, E.c.id.in_(ids))


def check_filter(flt: EventFilter) -> EventFilter:
    """``flt`` when every field of it can work, else a :class:`QueryError` naming the field
    (what every query does first; a caller may check a filter before any query runs)."""
    _clauses(flt)
    return flt


def _clauses(flt: EventFilter) -> list[ColumnElement[bool]]:
    """SQL conditions for a filter (a QueryError for a bad one)."""
    _check(flt.modality, MODALITIES, "modality")
    _check(flt.sourcing, SOURCINGS, "sourcing")
    _check(flt.quad, plover.QUADS, "quad")
    _check(flt.type, plover.EVENT_TYPES, "event type")
    return _party_clauses(flt) + _equal_clauses(flt) + _date_clauses(flt)


def _party_clauses(flt: EventFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if flt.actor:
        found.append(_actor_clause(_text("actor", flt.actor)))
    if flt.country:
        code = _code("country", flt.country)
        found.append(or_(E.c.actor_country == code, E.c.recipient_country == code))
    if flt.sector:
        code = _code("sector", flt.sector)
        found.append(or_(E.c.actor_sector == code, E.c.recipient_sector == code))
    if flt.dyad:
        actor_country, recipient_country = _dyad(flt.dyad)
        found.append(
            and_(E.c.actor_country == actor_country, E.c.recipient_country == recipient_country)
        )
    return found


def _equal_clauses(flt: EventFilter) -> list[ColumnElement[bool]]:
    pairs = (
        (E.c.type, flt.type),
        (E.c.quad, flt.quad),
        (E.c.modality, flt.modality),
        (E.c.sourcing, flt.sourcing),
        (E.c.article_id, flt.article and _text("article", flt.article)),
        (E.c.place_country, flt.place_country and _code("place_country", flt.place_country)),
    )
    return [column == value for column, value in pairs if value]


def _date_clauses(flt: EventFilter) -> list[ColumnElement[bool]]:
    found = []
    if flt.since:
        found.append(_day_expr() >= day_bound(flt.since, name="since"))
    if flt.until:
        found.append(_day_expr() <= day_bound(flt.until, upper=True, name="until"))
    return found


SENTENCE = func.substr(
    A.c.text, E.c.sentence_start + 1, E.c.sentence_end - E.c.sentence_start
).label("sentence_text")


def _base(flt: EventFilter) -> Select[Any]:
    query = select(E, A.c.outlet, A.c.published, A.c.title, A.c.url, A.c.cluster, DAY, SENTENCE)
    return query.join(A, A.c.id == E.c.article_id).where(*_clauses(flt))
