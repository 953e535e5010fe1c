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
    # the claim reads as its most central assertion: the bounty, reward or cash offered
    bounty = ("reward", "bount", "cash")
    sides = {
        row.stance
        for claim in brief.claims
        for row in claim.sides
        if any(word in claim.proposition.lower() for word in bounty)
    }
    assert {"assert", "deny", "dispute", "unverified"} <= sides


@pytest.mark.model
@pytest.mark.shared
def test_brief_leads_with_the_burns_naryshkin_call_and_who_reported_it(brief):
    calls = [
        c
        for c in brief.developments
        if c.lead.actor_name == "William Burns" and c.lead.recipient_name == "Sergei Naryshkin"
    ]
    assert calls, [headline for headline in brief.markdown.splitlines()[:20]]
    assert brief.reports_of(calls[0])
    assert f"({brief.event_url(calls[0].lead.id)})" in brief.markdown


@pytest.mark.model
@pytest.mark.shared
def test_brief_marks_anonymous_speakers_but_not_named_officials(brief):
    anonymous = [s for s in brief.said if s.anonymous]
    named_group = [s for s in brief.said if "Esper" in (s.statement.speaker or "")]
    assert anonymous and named_group
    assert not any(s.anonymous for s in named_group)
    assert (
        "two senior US officials and one other person with knowledge of the matter [anonymous, 3]"
        in brief.markdown
    )
    assert "Mark Milley [anonymous" not in brief.markdown
    html = brief.html
    assert 'Mark Milley <span class="tag anonymous">' not in html
    assert html.count('<span class="tag anonymous">') >= len(anonymous)
    claim_sides = [s for c in brief.claims for s in c.sides if "Esper" in (s.speaker or "")]
    assert claim_sides and not any(s.anonymous for s in claim_sides)
