"""Schema versions and the steps between them.

A store records its schema version in ``meta``. Opening a store runs every step from its
version up to :data:`~backchannel.store.schema.SCHEMA_VERSION`, each in its own transaction.
A store written by a newer backchannel is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, and_, func, inspect, or_, select, update

from backchannel.errors import StoreError
from backchannel.store import schema

__all__ = ["current_version", "migrate"]


def _create_v1(conn: Connection) -> None:
    schema.metadata.create_all(conn)


def _failures_and_unique_seq(conn: Connection) -> None:
    """v2: the ``failures`` table, and one order number an article (renumbered first where
    two concurrent writers of v1 gave two articles the same one)."""
    schema.failures.create(conn, checkfirst=True)
    a = schema.articles
    doubled = select(a.c.seq).group_by(a.c.seq).having(func.count() > 1).limit(1)
    if conn.execute(doubled).first() is not None:
        _renumber(conn)
    schema.articles_seq.create(conn, checkfirst=True)


def _renumber(conn: Connection) -> None:
    a, b = schema.articles, schema.articles.alias("b")
    earlier = or_(b.c.seq < a.c.seq, and_(b.c.seq == a.c.seq, b.c.id <= a.c.id))
    rank = select(func.count()).select_from(b).where(earlier).scalar_subquery()
    conn.execute(update(a).values(seq=rank))


def _claims(conn: Connection) -> None:
    """v3: the ``claims`` and ``claim_voices`` tables, empty: the first read (or the next
    ingest) fills them (:func:`backchannel.claims.index.refresh`)."""
    schema.claims.create(conn, checkfirst=True)
    schema.claim_voices.create(conn, checkfirst=True)


#: version reached → step that reaches it from the version before.
STEPS: dict[int, Callable[[Connection], None]] = {
    1: _create_v1,
    2: _failures_and_unique_seq,
    3: _claims,
}


def current_version(conn: Connection) -> int:
    """The schema version recorded in the store (0 for an empty database)."""
    if not inspect(conn).has_table("meta"):
        return 0
    row = conn.execute(
        select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else 0


def migrate(engine: Engine, *, read_only: bool = False) -> int:
    """Bring the store up to the current schema version; returns the version reached.

    A ``read_only`` store is not changed: it is read at the version it has (older schemas
    hold every table that reading needs).
    """
    with engine.begin() as conn:
        version = current_version(conn)
    if version > schema.SCHEMA_VERSION:
        raise StoreError(
            f"store {engine.url!r} has schema version {version}, newer than this "
            f"backchannel ({schema.SCHEMA_VERSION}); upgrade backchannel to open it"
        )
    if read_only:
        if version == 0:
            raise StoreError(f"{engine.url!r} is read-only and holds no backchannel store")
        return version
    for target in range(version + 1, schema.SCHEMA_VERSION + 1):
        with engine.begin() as conn:
            STEPS[target](conn)
            _set_version(conn, target)
    return schema.SCHEMA_VERSION


def _set_version(conn: Connection, version: int) -> None:
    table = schema.meta
    conn.execute(table.delete().where(table.c.key == "schema_version"))
    conn.execute(table.insert().values(key="schema_version", value=str(version)))
