"""Schema versions and the steps between them.

A store records its schema version in ``meta``. Opening a store runs every step from its
version up to :data:`~backchannel.store.schema.SCHEMA_VERSION`, each in its own transaction.
A store written by a newer backchannel is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select

from backchannel.errors import StoreError
from backchannel.store import schema

__all__ = ["current_version", "migrate"]


def _create_v1(conn: Connection) -> None:
    schema.metadata.create_all(conn)


#: version reached → step that reaches it from the version before.
STEPS: dict[int, Callable[[Connection], None]] = {1: _create_v1}


def current_version(conn: Connection) -> int:
    """The schema version recorded in the store (0 for an empty database)."""
    if not inspect(conn).has_table("meta"):
        return 0
    row = conn.execute(
        select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else 0


def migrate(engine: Engine) -> int:
    """Bring the store up to the current schema version; returns the version reached."""
    with engine.begin() as conn:
        version = current_version(conn)
    if version > schema.SCHEMA_VERSION:
        raise StoreError(
            f"store {engine.url!r} has schema version {version}, newer than this "
            f"backchannel ({schema.SCHEMA_VERSION}); upgrade backchannel to open it"
        )
    for target in range(version + 1, schema.SCHEMA_VERSION + 1):
        with engine.begin() as conn:
            STEPS[target](conn)
            _set_version(conn, target)
    return schema.SCHEMA_VERSION


def _set_version(conn: Connection, version: int) -> None:
    table = schema.meta
    conn.execute(table.delete().where(table.c.key == "schema_version"))
    conn.execute(table.insert().values(key="schema_version", value=str(version)))
