"""Briefs: ranking by independent sources, who said what, sourcing notes, determinism."""

from __future__ import annotations

import pytest

from backchannel.brief import write_brief
from backchannel.errors import QueryError
from tests.web.sample_store import build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with build_store(tmp_path_factory.mktemp("brief") / "bc.db") as opened:
        yield opened


@pytest.fixture(scope="module")
def june(store):
    return write_brief(store, since="2023-06-01", until="2023-06-30")


def test_top_development_is_the_call_with_most_sources(june):
    top = june.developments[0]
    assert (top.type, top.sources, top.reports) == ("CONSULT", 2, 3)
    assert "William Burns → Sergei Naryshkin: CONSULT (phone)" in june.markdown


def test_who_said_what_includes_denials_and_declines(store):
    brief = write_brief(store, since="2020-06-01", until="2023-06-30")
    stances = {(s.statement.speaker, s.statement.stance) for s in brief.said}
    assert {
        ("Moscow", "deny"),
        ("The Kremlin", "decline"),
        ("The White House", "unverified"),
    } <= stances


def test_sourcing_notes_flag_anonymous_only_events(store):
    brief = write_brief(store, since="2020-07-01", until="2020-07-31")
    assert [c.type for c in brief.anonymous_only] == ["THREATEN"]
    assert "Only anonymous sources" in brief.markdown and "Only anonymous sources" in brief.html


@pytest.mark.parametrize(
    "actor, expected",
    [(None, 11), ("Q1", 4), ("European Union", 2)],
    ids=["everyone", "burns", "eu-by-name"],
)
def test_actor_restricts_the_brief(store, actor, expected):
    assert (
        write_brief(store, since="2020-01-01", until="2023-12-31", actor=actor).events == expected
    )


def test_brief_is_deterministic_and_self_contained(store, june):
    again = write_brief(store, since="2023-06-01", until="2023-06-30")
    assert again.markdown == june.markdown and again.html == june.html
    assert (
        "<style>" in june.html
        and "<svg" in june.html
        and "http" not in june.html.replace("http://www.w3.org/2000/svg", "")
    )
    dated = write_brief(
        store, since="2023-06-01", until="2023-06-30", generated="2023-07-01T08:00Z"
    )
    assert "Generated 2023-07-01T08:00Z" in dated.markdown


@pytest.mark.parametrize(
    "since, until",
    [("2023-07-01", "2023-06-01"), ("June", "2023-06-30")],
    ids=["reversed", "not-iso"],
)
def test_bad_periods(store, since, until):
    with pytest.raises(QueryError):
        write_brief(store, since=since, until=until)


def test_what_changed_against_the_previous_period(june):
    changes = {c.dyad: c for c in june.changes}
    assert (changes["USA→RUS"].before, changes["USA→RUS"].now, changes["USA→RUS"].label) == (
        0,
        5,
        "new",
    )
    assert changes["EUR→RUS"].label == "limited change" and changes["EUR→RUS"].conflict_now == 1
    assert "## What changed" in june.markdown and 'id="changes"' in june.html


@pytest.mark.parametrize(
    "before, now, label",
    [
        (0, 5, "new"),
        (1, 2, "limited change"),
        (10, 13, "large increase"),
        (10, 12, "moderate increase"),
        (10, 11, "limited change"),
        (10, 7, "large decrease"),
    ],
    ids=["new", "low-baseline", "large-up", "moderate-up", "limited", "large-down"],
)
def test_change_bands(before, now, label):
    from backchannel.brief import Change

    assert Change("USA", "RUS", now, before, 0, 0).label == label


def test_said_drops_statements_repeated_by_copies(june):
    keys = [(s.statement.speaker, s.statement.content.text) for s in june.said]
    assert len(keys) == len(set(keys))
