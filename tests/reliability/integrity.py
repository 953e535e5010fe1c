"""Is a store whole, and is it what an uninterrupted ingest would have made?

Each check opens the SQLite file afresh, as a process starting after a crash would:
``PRAGMA integrity_check`` and ``foreign_key_check``; no id, order number or input stored
twice; and, against a :class:`Snapshot` of an uninterrupted run, the same articles in the
same order with the same records, row for row in every table.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


def connect(db: Path) -> closing:
    """A connection to the SQLite file, closed at the end of a ``with`` block."""
    return closing(sqlite3.connect(db, timeout=60))


def count(db: Path) -> int:
    """Articles committed so far (0 while the store is being made)."""
    if not db.exists():
        return 0
    try:
        with connect(db) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def committed(db: Path) -> list[str]:
    """Article ids committed so far, in ingest order (empty while the store is being made)."""
    if not db.exists():
        return []
    try:
        with connect(db) as conn:
            return [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY seq")]
    except sqlite3.Error:
        return []


#: (table, column) pairs that must not repeat: ids, the order number, the input line.
UNIQUE = (
    ("articles", "id"),
    ("articles", "seq"),
    ("articles", "source"),
    ("records", "article_id"),
    ("events", "id"),
    ("statements", "id"),
)
#: Columns that may differ between two correct runs (when a failure was recorded, how often).
VOLATILE = {"failures": ("at", "attempts")}


def integrity(db: Path) -> tuple[list[str], int]:
    """Problems with the store as a file and as tables, and how many rows are doubled."""
    problems, doubled = [], 0
    with connect(db) as conn:
        check = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            problems.append(f"PRAGMA integrity_check: {'; '.join(check[:3])}")
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            problems.append(
                f"{len(dangling)} rows point at rows that are not there (foreign_key_check)"
            )
        present = _tables(conn)
        for table, column in UNIQUE:
            if table not in present:  # killed before the schema was made: nothing to double
                continue
            extra = conn.execute(
                "SELECT coalesce(sum(n - 1), 0) FROM "
                f'(SELECT count(*) AS n FROM "{table}" GROUP BY "{column}")'
            ).fetchone()[0]
            if extra:
                doubled += extra
                problems.append(f"{extra} {table} rows repeat a {column}")
    return problems, doubled


@dataclass(frozen=True)
class Snapshot:
    """A store's content: article ids in ingest order, records' JSON, every table's rows."""

    order: tuple[str, ...]
    records: dict[str, str]
    tables: dict[str, list[tuple]]


def snapshot(db: Path) -> Snapshot:
    with connect(db) as conn:
        names = _tables(conn)
        if not {"articles", "records"} <= names:  # killed before the schema was made
            return Snapshot((), {}, {name: _rows(conn, name) for name in sorted(names)})
        order = tuple(row[0] for row in conn.execute("SELECT id FROM articles ORDER BY seq"))
        records = dict(conn.execute("SELECT article_id, data FROM records"))
        return Snapshot(order, records, {name: _rows(conn, name) for name in sorted(names)})


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {row[0] for row in rows}


def _rows(conn: sqlite3.Connection, table: str) -> list[tuple]:
    columns = [
        r[1]
        for r in conn.execute(f'PRAGMA table_info("{table}")')
        if r[1] not in VOLATILE.get(table, ())
    ]
    names = ", ".join(f'"{c}"' for c in columns)
    return conn.execute(f'SELECT {names} FROM "{table}" ORDER BY {names}').fetchall()


def compare_partial(db: Path, reference: Snapshot, seen: list[str]) -> list[str]:
    """A killed store against the uninterrupted run: what it holds is the reference's first
    articles, record for record, and it still holds every article ``seen`` committed."""
    now = snapshot(db)
    problems = []
    gone = set(seen) - set(now.order)
    if gone:
        problems.append(f"{len(gone)} articles committed before the kill are gone")
    if now.order != reference.order[: len(now.order)]:
        problems.append(
            f"the {len(now.order)} stored articles are not "
            f"the uninterrupted run's first {len(now.order)}"
        )
    differ = [i for i in now.order if now.records.get(i) != reference.records.get(i)]
    if differ:
        problems.append(
            f"{len(differ)} records differ from the uninterrupted run's (first {differ[0]})"
        )
    return problems


def compare_final(db: Path, reference: Snapshot) -> tuple[list[str], int]:
    """A completed store against the uninterrupted run, table by table; and articles lost."""
    now = snapshot(db)
    lost = len(set(reference.order) - set(now.order))
    problems = [f"{lost} articles of the uninterrupted run are missing"] if lost else []
    if now.order != reference.order and not lost:
        problems.append("articles are stored in another order than the uninterrupted run's")
    for name in sorted(set(reference.tables) | set(now.tables)):
        ours, theirs = now.tables.get(name), reference.tables.get(name)
        if ours != theirs:
            extra = len(set(ours or ()) - set(theirs or ()))
            missing = len(set(theirs or ()) - set(ours or ()))
            problems.append(
                f"table {name}: {missing} rows missing, {extra} rows not in the uninterrupted run"
            )
    return problems, lost


def check_killed(db: Path, ref: Snapshot, seen: list[str]) -> tuple[list[str], int]:
    """A store just after a kill: whole, nothing doubled, held to the uninterrupted run."""
    try:
        problems, doubled = integrity(db)
        return problems + compare_partial(db, ref, seen), doubled
    except sqlite3.DatabaseError as exc:
        return [f"the store cannot be read: {exc}"], 0


def check_completed(db: Path, ref: Snapshot) -> tuple[list[str], int, int]:
    """A store rerun to completion: whole, nothing doubled, the same as the uninterrupted
    run; and how many of its articles are lost."""
    try:
        problems, doubled = integrity(db)
        final, lost = compare_final(db, ref)
        return problems + final, doubled, lost
    except sqlite3.DatabaseError as exc:
        return [f"the store cannot be read: {exc}"], 0, len(ref.order)


def failed_ids(db: Path) -> set[str]:
    """Ids of the articles the store's ``failures`` table holds."""
    try:
        with connect(db) as conn:
            return {
                row[0]
                for row in conn.execute(
                    "SELECT article_id FROM failures WHERE article_id IS NOT NULL"
                )
            }
    except sqlite3.Error:
        return set()
