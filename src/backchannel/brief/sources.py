"""Who a brief's developments and statements rest on.

:func:`reports` gives each development its reports, one an article: the outlet, the day, and
the named speakers and anonymous sources the report rests on (with their stated count, "two
senior US officials" counting two). :func:`said` gives the statements the period's events
rest on, and every contested one, each marked anonymous or not.

Anonymous speakers are told from named ones by :mod:`backchannel.claims.speakers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from backchannel.claims import speakers
from backchannel.claims.speakers import is_anonymous
from backchannel.clusters import EventCluster
from backchannel.query import MAX_LIMIT, EventRow, StatementRow, statements
from backchannel.store import Store, schema
from backchannel.vocab import CONTESTED

__all__ = ["Report", "Said", "is_anonymous", "persons", "reports", "said", "speaker_label"]

_ROWS = 500  # ids an IN (…) carries


@dataclass(frozen=True, slots=True)
class Said:
    """A statement in the brief's articles, with the article it was reported in."""

    statement: StatementRow
    outlet: str | None
    published: str | None
    title: str | None
    anonymous: bool = False  # an unnamed source (a group naming its members is not)

    @property
    def speaker(self) -> str:
        """The speaker as the brief shows it, anonymous ones marked with their count."""
        return speaker_label(self.statement.speaker, self.anonymous, self.statement.anonymous_count)


@dataclass(frozen=True, slots=True)
class Report:
    """One article's report of a development: which outlet, when, on whose word."""

    event_id: str
    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    sourcing: str  # named | anonymous | article
    named: tuple[str, ...]  # the named speakers the report rests on
    anonymous: int  # how many anonymous sources it rests on (their stated count, else 1 each)

    @property
    def how(self) -> str:
        """Who the report rests on, in words: "named: Donald Trump; 3 anonymous sources"."""
        parts = [f"named: {', '.join(self.named)}"] if self.named else []
        if self.anonymous:
            parts.append(f"{self.anonymous} anonymous source{'s' if self.anonymous != 1 else ''}")
        return "; ".join(parts) or "the article's own account"


def speaker_label(speaker: str | None, anonymous: bool, count: int | None = None) -> str:
    """A speaker as briefs print it: "two senior US officials [anonymous, 3]"; named ones
    and unattributed statements unmarked."""
    name = (speaker or "unattributed").strip(" ,")
    if not anonymous:
        return name
    return f"{name} [anonymous{f', {count}' if count and count > 1 else ''}]"


def persons(store: Store, article_ids: Iterable[str]) -> dict[str, set[str]]:
    """Article id → the full names of the people it mentions."""
    with store.engine.connect() as conn:
        return speakers.persons(conn, article_ids)


def _statements(store: Store, ids: Sequence[str]) -> list[StatementRow]:
    ids = sorted(set(ids))
    found: list[StatementRow] = []
    for start in range(0, len(ids), MAX_LIMIT):
        found += statements(store, ids=ids[start : start + MAX_LIMIT], limit=MAX_LIMIT)
    return found


def _actor_names(store: Store, ids: Iterable[str | None]) -> dict[str, str]:
    a = schema.actors
    wanted = sorted({i for i in ids if i})
    found: dict[str, str] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), _ROWS):
            query = select(a.c.id, a.c.name, a.c.kind).where(
                a.c.id.in_(wanted[start : start + _ROWS])
            )
            found.update({i: name for i, name, kind in conn.execute(query) if kind == "person"})
    return found


def reports(
    store: Store, developments: Sequence[EventCluster]
) -> tuple[tuple[str, tuple[Report, ...]], ...]:
    """Each development's reports, one an article, in publication order."""
    events = [e for c in developments for e in c.events]
    said = {s.id: s for s in _statements(store, [i for e in events for i in e.attributed_to])}
    names = persons(store, {s.article_id for s in said.values()})
    people = _actor_names(store, (s.speaker_actor_id for s in said.values()))
    found = []
    for cluster in developments:
        first: dict[str, EventRow] = {}
        for row in sorted(cluster.events, key=lambda e: (e.published or "", e.article_id, e.id)):
            first.setdefault(row.article_id, row)
        found.append((cluster.id, tuple(_report(r, said, names, people) for r in first.values())))
    return tuple(found)


def _report(
    row: EventRow,
    said: dict[str, StatementRow],
    names: dict[str, set[str]],
    people: dict[str, str],
) -> Report:
    named: list[str] = []
    anonymous: dict[str, int] = {}
    for sid in row.attributed_to:
        st = said.get(sid)
        if st is None:
            continue
        if is_anonymous(st.speaker_kind, st.speaker, names.get(st.article_id, ())):
            anonymous[(st.speaker or "").lower()] = max(1, st.anonymous_count or 1)
        elif st.speaker:
            name = people.get(st.speaker_actor_id or "", st.speaker).strip(" ,")
            if name not in named:
                named.append(name)
    return Report(
        row.id,
        row.article_id,
        row.outlet,
        row.published,
        row.title,
        row.sourcing,
        tuple(named),
        sum(anonymous.values()),
    )


def said(
    store: Store, rows: Sequence[EventRow], first: Iterable[str] = (), *, limit: int = 120
) -> tuple[tuple[Said, ...], int]:
    """The statements of the period's articles the events rest on, and every contested one
    (a copied story's repeats once): those of the ``first`` events' articles first, then by
    publication; at most ``limit``, with how many there were in all."""
    articles = {r.article_id: r for r in rows}
    attributed = {sid for r in rows for sid in r.attributed_to}
    ids = _contested(store, list(articles)) | attributed
    leading = {r.article_id for r in rows if r.id in set(first)}
    names = persons(store, articles)
    found, seen = [], set()
    for st in sorted(
        _statements(store, list(ids)),
        key=lambda s: (
            s.article_id not in leading,
            articles[s.article_id].published or "" if s.article_id in articles else "",
            s.article_id,
            s.content.start,
        ),
    ):
        key = (st.speaker, st.stance, st.content.text)
        if st.article_id in articles and key not in seen:
            seen.add(key)
            row = articles[st.article_id]
            anonymous = is_anonymous(st.speaker_kind, st.speaker, names.get(st.article_id, ()))
            found.append(Said(st, row.outlet, row.published, row.title, anonymous))
    return tuple(found[:limit]), len(found)


def _contested(store: Store, article_ids: list[str]) -> set[str]:
    st = schema.statements
    found: set[str] = set()
    with store.engine.connect() as conn:
        for start in range(0, len(article_ids), _ROWS):
            query = select(st.c.id).where(
                st.c.article_id.in_(article_ids[start : start + _ROWS]),
                st.c.stance.in_(sorted(CONTESTED)),
            )
            found.update(conn.scalars(query))
    return found
