"""The store: articles, their records and the tables analysts query.

SQLite (one file, WAL) by default; any SQLAlchemy URL (``postgresql+psycopg://…``) for a
shared server. Writes go in batches, one transaction each, so a killed ingest loses at
most the batch in flight and a rerun continues where it stopped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from backchannel import plover
from backchannel.errors import StoreError
from backchannel.records import Actor, Article, Event, Quality, Record, Statement
from backchannel.store import schema
from backchannel.store.migrations import migrate

__all__ = ["Store", "Stored", "open_store", "store_url"]

DEFAULT_DB = "backchannel.db"


@dataclass(frozen=True, slots=True)
class Stored:
    """One article ready to write: the article, its record (None if not coded), its MinHash."""

    article: Article
    record: Record | None
    signature: bytes
    model: str = ""


def store_url(db: str | Path) -> str:
    """A SQLAlchemy URL for ``db``: a URL as given, or a path to a SQLite file."""
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def open_store(db: str | Path = DEFAULT_DB) -> "Store":
    """Open (creating or migrating as needed) the store at a path or SQLAlchemy URL."""
    url = store_url(db)
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        migrate(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open store {db}: {exc.__class__.__name__}: {exc}") from exc
    return Store(engine)


class Store:
    """Reads and writes one backchannel database. Create it with :func:`open_store`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        ids = list(ids)
        table = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.id).where(table.c.id.in_(ids)))
            return {row[0] for row in rows}

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        """Stored text of the given articles."""
        table = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(select(table.c.id, table.c.text).where(table.c.id.in_(list(ids))))
            return dict(rows.all())

    def signatures(self) -> Iterator[tuple[str, str, bytes]]:
        """(article id, cluster, MinHash) of every stored article, in ingest order."""
        a, s = schema.articles, schema.signatures
        query = select(a.c.id, a.c.cluster, s.c.minhash).join(s, s.c.article_id == a.c.id)
        with self.engine.connect() as conn:
            yield from conn.execute(query.order_by(a.c.seq))

    def article(self, article_id: str) -> Article | None:
        """One stored article (without its record)."""
        table = schema.articles
        with self.engine.connect() as conn:
            row = conn.execute(select(table).where(table.c.id == article_id)).mappings().first()
        return _article(row) if row else None

    def articles(self, *, limit: int | None = None) -> Iterator[Article]:
        """Stored articles in ingest order."""
        query = select(schema.articles).order_by(schema.articles.c.seq).limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                yield _article(row)

    def record_dicts(self, article_ids: Sequence[str] | None = None) -> Iterator[dict]:
        """The stored ``extract`` records (plain dicts), in ingest order."""
        r, a = schema.records, schema.articles
        query = select(r.c.data).join(a, a.c.id == r.c.article_id).order_by(a.c.seq)
        if article_ids is not None:
            query = query.where(r.c.article_id.in_(list(article_ids)))
        with self.engine.connect() as conn:
            for (data,) in conn.execute(query):
                yield json.loads(data)

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        names = ("articles", "records", "events", "statements", "actors", "times", "places")
        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(schema.metadata.tables[name])).scalar_one()
                for name in names
            }

    # -- writing ---------------------------------------------------------------------

    def add(self, batch: Sequence[Stored]) -> int:
        """Write a batch of new articles (and their records) in one transaction.

        Articles already stored are left as they are; returns how many were added.
        """
        fresh = _unique_new(batch, self.has_articles(s.article.id for s in batch))
        if not fresh:
            return 0
        try:
            with self.engine.begin() as conn:
                seq = conn.execute(select(func.coalesce(func.max(schema.articles.c.seq), 0))).scalar_one()
                for offset, item in enumerate(fresh, start=1):
                    _write(conn, item, seq + offset)
        except SQLAlchemyError as exc:
            raise StoreError(f"writing a batch of {len(fresh)} articles failed: {exc}") from exc
        return len(fresh)


def _unique_new(batch: Sequence[Stored], stored: set[str]) -> list[Stored]:
    seen = set(stored)
    fresh = []
    for item in batch:
        if item.article.id not in seen:
            seen.add(item.article.id)
            fresh.append(item)
    return fresh


