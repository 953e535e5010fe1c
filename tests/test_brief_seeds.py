"""The brief over the two seed articles: the Burns–Naryshkin call and the bounty claim."""

from __future__ import annotations

import pytest

from backchannel.brief import write_brief
from backchannel.store import Stored, open_store


@pytest.fixture(scope="module")
def brief(seed_records, tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with open_store(db) as store:
        store.add(
            [Stored(r.article, r, r.article.id.encode(), "test") for r in seed_records.values()]
        )
        yield write_brief(store, since="2020-01-01", until="2023-12-31")


@pytest.mark.model
@pytest.mark.shared
def test_brief_lists_the_burns_naryshkin_call_with_its_report(brief):
    calls = [
        c
        for c in brief.timeline
        if c.lead.actor_name == "William Burns"
        and c.lead.recipient_name == "Sergei Naryshkin"
        and c.lead.mode == "phone"
    ]
    assert calls and calls[0].lead.day == "2023-06-30"
    assert "William Burns → Sergei Naryshkin: CONSULT (phone)" in brief.markdown


@pytest.mark.model
@pytest.mark.shared
def test_brief_shows_the_bounty_claim_with_its_sides(brief):
    sides = {
        row.stance
        for claim in brief.claims
        for row in claim.sides
        if "reward" in claim.proposition.lower() or "bount" in claim.proposition.lower()
    }
    assert {"assert", "deny", "dispute", "unverified"} <= sides
