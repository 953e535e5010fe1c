"""The store's tables, as SQLAlchemy Core, so SQLite and PostgreSQL share one schema.

Each analysed article keeps its full ``extract`` record as JSON (``records.data``) and
the parts analysts query are also spread into plain tables: ``events`` (one row an event,
its first actor and recipient denormalised for dyad queries), ``event_actors`` (every
actor of every event, for compound actors), ``statements``, ``actors``, ``mentions``,
``times`` and ``places``. Every row that points into text keeps its offsets. ``failures``
keeps the inputs a run could not handle until a rerun does. ``claims`` and
``claim_voices`` keep the statements grouped into claims (:mod:`backchannel.claims`),
recomputed when the store's statements change (``meta`` key ``claims_state``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = ["SCHEMA_VERSION", "metadata"]

#: bump with a new migration in ``migrations.py`` whenever a table changes.
SCHEMA_VERSION = 3

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("input_id", Text),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", String(32)),
    Column("text", Text, nullable=False),
    Column("language", String(8)),
    Column("oov_rate", Float),
    Column("flags", Text, nullable=False, default="[]"),  # JSON list
    Column("cluster", String(32), index=True),
    Column("coded", Boolean, nullable=False, default=False),
    Column("seq", Integer, nullable=False),  # ingest order, one number an article
)
#: v2: two concurrent writers can never give two articles one order number.
articles_seq = Index("ux_articles_seq", articles.c.seq, unique=True)

signatures = Table(
    "signatures",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("minhash", LargeBinary, nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("schema", String(32), nullable=False),
    Column("model", String(64), nullable=False),
    Column("data", Text, nullable=False),  # the extract output line, JSON
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country", String(8), index=True),
    Column("sector", String(8)),
    Column("role", Text),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("actor_id", String(64), ForeignKey("actors.id"), nullable=False, index=True),
    Column("text", Text, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False, index=True),
    Column("type", String(16), nullable=False, index=True),
    Column("mode", String(32)),
    Column("cameo", String(8), nullable=False),
    Column("quad", String(24)),
    Column("intensity", Float),
    Column("contexts", Text, nullable=False, default="[]"),  # JSON list
    Column("actor_id", String(64)),
    Column("actor_name", Text),
    Column("actor_country", String(8), index=True),
    Column("actor_sector", String(8)),
    Column("recipient_id", String(64)),
    Column("recipient_name", Text),
    Column("recipient_country", String(8), index=True),
    Column("recipient_sector", String(8)),
    Column("event_date", String(32), index=True),  # TIMEX3 value
    Column("date_precision", String(16)),
    Column("date_basis", String(16)),
    Column("channel", String(32)),
    Column("place_name", Text),
    Column("place_country", String(8)),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("modality", String(16), nullable=False, index=True),
    Column("sourcing", String(16), nullable=False),  # named | anonymous | article
    Column("trigger_text", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("attributed_to", Text, nullable=False, default="[]"),  # JSON list of statement ids
    Column("rule", Text),
    Column("confidence", Float),
)
Index("ix_events_dyad", events.c.actor_country, events.c.recipient_country, events.c.event_date)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String(32), ForeignKey("events.id"), primary_key=True),
    Column("side", String(10), primary_key=True),  # actor | recipient
    Column("position", Integer, primary_key=True),
    Column("actor_id", String(64), ForeignKey("actors.id"), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id"), nullable=False, index=True),
    Column("speaker_text", Text),
    Column("speaker_kind", String(16)),
    Column("speaker_actor_id", String(64)),
    Column("anonymous_count", Integer),
    Column("anonymous_description", Text),
    Column("outlet", Text),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("content_text", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("stance", String(16), nullable=False, index=True),
)

times = Table(
    "times",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("type", String(10), nullable=False),
    Column("value", String(32)),
)

places = Table(
    "places",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(8)),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("feature", String(10)),
)

#: v2: inputs and articles a run could not handle, one row each, kept until a rerun
#: handles them. ``key`` is the article id, or the input's source when no article was made.
failures = Table(
    "failures",
    metadata,
    Column("key", Text, primary_key=True),
    Column("source", Text, nullable=False),
    Column("input_id", Text),
    Column("article_id", String(32)),
    Column("stage", String(16), nullable=False),  # read | prepare | code | serialise | store
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Column("at", String(32), nullable=False),  # UTC time of the last attempt, ISO 8601
)

#: v3: claims (statements about one proposition, across articles), kept up to date with the
#: store's statements (:mod:`backchannel.claims.index`); the claims page, the brief and
#: ``backchannel claims`` page and filter them here instead of grouping on every read.
claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("proposition", Text, nullable=False),
    Column("stances", Text, nullable=False),  # comma-separated, in STANCES order
    Column("contested", Integer, nullable=False),  # how many stances
    Column("voices", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("sources", Integer, nullable=False),  # independent: outlets and story copies once
    Column("first_published", String(32), index=True),
    Column("last_published", String(32), index=True),
)
Index("ix_claims_rank", claims.c.contested, claims.c.voices)

claim_voices = Table(
    "claim_voices",
    metadata,
    Column("claim_id", String(32), ForeignKey("claims.id"), primary_key=True),
    Column("statement_id", String(32), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("stance", String(16), nullable=False),
    Column("speaker", Text),
    Column("speaker_kind", String(16)),
    Column("speaker_actor_id", String(64)),
    Column("text", Text, nullable=False),
    Column("article_id", String(32), nullable=False, index=True),
    Column("published", String(32), index=True),
    Column("outlet", Text),
)
