"""Grouping at scale keeps unrelated statements apart: shared generic words ("its board
declared a dividend") make no claim; shared propositions do."""

from __future__ import annotations

from backchannel.claims.group import Utterance, group_utterances

COMPANIES = [f"{name} Corp" for name in ("Porex", "Medco", "Alcan", "Brunswick", "Cetus")] + [
    f"{name} Inc" for name in ("Dynatech", "Emhart", "Fluor", "Gencorp", "Hexcel")
]


def _said(i: int, speaker: str, text: str, day: str = "1987-03-02", kind="organization"):
    return Utterance(f"s{i}", f"a{i}", day, speaker, kind, speaker.lower(), "assert", text)


def test_financial_statements_of_different_companies_make_no_claim():
    said = [
        _said(i, company, f"its board declared a quarterly dividend of {10 + i} cts a share")
        for i, company in enumerate(COMPANIES)
    ] + [
        _said(20 + i, company, f"it expects first quarter net profit to rise {5 + i} pct")
        for i, company in enumerate(COMPANIES)
    ]
    claims = group_utterances(said)
    assert claims == []


def test_one_proposition_in_several_articles_is_one_claim():
    said = [
        _said(
            1, "the New York Times", "Russia offered bounties to Taliban fighters", kind="outlet"
        ),
        _said(2, "two officials", "Russia had offered bounties to the Taliban", kind="anonymous"),
        _said(3, "Exxon Corp", "its board declared a quarterly dividend of 45 cts a share"),
    ]
    claims = group_utterances(said)
    assert [sorted(c.statement_ids) for c in claims] == [["s1", "s2"]]


def test_statements_months_apart_are_two_claims():
    said = [
        _said(1, "the Times", "Russia offered bounties to Taliban fighters", "2020-06-26"),
        _said(2, "officials", "Russia had offered bounties to the Taliban", "2020-06-27"),
        _said(3, "the Post", "Russia offered bounties to Taliban fighters", "2021-03-01"),
        _said(4, "officials", "Russia had offered bounties to the Taliban", "2021-03-02"),
    ]
    claims = group_utterances(said)
    assert sorted(sorted(c.statement_ids) for c in claims) == [["s1", "s2"], ["s3", "s4"]]
