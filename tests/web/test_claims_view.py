"""Records read back from their stored JSON (Record.from_dict), and claims of any shape flattened for display."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from backchannel.records import Record
from backchannel.web.claims_view import grouped, view
from tests.web.sample_store import sample_records


@pytest.mark.parametrize("record", sample_records(), ids=lambda r: r.article.id)
def test_record_round_trips_through_its_json(record):
    assert Record.from_dict(record.to_dict()) == record


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


@pytest.fixture
def fake_claims(monkeypatch):
    """A stand-in ``backchannel.claims`` that groups every deny/unverified statement with its asserts."""
    import types

    def group_claims(records):
        records = list(records)
        assert all(hasattr(r, "statements") for r in records)  # Record objects, not dicts
        said = [(s, r.article) for r in records for s in r.statements if s.speaker]
        sides = tuple(_Side(stance, tuple(s.speaker.text for s, _ in said if s.stance == stance),
                            tuple(a.id for s, a in said if s.stance == stance))
                      for stance in ("assert", "deny", "unverified") if any(s.stance == stance for s, _ in said))
        return [_Claim("c1", "Russia offered the Taliban bounties", sides)]

    module = types.ModuleType("backchannel.claims")
    module.group_claims = group_claims
    monkeypatch.setitem(__import__("sys").modules, "backchannel.claims", module)


def test_claims_page_and_brief_use_the_claims_module(fake_claims, client, web_store):
    from backchannel.brief import write_brief

    html = client.get("/claims").text
    assert "Russia offered the Taliban bounties" in html and "Claims aren" not in html
    brief = write_brief(web_store, since="2020-07-01", until="2020-08-31")
    assert brief.claims and "Russia offered the Taliban bounties" in brief.markdown
    assert "- deny: Moscow" in brief.markdown


def test_real_claims_module_on_the_sample_store(web_store):
    pytest.importorskip("backchannel.claims")
    found = grouped(web_store)
    assert found is not None
    for claim in found:
        assert claim.proposition and all(s.stance and s.article_id for s in claim.sides)
