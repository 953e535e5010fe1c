"""The store: articles, their records and the tables analysts query.

SQLite (one file, WAL) by default; any SQLAlchemy URL (``postgresql+psycopg://…``) for a
shared server. Writes go in batches, one transaction each, so a killed ingest loses at
most the batch in flight and a rerun continues where it stopped. One writer at a time
(SQLite's ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so concurrent ingests never
number two articles alike. A store that cannot be written is opened for reading only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.exc import (
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)

from backchannel.errors import RowsRejected, StoreError
from backchannel.records import Actor, Article, Record
from backchannel.settings import Settings
from backchannel.store import rows, schema
from backchannel.store.migrations import current_version, migrate
from backchannel.store.rows import sourcing  # noqa: F401  (its old home; tests import it from here)

if TYPE_CHECKING:
    from backchannel.ingest.guard import Failure

__all__ = ["Store", "Stored", "open_store", "store_url"]


@dataclass(frozen=True, slots=True)
class Stored:
    """One article ready to write: the article, its record (None if not coded), its MinHash."""

    article: Article
    record: Record | None
    signature: bytes
    model: str = ""
    #: the record's ``extract`` JSON line, when the writer made it already.
    data: str | None = None


def store_url(db: str | Path) -> str:
    """A SQLAlchemy URL for ``db``: a URL as given, or a path to a SQLite file."""
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


#: The PostgreSQL advisory lock a writer holds for its transaction.
_WRITE_LOCK = 0x6261636B  # "back"
#: Errors of the store itself (locked, read-only, disk full, gone), not of one batch's rows.
_STORE_WIDE = (OperationalError, InterfaceError, InternalError, NotSupportedError, ProgrammingError)


def reason(exc: BaseException) -> str:
    """A database error in one line, without the SQL statement and its parameters."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def open_store(
    db: str | Path | None = None,
    *,
    settings: Settings | None = None,
    create: bool = True,
    must_exist: bool = False,
) -> Store:
    """Open (creating or migrating as needed) the store at a path or SQLAlchemy URL.

    Without ``db``, the store is ``settings.db`` (default :meth:`Settings.load`:
    ``$BACKCHANNEL_DB``, else :data:`DEFAULT_DB`).

    ``create=False`` (what every command that only reads passes) opens a store that exists
    and never makes one: a SQLite path with no file, or a database (SQLite or PostgreSQL)
    that holds no backchannel tables, is a :class:`StoreError` naming it and saying how to
    create a store, and nothing is written. ``must_exist=True`` is the older spelling of
    ``create=False``. A missing PostgreSQL database is an error either way (a store is made
    in a database that exists). A SQLite file this process cannot write is opened
    read-only: reads work, :meth:`Store.check_writable` and writes raise :class:`StoreError`.
    """
    if db is None:
        db = (settings if settings is not None else Settings.load()).db
    url = store_url(db)
    path = _sqlite_path(url)
    if must_exist or not create:
        _require_store(db, url, path)
    read_only = "mode=ro" in url or (path is not None and path.exists() and not _writable(path))
    try:
        engine = _engine(url, path, read_only)
        migrate(engine, read_only=read_only)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open store {_shown(db)}: {reason(exc)}") from exc
    return Store(engine, read_only=read_only, name=_shown(db))


def _require_store(db: str | Path, url: str, path: Path | None) -> None:
    """Raise :class:`StoreError` unless a backchannel store is at ``url``; reads only (a
    SQLite file is opened read-only, so not even its journal mode changes)."""
    shown = _shown(db)
    hint = f"create one with `backchannel ingest SOURCES --db {shown}`"
    if path is not None and not path.is_file():
        what = "a folder, not a file" if path.is_dir() else "no such file"
        raise StoreError(f"no store at {shown} ({what}); check --db, or {hint}")
    engine = _engine(url, path, True) if path is not None else create_engine(url)
    try:
        with engine.connect() as conn:
            version = current_version(conn)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open store {shown}: {reason(exc)}") from exc
    finally:
        engine.dispose()
    if version == 0:
        raise StoreError(f"no store at {shown} (it holds no backchannel tables); {hint}")


def _shown(db: str | Path) -> str:
    """``db`` as a message may show it: a path as given, a URL without its password."""
    text = str(db)
    return make_url(text).render_as_string(hide_password=True) if "://" in text else text


def _sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or url == prefix + ":memory:":
        return None
    return Path(url[len(prefix) :])


