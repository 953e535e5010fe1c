"""Statements by article, id or stance, and full-text search over the articles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, RowMapping, func, literal, select
from sqlalchemy.exc import DBAPIError

from backchannel.query.filters import MAX_LIMIT, STANCES, A, _check, _text, check_range
from backchannel.query.rows import ArticleHit, StatementRow
from backchannel.records import Span
from backchannel.store import Store, schema

__all__ = ["search", "statements"]


def statements(
    store: Store,
    *,
    article: str | None = None,
    ids: Sequence[str] | None = None,
    stance: str | None = None,
    limit: int = 500,
) -> tuple[StatementRow, ...]:
    """Stored statements of one article, or by id, or by stance."""
    check_range("limit", limit, 1, MAX_LIMIT)
    _check(stance, STANCES, "stance")
    st = schema.statements
    query = select(st).order_by(st.c.article_id, st.c.content_start)
    if article:
        query = query.where(st.c.article_id == _text("article", article))
    if ids is not None:
        query = query.where(st.c.id.in_(list(ids)))
    if stance:
        query = query.where(st.c.stance == stance)
    with store.engine.connect() as conn:
        return tuple(_statement(row) for row in conn.execute(query.limit(limit)).mappings())


def _statement(row: RowMapping) -> StatementRow:
    return StatementRow(
        id=row["id"],
        article_id=row["article_id"],
        speaker=row["speaker_text"],
        speaker_kind=row["speaker_kind"],
        speaker_actor_id=row["speaker_actor_id"],
        anonymous_count=row["anonymous_count"],
        cue=row["cue_text"],
        content=Span(row["content_text"], row["content_start"], row["content_end"]),
        direct=bool(row["direct"]),
        stance=row["stance"],
        outlet=row["outlet"],
    )


def search(store: Store, text: str, *, limit: int = 50) -> tuple[ArticleHit, ...]:
    """Articles whose title or text contains every word of ``text`` (case-insensitive).

    On SQLite the words are looked up in an FTS5 index (words match as prefixes, best
    matches first), built on first use and rebuilt when articles were added since; other
    databases, and SQLite builds without FTS5, scan the text with ``LIKE``.
    """
    check_range("limit", limit, 1, MAX_LIMIT)
    words = [w.lower() for w in _text("search text", text).split() if w.strip()]
    if not words:
        return ()
    ids = _fts_ids(store, words, limit) if store.engine.dialect.name == "sqlite" else None
    query = select(A.c.id, A.c.title, A.c.outlet, A.c.published, A.c.text)
    if ids is None:
        haystack = func.lower(func.coalesce(A.c.title, literal("")).concat(" ").concat(A.c.text))
        query = query.where(*[haystack.contains(w, autoescape=True) for w in words]).order_by(
            A.c.published.desc(), A.c.seq
        )
    else:
        query = query.where(A.c.id.in_(ids))
    with store.engine.connect() as conn:
        rows = list(conn.execute(query.limit(limit)).all())
    if ids is not None:
        rows.sort(key=lambda row: ids.index(row.id))
    return tuple(_hit(row, words) for row in rows)


_FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts "
    "USING fts5(title, text, content='articles', content_rowid='rowid')"
)


def _fts_ids(store: Store, words: list[str], limit: int) -> list[str] | None:
    """Ids of the best FTS5 matches, or None when FTS5 cannot be used here."""
    match = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
    sql = (
        "SELECT articles.id FROM articles_fts JOIN articles ON articles.rowid = articles_fts.rowid "
        "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"
    )
    try:
        _fts_sync(store)
        with store.engine.connect() as conn:
            return [row[0] for row in conn.exec_driver_sql(sql, (match, limit))]
    except DBAPIError:
        return None


def _fts_sync(store: Store) -> None:
    """Create the FTS5 index on first use; rebuild it when the articles changed."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql(_FTS_CREATE)
        indexed = conn.exec_driver_sql("SELECT count(*) FROM articles_fts_docsize").scalar()
        total = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar()
        if indexed != total:
            conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")


def _hit(row: Row[*tuple[Any, ...]], words: list[str]) -> ArticleHit:
    lower = row.text.lower()
    first = min((i for i in (lower.find(w) for w in words) if i >= 0), default=0)
    start = max(0, first - 80)
    snippet = ("…" if start else "") + row.text[start : first + 160].replace("\n", " ") + "…"
    return ArticleHit(
        row.id, row.title, row.outlet, row.published, snippet, sum(lower.count(w) for w in words)
    )
