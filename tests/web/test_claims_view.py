"""Records read back from their stored JSON (Record.from_dict), and typed claims flattened for
display."""

from __future__ import annotations

import pytest
from markupsafe import escape

from backchannel.claims import Claim, Side, Voice, grouped, view
from backchannel.records import Record
from tests.web.sample_store import sample_records


@pytest.mark.parametrize("record", sample_records(), ids=lambda r: r.article.id)
def test_record_round_trips_through_its_json(record):
    assert Record.from_dict(record.to_dict()) == record


def _voice(statement_id: str, speaker: str | None, article_id: str) -> Voice:
    return Voice(statement_id, speaker, "person", article_id, "2020-06-27")


BOUNTIES = Claim(
    "c1",
    "Russia offered bounties",
    (
        Side(
            "assert",
            (_voice("s1", "NYT", "a1"), _voice("s2", "officials", "a2"), _voice("s3", "NYT", "a3")),
        ),
        Side("deny", (_voice("s4", "Moscow", "a1"),)),
    ),
)


def test_a_claim_becomes_one_row_per_side_and_speaker():
    shown = view(
        BOUNTIES, {"s1": "Russia paid", "s2": "bounties were offered", "s3": "Russia paid"}
    )
    assert shown.id == "c1" and shown.proposition == "Russia offered bounties"
    assert shown.stances == ("assert", "deny")
    assert [
        (s.stance, s.speaker, s.text, s.article_id) for s in shown.sides
    ] == [  # the copy (s3) shown once
        ("assert", "NYT", "Russia paid", "a1"),
        ("assert", "officials", "bounties were offered", "a2"),
        ("deny", "Moscow", None, "a1"),
    ]


def test_grouped_gives_claims_with_sides(web_store):
    found = grouped(web_store)
    assert found and any(len(c.stances) > 1 for c in found)
    for claim in found:
        assert (
            claim.proposition
            and claim.sides
            and all(s.stance and s.article_id for s in claim.sides)
        )


def test_claims_page_and_brief_show_the_grouped_claims(client, web_store):
    from backchannel.brief import write_brief

    html = client.get("/claims").text
    assert all(str(escape(c.proposition)) in html for c in grouped(web_store))
    brief = write_brief(web_store, since="2020-06-01", until="2020-08-31")
    assert brief.claims and all(f"- **{c.proposition}**" in brief.markdown for c in brief.claims)
