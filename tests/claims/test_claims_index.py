"""Claims kept in the store: grouped when the store changes, paged and filtered by SQL, the
same on the claims page, the API and ``backchannel claims``."""

from __future__ import annotations

import string

import pytest
from fastapi.testclient import TestClient

from backchannel.claims import find_claims, refresh
from backchannel.errors import QueryError
from backchannel.records import Actor, Article, Record, Span, Speaker, Statement, short_hash
from backchannel.store import Stored, open_store
from backchannel.web import create_app

SPEAKERS = (("Anna Berg", "PER-ANNA-BERG"), ("Carl Dahl", "PER-CARL-DAHL"))


def _word(i: int, salt: str) -> str:
    """A made-up word of its own for each article (so no two articles' claims share one)."""
    letters = string.ascii_lowercase
    return salt + letters[i % 26] + letters[(i // 26) % 26] + "ex"


def _record(i: int, published: str) -> Record:
    name, actor_id = SPEAKERS[i % 2]
    content = f"the {_word(i, 'qu')} {_word(i, 'zo')} plant will close"
    text = f"{name} said {content}. The ministry denied the reports."
    aid = f"a{i:03d}"
    person = Actor(actor_id, name, 0, len(name), name, "person", "NOR", "GOV", None)
    said = text.index(" said") + 1
    s1 = Statement(
        short_hash(aid, "s1"),
        Speaker(name, 0, len(name), "person", actor=person),
        Span("said", said, said + 4),
        Span(content, text.index(content), text.index(content) + len(content)),
        False,
        "assert",
    )
    ministry = text.index("The ministry")
    denied = text.index("denied")
    reports = text.index("the reports")
    s2 = Statement(
        short_hash(aid, "s2"),
        Speaker("The ministry", ministry, ministry + 12, "organization"),
        Span("denied", denied, denied + 6),
        Span("the reports", reports, reports + 11),
        False,
        "deny",
    )
    article = Article(aid, text, source="test", outlet=f"Outlet {i}", published=published)
    return Record(article, (person,), (), (s1, s2), (), ())


def _stored(records: list[Record]) -> list[Stored]:
    return [Stored(r.article, r, signature=b"sig-" + r.article.id.encode()) for r in records]


MONTHS = ("2023-01", "2023-02", "2023-03")


@pytest.fixture(scope="module")
def claims_store(tmp_path_factory):
    records = [_record(i, f"{MONTHS[i % 3]}-{1 + i % 28:02d}") for i in range(30)]
    with open_store(tmp_path_factory.mktemp("claims") / "claims.db") as store:
        store.add(_stored(records))
        yield store


def test_each_article_makes_one_claim_with_both_sides(claims_store):
    found = find_claims(claims_store, per_page=100)
    assert found.total == 30 and len(found.items) == 30
    assert all(set(c.stances) == {"assert", "deny"} and c.voices == 2 for c in found.items)


def test_pages_cover_every_claim_once(claims_store):
    pages = [find_claims(claims_store, page=p, per_page=7) for p in range(1, 6)]
    assert [p.pages for p in pages] == [5] * 5
    assert [len(p.items) for p in pages] == [7, 7, 7, 7, 2]
    ids = [c.id for p in pages for c in p.items]
    assert len(ids) == len(set(ids)) == 30
    assert find_claims(claims_store, page=6, per_page=7).items == ()


def test_claims_filter_by_publication_month(claims_store):
    found = find_claims(claims_store, since="2023-02", until="2023-02", per_page=100)
    assert found.total == 10
    assert all(c.first.startswith("2023-02") and c.last.startswith("2023-02") for c in found.items)
    assert find_claims(claims_store, since="2023-02-15", per_page=100).total < 20


def test_claims_filter_by_speaker_and_stance(claims_store):
    anna = find_claims(claims_store, actor="anna berg", per_page=100)
    assert anna.total == 15
    assert all(any(s.speaker == "Anna Berg" for s in c.sides) for c in anna.items)
    assert find_claims(claims_store, actor="PER-CARL-DAHL", per_page=100).total == 15
    assert find_claims(claims_store, actor="%", per_page=100).total == 0  # taken literally
    assert find_claims(claims_store, stance="deny").total == 30
    assert find_claims(claims_store, stance="dispute").total == 0
    with pytest.raises(QueryError):
        find_claims(claims_store, stance="shouted")
    with pytest.raises(QueryError):
        find_claims(claims_store, since="2023-13")
    with pytest.raises(QueryError):
        find_claims(claims_store, page=0)


def test_a_new_article_makes_the_claims_stale(tmp_path):
    with open_store(tmp_path / "grow.db") as store:
        store.add(_stored([_record(i, "2023-01-10") for i in range(3)]))
        assert find_claims(store).total == 3
        assert not refresh(store)  # grouped already, nothing changed
        store.add(_stored([_record(7, "2023-01-11")]))
        assert find_claims(store).total == 4


def test_claims_page_and_api_page_and_filter(claims_store):
    with TestClient(create_app(claims_store)) as client:
        page = client.get("/claims?per_page=7&page=2")
        assert page.status_code == 200
        assert "page 2 of 5" in page.text and page.text.count('class="claim"') == 7
        month = client.get("/claims?since=2023-03&until=2023-03&actor=Carl+Dahl").text
        assert "Carl Dahl" in month and "Anna Berg" not in month
        api = client.get("/api/claims?since=2023-02&until=2023-02&per_page=4").json()
        assert api["total"] == 10 and api["pages"] == 3 and len(api["claims"]) == 4
        assert api["filters"] == {"since": "2023-02", "until": "2023-02"}
        side = api["claims"][0]["sides"][0]
        assert {"stance", "speaker", "anonymous", "outlet"} <= set(side)
        for bad in ("stance=shouted", "page=0", "per_page=100000", "since=2023-13-45"):
            answer = client.get(f"/api/claims?{bad}")
            assert answer.status_code == 400 and "error" in answer.json()
        assert client.get("/claims?page=0").status_code == 400


def test_clusters_are_paged_on_the_page_and_the_api(tmp_path):
    from tests.web.sample_store import build_store

    with build_store(tmp_path / "bc.db") as store, TestClient(create_app(store)) as client:
        everything = client.get("/api/clusters")
        total = int(everything.headers["X-Total-Count"])
        assert total == len(everything.json()) > 2
        first = client.get("/api/clusters?limit=2&page=1").json()
        second = client.get("/api/clusters?limit=2&page=2").json()
        assert len(first) == 2 and {c["id"] for c in first}.isdisjoint(c["id"] for c in second)
        assert first[0]["sources"] >= first[1]["sources"]  # most independent sources first
        page = client.get("/clusters?per_page=2&page=2")
        assert page.status_code == 200 and f"page 2 of {-(-total // 2)}" in page.text
        assert "No events match." in client.get("/clusters?per_page=2&since=2031").text
