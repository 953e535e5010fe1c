"""Aggregates: counts by dyad and month, intensity series, actors, counterparts, the network."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ScalarSelect, and_, case, func, or_, select
from sqlalchemy.sql import ColumnElement

from backchannel import plover
from backchannel.errors import QueryError
from backchannel.query.filters import (
    MAX_LIMIT,
    MONTH,
    A,
    E,
    EventFilter,
    _clauses,
    _code,
    _date_clauses,
    _dyad,
    _shown,
    _text,
    check_range,
)
from backchannel.query.rows import (
    ActorCount,
    Counterpart,
    DyadCount,
    DyadMonth,
    Edge,
    IntensityPoint,
)
from backchannel.store import Store, schema

__all__ = ["actor", "actors", "counterparts", "dyad_months", "dyads", "intensity_series", "network"]


def dyad_months(store: Store, *, filters: EventFilter | None = None) -> tuple[DyadMonth, ...]:
    """Event counts by month, directed country dyad and quad class (with intensity stats)."""
    month = MONTH.label("month")
    query = (
        select(
            month,
            E.c.actor_country,
            E.c.recipient_country,
            E.c.quad,
            func.count(),
            func.avg(E.c.intensity),
            func.min(E.c.intensity),
        )
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
    totals: dict[tuple[str | None, ...], dict[str, Any]] = {}
    for dm in dyad_months(store, filters=filters):
        entry = totals.setdefault(
            (dm.actor_country, dm.recipient_country), {"quads": {}, "sum": 0.0, "n": 0}
        )
        entry["quads"][dm.quad] = entry["quads"].get(dm.quad, 0) + dm.count
        if dm.mean_intensity is not None:
            entry["sum"] += dm.mean_intensity * dm.count
            entry["n"] += dm.count
    found = [
        DyadCount(
            a,
            r,
            sum(e["quads"].values()),
            _quad_tuple(e["quads"]),
            round(e["sum"] / e["n"], 2) if e["n"] else None,
        )
        for (a, r), e in totals.items()
        if not complete or (a and r)
    ]
    found.sort(key=lambda d: (-d.count, d.actor_country or "~", d.recipient_country or "~"))
    return tuple(found[:limit])


def _quad_tuple(counts: dict[str | None, int]) -> tuple[tuple[str, int], ...]:
    return tuple((q, counts.get(q, 0)) for q in plover.QUADS)


def intensity_series(
    store: Store,
    actor_country: str,
    recipient_country: str,
    *,
    both_directions: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> tuple[IntensityPoint, ...]:
    """A dyad's monthly PLOVER intensity: count, mean, lowest, highest and sum."""
    actor_country, recipient_country = _dyad((actor_country, recipient_country))
    pair = and_(E.c.actor_country == actor_country, E.c.recipient_country == recipient_country)
    if both_directions:
        back = and_(E.c.actor_country == recipient_country, E.c.recipient_country == actor_country)
        pair = or_(pair, back)
    month = MONTH.label("month")
    query = (
        select(
            month,
            func.count(),
            func.avg(E.c.intensity),
            func.min(E.c.intensity),
            func.max(E.c.intensity),
            func.sum(E.c.intensity),
        )
        .select_from(E.join(A, A.c.id == E.c.article_id))
        .where(pair, *_date_clauses(EventFilter(since=since, until=until)))
        .group_by(month)
        .order_by(month)
    )
    with store.engine.connect() as conn:
        return tuple(IntensityPoint(*row) for row in conn.execute(query))


def actors(
    store: Store,
    *,
    country: str | None = None,
    name: str | None = None,
    matching: str | None = None,
    limit: int = 200,
) -> tuple[ActorCount, ...]:
    """Resolved actors with their event and mention counts, the busiest first.

    ``name`` keeps actors whose name contains it; ``matching`` (entity search) those whose
    name or id contains it, or that a mention in the text names so ("CIA" finds the
    Central Intelligence Agency and "CIA Director William Burns", "Kremlin" Russia). Both
    match case-insensitively, as text (``%`` and ``_`` are no wildcards)."""
    check_range("limit", limit, 1, MAX_LIMIT)
    ac = schema.actors
    where = [ac.c.country == _code("country", country)] if country else []
    if name:
        where.append(func.lower(ac.c.name).contains(_text("name", name).lower(), autoescape=True))
    words = " ".join(_text("search text", matching or "").lower().split())
    if words:
        where.append(_matching(words))
    return _actor_counts(store, where, limit)


def _matching(text: str) -> ColumnElement[bool]:
    """Actors whose name or id contains ``text``, or named so in a mention or an event."""
    ac, mn, ea = schema.actors, schema.mentions, schema.event_actors

    def has(column: Any) -> ColumnElement[bool]:
        return func.lower(column).contains(text, autoescape=True)

    return or_(
        has(ac.c.name),
        has(ac.c.id),
        ac.c.id.in_(select(mn.c.actor_id).where(has(mn.c.text))),
        ac.c.id.in_(select(ea.c.actor_id).where(has(ea.c.text))),
    )


def actor(store: Store, actor_id: str) -> ActorCount | None:
    """One actor with its counts, None when unknown."""
    found = _actor_counts(store, [schema.actors.c.id == actor_id], 1)
    return found[0] if found else None


def _actor_counts(
    store: Store, where: list[ColumnElement[bool]], limit: int
) -> tuple[ActorCount, ...]:
    ac, ea, mn = schema.actors, schema.event_actors, schema.mentions

    def side(name: str) -> ScalarSelect[int]:
        counted = select(func.count()).where(ea.c.actor_id == ac.c.id, ea.c.side == name)
        return counted.scalar_subquery()

    mentions = select(func.count()).where(mn.c.actor_id == ac.c.id).scalar_subquery()
    query = (
        select(
            ac,
            side("actor").label("as_actor"),
            side("recipient").label("as_recipient"),
            mentions.label("mentions"),
        )
        .where(*where)
        .order_by((side("actor") + side("recipient")).desc(), mentions.desc(), ac.c.name)
    )
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
        .select_from(
            mine.join(other, and_(other.c.event_id == mine.c.event_id, other.c.side != mine.c.side))
        )
        .join(ac, ac.c.id == other.c.actor_id)
        .join(E, E.c.id == mine.c.event_id)
        .where(other.c.actor_id != actor_id)
        .group_by(ac.c.id, ac.c.name, ac.c.country)
        .order_by(func.count(func.distinct(E.c.id)).desc(), ac.c.name)
        .limit(limit)
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
    src, dst = (
        (E.c.actor_country, E.c.recipient_country)
        if level == "country"
        else (E.c.actor_name, E.c.recipient_name)
    )
    coop = func.sum(case((E.c.quad.like("%COOPERATION"), 1), else_=0))
    conflict = func.sum(case((E.c.quad.like("%CONFLICT"), 1), else_=0))
    query = (
        select(src, dst, func.count(), coop, conflict, func.avg(E.c.intensity))
        .select_from(E.join(A, A.c.id == E.c.article_id))
        .where(src.is_not(None), dst.is_not(None), src != dst, *_clauses(filters or EventFilter()))
        .group_by(src, dst)
        .having(func.count() >= min_count)
        .order_by(func.count().desc(), src, dst)
    )
    with store.engine.connect() as conn:
        return tuple(Edge(*row) for row in conn.execute(query))
