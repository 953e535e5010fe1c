"""Claims kept in the store: grouped once when the store's statements change, then paged and
filtered by SQL.

:func:`refresh` groups every statement of the store (:func:`~backchannel.claims.group.
group_utterances`, read from the ``statements`` table, not from the records' JSON) and writes
the ``claims`` and ``claim_voices`` tables with the store's state (the last article's order
number and the number of statements, ``meta`` key ``claims_state``). Every read calls it
first, so the first read after an ingest (or of a store written by an older backchannel)
groups, and later reads only page (a store of 20,000 articles groups in about 15 s on one
core). A store this process cannot write is grouped in memory, once per state.

:func:`find_claims` answers one page of claims, contested ones first, filtered by the dates
their statements were published, by actor (speaker name or actor id, or the proposition's
words) and by stance.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, exists, func, insert, select

from backchannel.claims.group import (
    EMBED_JOIN_THRESHOLD,
    Claim,
    Embedder,
    Utterance,
    group_utterances,
    speaker_subject,
)
from backchannel.claims.speakers import is_anonymous, persons
from backchannel.claims.view import ClaimView, SideRow, view
from backchannel.errors import QueryError
from backchannel.query import MAX_PAGE, MAX_PER_PAGE, STANCES, check_range, day_bound
from backchannel.store import Store, schema

__all__ = ["ClaimPage", "find_claims", "grouped", "read", "refresh", "state"]

STATE_KEY = "claims_state"
_ROWS = 500  # rows an INSERT carries
_SHOWN = 60  # side rows a claim shows at most
C, V = schema.claims, schema.claim_voices
_memory: dict[tuple[str, str], Engine] = {}
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """One page of claims and how many match in all."""

    items: tuple[ClaimView, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def state(conn: Connection) -> str:
    """The store's state as claims see it: last order number and number of statements."""
    last = conn.execute(select(func.coalesce(func.max(schema.articles.c.seq), 0))).scalar_one()
    said = conn.execute(select(func.count()).select_from(schema.statements)).scalar_one()
    return f"{last}:{said}"


def _stored_state(conn: Connection) -> str | None:
    meta = schema.meta
    return conn.execute(select(meta.c.value).where(meta.c.key == STATE_KEY)).scalar()


def refresh(store: Store, *, force: bool = False) -> bool:
    """Regroup the store's claims when its statements changed since the last grouping (or
    when ``force``); returns whether it grouped. A read-only store is left as it is."""
    if store.read_only:
        return False
    with _lock:
        with store.engine.connect() as conn:
            now = state(conn)
            if not force and _stored_state(conn) == now:
                return False
            claims, said = _group(conn)
        with store.engine.begin() as conn:
            _write(conn, claims, said, now)
    return True


def _engine(store: Store) -> Engine:
    """The engine to read claims from: the store's own, refreshed; for a store that cannot
    be written and whose claims are stale, an in-memory copy grouped once per state."""
    if not store.read_only:
        refresh(store)
        return store.engine
    with store.engine.connect() as conn:
        now = state(conn)
        if _has_claims(conn) and _stored_state(conn) == now:
            return store.engine
        key = (store.name, now)
        with _lock:
            if key not in _memory:
                memory = create_engine("sqlite://")
                schema.metadata.create_all(memory, tables=[schema.meta, C, V])
                claims, said = _group(conn)
                with memory.begin() as target:
                    _write(target, claims, said, now)
                _memory.clear()
                _memory[key] = memory
            return _memory[key]


def _has_claims(conn: Connection) -> bool:
    return bool(conn.dialect.has_table(conn, C.name))


# -- grouping --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Said:
    """A stored statement with what a voice row keeps beyond the utterance."""

    utterance: Utterance
    actor_id: str | None
    outlet: str | None
    cluster: str


def _group(conn: Connection) -> tuple[list[Claim], dict[str, _Said]]:
    said = {s.utterance.statement_id: s for s in _named(conn, list(_read(conn)))}
    return group_utterances([s.utterance for s in said.values()]), said


def _latest(store: Store, limit: int) -> list[str]:
    """Ids of the ``limit`` articles ingested last."""
    a = schema.articles
    with store.engine.connect() as conn:
        return list(conn.scalars(select(a.c.id).order_by(a.c.seq.desc()).limit(limit)))


