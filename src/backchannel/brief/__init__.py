"""Briefs: what happened in a period, ranked by how many independent sources report it.

A brief gathers the events of ``since``..``until`` (optionally those involving one actor,
country or name), merges reports of one real-world event into clusters, and writes:
top developments ranked by independent sources, a timeline, who said what (statements
and their stance: assert, deny, dispute, decline, unverified), sourcing notes (what rests
only on anonymous sources), and charts. The same store and arguments always give the same
brief; a generation time appears only when passed in.

:func:`write_brief` gathers the parts into a :class:`Brief`; :mod:`backchannel.brief.render`
writes them as Markdown and as one self-contained HTML page (this package's templates and
stylesheet).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote

from backchannel import charts
from backchannel.brief import render, sources
from backchannel.brief.render import headline
from backchannel.brief.sources import Report, Said
from backchannel.clusters import EventCluster, cluster_events
from backchannel.errors import QueryError
from backchannel.query import (
    EventFilter,
    EventRow,
    day_bound,
    dyads,
    find_events,
    iter_events,
    network,
)
from backchannel.store import Store

if TYPE_CHECKING:
    from backchannel.claims import ClaimView

__all__ = [
    "MAX_DAYS",
    "Brief",
    "Change",
    "Report",
    "Said",
    "headline",
    "period",
    "write_brief",
]

MAX_DAYS = 3660  # the longest period a brief covers: about ten years
MAX_SAID = 120  # statements the brief lists at most (those of the top developments first)
LEDE_CHARS = 400  # an event in an article's first characters is its lede: the story's news


@dataclass(frozen=True, slots=True)
class Change:
    """A dyad's events in the brief's period against the period of equal length before it.

    ``label`` follows the change bands analysts know from ACLED's Trendfinder: over +25 %
    a large increase, +10 to +25 % moderate, −25 to +10 % limited, under −25 % a large
    decrease; ``new`` when the dyad had no events before; two events or fewer on both
    sides is always limited change.
    """

    actor_country: str | None
    recipient_country: str | None
    now: int
    before: int
    conflict_now: int
    conflict_before: int

    @property
    def dyad(self) -> str:
        """``USA→RUS``; an unknown side reads "unidentified"."""
        return f"{self.actor_country or 'unidentified'}→{self.recipient_country or 'unidentified'}"

    @property
    def percent(self) -> float | None:
        return None if not self.before else round(100 * (self.now - self.before) / self.before, 1)

    @property
    def label(self) -> str:
        if self.now <= 2 and self.before <= 2:
            return "limited change"
        if not self.before:
            return "new"
        pct = self.percent or 0.0
        if pct > 25:
            return "large increase"
        if pct > 10:
            return "moderate increase"
        return "large decrease" if pct < -25 else "limited change"


@dataclass(frozen=True, slots=True)
class Brief:
    """A brief's parts; ``markdown`` and ``html`` render them (:mod:`backchannel.brief.render`)."""

    since: str
    until: str
    actor: str | None
    title: str
    developments: tuple[EventCluster, ...]
    timeline: tuple[EventCluster, ...]
    said: tuple[Said, ...]
    anonymous_only: tuple[EventCluster, ...]
    sourcing: tuple[tuple[str, int], ...]
    changes: tuple[Change, ...]
    claims: tuple[ClaimView, ...]
    articles: int
    events: int
    generated: str | None
    charts: tuple[tuple[str, str], ...]  # (name, inline SVG)
    said_total: int = 0  # statements in all (``said`` lists the first :data:`MAX_SAID`)
    reports: tuple[tuple[str, tuple[Report, ...]], ...] = ()  # development id → its reports
    base_url: str | None = None  # links are absolute under it, else relative to the web app

    @property
    def previous(self) -> tuple[str, str]:
        """The period of the same length just before this one, that "what changed" compares."""
        return _previous(self.since, self.until)

    @property
    def days(self) -> int:
        return (date.fromisoformat(self.until) - date.fromisoformat(self.since)).days + 1

    def reports_of(self, cluster: EventCluster) -> tuple[Report, ...]:
        """Who reported a development and how, one entry an article."""
        return dict(self.reports).get(cluster.id, ())

    def event_url(self, event_id: str) -> str:
        """The web app's page of an event (absolute under :attr:`base_url`)."""
        return f"{self.base_url or ''}/events/{quote(event_id, safe='')}"

    def article_url(self, article_id: str) -> str:
        """The web app's page of an article (absolute under :attr:`base_url`)."""
        return f"{self.base_url or ''}/articles/{quote(article_id, safe='')}"

    @property
    def markdown(self) -> str:
        """The brief as Markdown (:func:`backchannel.brief.render.markdown`)."""
        return render.markdown(self)

    @property
    def html(self) -> str:
        """The brief as one self-contained page (:func:`backchannel.brief.render.html`)."""
        return render.html(self)


def _checked(since: str, until: str) -> tuple[str, str]:
    """``since``..``until`` as ISO days (``YYYY`` and ``YYYY-MM`` cover their whole period), or
    a QueryError."""
    first, last = day_bound(since, name="since"), day_bound(until, upper=True, name="until")
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    if days < 1:
        raise QueryError(f"brief period is empty: {first} is after {last}")
    if days > MAX_DAYS:
        raise QueryError(
            f"brief period {first} to {last} is {days} days long; a brief covers at most {MAX_DAYS}"
        )
    return first, last