def _article(row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        source=row["source"],
        input_id=row["input_id"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        published=row["published"],
        quality=Quality(row["language"], row["oov_rate"], tuple(json.loads(row["flags"]))),
        cluster=row["cluster"],
    )


def _write(conn, item: Stored, seq: int) -> None:
    article = item.article
    conn.execute(insert(schema.articles).values(**_article_row(article, seq, item.record is not None)))
    conn.execute(insert(schema.signatures).values(article_id=article.id, minhash=item.signature))
    if item.record is not None:
        _write_record(conn, item.record, item.model)


def _article_row(article: Article, seq: int, coded: bool) -> dict:
    return {
        "id": article.id,
        "input_id": article.input_id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "text": article.text,
        "language": article.quality.language,
        "oov_rate": article.quality.oov_rate,
        "flags": json.dumps(list(article.quality.flags)),
        "cluster": article.cluster,
        "coded": coded,
        "seq": seq,
    }


def _write_record(conn, record: Record, model: str) -> None:
    article_id = record.article.id
    data = json.dumps(record.to_dict(), ensure_ascii=False)
    conn.execute(insert(schema.records).values(article_id=article_id, schema="backchannel/1", model=model, data=data))
    _upsert_actors(conn, _all_actors(record))
    _insert_many(conn, schema.mentions, _mention_rows(record))
    statements = {s.id: s for s in record.statements}
    _insert_many(conn, schema.statements, [_statement_row(article_id, s) for s in statements.values()])
    events = {e.id: e for e in record.events}
    _insert_many(conn, schema.events, [_event_row(article_id, e, statements) for e in events.values()])
    _insert_many(conn, schema.event_actors, [row for e in events.values() for row in _event_actor_rows(e)])
    times = {(t.start, t.end): t for t in record.times}
    _insert_many(conn, schema.times, [dict(article_id=article_id, start=t.start, end=t.end, text=t.text, type=t.type, value=t.value) for t in times.values()])
    places = {(p.start, p.end): p for p in record.places}
    _insert_many(conn, schema.places, [_place_row(article_id, p) for p in places.values()])


def _insert_many(conn, table, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _all_actors(record: Record) -> dict[str, Actor]:
    found: dict[str, Actor] = {}
    for actor in record.actors:
        found.setdefault(actor.id, actor)
    for ev in record.events:
        for actor in (*ev.actor, *ev.recipient):
            found.setdefault(actor.id, actor)
    for st in record.statements:
        if st.speaker and st.speaker.actor:
            found.setdefault(st.speaker.actor.id, st.speaker.actor)
    return found


def _upsert_actors(conn, actors: dict[str, Actor]) -> None:
    if not actors:
        return
    table = schema.actors
    known = {row[0] for row in conn.execute(select(table.c.id).where(table.c.id.in_(list(actors))))}
    rows = [
        dict(id=a.id, name=a.name, kind=a.kind, country=a.country, sector=a.sector, role=a.role)
        for a in actors.values()
        if a.id not in known
    ]
    _insert_many(conn, table, rows)


def _mention_rows(record: Record) -> list[dict]:
    rows = {}
    for a in record.actors:
        rows.setdefault((a.start, a.end), dict(article_id=record.article.id, start=a.start, end=a.end, actor_id=a.id, text=a.text))
    return list(rows.values())


def _statement_row(article_id: str, s: Statement) -> dict:
    speaker = s.speaker
    anonymous = speaker.anonymous if speaker else None
    return {
        "id": s.id,
        "article_id": article_id,
        "speaker_text": speaker.text if speaker else None,
        "speaker_kind": speaker.kind if speaker else "none",
        "speaker_actor_id": speaker.actor.id if speaker and speaker.actor else None,
        "anonymous_count": anonymous.count if anonymous else None,
        "anonymous_description": anonymous.description if anonymous else None,
        "outlet": s.outlet,
        "cue_text": s.cue.text if s.cue else None,
        "cue_start": s.cue.start if s.cue else None,
        "cue_end": s.cue.end if s.cue else None,
        "content_text": s.content.text,
        "content_start": s.content.start,
        "content_end": s.content.end,
        "direct": s.direct,
        "stance": s.stance,
    }


def sourcing(event: Event, statements: dict[str, Statement]) -> str:
    """How an event is sourced: ``named``, ``anonymous`` or ``article`` (the outlet's voice)."""
    kinds = {
        statements[sid].speaker.kind
        for sid in event.attributed_to
        if sid in statements and statements[sid].speaker is not None
    }
    if kinds - {"anonymous", "none"}:
        return "named"
    if "anonymous" in kinds:
        return "anonymous"
    return "article"


def _event_row(article_id: str, e: Event, statements: dict[str, Statement]) -> dict:
    first = e.actor[0] if e.actor else None
    target = e.recipient[0] if e.recipient else None
    place = e.place
    return {
        "id": e.id,
        "article_id": article_id,
        "type": e.type,
        "mode": e.mode,
        "cameo": e.cameo,
        "quad": plover.quad(e.type),
        "intensity": plover.intensity(e.type, e.mode),
        "contexts": json.dumps(list(e.contexts)),
        "actor_id": first.id if first else None,
        "actor_name": first.name if first else None,
        "actor_country": first.country if first else None,
        "actor_sector": first.sector if first else None,
        "recipient_id": target.id if target else None,
        "recipient_name": target.name if target else None,
        "recipient_country": target.country if target else None,
        "recipient_sector": target.sector if target else None,
        "event_date": e.date.value if e.date else None,
        "date_precision": e.date.precision if e.date else None,
        "date_basis": e.date.basis if e.date else None,
        "channel": e.channel,
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "geonameid": place.geonameid if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "modality": e.modality,
        "sourcing": sourcing(e, statements),
        "trigger_text": e.trigger.text,
        "trigger_start": e.trigger.start,
        "trigger_end": e.trigger.end,
        "sentence_start": e.sentence.start,
        "sentence_end": e.sentence.end,
        "attributed_to": json.dumps(list(e.attributed_to)),
        "rule": e.rule,
        "confidence": e.confidence,
    }


def _event_actor_rows(e: Event) -> list[dict]:
    rows = {}
    for side, actors in (("actor", e.actor), ("recipient", e.recipient)):
        for position, a in enumerate(actors):
            rows[(side, position)] = dict(event_id=e.id, side=side, position=position, actor_id=a.id, text=a.text, start=a.start, end=a.end)
    return list(rows.values())


def _place_row(article_id: str, p) -> dict:
    return dict(article_id=article_id, start=p.start, end=p.end, text=p.text, name=p.name, country=p.country, geonameid=p.geonameid, lat=p.lat, lon=p.lon, feature=p.feature)
