"""The query layer: what analysts ask of a store, answered as frozen records.

Every question starts from :class:`EventFilter` (actor, country, sector, dyad, type, quad,
date range, modality, sourcing) and reads the ``events`` table, which keeps each event's
first actor and recipient alongside it. Event dates are TIMEX3 values of varying precision
(``2023-06-24``, ``2021-11``, ``2022``, ``PRESENT_REF``); every query works on an event's
*day*: the value itself when it names a day, the first day of the month or year it names,
and the article's publication date when the value names no calendar date at all.

CLI commands and web routes call these functions and only render what they return.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ColumnElement, Select

from backchannel import plover
from backchannel.errors import QueryError
from backchannel.records import Span
from backchannel.store import Store, schema

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

MODALITIES = ("asserted", "negated", "hypothetical", "conditional", "future", "denied")
SOURCINGS = ("named", "anonymous", "article")
STANCES = ("assert", "deny", "dispute", "decline", "unverified")  # as backchannel.claims codes them
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

    def active(self) -> dict[str, Any]:
        """The fields that are set, by name (for URLs and summaries)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event with its first actor and recipient, its article and its sentence."""

    id: str
    article_id: str
    type: str
    cameo: str
    quad: str | None
    intensity: float | None
    mode: str | None
    contexts: tuple[str, ...]
    actor_id: str | None
    actor_name: str | None
    actor_country: str | None
    actor_sector: str | None
    recipient_id: str | None
    recipient_name: str | None
    recipient_country: str | None
    recipient_sector: str | None
    date: str | None  # TIMEX3 value as coded
    day: str | None  # the calendar day queries use (see the module docstring)
    date_precision: str | None
    channel: str | None
    place_name: str | None
    place_country: str | None
    modality: str
    sourcing: str
    trigger: Span
    sentence: Span
    attributed_to: tuple[str, ...]
    confidence: float | None
    rule: str | None
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    source_cluster: str  # near-duplicate article cluster (the article id when unclustered)

    @property
    def dyad(self) -> str:
        """``USA→RUS`` style label of the country dyad ("?" where a country is unknown)."""
        return f"{self.actor_country or '?'}→{self.recipient_country or '?'}"

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out.update(trigger=self.trigger.to_dict(), sentence=self.sentence.to_dict())
        out.update(contexts=list(self.contexts), attributed_to=list(self.attributed_to))
        return out


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of a filtered, ordered event list."""

    items: tuple[EventRow, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class DyadMonth:
    """Events of one directed country dyad in one month and one quad class."""

    month: str
    actor_country: str | None
    recipient_country: str | None
    quad: str | None
    count: int
    mean_intensity: float | None
    most_negative: float | None


@dataclass(frozen=True, slots=True)
class DyadCount:
    """A directed country dyad with its event counts by quad class."""

    actor_country: str | None
    recipient_country: str | None
    count: int
    by_quad: tuple[tuple[str, int], ...]
    mean_intensity: float | None


@dataclass(frozen=True, slots=True)
class IntensityPoint:
    """A dyad's PLOVER intensity in one month: how many events and their scores."""

    month: str
    count: int
    mean: float | None
    lowest: float | None
    highest: float | None
    total: float | None


@dataclass(frozen=True, slots=True)
class ActorCount:
    """A resolved actor with how often it appears."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    role: str | None
    as_actor: int
    as_recipient: int
    mentions: int

    @property
    def events(self) -> int:
        return self.as_actor + self.as_recipient


@dataclass(frozen=True, slots=True)
class Counterpart:
    """Someone an actor dealt with: events between them, by quad class."""

    id: str
    name: str
    country: str | None
    events: int
    cooperation: int
    conflict: int


@dataclass(frozen=True, slots=True)
class Edge:
    """A directed link of the actor network (countries or actors) with its tone."""

    source: str
    target: str
    count: int
    cooperation: int
    conflict: int
    mean_intensity: float | None


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """An article matching a full-text search, with a snippet around the first match."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    matches: int


@dataclass(frozen=True, slots=True)
class StatementRow:
    """A stored statement: who said what, with which stance, where in which article."""

    id: str
    article_id: str
    speaker: str | None
    speaker_kind: str | None
    speaker_actor_id: str | None
    anonymous_count: int | None
    cue: str | None
    content: Span
    direct: bool
    stance: str
    outlet: str | None


# -- the event day ------------------------------------------------------------------


def _day_expr() -> ColumnElement:
    """SQL for an event's calendar day (see the module docstring)."""
    value = E.c.event_date
    month_ok = func.substr(value, 6, 1).in_(["0", "1"])
    year_ok = func.substr(value, 1, 1).between("0", "9")
    return case(
        (and_(func.length(value) == 10, month_ok, year_ok), value),
        (and_(func.length(value) == 7, month_ok, year_ok), value.concat("-01")),
        (and_(func.length(value) == 4, year_ok), value.concat("-01-01")),
        else_=func.substr(A.c.published, 1, 10),
    )


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
        raise QueryError(f"date bound {name + ' ' if name else ''}must be a real date, YYYY, YYYY-MM or "
                         f"YYYY-MM-DD in the years {YEARS[0]} to {YEARS[1]}, not {_shown(value)}") from None


def _check(value: str | None, allowed: Sequence[str], name: str) -> None:
    if value and value not in allowed:
        raise QueryError(f"unknown {name} {_shown(value)}; expected one of {', '.join(allowed)}")


# -- filters ------------------------------------------------------------------------


def _actor_clause(needle: str) -> ColumnElement:
    ea, ac = schema.event_actors, schema.actors
    ids = select(ea.c.event_id).join(ac, ac.c.id == ea.c.actor_id).where(
        or_(ea.c.actor_id == needle, func.lower(ac.c.name).contains(needle.lower(), autoescape=True))
    )
    return or_(E.c.actor_id == needle, E.c.recipient_id == needle, E.c.id.in_(ids))


def _clauses(flt: EventFilter) -> list[ColumnElement]:
    """SQL conditions for a filter (a QueryError for a bad one)."""
    _check(flt.modality, MODALITIES, "modality")
    _check(flt.sourcing, SOURCINGS, "sourcing")
    _check(flt.quad, plover.QUADS, "quad")
    _check(flt.type, plover.EVENT_TYPES, "event type")
    return _party_clauses(flt) + _equal_clauses(flt) + _date_clauses(flt)


def _party_clauses(flt: EventFilter) -> list[ColumnElement]:
    found: list[ColumnElement] = []
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
        found.append(and_(E.c.actor_country == actor_country, E.c.recipient_country == recipient_country))
    return found


def _equal_clauses(flt: EventFilter) -> list[ColumnElement]:
    pairs = ((E.c.type, flt.type), (E.c.quad, flt.quad), (E.c.modality, flt.modality),
             (E.c.sourcing, flt.sourcing), (E.c.article_id, flt.article and _text("article", flt.article)))
    return [column == value for column, value in pairs if value]


def _date_clauses(flt: EventFilter) -> list[ColumnElement]:
    found = []
    if flt.since:
        found.append(_day_expr() >= day_bound(flt.since, name="since"))
    if flt.until:
        found.append(_day_expr() <= day_bound(flt.until, upper=True, name="until"))
    return found


SENTENCE = func.substr(A.c.text, E.c.sentence_start + 1, E.c.sentence_end - E.c.sentence_start).label("sentence_text")


def _base(flt: EventFilter) -> Select:
    query = select(E, A.c.outlet, A.c.published, A.c.title, A.c.url, A.c.cluster, DAY, SENTENCE)
    return query.join(A, A.c.id == E.c.article_id).where(*_clauses(flt))


def _row(raw) -> EventRow:
    row = raw._asdict()
    return EventRow(
        id=row["id"], article_id=row["article_id"], type=row["type"], cameo=row["cameo"], quad=row["quad"],
        intensity=row["intensity"], mode=row["mode"], contexts=tuple(json.loads(row["contexts"] or "[]")),
        actor_id=row["actor_id"], actor_name=row["actor_name"], actor_country=row["actor_country"],
        actor_sector=row["actor_sector"], recipient_id=row["recipient_id"],
        recipient_name=row["recipient_name"], recipient_country=row["recipient_country"],
        recipient_sector=row["recipient_sector"], date=row["event_date"], day=_real_day(row["day"]),
        date_precision=row["date_precision"], channel=row["channel"], place_name=row["place_name"],
        place_country=row["place_country"], modality=row["modality"], sourcing=row["sourcing"],
        trigger=Span(row["trigger_text"], row["trigger_start"], row["trigger_end"]),
        sentence=Span(row["sentence_text"] or "", row["sentence_start"], row["sentence_end"]),
        attributed_to=tuple(json.loads(row["attributed_to"] or "[]")), confidence=row["confidence"],
        rule=row["rule"], outlet=row["outlet"], published=row["published"], title=row["title"],
        url=row["url"], source_cluster=row["cluster"] or row["article_id"],
    )


# -- events -------------------------------------------------------------------------


#: orders an event list can take: newest or oldest day first, most conflictual or most cooperative first
ORDERS = ("-day", "day", "intensity", "-intensity")


def _order(order: str) -> list:
    if order not in ORDERS:
        raise QueryError(f"unknown order {order!r}; expected one of {', '.join(ORDERS)}")
    first = {"-day": DAY.desc().nulls_last(), "day": DAY.asc().nulls_last(),
             "intensity": E.c.intensity.asc().nulls_last(), "-intensity": E.c.intensity.desc().nulls_last()}[order]
    return [first, DAY.desc().nulls_last(), E.c.article_id, E.c.sentence_start, E.c.id]


def find_events(
    store: Store, flt: EventFilter | None = None, *, page: int = 1, per_page: int = 50, order: str = "-day"
) -> EventPage:
    """One page of the events matching ``flt``, in ``order`` (newest event day first)."""
    flt = flt or EventFilter()
    check_range("page", page, 1, MAX_PAGE)
    check_range("per_page", per_page, 1, MAX_PER_PAGE)
    base = _base(flt)
    ordered = base.order_by(*_order(order))
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        rows = conn.execute(ordered.limit(per_page).offset((page - 1) * per_page)).all()
    return EventPage(tuple(_row(r) for r in rows), total, page, per_page)


def events(
    store: Store,
    *,
    actor: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    dyad: tuple[str, str] | None = None,
    type: str | None = None,
    quad: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    sourcing: str | None = None,
    page: int = 1,
    per_page: int = 50,
    order: str = "-day",
) -> EventPage:
    """Events by actor, country, sector, dyad, type, quad, dates, modality and sourcing."""
    flt = EventFilter(actor=actor, country=country, sector=sector, dyad=dyad, type=type,
                      quad=quad, since=since, until=until, modality=modality, sourcing=sourcing)
    return find_events(store, flt, page=page, per_page=per_page, order=order)


def iter_events(store: Store, flt: EventFilter | None = None, *, batch: int = 500) -> Iterator[EventRow]:
    """Every event matching ``flt`` in a stable order (oldest day first), for exports."""
    ordered = _base(flt or EventFilter()).order_by(DAY.asc().nulls_last(), E.c.article_id, E.c.sentence_start, E.c.id)
    with store.engine.connect() as conn:
        result = conn.execute(ordered).yield_per(batch)
        for chunk in result.partitions(batch):
            yield from (_row(r) for r in chunk)


def event(store: Store, event_id: str) -> EventRow | None:
    """One event by id, None when there is no such event."""
    with store.engine.connect() as conn:
        row = conn.execute(_base(EventFilter()).where(E.c.id == event_id)).first()
    return _row(row) if row else None


# -- aggregates ---------------------------------------------------------------------


def dyad_months(store: Store, *, filters: EventFilter | None = None) -> tuple[DyadMonth, ...]:
    """Event counts by month, directed country dyad and quad class (with intensity stats)."""
    month = MONTH.label("month")
    query = (
        select(month, E.c.actor_country, E.c.recipient_country, E.c.quad, func.count(),
               func.avg(E.c.intensity), func.min(E.c.intensity))
        .select_from(E.join(A, A.c.id == E.c.article_id))
        .where(*_clauses(filters or EventFilter()))
        .group_by(month, E.c.actor_country, E.c.recipient_country, E.c.quad)
        .order_by(month, E.c.actor_country, E.c.recipient_country, E.c.quad)
    )
    with store.engine.connect() as conn:
        return tuple(DyadMonth(*row) for row in conn.execute(query))


def dyads(
    store: Store, *, filters: EventFilter | None = None, limit: int = 100, complete: bool = False
) -> tuple[DyadCount, ...]:
    """Directed country dyads with their event counts by quad, the busiest first.

    With ``complete``, only dyads whose two countries are both known.
    """
    check_range("limit", limit, 1, MAX_LIMIT)
    totals: dict[tuple, dict[str, Any]] = {}
    for dm in dyad_months(store, filters=filters):
        entry = totals.setdefault((dm.actor_country, dm.recipient_country), {"quads": {}, "sum": 0.0, "n": 0})
        entry["quads"][dm.quad] = entry["quads"].get(dm.quad, 0) + dm.count
        if dm.mean_intensity is not None:
            entry["sum"] += dm.mean_intensity * dm.count
            entry["n"] += dm.count
    found = [
        DyadCount(a, r, sum(e["quads"].values()), _quad_tuple(e["quads"]),
                  round(e["sum"] / e["n"], 2) if e["n"] else None)
        for (a, r), e in totals.items()
        if not complete or (a and r)
    ]
    found.sort(key=lambda d: (-d.count, d.actor_country or "~", d.recipient_country or "~"))
    return tuple(found[:limit])


def _quad_tuple(counts: dict[str | None, int]) -> tuple[tuple[str, int], ...]:
    return tuple((q, counts.get(q, 0)) for q in plover.QUADS)


def intensity_series(
    store: Store, actor_country: str, recipient_country: str, *, both_directions: bool = False,
    since: str | None = None, until: str | None = None,
) -> tuple[IntensityPoint, ...]:
    """A dyad's monthly PLOVER intensity: count, mean, lowest, highest and sum."""
    actor_country, recipient_country = _dyad((actor_country, recipient_country))
    pair = and_(E.c.actor_country == actor_country, E.c.recipient_country == recipient_country)
    if both_directions:
        back = and_(E.c.actor_country == recipient_country, E.c.recipient_country == actor_country)
        pair = or_(pair, back)
    month = MONTH.label("month")
    query = (
        select(month, func.count(), func.avg(E.c.intensity), func.min(E.c.intensity),
               func.max(E.c.intensity), func.sum(E.c.intensity))
        .select_from(E.join(A, A.c.id == E.c.article_id))
        .where(pair, *_date_clauses(EventFilter(since=since, until=until)))
        .group_by(month).order_by(month)
    )
    with store.engine.connect() as conn:
        return tuple(IntensityPoint(*row) for row in conn.execute(query))


def actors(
    store: Store, *, country: str | None = None, name: str | None = None, limit: int = 200
) -> tuple[ActorCount, ...]:
    """Resolved actors with their event and mention counts, the busiest first."""
    check_range("limit", limit, 1, MAX_LIMIT)
    ac = schema.actors
    where = [ac.c.country == _code("country", country)] if country else []
    if name:
        where.append(func.lower(ac.c.name).contains(_text("name", name).lower(), autoescape=True))
    return _actor_counts(store, where, limit)


def actor(store: Store, actor_id: str) -> ActorCount | None:
    """One actor with its counts, None when unknown."""
    found = _actor_counts(store, [schema.actors.c.id == actor_id], 1)
    return found[0] if found else None


def _actor_counts(store: Store, where: list[ColumnElement], limit: int) -> tuple[ActorCount, ...]:
    ac, ea, mn = schema.actors, schema.event_actors, schema.mentions
    side = lambda s: (select(func.count()).where(ea.c.actor_id == ac.c.id, ea.c.side == s)  # noqa: E731
                      .scalar_subquery())
    mentions = select(func.count()).where(mn.c.actor_id == ac.c.id).scalar_subquery()
    query = (select(ac, side("actor").label("as_actor"), side("recipient").label("as_recipient"),
                    mentions.label("mentions"))
             .where(*where).order_by((side("actor") + side("recipient")).desc(), mentions.desc(), ac.c.name))
    with store.engine.connect() as conn:
        return tuple(ActorCount(**row) for row in conn.execute(query.limit(limit)).mappings())


def counterparts(store: Store, actor_id: str, *, limit: int = 50) -> tuple[Counterpart, ...]:
    """Who an actor dealt with (either direction), by number of events."""
    check_range("limit", limit, 1, MAX_LIMIT)
    ea, ac = schema.event_actors, schema.actors
    mine = select(ea.c.event_id, ea.c.side).where(ea.c.actor_id == actor_id).subquery()
    other = ea.alias("other")
    coop = func.sum(case((E.c.quad.like("%COOPERATION"), 1), else_=0))
    conflict = func.sum(case((E.c.quad.like("%CONFLICT"), 1), else_=0))
    query = (
        select(ac.c.id, ac.c.name, ac.c.country, func.count(func.distinct(E.c.id)), coop, conflict)
        .select_from(mine.join(other, and_(other.c.event_id == mine.c.event_id, other.c.side != mine.c.side)))
        .join(ac, ac.c.id == other.c.actor_id).join(E, E.c.id == mine.c.event_id)
        .where(other.c.actor_id != actor_id)
        .group_by(ac.c.id, ac.c.name, ac.c.country)
        .order_by(func.count(func.distinct(E.c.id)).desc(), ac.c.name).limit(limit)
    )
    with store.engine.connect() as conn:
        return tuple(Counterpart(*row) for row in conn.execute(query))


def network(
    store: Store, *, filters: EventFilter | None = None, level: str = "country", min_count: int = 1
) -> tuple[Edge, ...]:
    """Directed links between countries (or actors, by name) with counts by quad and tone."""
    if level not in ("country", "actor"):
        raise QueryError(f"network level must be 'country' or 'actor', not {_shown(level)}")
    check_range("min_count", min_count, 1, 10**9)
    src, dst = ((E.c.actor_country, E.c.recipient_country) if level == "country"
                else (E.c.actor_name, E.c.recipient_name))
    coop = func.sum(case((E.c.quad.like("%COOPERATION"), 1), else_=0))
    conflict = func.sum(case((E.c.quad.like("%CONFLICT"), 1), else_=0))
    query = (
        select(src, dst, func.count(), coop, conflict, func.avg(E.c.intensity))
        .select_from(E.join(A, A.c.id == E.c.article_id))
        .where(src.is_not(None), dst.is_not(None), src != dst, *_clauses(filters or EventFilter()))
        .group_by(src, dst).having(func.count() >= min_count).order_by(func.count().desc(), src, dst)
    )
    with store.engine.connect() as conn:
        return tuple(Edge(*row) for row in conn.execute(query))


# -- statements and search ----------------------------------------------------------


def statements(
    store: Store, *, article: str | None = None, ids: Sequence[str] | None = None,
    stance: str | None = None, limit: int = 500,
) -> tuple[StatementRow, ...]:
    """Stored statements of one article, or by id, or by stance."""
    check_range("limit", limit, 1, MAX_LIMIT)
    _check(stance, STANCES, "stance")
    st = schema.statements
    query = select(st).order_by(st.c.article_id, st.c.content_start)
    if article:
        query = query.where(st.c.article_id == _text("article", article))
    if ids is not None:
        query = query.where(st.c.id.in_(list(ids)))
    if stance:
        query = query.where(st.c.stance == stance)
    with store.engine.connect() as conn:
        return tuple(_statement(row) for row in conn.execute(query.limit(limit)).mappings())


def _statement(row) -> StatementRow:
    return StatementRow(
        id=row["id"], article_id=row["article_id"], speaker=row["speaker_text"],
        speaker_kind=row["speaker_kind"], speaker_actor_id=row["speaker_actor_id"],
        anonymous_count=row["anonymous_count"], cue=row["cue_text"],
        content=Span(row["content_text"], row["content_start"], row["content_end"]),
        direct=bool(row["direct"]), stance=row["stance"], outlet=row["outlet"],
    )


def search(store: Store, text: str, *, limit: int = 50) -> tuple[ArticleHit, ...]:
    """Articles whose title or text contains every word of ``text`` (case-insensitive).

    On SQLite the words are looked up in an FTS5 index (words match as prefixes, best
    matches first), built on first use and rebuilt when articles were added since; other
    databases, and SQLite builds without FTS5, scan the text with ``LIKE``.
    """
    check_range("limit", limit, 1, MAX_LIMIT)
    words = [w.lower() for w in _text("search text", text).split() if w.strip()]
    if not words:
        return ()
    ids = _fts_ids(store, words, limit) if store.engine.dialect.name == "sqlite" else None
    query = select(A.c.id, A.c.title, A.c.outlet, A.c.published, A.c.text)
    if ids is None:
        haystack = func.lower(func.coalesce(A.c.title, literal("")).concat(" ").concat(A.c.text))
        query = query.where(*[haystack.contains(w, autoescape=True) for w in words]).order_by(A.c.published.desc(), A.c.seq)
    else:
        query = query.where(A.c.id.in_(ids))
    with store.engine.connect() as conn:
        rows = conn.execute(query.limit(limit)).all()
    if ids is not None:
        rows.sort(key=lambda row: ids.index(row.id))
    return tuple(_hit(row, words) for row in rows)


_FTS_CREATE = ("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts "
               "USING fts5(title, text, content='articles', content_rowid='rowid')")


def _fts_ids(store: Store, words: list[str], limit: int) -> list[str] | None:
    """Ids of the best FTS5 matches, or None when FTS5 cannot be used here."""
    match = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
    sql = ("SELECT articles.id FROM articles_fts JOIN articles ON articles.rowid = articles_fts.rowid "
           "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?")
    try:
        _fts_sync(store)
        with store.engine.connect() as conn:
            return [row[0] for row in conn.exec_driver_sql(sql, (match, limit))]
    except DBAPIError:
        return None


def _fts_sync(store: Store) -> None:
    """Create the FTS5 index on first use; rebuild it when the articles changed."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql(_FTS_CREATE)
        indexed = conn.exec_driver_sql("SELECT count(*) FROM articles_fts_docsize").scalar()
        total = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar()
        if indexed != total:
            conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")


def _hit(row, words: list[str]) -> ArticleHit:
    lower = row.text.lower()
    first = min((i for i in (lower.find(w) for w in words) if i >= 0), default=0)
    start = max(0, first - 80)
    snippet = ("…" if start else "") + row.text[start : first + 160].replace("\n", " ") + "…"
    return ArticleHit(row.id, row.title, row.outlet, row.published, snippet,
                      sum(lower.count(w) for w in words))
