"""The query layer over a hand-coded store (tests/web/sample_store.py)."""

from __future__ import annotations

import pytest

from backchannel import query
from backchannel.errors import QueryError
from tests.web.sample_store import build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with build_store(tmp_path_factory.mktemp("query") / "bc.db") as opened:
        yield opened


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, 11),
        ({"country": "RUS"}, 11),
        ({"country": "AFG"}, 1),
        ({"dyad": ("USA", "RUS")}, 7),
        ({"dyad": ("RUS", "USA")}, 0),
        ({"type": "CONSULT"}, 6),
        ({"quad": "MATERIAL CONFLICT"}, 1),
        ({"actor": "Q1"}, 4),
        ({"actor": "naryshkin"}, 4),
        ({"sector": "SPY"}, 4),
        ({"since": "2023-06-24", "until": "2023-06-26"}, 3),
        ({"since": "2023"}, 7),
        ({"until": "2020-07"}, 2),
        ({"modality": "future"}, 1),
        ({"sourcing": "anonymous"}, 2),
        ({"sourcing": "named"}, 3),
        ({"sourcing": "article", "country": "USA"}, 3),
    ],
    ids=[
        "all",
        "country",
        "other-country",
        "dyad",
        "reverse-dyad",
        "type",
        "quad",
        "actor-id",
        "actor-name",
        "sector",
        "day-range",
        "year-bound",
        "month-bound",
        "modality",
        "anonymous",
        "named",
        "article-voice",
    ],
)
def test_event_filters(store, filters, expected):
    assert query.events(store, **filters).total == expected


def test_month_precision_event_falls_in_its_month(store):
    found = query.events(store, since="2022-11", until="2022-11").items
    assert [(e.date, e.day, e.place_name) for e in found] == [("2022-11", "2022-11-01", "Ankara")]


def test_pagination_is_stable_and_complete(store):
    pages = [query.events(store, page=n, per_page=4) for n in (1, 2, 3)]
    ids = [e.id for p in pages for e in p.items]
    assert pages[0].pages == 3 and len(ids) == 11 == len(set(ids))
    assert [e.day for e in pages[0].items] == sorted((e.day for e in pages[0].items), reverse=True)


def test_event_carries_its_sentence(store):
    call = query.events(store, actor="Q1", since="2023-06-26", until="2023-06-26").items[0]
    assert call.sentence.text.startswith("CIA Director William Burns phoned")
    assert (
        call.trigger.text == "phoned"
        and call.sentence.start <= call.trigger.start < call.sentence.end
    )
    assert query.event(store, call.id) == call
    assert query.event(store, "no-such-event") is None


@pytest.mark.parametrize(
    "filters, message",
    [
        ({"modality": "maybe"}, "modality"),
        ({"since": "June 2023"}, "date bound"),
        ({"type": "CHAT"}, "event type"),
        ({"sourcing": "rumour"}, "sourcing"),
    ],
    ids=["modality", "date", "type", "sourcing"],
)
def test_bad_filters_raise_query_error(store, filters, message):
    with pytest.raises(QueryError, match=message):
        query.events(store, **filters)


def test_dyad_months_count_by_quad(store):
    rows = [
        r
        for r in query.dyad_months(store)
        if (r.actor_country, r.recipient_country) == ("USA", "RUS")
    ]
    assert [(r.month, r.quad, r.count) for r in rows] == [
        ("2020-07", "VERBAL CONFLICT", 1),
        ("2022-11", "VERBAL COOPERATION", 1),
        ("2023-06", "VERBAL COOPERATION", 5),
    ]
    assert rows[0].most_negative == -3.5


def test_dyads_busiest_first(store):
    assert ("RUS", None) in {(d.actor_country, d.recipient_country) for d in query.dyads(store)}
    assert all(d.actor_country and d.recipient_country for d in query.dyads(store, complete=True))
    top = query.dyads(store)[0]
    assert (top.actor_country, top.recipient_country, top.count) == ("USA", "RUS", 7)
    assert dict(top.by_quad)["VERBAL CONFLICT"] == 1


def test_intensity_series_both_directions(store):
    one_way = query.intensity_series(store, "EUR", "RUS")
    both = query.intensity_series(store, "EUR", "RUS", both_directions=True)
    assert [(p.month, p.count, p.total) for p in one_way] == [("2023-06", 1, -6.0)]
    assert [(p.month, p.count, p.lowest, p.highest) for p in both] == [("2023-06", 2, -6.0, -3.5)]


def test_actors_and_counterparts(store):
    listed = {a.name: a for a in query.actors(store)}
    assert (listed["William Burns"].as_actor, listed["William Burns"].as_recipient) == (4, 0)
    assert listed["Russia"].mentions == 5
    assert [(c.name, c.events, c.cooperation) for c in query.counterparts(store, "Q1")] == [
        ("Sergei Naryshkin", 4, 4)
    ]
    assert (
        query.actor(store, "Q2").name == "Sergei Naryshkin" and query.actor(store, "nobody") is None
    )


def test_network_edges(store):
    edges = {(e.source, e.target): e for e in query.network(store)}
    assert edges[("USA", "RUS")].count == 7 and edges[("EUR", "RUS")].conflict == 1
    actor_edges = query.network(store, level="actor")
    assert ("William Burns", "Sergei Naryshkin") in {(e.source, e.target) for e in actor_edges}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("naryshkin", {"a-call-1", "a-call-2", "a-call-2-copy"}),
        ("Naryshkin ANKARA", {"a-call-1"}),
        ("bounties", {"a-warning"}),
        ("nothing-like-this", set()),
        ("  ", set()),
    ],
    ids=["one-word", "all-words-any-case", "other", "none", "blank"],
)
def test_search(store, text, expected):
    assert {hit.id for hit in query.search(store, text)} == expected


def test_statements_by_stance(store):
    denials = query.statements(store, stance="deny")
    assert [(s.speaker, s.content.text) for s in denials] == [("Moscow", "the reports")]


def test_search_index_follows_new_articles(tmp_path):
    from dataclasses import replace

    from backchannel.store import Stored
    from tests.web.sample_store import sample_records

    with build_store(tmp_path / "bc.db") as fresh:
        assert [h.id for h in query.search(fresh, "sanctions")] == ["a-sanctions"]
        extra = replace(
            sample_records()[2].article, id="a-sanctions-2", text="More sanctions on Belarus."
        )
        fresh.add([Stored(extra, None, b"sig")])
        assert {h.id for h in query.search(fresh, "sanction")} == {"a-sanctions", "a-sanctions-2"}
