"""Anonymous speakers told from named ones.

The attribution stage calls a speaker anonymous when it is an unnamed source ("two senior US
officials", "White House officials"). A group that names its members is not: "Several US
officials, including Defense Secretary Mark Esper and General Mark Milley" names two people
the article mentions. :func:`is_anonymous` keeps the mark only where the speaker's words name
no person of the article; a person counts as named by a mention of two or more capitalised
words ("Mark Esper") or by its actor's name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, select

from backchannel.store import schema

__all__ = ["is_anonymous", "persons"]

_ROWS = 500  # ids an IN (…) carries
_NOT_NAMES = frozenset("he she it we they i you his her its our their the a an".split())


def is_anonymous(kind: str | None, speaker: str | None, names: Iterable[str]) -> bool:
    """Whether a speaker is an anonymous source: found unnamed, and naming no person."""
    if kind != "anonymous":
        return False
    text = speaker or ""
    return not any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in names)


def _full_name(text: str) -> bool:
    words = text.split()
    return (
        len(words) >= 2
        and words[0].lower() not in _NOT_NAMES
        and all(w[:1].isupper() for w in words)
    )


def persons(conn: Connection, article_ids: Iterable[str]) -> dict[str, set[str]]:
    """Article id → the full names of the people it mentions."""
    m, a = schema.mentions, schema.actors
    ids = sorted(set(article_ids))
    found: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(ids), _ROWS):
        query = (
            select(m.c.article_id, m.c.text, a.c.name)
            .join(a, a.c.id == m.c.actor_id)
            .where(a.c.kind == "person", m.c.article_id.in_(ids[start : start + _ROWS]))
        )
        for article_id, text, name in conn.execute(query):
            found[article_id].update(n for n in (text, name) if n and _full_name(n))
    return found
