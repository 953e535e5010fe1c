"""Records ↔ store rows: the one place that maps :mod:`backchannel.records` onto the
tables of :mod:`backchannel.store.schema` (``article_row``, ``event_row``…) and stored
articles back onto records (:func:`article_from_row`)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import RowMapping

from backchannel import plover
from backchannel.records import Actor, Article, Event, Place, Quality, Record, Statement, Time
from backchannel.vocab import Sourcing

#: one row of a store table, by column name
Row = dict[str, Any]

__all__ = [
    "ARTICLE_COLUMNS",
    "actor_row",
    "all_actors",
    "article_from_row",
    "article_row",
    "event_actor_rows",
    "event_row",
    "mention_rows",
    "place_row",
    "sourcing",
    "statement_row",
    "time_row",
]


#: the ``articles`` columns that hold an :class:`Article` field as it is
ARTICLE_COLUMNS = (
    "id",
    "input_id",
    "source",
    "url",
    "outlet",
    "title",
    "published",
    "text",
    "cluster",
)


def article_row(article: Article, seq: int, coded: bool) -> Row:
    quality = article.quality
    return {
        **{column: getattr(article, column) for column in ARTICLE_COLUMNS},
        "language": quality.language,
        "oov_rate": quality.oov_rate,
        "flags": json.dumps(list(quality.flags)),
        "coded": coded,
        "seq": seq,
    }


def article_from_row(row: RowMapping) -> Article:
    """The stored article of an ``articles`` row (its record is read separately)."""
    quality = Quality(row["language"], row["oov_rate"], tuple(json.loads(row["flags"])))
    return Article(**{column: row[column] for column in ARTICLE_COLUMNS}, quality=quality)


def all_actors(record: Record) -> dict[str, Actor]:
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


def mention_rows(record: Record) -> list[Row]:
    rows: dict[tuple[int, int], Row] = {}
    for a in record.actors:
        rows.setdefault(
            (a.start, a.end),
            dict(
                article_id=record.article.id, start=a.start, end=a.end, actor_id=a.id, text=a.text
            ),
        )
    return list(rows.values())


def statement_row(article_id: str, s: Statement) -> Row:
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


def sourcing(event: Event, statements: dict[str, Statement]) -> Sourcing:
    """How an event is sourced: ``named``, ``anonymous`` or ``article`` (the outlet's voice)."""
    speakers = (statements[sid].speaker for sid in event.attributed_to if sid in statements)
    kinds = {speaker.kind for speaker in speakers if speaker is not None}
    if kinds - {"anonymous", "none"}:
        return "named"
    if "anonymous" in kinds:
        return "anonymous"
    return "article"


def event_row(article_id: str, e: Event, statements: dict[str, Statement]) -> Row:
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


def event_actor_rows(e: Event) -> list[Row]:
    rows = {}
    for side, actors in (("actor", e.actor), ("recipient", e.recipient)):
        for position, a in enumerate(actors):
            rows[(side, position)] = dict(
                event_id=e.id,
                side=side,
                position=position,
                actor_id=a.id,
                text=a.text,
                start=a.start,
                end=a.end,
            )
    return list(rows.values())


def place_row(article_id: str, p: Place) -> Row:
    return dict(
        article_id=article_id,
        start=p.start,
        end=p.end,
        text=p.text,
        name=p.name,
        country=p.country,
        geonameid=p.geonameid,
        lat=p.lat,
        lon=p.lon,
        feature=p.feature,
    )


def actor_row(a: Actor) -> Row:
    return dict(id=a.id, name=a.name, kind=a.kind, country=a.country, sector=a.sector, role=a.role)


def time_row(article_id: str, t: Time) -> Row:
    return dict(
        article_id=article_id, start=t.start, end=t.end, text=t.text, type=t.type, value=t.value
    )