def read(store: Store, article_ids: Sequence[str]) -> list[_Said]:
    """The stored statements of some articles, in ingest order."""
    found: list[_Said] = []
    with store.engine.connect() as conn:
        for start in range(0, len(article_ids), _ROWS):
            found += _read(conn, article_ids[start : start + _ROWS])
        return _named(conn, found)


def _named(conn: Connection, found: list[_Said]) -> list[_Said]:
    """``found`` with the anonymous speakers that name people of their article ("officials,
    including Mark Esper") counted as named (:mod:`backchannel.claims.speakers`)."""
    unnamed = {s.utterance.article_id for s in found if s.utterance.speaker_kind == "anonymous"}
    names = persons(conn, unnamed)
    return [
        s
        if s.utterance.speaker_kind != "anonymous"
        or is_anonymous("anonymous", s.utterance.speaker, names.get(s.utterance.article_id, ()))
        else replace(s, utterance=replace(s.utterance, speaker_kind="person"))
        for s in found
    ]


def _read(conn: Connection, article_ids: Sequence[str] | None = None) -> Iterator[_Said]:
    st, a, ac = schema.statements, schema.articles, schema.actors
    query = (
        select(
            st.c.id,
            st.c.article_id,
            st.c.speaker_text,
            st.c.speaker_kind,
            st.c.speaker_actor_id,
            st.c.stance,
            st.c.content_text,
            a.c.published,
            a.c.outlet,
            a.c.cluster,
            ac.c.name,
        )
        .join(a, a.c.id == st.c.article_id)
        .outerjoin(ac, ac.c.id == st.c.speaker_actor_id)
        .order_by(a.c.seq, st.c.content_start, st.c.id)
    )
    if article_ids is not None:
        query = query.where(st.c.article_id.in_(list(article_ids)))
    for row in conn.execute(query):
        kind = row.speaker_kind or "none"
        speaker = row.name or row.speaker_text
        subject = speaker_subject(kind, row.speaker_actor_id, row.speaker_text)
        yield _Said(
            Utterance(
                row.id,
                row.article_id,
                row.published,
                speaker,
                kind,
                subject,
                row.stance,
                row.content_text,
            ),
            row.speaker_actor_id,
            row.outlet,
            row.cluster or row.article_id,
        )


def _write(conn: Connection, claims: Sequence[Claim], said: dict[str, _Said], now: str) -> None:
    conn.execute(delete(V))
    conn.execute(delete(C))
    claim_rows, voice_rows = [], []
    for claim in claims:
        voices = [(side.stance, v) for side in claim.sides for v in side.voices]
        days = sorted(v.published for _, v in voices if v.published)
        found = [said[v.statement_id] for _, v in voices]
        claim_rows.append(
            dict(
                id=claim.id,
                proposition=claim.proposition,
                stances=",".join(side.stance for side in claim.sides),
                contested=len(claim.sides),
                voices=len(voices),
                articles=len({v.article_id for _, v in voices}),
                sources=_sources(found),
                first_published=days[0] if days else None,
                last_published=days[-1] if days else None,
            )
        )
        for position, ((stance, voice), one) in enumerate(zip(voices, found)):
            voice_rows.append(
                dict(
                    claim_id=claim.id,
                    statement_id=voice.statement_id,
                    position=position,
                    stance=stance,
                    speaker=voice.speaker,
                    speaker_kind=voice.speaker_kind,
                    speaker_actor_id=one.actor_id,
                    text=one.utterance.text,
                    article_id=voice.article_id,
                    published=voice.published,
                    outlet=one.outlet,
                )
            )
    for table, rows in ((C, claim_rows), (V, voice_rows)):
        for start in range(0, len(rows), _ROWS):
            conn.execute(insert(table), rows[start : start + _ROWS])
    meta = schema.meta
    conn.execute(delete(meta).where(meta.c.key == STATE_KEY))
    conn.execute(insert(meta).values(key=STATE_KEY, value=now))