def period(
    store: Store, since: str | None = None, until: str | None = None, *, days: int = 30
) -> tuple[str, str]:
    """A brief's period: ``since``..``until`` where given; a missing end is the latest
    publication day (today in an empty store; an event planned for next year does not move
    it), a missing start ``days`` before the end."""
    if not until:
        latest = find_events(store, per_page=1, order="-published").items
        day = (latest[0].published or latest[0].day or "")[:10] if latest else ""
        until = day if _real(day) else date.today().isoformat()
    if not since:
        end = date.fromisoformat(day_bound(until, upper=True, name="until"))
        since = (end - timedelta(days=days)).isoformat()
    return _checked(since, until)


def _real(day: str) -> bool:
    """Whether ``day`` is a real ISO day."""
    try:
        return bool(date.fromisoformat(day))
    except ValueError:
        return False


def _chart_counts(
    rows: Sequence[EventRow], since: str, until: str
) -> list[tuple[str, str | None, int]]:
    """Event counts by day (by month for periods over two months) and quad class."""
    width = 10 if (date.fromisoformat(until) - date.fromisoformat(since)).days <= 62 else 7
    counts = Counter(((r.day or "")[:width], r.quad) for r in rows)
    return [
        (period, quad, n)
        for (period, quad), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    ]


def _rank(cluster: EventCluster) -> tuple:
    """Most independent sources first, then most reports; among equals, what happened
    (asserted) before what might, both sides identified, what an article leads with (its
    first :data:`LEDE_CHARS` characters: news writing puts the news first), named sourcing,
    strongest intensity."""
    lead = cluster.lead
    hedged = lead.modality != "asserted"
    lede = min(e.sentence.start for e in cluster.events) >= LEDE_CHARS
    known = -sum(side != "?" for side in (cluster.actor, cluster.recipient))
    named = 0 if "named" in cluster.sourcings else 1
    return (
        -cluster.sources,
        -cluster.reports,
        hedged,
        known,
        lede,
        named,
        -abs(lead.intensity or 0),
        cluster.first_day or "",
        cluster.id,
    )


def _claims(
    store: Store, since: str, until: str, actor: str | None, *, top: int = 10
) -> tuple[ClaimView, ...]:
    """Claims voiced in the period (the store keeps them grouped), contested ones (more than
    one stance) first."""
    from backchannel.claims import find_claims  # loads the NLP stack's lexicons: imported on use

    return find_claims(store, since=since, until=until, actor=actor, per_page=top).items


def _previous(since: str, until: str) -> tuple[str, str]:
    """The period of equal length just before ``since``..``until``."""
    first, last = date.fromisoformat(since), date.fromisoformat(until)
    length = (last - first).days + 1
    return (first - timedelta(days=length)).isoformat(), (first - timedelta(days=1)).isoformat()


def _conflict(count) -> int:
    return sum(n for quad, n in count.by_quad if quad.endswith("CONFLICT"))


def _changes(
    store: Store, since: str, until: str, actor: str | None, *, top: int = 12
) -> tuple[Change, ...]:
    """The dyads whose event counts moved most against the previous period."""
    before_since, before_until = _previous(since, until)
    now = {
        (d.actor_country, d.recipient_country): d
        for d in dyads(
            store, filters=EventFilter(actor=actor, since=since, until=until), limit=10000
        )
    }
    then = {
        (d.actor_country, d.recipient_country): d
        for d in dyads(
            store,
            filters=EventFilter(actor=actor, since=before_since, until=before_until),
            limit=10000,
        )
    }
    found = []
    for key in now.keys() | then.keys():
        if key == (None, None):  # neither side known: no dyad to compare
            continue
        a, b = now.get(key), then.get(key)
        found.append(
            Change(
                key[0],
                key[1],
                a.count if a else 0,
                b.count if b else 0,
                _conflict(a) if a else 0,
                _conflict(b) if b else 0,
            )
        )
    found.sort(key=lambda c: (-abs(c.now - c.before), -c.now, c.dyad))
    return tuple(found[:top])


def write_brief(
    store: Store,
    *,
    since: str,
    until: str,
    actor: str | None = None,
    top: int = 10,
    generated: str | None = None,
    base_url: str | None = None,
) -> Brief:
    """The brief for ``since``..``until`` (YYYY-MM-DD), optionally about one actor.

    ``YYYY`` and ``YYYY-MM`` cover their whole period; a period over :data:`MAX_DAYS` days,
    or a date that does not exist, is a :class:`QueryError`. Links to event and article
    pages are absolute under ``base_url`` (the web app's address), else relative.
    """
    since, until = _checked(since, until)
    flt = EventFilter(actor=actor, since=since, until=until)
    rows = list(iter_events(store, flt))
    found = tuple(sorted(cluster_events(rows), key=_rank))
    top_found = found[:top]
    said, said_total = sources.said(
        store, rows, (e.id for c in top_found for e in c.events), limit=MAX_SAID
    )
    title = f"Brief {since} – {until}" + (f": {actor}" if actor else "")
    svgs = {
        "quads": charts.quad_bars(
            _chart_counts(rows, since, until), width=640, height=300, label="events by quad class"
        ),
        "network": charts.network(
            network(store, filters=flt), width=640, height=360, label="who acted on whom"
        ),
    }
    return Brief(
        since=since,
        until=until,
        actor=actor,
        title=title,
        developments=top_found,
        timeline=tuple(sorted(found, key=lambda c: (c.first_day or "", c.id))),
        said=said,
        said_total=said_total,
        anonymous_only=tuple(c for c in found if c.anonymous_only),
        sourcing=tuple(sorted(Counter(r.sourcing for r in rows).items())),
        changes=_changes(store, since, until, actor),
        claims=_claims(store, since, until, actor),
        articles=len({r.article_id for r in rows}),
        events=len(rows),
        generated=generated,
        charts=tuple(svgs.items()),
        reports=sources.reports(store, top_found),
        base_url=base_url.rstrip("/") if base_url else None,
    )
