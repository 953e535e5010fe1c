"""The store: schema versioning, idempotent batch writes, records spread into tables."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from backchannel.errors import StoreError
from backchannel.records import (
    Actor,
    Anonymous,
    Article,
    Event,
    EventDate,
    Record,
    Span,
    Speaker,
    Statement,
)
from backchannel.store import Stored, open_store, schema
from backchannel.store.migrations import current_version

TEXT = "CIA Director William Burns phoned Sergei Naryshkin, officials said."
BURNS = Actor(
    "p-burns",
    "CIA Director William Burns",
    0,
    26,
    "William Burns",
    "person",
    "USA",
    "SPY",
    "Director",
)
NARYSHKIN = Actor(
    "p-naryshkin", "Sergei Naryshkin", 34, 50, "Sergei Naryshkin", "person", "RUS", "SPY", None
)


def _record(article: Article) -> Record:
    statement = Statement(
        id="s1",
        speaker=Speaker("officials", 52, 61, "anonymous", anonymous=Anonymous(None, "officials")),
        cue=Span("said", 62, 66),
        content=Span(TEXT[:50], 0, 50),
        direct=False,
        stance="assert",
    )
    event = Event(
        id="e1",
        type="CONSULT",
        cameo="041",
        trigger=Span("phoned", 27, 33),
        sentence=Span(TEXT, 0, len(TEXT)),
        actor=(BURNS,),
        recipient=(NARYSHKIN,),
        mode="phone",
        contexts=("intelligence",),
        date=EventDate("2023-06", "month", "explicit"),
        channel="phone",
        attributed_to=("s1",),
    )
    return Record(article, actors=(BURNS, NARYSHKIN), events=(event,), statements=(statement,))


@pytest.fixture
def store(any_store):
    return any_store


def _stored(article_id: str = "a1", text_: str = TEXT) -> Stored:
    article = Article(id=article_id, text=text_, source="test", published="2023-06-30")
    return Stored(article, _record(article), b"\x00" * 8, "test-model")


def test_new_store_is_at_current_schema_version(store):
    with store.engine.connect() as conn:
        assert current_version(conn) == schema.SCHEMA_VERSION


def test_sqlite_store_runs_in_wal_mode(tmp_path):
    with open_store(tmp_path / "bc.db") as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_adding_the_same_article_twice_changes_nothing(store):
    assert store.add([_stored()]) == 1
    before = store.counts()
    assert store.add([_stored(), _stored()]) == 0
    assert store.counts() == before


def test_duplicates_within_one_batch_are_written_once(store):
    assert store.add([_stored(), _stored()]) == 1


def test_record_is_spread_into_query_tables(store):
    store.add([_stored()])
    with store.engine.connect() as conn:
        event = conn.execute(select(schema.events)).mappings().one()
        sides = conn.execute(
            select(schema.event_actors.c.side, schema.event_actors.c.actor_id)
        ).all()
    assert (event["actor_country"], event["recipient_country"]) == ("USA", "RUS")
    assert event["quad"] == "VERBAL COOPERATION" and event["intensity"] == 1.5
    assert event["sourcing"] == "anonymous"
    assert TEXT[event["trigger_start"] : event["trigger_end"]] == "phoned"
    assert sorted(sides) == [("actor", "p-burns"), ("recipient", "p-naryshkin")]


def test_stored_record_round_trips_as_the_extract_contract(store):
    store.add([_stored()])
    (data,) = list(store.record_dicts())
    assert data["schema"] == "backchannel/1"
    assert data["events"][0]["actor"][0]["country"] == "USA"
    assert json.loads(json.dumps(data)) == data


def test_a_failing_batch_leaves_earlier_batches_intact(store):
    store.add([_stored("a1")])
    bad = _stored("a2", "other text")
    broken = Stored(bad.article, bad.record, None)  # type: ignore[arg-type]  (minhash NOT NULL)
    with pytest.raises(StoreError):
        store.add([_stored("a3", "third text"), broken])
    assert store.has_articles(["a1", "a2", "a3"]) == {"a1"}


def test_store_from_a_newer_backchannel_is_refused(tmp_path):
    path = tmp_path / "future.db"
    with open_store(path) as store, store.engine.begin() as conn:
        conn.execute(schema.meta.update().values(value="999"))
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_unopenable_store_names_the_path(tmp_path):
    with pytest.raises(StoreError, match="nowhere"):
        open_store(tmp_path / "nowhere" / "deeper" / "bc.db")