def _writable(path: Path) -> bool:
    """Whether this process can write the file and make its journal beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _engine(url: str, path: Path | None, read_only: bool) -> Engine:
    if read_only:  # no journal-mode pragma: it would write
        return create_engine(f"sqlite:///file:{path.resolve()}?mode=ro&uri=true" if path else url)
    if path is None:
        engine = create_engine(url)
    else:
        engine = create_engine(url, connect_args={"timeout": 30})
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    """Reads and writes one backchannel database. Create it with :func:`open_store`."""

    def __init__(self, engine: Engine, *, read_only: bool = False, name: str | None = None) -> None:
        self.engine = engine
        self.read_only = read_only
        self.name = name or engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        ids = list(ids)
        table = schema.articles
        with self.engine.connect() as conn:
            found = conn.execute(select(table.c.id).where(table.c.id.in_(ids)))
            return {row[0] for row in found}

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        """Stored text of the given articles."""
        table = schema.articles
        with self.engine.connect() as conn:
            found = conn.execute(select(table.c.id, table.c.text).where(table.c.id.in_(list(ids))))
            return dict(found.all())

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
        return rows.article_from_row(row) if row else None

    def articles(self, *, limit: int | None = None) -> Iterator[Article]:
        """Stored articles in ingest order."""
        query = select(schema.articles).order_by(schema.articles.c.seq).limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                yield rows.article_from_row(row)

    def record_dicts(self, article_ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
        """The stored ``extract`` records (plain dicts), in ingest order."""
        r, a = schema.records, schema.articles
        query = select(r.c.data).join(a, a.c.id == r.c.article_id).order_by(a.c.seq)
        if article_ids is not None:
            query = query.where(r.c.article_id.in_(list(article_ids)))
        with self.engine.connect() as conn:
            for (data,) in conn.execute(query):
                yield json.loads(data)

    def records(self, article_ids: Sequence[str] | None = None) -> Iterator[Record]:
        """The stored records, typed (:meth:`Record.from_dict` over :meth:`record_dicts`)."""
        for data in self.record_dicts(article_ids):
            yield Record.from_dict(data)

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        names = ("articles", "records", "events", "statements", "actors", "times", "places")
        with self.engine.connect() as conn:
            return {
                name: conn.execute(
                    select(func.count()).select_from(schema.metadata.tables[name])
                ).scalar_one()
                for name in names
            }

    def failure_keys(self) -> set[str]:
        """Keys (article id, else input source) of the failures an earlier run recorded."""
        with self.engine.connect() as conn:
            return {row[0] for row in conn.execute(select(schema.failures.c.key))}

    def failures(self) -> list[dict[str, Any]]:
        """The recorded failures, newest first: key, source, input_id, article_id, stage,
        error, attempts and the time of the last attempt (``at``)."""
        table = schema.failures
        with self.engine.connect() as conn:
            if not inspect(conn).has_table(table.name):  # a read-only store of schema v1
                return []
            found = conn.execute(select(table).order_by(table.c.at.desc(), table.c.key))
            return [dict(row) for row in found.mappings()]

    # -- writing ---------------------------------------------------------------------

    def check_writable(self) -> None:
        """Raise :class:`StoreError` now if a write would fail (a read-only file, a user
        without rights), so no work is done for a store that cannot keep it."""
        if self.read_only:
            raise StoreError(
                f"store {self.name} is read-only (this process cannot write the file or its folder)"
            )
        try:
            with self._writing() as conn:
                meta = schema.meta
                conn.execute(
                    update(meta).where(meta.c.key == "schema_version").values(value=meta.c.value)
                )
                conn.rollback()
        except SQLAlchemyError as exc:
            raise StoreError(f"store {self.name} cannot be written: {reason(exc)}") from exc

    def add(
        self,
        batch: Sequence[Stored],
        *,
        failures: Sequence[Failure] = (),
        resolved: Iterable[str] = (),
    ) -> int:
        """Write a batch of new articles (and their records) in one transaction, with the
        ``failures`` met since the last batch and the earlier failures now ``resolved``.

        Articles already stored are left as they are; returns how many were added. Raises
        :class:`RowsRejected` when the batch's rows are refused (retry article by article)
        and :class:`StoreError` when the store itself fails.
        """
        resolved = set(resolved)
        if not (batch or failures or resolved):
            return 0
        try:
            with self._writing() as conn:
                added = _write_batch(conn, batch)
                _keep_failures(conn, failures, resolved)
                conn.commit()
        except _STORE_WIDE as exc:
            raise StoreError(f"writing to store {self.name} failed: {reason(exc)}") from exc
        except (SQLAlchemyError, ValueError, TypeError) as exc:
            raise RowsRejected(f"the store refused the rows: {reason(exc)}") from exc
        return added

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A connection holding the store's one write lock for its transaction."""
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            elif self.engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})
            yield conn


