"""The query layer, clusters, exports, briefs and the app give the same answers on PostgreSQL."""

from __future__ import annotations

import pytest

from backchannel import clusters, query
from backchannel.brief import write_brief
from backchannel.export import export


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, 11),
        ({"dyad": ("USA", "RUS")}, 7),
        ({"actor": "naryshkin"}, 4),
        ({"since": "2022-11", "until": "2022-11"}, 1),
        ({"sourcing": "anonymous"}, 2),
    ],
    ids=["all", "dyad", "actor-name", "month", "sourcing"],
)
def test_event_filters_on_postgres(pg_store, filters, expected):
    assert query.events(pg_store, **filters).total == expected


def test_aggregates_on_postgres(pg_store, web_store):
    assert query.dyad_months(pg_store) == query.dyad_months(web_store)
    assert query.dyads(pg_store) == query.dyads(web_store)
    assert query.actors(pg_store) == query.actors(web_store)
    assert set(query.network(pg_store)) == set(query.network(web_store))
    assert query.counterparts(pg_store, "Q1") == query.counterparts(web_store, "Q1")
    assert [h.id for h in query.search(pg_store, "naryshkin ankara")] == ["a-call-1"]


def test_sentences_clusters_and_briefs_on_postgres(pg_store, web_store, tmp_path):
    pg_rows, lite_rows = list(query.iter_events(pg_store)), list(query.iter_events(web_store))
    assert [r.sentence for r in pg_rows] == [r.sentence for r in lite_rows]
    assert [(c.reports, c.sources) for c in clusters.clusters(pg_store)] == [
        (c.reports, c.sources) for c in clusters.clusters(web_store)
    ]
    assert (
        write_brief(pg_store, since="2023-06-01", until="2023-06-30").markdown
        == write_brief(web_store, since="2023-06-01", until="2023-06-30").markdown
    )
    assert (
        export(pg_store, tmp_path / "pg.tsv").path.read_text()
        == export(web_store, tmp_path / "lite.tsv").path.read_text()
    )
