"""Records read back from their stored JSON, and claims of any shape flattened for display."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from backchannel.web.claims_view import grouped, record_from_dict, view
from tests.web.sample_store import sample_records


@pytest.mark.parametrize("record", sample_records(), ids=lambda r: r.article.id)
def test_record_round_trips_through_its_json(record):
    assert record_from_dict(record.to_dict()).to_dict() == record.to_dict()


@dataclass(frozen=True)
class _Side:
    stance: str
    speakers: tuple[str, ...]
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Claim:
    id: str
    proposition: str
    sides: tuple[_Side, ...]


@pytest.mark.parametrize(
    "claim",
    [_Claim("c1", "Russia offered bounties", (_Side("assert", ("NYT", "officials"), ("a1", "a2")), _Side("deny", ("Moscow",), ("a1",)))),
     {"id": "c1", "proposition": "Russia offered bounties",
      "sides": {"assert": [{"speaker": {"text": "NYT"}, "article_id": "a1"}, {"speaker": "officials", "article_id": "a2"}],
                "deny": [{"speaker": "Moscow", "article_id": "a1"}]}}],
    ids=["records-with-lists", "dict-of-entries"],
)
def test_claims_of_either_shape_become_rows(claim):
    shown = view(claim)
    assert shown.proposition == "Russia offered bounties" and shown.stances == ("assert", "deny")
    assert [(s.stance, s.speaker, s.article_id) for s in shown.sides] == [
        ("assert", "NYT", "a1"), ("assert", "officials", "a2"), ("deny", "Moscow", "a1")]


def test_grouped_is_none_or_claims(web_store):
    found = grouped(web_store)
    assert found is None or all(c.sides for c in found)
