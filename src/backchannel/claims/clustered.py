"""Event clusters one page at a time, kept with the store's state.

:func:`~backchannel.clusters.clusters` merges the reports of every matching event; a store
of 20,000 articles makes that seconds of work, too much for every page of ``/clusters``.
:func:`find_clusters` keeps the clusters of the last few filters, keyed by the store and its
state (the last article's order number and the number of events), so a new article makes
them stale, and answers one page of them, the clusters most independent sources report
first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from backchannel.clusters import EventCluster, clusters
from backchannel.query import MAX_PAGE, MAX_PER_PAGE, EventFilter, check_range
from backchannel.store import Store, schema

__all__ = ["ClusterPage", "find_clusters", "state"]

_KEPT = 16  # filters whose clusters are kept
_kept: OrderedDict[tuple[str, str, str], tuple[EventCluster, ...]] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class ClusterPage:
    """One page of event clusters, how many match in all and how many reports they merge."""

    items: tuple[EventCluster, ...]
    total: int
    reports: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def state(conn: Connection) -> str:
    """The store's state as clusters see it: last order number and number of events."""
    last = conn.execute(select(func.coalesce(func.max(schema.articles.c.seq), 0))).scalar_one()
    events = conn.execute(select(func.count()).select_from(schema.events)).scalar_one()
    return f"{last}:{events}"


def _rank(cluster: EventCluster) -> tuple:
    return (-cluster.sources, -cluster.reports, -(_ordinal(cluster.last_day)), cluster.id)


def _ordinal(day: str | None) -> int:
    return int((day or "0").replace("-", "")[:8].ljust(8, "0")) if day else 0


def _all(store: Store, filters: EventFilter | None) -> tuple[EventCluster, ...]:
    with store.engine.connect() as conn:
        key = (store.name, state(conn), repr(filters))
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    found = tuple(sorted(clusters(store, filters=filters), key=_rank))
    with _lock:
        _kept[key] = found
        while len(_kept) > _KEPT:
            _kept.popitem(last=False)
    return found


def find_clusters(
    store: Store, filters: EventFilter | None = None, *, page: int = 1, per_page: int = 50
) -> ClusterPage:
    """One page of the clusters among the events matching ``filters`` (date, actor and the
    rest of :class:`~backchannel.query.EventFilter`), most independent sources first, then
    most reports, then the latest."""
    check_range("page", page, 1, MAX_PAGE)
    check_range("per_page", per_page, 1, MAX_PER_PAGE)
    found = _all(store, filters)
    start = (page - 1) * per_page
    return ClusterPage(
        found[start : start + per_page],
        len(found),
        sum(c.reports for c in found),
        page,
        per_page,
    )
