"""Event lists: one page of the events a filter matches, all of them in order, or one by id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select

from backchannel.errors import QueryError
from backchannel.query.filters import (
    DAY,
    MAX_PAGE,
    MAX_PER_PAGE,
    A,
    E,
    EventFilter,
    _base,
    _real_day,
    check_range,
)
from backchannel.query.rows import EventPage, EventRow
from backchannel.records import Span
from backchannel.store import Store

__all__ = ["ORDERS", "PUBLISHED_ORDERS", "event", "events", "find_events", "iter_events"]


def _row(raw: Row[*tuple[Any, ...]]) -> EventRow:
    row = raw._asdict()
    return EventRow(
        id=row["id"],
        article_id=row["article_id"],
        type=row["type"],
        cameo=row["cameo"],
        quad=row["quad"],
        intensity=row["intensity"],
        mode=row["mode"],
        contexts=tuple(json.loads(row["contexts"] or "[]")),
        actor_id=row["actor_id"],
        actor_name=row["actor_name"],
        actor_country=row["actor_country"],
        actor_sector=row["actor_sector"],
        recipient_id=row["recipient_id"],
        recipient_name=row["recipient_name"],
        recipient_country=row["recipient_country"],
        recipient_sector=row["recipient_sector"],
        date=row["event_date"],
        day=_real_day(row["day"]),
        date_precision=row["date_precision"],
        channel=row["channel"],
        place_name=row["place_name"],
        place_country=row["place_country"],
        modality=row["modality"],
        sourcing=row["sourcing"],
        trigger=Span(row["trigger_text"], row["trigger_start"], row["trigger_end"]),
        sentence=Span(row["sentence_text"] or "", row["sentence_start"], row["sentence_end"]),
        attributed_to=tuple(json.loads(row["attributed_to"] or "[]")),
        confidence=row["confidence"],
        rule=row["rule"],
        outlet=row["outlet"],
        published=row["published"],
        title=row["title"],
        url=row["url"],
        source_cluster=row["cluster"] or row["article_id"],
        date_basis=row["date_basis"],
    )


# -- events -------------------------------------------------------------------------


#: orders an event list can take: newest or oldest day first, most conflictual or most
#: cooperative first (the event day keeps to the window around publication, so an outlier
#: never leads a list; events of one day: the latest published first)
ORDERS = ("-day", "day", "intensity", "-intensity")
#: orders by publication day, latest or earliest first, for library callers (a brief's
#: default window ends at the latest publication day); the web routes offer :data:`ORDERS`
PUBLISHED_ORDERS = ("-published", "published")
PUBLISHED = func.substr(A.c.published, 1, 10)


def _order(order: str) -> list[ColumnElement[Any]]:
    if order not in ORDERS + PUBLISHED_ORDERS:
        known = ", ".join(ORDERS + PUBLISHED_ORDERS)
        raise QueryError(f"unknown order {order!r}; expected one of {known}")
    first = {
        "-day": DAY.desc().nulls_last(),
        "day": DAY.asc().nulls_last(),
        "intensity": E.c.intensity.asc().nulls_last(),
        "-intensity": E.c.intensity.desc().nulls_last(),
        "-published": PUBLISHED.desc().nulls_last(),
        "published": PUBLISHED.asc().nulls_last(),
    }[order]
    then = [DAY.desc().nulls_last(), PUBLISHED.desc().nulls_last()]
    return [first, *then, E.c.article_id, E.c.sentence_start, E.c.id]


def find_events(
    store: Store,
    flt: EventFilter | None = None,
    *,
    page: int = 1,
    per_page: int = 50,
    order: str = "-day",
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
    flt = EventFilter(
        actor=actor,
        country=country,
        sector=sector,
        dyad=dyad,
        type=type,
        quad=quad,
        since=since,
        until=until,
        modality=modality,
        sourcing=sourcing,
    )
    return find_events(store, flt, page=page, per_page=per_page, order=order)


def iter_events(
    store: Store, flt: EventFilter | None = None, *, batch: int = 500
) -> Iterator[EventRow]:
    """Every event matching ``flt`` in a stable order (oldest day first), for exports."""
    ordered = _base(flt or EventFilter()).order_by(
        DAY.asc().nulls_last(), E.c.article_id, E.c.sentence_start, E.c.id
    )
    with store.engine.connect() as conn:
        result = conn.execute(ordered).yield_per(batch)
        for chunk in result.partitions(batch):
            yield from (_row(r) for r in chunk)


def event(store: Store, event_id: str) -> EventRow | None:
    """One event by id, None when there is no such event."""
    with store.engine.connect() as conn:
        row = conn.execute(_base(EventFilter()).where(E.c.id == event_id)).first()
    return _row(row) if row else None