def _write_batch(conn: Connection, batch: Sequence[Stored]) -> int:
    """Insert the articles of ``batch`` not stored yet (checked under the write lock)."""
    ids = [s.article.id for s in batch]
    table = schema.articles
    stored = (
        {row[0] for row in conn.execute(select(table.c.id).where(table.c.id.in_(ids)))}
        if ids
        else set()
    )
    fresh = _unique_new(batch, stored)
    if fresh:
        seq = conn.execute(select(func.coalesce(func.max(table.c.seq), 0))).scalar_one()
        for offset, item in enumerate(fresh, start=1):
            _write(conn, item, seq + offset)
    return len(fresh)


def _keep_failures(conn: Connection, failures: Sequence[Failure], resolved: set[str]) -> None:
    """Forget the ``resolved`` failures; insert or count up the new ones."""
    table = schema.failures
    if resolved:
        conn.execute(delete(table).where(table.c.key.in_(list(resolved))))
    if not failures:
        return
    latest = {f.key: f for f in failures}
    known = {
        row[0] for row in conn.execute(select(table.c.key).where(table.c.key.in_(list(latest))))
    }
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for key, f in latest.items():
        values = dict(
            source=f.source,
            input_id=f.input_id,
            article_id=f.article_id,
            stage=f.stage,
            error=f.error,
            at=now,
        )
        if key in known:
            conn.execute(
                update(table)
                .where(table.c.key == key)
                .values(attempts=table.c.attempts + 1, **values)
            )
        else:
            conn.execute(insert(table).values(key=key, attempts=1, **values))


def _unique_new(batch: Sequence[Stored], stored: set[str]) -> list[Stored]:
    seen = set(stored)
    fresh = []
    for item in batch:
        if item.article.id not in seen:
            seen.add(item.article.id)
            fresh.append(item)
    return fresh


def _write(conn: Connection, item: Stored, seq: int) -> None:
    article = item.article
    conn.execute(
        insert(schema.articles).values(**rows.article_row(article, seq, item.record is not None))
    )
    conn.execute(insert(schema.signatures).values(article_id=article.id, minhash=item.signature))
    if item.record is not None:
        _write_record(conn, item.record, item.model, item.data)


def _write_record(conn: Connection, record: Record, model: str, data: str | None = None) -> None:
    article_id = record.article.id
    data = data if data is not None else json.dumps(record.to_dict(), ensure_ascii=False)
    conn.execute(
        insert(schema.records).values(
            article_id=article_id, schema="backchannel/1", model=model, data=data
        )
    )
    _upsert_actors(conn, rows.all_actors(record))
    _insert_many(conn, schema.mentions, rows.mention_rows(record))
    statements = {s.id: s for s in record.statements}
    _insert_many(
        conn, schema.statements, [rows.statement_row(article_id, s) for s in statements.values()]
    )
    events = {e.id: e for e in record.events}
    _insert_many(
        conn, schema.events, [rows.event_row(article_id, e, statements) for e in events.values()]
    )
    _insert_many(
        conn,
        schema.event_actors,
        [row for e in events.values() for row in rows.event_actor_rows(e)],
    )
    times = {(t.start, t.end): t for t in record.times}
    _insert_many(conn, schema.times, [rows.time_row(article_id, t) for t in times.values()])
    places = {(p.start, p.end): p for p in record.places}
    _insert_many(conn, schema.places, [rows.place_row(article_id, p) for p in places.values()])


def _insert_many(conn: Connection, table: Table, values: list[dict[str, Any]]) -> None:
    if values:
        conn.execute(insert(table), values)


def _upsert_actors(conn: Connection, actors: dict[str, Actor]) -> None:
    if not actors:
        return
    table = schema.actors
    known = {row[0] for row in conn.execute(select(table.c.id).where(table.c.id.in_(list(actors))))}
    _insert_many(conn, table, [rows.actor_row(a) for a in actors.values() if a.id not in known])
