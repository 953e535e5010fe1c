"""Claims: statements about one proposition grouped, with who asserts, denies, disputes."""

from __future__ import annotations

import sys

import pytest

from backchannel.claims import EMBED_JOIN_THRESHOLD, Claim, group_claims, minilm_embedder, terms
from backchannel.errors import ConfigError
from backchannel.records import Article, Record, Span, Speaker, Statement

SEED_000 = "000_26a99d6648b841d9.txt"


def _statement(sid: str, speaker: str, content: str, stance: str = "assert") -> Statement:
    return Statement(
        id=sid,
        speaker=Speaker(speaker, 0, len(speaker), "person"),
        cue=Span("said", 0, 4),
        content=Span(content, 0, len(content)),
        direct=False,
        stance=stance,
    )


def _record(article_id: str, published: str, *statements: Statement) -> Record:
    return Record(
        article=Article(id=article_id, text="", published=published), statements=statements
    )


@pytest.fixture(scope="module")
def seed_claim(seed_records) -> tuple[Claim, dict[str, str]]:
    record = seed_records[SEED_000]
    claims = group_claims([record])
    speakers = {s.id: s.speaker.text if s.speaker else "" for s in record.statements}
    return claims[0], speakers


SEED_SIDES = [
    ("nyt-asserts", "assert", "New York Times"),
    ("officials-assert", "assert", "two senior US officials"),
    ("moscow-denies", "deny", "Moscow"),
    ("white-house-unverified", "unverified", "White House officials"),
    ("esper-milley-dispute", "dispute", "Several US officials"),
]


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.parametrize(
    "stance, speaker", [s[1:] for s in SEED_SIDES], ids=[s[0] for s in SEED_SIDES]
)
def test_seed_bounty_claim_sides(seed_claim, stance, speaker):
    side = _side_of(seed_claim, stance, speaker)
    assert all(v.article_id == SEED_000 and v.published == "2020-08-06" for v in side.voices)


def _side_of(found: tuple[Claim, dict[str, str]], stance: str, speaker: str):
    """The claim's side with ``stance``, asserting ``speaker`` is among its voices."""
    claim, speakers = found
    side = claim.side(stance)
    assert side is not None, [s.stance for s in claim.sides]
    assert any(speaker in speakers[v.statement_id] for v in side.voices)
    return side


@pytest.mark.model
@pytest.mark.shared
def test_seed_bounty_claim_is_about_rewards(seed_claim):
    claim, _ = seed_claim
    assert "bounty" in terms(claim.proposition)


def test_claims_across_articles():
    first = _record(
        "a1",
        "2020-06-26",
        _statement("s1", "The Times", "Russia offered bounties to Taliban militants"),
        _statement("s2", "Officials", "the talks on arms control will resume"),
    )
    second = _record(
        "a2",
        "2020-06-27",
        _statement("s3", "The Kremlin", "Russia paid rewards to Taliban militants", "deny"),
        _statement("s4", "A minister", "the arms control talks will resume"),
    )
    claims = group_claims([first, second])
    by_ids = {frozenset(c.statement_ids) for c in claims}
    assert by_ids == {frozenset({"s1", "s3"}), frozenset({"s2", "s4"})}
    bounty = next(c for c in claims if "s1" in c.statement_ids)
    assert [v.article_id for v in bounty.side("deny").voices] == ["a2"]


def test_unrelated_statements_make_no_claim():
    record = _record(
        "a1",
        None,
        _statement("s1", "A", "the harvest was early this year"),
        _statement("s2", "B", "the central bank raised interest rates"),
    )
    assert group_claims([record]) == []


def test_claim_ids_are_stable():
    record = _record(
        "a1",
        None,
        _statement("s1", "A", "Russia offered bounties to Taliban militants"),
        _statement("s2", "B", "Russia paid Taliban militants rewards"),
    )
    assert group_claims([record])[0].id == group_claims([record])[0].id
    assert group_claims([record])[0].to_dict()["sides"][0]["stance"] == "assert"


def test_embedding_similarity_replaces_lexical():
    record = _record(
        "a1",
        None,
        _statement("s1", "A", "the envoy resigned abruptly"),
        _statement("s2", "B", "the ambassador quit his post"),
        _statement("s3", "C", "the harvest was early"),
    )

    def embed(texts):
        return [(1.0, 0.0) if ("envoy" in t or "ambassador" in t) else (0.0, 1.0) for t in texts]

    assert group_claims([record]) == []
    (claim,) = group_claims([record], 0.9, embed=embed)
    assert set(claim.statement_ids) == {"s1", "s2"}


# --- MiniLM embeddings (the embed extra) ----------------------------------------------


@pytest.fixture(scope="module")
def embedder():
    try:
        return minilm_embedder()
    except ConfigError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def embedded_seed_claim(seed_records, embedder) -> tuple[Claim, dict[str, str]]:
    record = seed_records[SEED_000]
    claims = group_claims([record], EMBED_JOIN_THRESHOLD, embed=embedder)
    speakers = {s.id: s.speaker.text if s.speaker else "" for s in record.statements}
    return claims[0], speakers


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.parametrize(
    "stance, speaker", [s[1:] for s in SEED_SIDES], ids=[s[0] for s in SEED_SIDES]
)
def test_seed_bounty_claim_sides_with_embeddings(embedded_seed_claim, stance, speaker):
    _side_of(embedded_seed_claim, stance, speaker)


def test_embeddings_group_paraphrases_with_few_shared_words(embedder):
    first = _record(
        "a1",
        "2020-06-26",
        _statement("s1", "A", "the envoy resigned abruptly"),
        _statement("s2", "B", "the hostages were released on Sunday"),
    )
    second = _record(
        "a2",
        "2020-06-27",
        _statement("s3", "C", "the ambassador quit his post"),
        _statement("s4", "D", "the captives were freed at the weekend"),
        _statement("s5", "E", "the harvest was early this year"),
    )
    assert group_claims([first, second]) == []
    claims = group_claims([first, second], EMBED_JOIN_THRESHOLD, embed=embedder)
    assert {frozenset(c.statement_ids) for c in claims} == {
        frozenset({"s1", "s3"}),
        frozenset({"s2", "s4"}),
    }


@pytest.mark.parametrize("missing", ["model package", "torch"])
def test_embedder_without_the_embed_extra_names_it(monkeypatch, missing):
    if missing == "torch":
        monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    else:
        monkeypatch.setattr("backchannel.nlp.attribution.minilm.base_path", lambda: None)
    with pytest.raises(ConfigError, match=r"pip install 'backchannel\[embed\]'"):
        minilm_embedder.__wrapped__()  # uncached, so a loaded model stays cached