def _sources(found: Sequence[_Said]) -> int:
    """Independent sources: copies of one story, and one outlet's reports, count once."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for one in found:
        story = root(f"story:{one.cluster}")
        if one.outlet:
            parent[root(f"outlet:{one.outlet.lower()}")] = story
    return len({root(f"story:{one.cluster}") for one in found})


# -- reading ---------------------------------------------------------------------------


def find_claims(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    stance: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> ClaimPage:
    """One page of the store's claims, contested ones (more stances) first, then the most
    voices, then the latest; filtered by when their statements were published
    (``since``/``until``: YYYY, YYYY-MM or YYYY-MM-DD), by ``actor`` (part of a speaker's
    name, a speaker's actor id, or words of the proposition) and by ``stance``."""
    check_range("page", page, 1, MAX_PAGE)
    check_range("per_page", per_page, 1, MAX_PER_PAGE)
    if stance and stance not in STANCES:
        raise QueryError(f"unknown stance {stance!r}; expected one of {', '.join(STANCES)}")
    where = _where(since, until, actor, stance)
    engine = _engine(store)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(C).where(*where)).scalar_one()
        order = (C.c.contested.desc(), C.c.voices.desc(), C.c.last_published.desc(), C.c.id)
        query = select(C).where(*where).order_by(*order)
        found = conn.execute(query.limit(per_page).offset((page - 1) * per_page)).mappings().all()
        voices = _voices(conn, [row["id"] for row in found])
    items = tuple(_view(row, voices.get(row["id"], [])) for row in found)
    return ClaimPage(items, total, page, per_page)


def _where(since: str | None, until: str | None, actor: str | None, stance: str | None) -> list:
    where: list[Any] = []
    voice = select(V.c.claim_id).where(V.c.claim_id == C.c.id)
    if since or until:
        if since:
            first = day_bound(since, name="since")
            where.append(C.c.last_published >= first)
            voice = voice.where(V.c.published >= first)
        if until:
            after = (
                date.fromisoformat(day_bound(until, upper=True, name="until")) + timedelta(days=1)
            ).isoformat()
            where.append(C.c.first_published < after)
            voice = voice.where(V.c.published < after)
    if stance:
        voice = voice.where(V.c.stance == stance)
    if actor:
        needle = actor.strip().lower()
        voice = voice.where(
            func.lower(V.c.speaker).contains(needle, autoescape=True)
            | (V.c.speaker_actor_id == actor.strip())
            | func.lower(V.c.text).contains(needle, autoescape=True)
        )
    if since or until or stance or actor:
        where.append(exists(voice))
    return where


def _voices(conn: Connection, ids: list[str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = defaultdict(list)
    if not ids:
        return found
    query = select(V).where(V.c.claim_id.in_(ids)).order_by(V.c.claim_id, V.c.position)
    for row in conn.execute(query).mappings():
        found[row["claim_id"]].append(row)
    return found


def _view(row: Any, voices: list[Any]) -> ClaimView:
    sides: dict[tuple[Any, ...], SideRow] = {}
    for v in voices:
        side = SideRow(
            v["stance"],
            v["speaker"],
            v["text"],
            v["article_id"],
            v["published"],
            v["speaker_kind"],
            v["outlet"],
        )
        # a copied story repeats voices: one row for each stance, speaker and text
        sides.setdefault((side.stance, side.speaker, side.text), side)
    return ClaimView(
        row["id"],
        row["proposition"],
        tuple(list(sides.values())[:_SHOWN]),
        first=row["first_published"],
        last=row["last_published"],
        voices=row["voices"],
        articles=row["articles"],
        sources=row["sources"],
    )


def grouped(
    store: Store,
    *,
    article_ids: Iterable[str] | None = None,
    latest: int | None = None,
    embed: Embedder | None = None,
) -> tuple[ClaimView, ...]:
    """Claims of the whole store (kept grouped in it), or of some articles grouped now: the
    given ``article_ids``, or the ``latest`` ingested.

    ``embed``: group by these sentence embeddings (:func:`~backchannel.claims.minilm_embedder`)
    at :data:`~backchannel.claims.EMBED_JOIN_THRESHOLD` instead of by shared words (the
    latest 500 articles unless told otherwise).
    """
    if article_ids is None and latest is None and embed is None:
        first = find_claims(store, per_page=1)
        return find_claims(store, per_page=max(1, min(first.total, MAX_PER_PAGE))).items
    ids = list(article_ids) if article_ids is not None else _latest(store, latest or 500)
    said = [s.utterance for s in read(store, ids)]
    contents = {u.statement_id: u.text for u in said}
    found = (
        group_utterances(said)
        if embed is None
        else group_utterances(said, EMBED_JOIN_THRESHOLD, embed=embed)
    )
    return tuple(view(c, contents) for c in found)
