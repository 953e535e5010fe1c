"""A short account of what a store holds: counts, event types, modalities, sample events."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from backchannel.store import Store, schema

__all__ = ["store_summary"]


def store_summary(store: Store, *, events: int = 15) -> dict[str, Any]:
    """Counts by table, events by type and modality, article flags, the latest events, and
    the inputs that failed (kept until a rerun handles them)."""
    e, a = schema.events, schema.articles
    with store.engine.connect() as conn:
        types: dict[str, int] = dict(
            conn.execute(
                select(e.c.type, func.count()).group_by(e.c.type).order_by(func.count().desc())
            ).all()
        )
        modalities: dict[str, int] = dict(
            conn.execute(select(e.c.modality, func.count()).group_by(e.c.modality)).all()
        )
        flags = Counter(f for (raw,) in conn.execute(select(a.c.flags)) for f in json.loads(raw))
        rows = conn.execute(
            select(
                e.c.event_date,
                e.c.actor_name,
                e.c.type,
                e.c.recipient_name,
                e.c.modality,
                e.c.sourcing,
                e.c.trigger_text,
            )
            .order_by(e.c.confidence.desc(), e.c.id)
            .limit(events)
        ).all()
    keys = ("date", "actor", "type", "recipient", "modality", "sourcing", "trigger")
    return {
        "counts": store.counts(),
        "types": types,
        "modalities": modalities,
        "flags": dict(flags.most_common()),
        "events": [dict(zip(keys, row)) for row in rows],
        "failures": store.failures(),
    }
