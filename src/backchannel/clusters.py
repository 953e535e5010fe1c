"""Event clusters: the reports of one real-world event across articles, merged.

Two coded events are reports of one event when they have the same PLOVER type, the same
actor and recipient (the same countries where both sides have one, else the same resolved
actor ids), compatible modes (equal, or one unknown) and event days no more than
``window_days`` apart. Linking is transitive within a group, in day order. An event with
neither actor nor recipient identified has nothing to match on and stays on its own; an
undated event can only join undated mentions in its own article.

A cluster counts its *reports* (distinct articles) and its *independent sources*:
near-duplicate copies of one story (``articles.cluster``) count once, and so do several
reports from one outlet.

Deduplication is chosen at export time: ``none`` keeps every report, ``one-a-day`` keeps
one event per day, type, actor and recipient (the ``one_a_day`` of the R ``events``
package), ``clusters`` keeps one event per cluster.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from backchannel.errors import QueryError
from backchannel.query import EventFilter, EventRow, event, iter_events
from backchannel.records import short_hash
from backchannel.store import Store

__all__ = [
    "DEDUPE",
    "EventCluster",
    "cluster_events",
    "cluster_of",
    "clusters",
    "dedupe",
    "independent_sources",
]

DEDUPE = ("none", "one-a-day", "clusters")
WINDOW_DAYS = 3
_SOURCING_RANK = {"named": 0, "anonymous": 1, "article": 2}


@dataclass(frozen=True, slots=True)
class EventCluster:
    """One real-world event as reported by one or more articles."""

    id: str
    type: str
    quad: str | None
    actor: str
    recipient: str
    first_day: str | None
    last_day: str | None
    events: tuple[EventRow, ...]

    @property
    def lead(self) -> EventRow:
        """The report to show for the cluster: named sourcing first, then the most specific
        (both sides identified, a mode such as phone or visit), then confidence."""
        return min(
            self.events,
            key=lambda e: (
                _SOURCING_RANK.get(e.sourcing, 3),
                -_specificity(e),
                -(e.confidence or 0),
                e.id,
            ),
        )

    @property
    def reports(self) -> int:
        """How many articles report it."""
        return len({e.article_id for e in self.events})

    @property
    def sources(self) -> int:
        """How many independent sources report it.

        Reports are one source when they are near-duplicate copies of one story or come
        from the same outlet (and, transitively, copies of that outlet's story elsewhere).
        """
        return independent_sources(self.events)

    @property
    def sourcings(self) -> tuple[str, ...]:
        """How the reports are sourced (named / anonymous / article), deduplicated."""
        return tuple(
            sorted({e.sourcing for e in self.events}, key=lambda s: _SOURCING_RANK.get(s, 3))
        )

    @property
    def anonymous_only(self) -> bool:
        """True when no report names a source: the event rests on anonymous sources alone."""
        return self.sourcings == ("anonymous",)


def _specificity(row: EventRow) -> int:
    """How much a report says: each identified side and a mode count one."""
    sides = sum(
        bool(name or country)
        for name, country in (
            (row.actor_name, row.actor_country),
            (row.recipient_name, row.recipient_country),
        )
    )
    return sides + bool(row.mode)


def independent_sources(rows: Iterable[EventRow]) -> int:
    """Distinct sources among reports: joined by near-duplicate cluster or by outlet."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for row in rows:
        keys = [f"cluster:{row.source_cluster}"] + (
            [f"outlet:{row.outlet.lower()}"] if row.outlet else []
        )
        for key in keys[1:]:
            parent[root(key)] = root(keys[0])
        root(keys[0])
    return len({root(k) for k in parent if k.startswith("cluster:")})


def _side(country: str | None, actor_id: str | None, name: str | None) -> str:
    return country or actor_id or (name or "").lower() or "?"


def _key(row: EventRow) -> tuple[str, ...]:
    actor = _side(row.actor_country, row.actor_id, row.actor_name)
    recipient = _side(row.recipient_country, row.recipient_id, row.recipient_name)
    if actor == recipient == "?":
        return (row.type, actor, recipient, row.id)  # nothing to match on: a cluster of its own
    return (row.type, actor, recipient)


def _ordinal(day: str | None) -> int | None:
    try:
        return date.fromisoformat(day).toordinal() if day else None
    except ValueError:
        return None


def _linked(row: EventRow, group: list[EventRow], window_days: int) -> bool:
    last = group[-1]
    here, there = _ordinal(row.day), _ordinal(last.day)
    if here is None or there is None:  # undated: only mentions in one article can be matched
        if not (here is None and there is None and row.article_id == last.article_id):
            return False
    elif here - there > window_days:
        return False
    return not (row.mode and last.mode and row.mode != last.mode)


def cluster_events(
    rows: Iterable[EventRow], *, window_days: int = WINDOW_DAYS
) -> tuple[EventCluster, ...]:
    """Group events into clusters, the best-sourced and busiest first."""
    groups: dict[tuple, list[EventRow]] = defaultdict(list)
    for row in rows:
        groups[_key(row)].append(row)
    found = []
    for key, members in groups.items():
        found += [_cluster(key, chain) for chain in _chains(members, window_days)]
    found.sort(key=lambda c: c.id)
    found.sort(key=lambda c: c.last_day or "", reverse=True)
    found.sort(key=lambda c: (-c.sources, -c.reports))  # stable: latest first among equals
    return tuple(found)


def _chains(members: list[EventRow], window_days: int) -> list[list[EventRow]]:
    """Link events in day order; only chains that ended within the window stay open.

    Undated events are linked only within their own article, so they are chained per article.
    """
    dated = [r for r in members if _ordinal(r.day) is not None]
    undated: dict[str, list[EventRow]] = defaultdict(list)
    for row in members:
        if _ordinal(row.day) is None:
            undated[row.article_id].append(row)
    chains = _link(sorted(dated, key=lambda r: (r.day, r.id)), window_days)
    for rows in undated.values():
        chains += _link(sorted(rows, key=lambda r: r.id), window_days)
    return chains


def _link(rows: list[EventRow], window_days: int) -> list[list[EventRow]]:
    chains: list[list[EventRow]] = []
    open_chains: list[list[EventRow]] = []
    for row in rows:
        here = _ordinal(row.day)
        if here is not None:
            open_chains = [c for c in open_chains if here - _ordinal(c[-1].day) <= window_days]
        home = next((c for c in open_chains if _linked(row, c, window_days)), None)
        if home is None:
            home = []
            chains.append(home)
            open_chains.append(home)
        home.append(row)
    return chains


def _cluster(key: tuple[str, ...], chain: list[EventRow]) -> EventCluster:
    days = [r.day for r in chain if r.day]
    return EventCluster(
        id=short_hash(*sorted(r.id for r in chain)),
        type=key[0],
        quad=chain[0].quad,
        actor=key[1],
        recipient=key[2],
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        events=tuple(chain),
    )


def clusters(
    store: Store, *, filters: EventFilter | None = None, window_days: int = WINDOW_DAYS
) -> tuple[EventCluster, ...]:
    """The event clusters among the events matching ``filters``."""
    return cluster_events(iter_events(store, filters), window_days=window_days)


def cluster_of(
    store: Store, event_id: str, *, window_days: int = WINDOW_DAYS
) -> EventCluster | None:
    """The cluster an event belongs to (other reports of the same event), None if unknown."""
    row = event(store, event_id)
    if row is None:
        return None
    day = _ordinal(row.day)
    if day is None:
        flt = EventFilter(type=row.type, article=row.article_id)
    else:
        span = window_days * 3  # a chain may run past the window on either side
        flt = EventFilter(
            type=row.type,
            since=date.fromordinal(day - span).isoformat(),
            until=date.fromordinal(day + span).isoformat(),
        )
    near = [r for r in iter_events(store, flt) if _key(r) == _key(row)]
    return next(
        c
        for c in cluster_events(near, window_days=window_days)
        if row.id in {e.id for e in c.events}
    )


def dedupe(
    rows: Sequence[EventRow], how: str = "none", *, window_days: int = WINDOW_DAYS
) -> list[tuple[EventRow, EventCluster | None]]:
    """Events kept by a deduplication choice, each with its cluster when ``how`` is ``clusters``."""
    if how not in DEDUPE:
        raise QueryError(f"unknown deduplication {how!r}; expected one of {', '.join(DEDUPE)}")
    if how == "none":
        return [(row, None) for row in rows]
    if how == "one-a-day":
        seen: dict[tuple, EventRow] = {}
        for row in rows:
            seen.setdefault((row.day, *_key(row)), row)
        return [(row, None) for row in seen.values()]
    found = cluster_events(rows, window_days=window_days)
    return sorted(((c.lead, c) for c in found), key=lambda pair: (pair[0].day or "", pair[0].id))
