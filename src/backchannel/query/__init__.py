"""The query layer: what analysts ask of a store, answered as frozen records.

Every question starts from :class:`EventFilter` (actor, country, sector, dyad, type, quad,
date range, modality, sourcing) and reads the ``events`` table, which keeps each event's
first actor and recipient alongside it. Event dates are TIMEX3 values of varying precision
(``2023-06-24``, ``2021-11``, ``2022``, ``PRESENT_REF``); every query works on an event's
*day*: the value itself when it names a day, the first day of the month or year it names,
and the article's publication date when the value names no calendar date at all, or a date
outside the event window around publication (:attr:`backchannel.limits.Limits.event_window`,
in whole years: a record coded before the window existed may hold a bond "due March 2002" in
a 1987 article). Lists, filters, chart axes and brief windows thus keep to publication dates;
``EventRow.date`` still holds the coded value, and :mod:`backchannel.dates` labels both.

CLI commands and web routes call these functions and only render what they return.

The package: :mod:`~backchannel.query.filters` (``EventFilter``, the event day, argument
checks), :mod:`~backchannel.query.rows` (the result records), :mod:`~backchannel.query.events`,
:mod:`~backchannel.query.aggregates`, :mod:`~backchannel.query.search` (statements and
full-text search) and :mod:`~backchannel.query.summary`.
"""

from __future__ import annotations

from backchannel.query.aggregates import (
    actor,
    actors,
    counterparts,
    dyad_months,
    dyads,
    intensity_series,
    network,
)
from backchannel.query.events import ORDERS, event, events, find_events, iter_events
from backchannel.query.filters import (
    MAX_LIMIT,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_TEXT,
    MODALITIES,
    SOURCINGS,
    STANCES,
    YEARS,
    EventFilter,
    check_range,
    day_bound,
    parse_dyad,
)
from backchannel.query.rows import (
    ActorCount,
    ArticleHit,
    Counterpart,
    DyadCount,
    DyadMonth,
    Edge,
    EventPage,
    EventRow,
    IntensityPoint,
    StatementRow,
)
from backchannel.query.search import search, statements

__all__ = [
    "MAX_LIMIT",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "MAX_TEXT",
    "MODALITIES",
    "ORDERS",
    "SOURCINGS",
    "STANCES",
    "YEARS",
    "ActorCount",
    "ArticleHit",
    "Counterpart",
    "DyadCount",
    "DyadMonth",
    "Edge",
    "EventFilter",
    "EventPage",
    "EventRow",
    "IntensityPoint",
    "StatementRow",
    "actor",
    "actors",
    "check_range",
    "counterparts",
    "day_bound",
    "dyad_months",
    "dyads",
    "event",
    "events",
    "find_events",
    "intensity_series",
    "iter_events",
    "network",
    "parse_dyad",
    "search",
    "statements",
]
