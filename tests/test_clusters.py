"""Event clusters and the deduplication choices of the exports."""

from __future__ import annotations

import pytest

from backchannel import clusters, query
from backchannel.errors import QueryError
from tests.web.sample_store import build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with build_store(tmp_path_factory.mktemp("clusters") / "bc.db") as opened:
        yield opened


def test_three_reports_of_one_call_are_one_cluster(store):
    top = clusters.clusters(store)[0]
    assert (top.type, top.actor, top.recipient) == ("CONSULT", "USA", "RUS")
    assert (top.first_day, top.last_day, top.reports, top.sources) == (
        "2023-06-26",
        "2023-06-27",
        3,
        2,
    )
    assert top.lead.sourcing == "named" and not top.anonymous_only


def test_different_modes_stay_apart(store):
    june = [
        c
        for c in clusters.clusters(store, filters=query.EventFilter(since="2023-06"))
        if c.type == "CONSULT"
    ]
    assert sorted((c.events[0].mode, c.reports) for c in june) == [("phone", 3), ("third-party", 2)]


def test_anonymous_only_cluster(store):
    warning = next(c for c in clusters.clusters(store) if c.type == "THREATEN" and c.actor == "USA")
    assert warning.anonymous_only


def test_cluster_of_an_event(store):
    call = query.events(store, actor="Q1", since="2023-06-26", until="2023-06-26").items[0]
    found = clusters.cluster_of(store, call.id)
    assert call.id in {e.id for e in found.events} and found.reports == 3
    assert clusters.cluster_of(store, "missing") is None


@pytest.mark.parametrize(
    "how, expected",
    [("none", 11), ("one-a-day", 9), ("clusters", 8)],
    ids=["none", "one-a-day", "clusters"],
)
def test_dedupe_choices(store, how, expected):
    rows = list(query.iter_events(store))
    assert len(clusters.dedupe(rows, how)) == expected


def test_unknown_dedupe_is_refused(store):
    with pytest.raises(QueryError):
        clusters.dedupe([], "fuzzy")


def test_events_without_actors_never_merge():
    from dataclasses import replace

    from backchannel.records import Span

    base = query.EventRow(
        id="x1",
        article_id="a1",
        type="AGREE",
        cameo="030",
        quad="VERBAL COOPERATION",
        intensity=2.5,
        mode=None,
        contexts=(),
        actor_id=None,
        actor_name=None,
        actor_country=None,
        actor_sector=None,
        recipient_id=None,
        recipient_name=None,
        recipient_country=None,
        recipient_sector=None,
        date="2024-04-01",
        day="2024-04-01",
        date_precision="day",
        channel=None,
        place_name=None,
        place_country=None,
        modality="asserted",
        sourcing="article",
        trigger=Span("agreed", 0, 6),
        sentence=Span("They agreed.", 0, 12),
        attributed_to=(),
        confidence=0.5,
        rule="",
        outlet=None,
        published=None,
        title=None,
        url=None,
        source_cluster="a1",
    )
    other = replace(base, id="x2", article_id="a2", source_cluster="a2")
    assert len(clusters.cluster_events([base, other])) == 2
    known = [replace(base, actor_country="USA"), replace(other, actor_country="USA")]
    assert len(clusters.cluster_events(known)) == 1


def test_same_outlet_counts_once(store):
    from dataclasses import replace

    rows = [r for r in query.iter_events(store) if r.mode == "phone"]
    assert clusters.independent_sources(rows) == 2
    same_outlet = [replace(r, outlet="Example Wire") for r in rows]
    assert clusters.independent_sources(same_outlet) == 1
    apart = [replace(r, source_cluster=r.article_id, outlet=None) for r in rows]
    assert clusters.independent_sources(apart) == 3


def test_undated_mentions_merge_only_within_their_article(store):
    from dataclasses import replace

    call = [r for r in query.iter_events(store) if r.mode == "phone"]
    undated = [replace(r, day=None, date=None) for r in call]
    assert len(clusters.cluster_events(undated)) == 3
    same_article = [replace(r, article_id="one") for r in undated]
    assert len(clusters.cluster_events(same_article)) == 1
