"""Records serialise to the extract contract and back without loss."""

from __future__ import annotations

import json

import pytest

from backchannel.records import Article, Place, Quality, Record, Time
from tests.store.test_store import _record


@pytest.mark.parametrize("input_id", [None, "wire-123"], ids=["hash-id", "input-id"])
def test_record_round_trips_through_json(input_id):
    article = Article(
        id="a1",
        text="CIA Director William Burns phoned Sergei Naryshkin, officials said.",
        source="x.txt",
        input_id=input_id,
        outlet="Wire",
        published="2023-06-30",
        quality=Quality("en", 0.01, ("machine_translated",)),
        cluster="a1",
    )
    record = _record(article)
    record = Record(
        record.article,
        record.actors,
        record.events,
        record.statements,
        (Time("June", 0, 4, "DATE", "2023-06"),),
        (Place("Ankara", 0, 6, "Ankara", "TUR", 323786, 39.9, 32.9),),
    )
    data = json.loads(json.dumps(record.to_dict()))
    assert data["id"] == (input_id or "a1") and data["article_id"] == "a1"
    assert Record.from_dict(data) == record
