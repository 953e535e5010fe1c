"""prepare: raw items become articles with content-hash ids, ISO dates, cleaned text and flags."""

from __future__ import annotations

import pytest

from backchannel.errors import RejectedArticle
from backchannel.ingest.prepare import article_id, normalise_date, prepare
from backchannel.ingest.readers import RawItem
from tests.conftest import SEEDS

STORY = (
    "CIA Director William Burns spoke by phone with Sergei Naryshkin, head of Russia's "
    "foreign intelligence service, after the mutiny, officials said on Friday."
)
SPAM = STORY + "\nadmin in: How the Brotherhood betrayed Riyadh?\nGreat article with insight ..."
PAGE = (
    "<html><head><title>Burns calls Naryshkin</title>"
    '<meta property="og:site_name" content="Example Wire">'
    '<meta property="article:published_time" content="2023-06-30T09:00:00Z"></head>'
    f"<body><article><h1>Burns calls Naryshkin</h1><p>{STORY}</p></article>"
    "<div class='comments'><p>Great article!</p></div></body></html>"
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2023-06-30", "2023-06-30"),
        ("2023-06-30T14:05:00+00:00", "2023-06-30T14:05:00+00:00"),
        ("2023-06-30T14:05:00Z", "2023-06-30T14:05:00+00:00"),
        ("Fri, 30 Jun 2023 10:00:00 +0000", "2023-06-30T10:00:00+00:00"),
        ("June 30, 2023", "2023-06-30"),
        ("1987-02-26T15:01:01", "1987-02-26T15:01:01"),
        ("2023-06", "2023-06"),
        ("2023", "2023"),
        ("June 30", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
    ids=[
        "iso-date",
        "iso-datetime",
        "zulu",
        "rfc822-feed",
        "prose",
        "naive",
        "year-month",
        "year",
        "no-year",
        "junk",
        "empty",
        "none",
    ],
)
def test_normalise_date(given, expected):
    assert normalise_date(given) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Burns called Naryshkin.", "burns  called\nNARYSHKIN.", True),
        ("Burns called Naryshkin.", "Burns called Naryshkin.\u00a0", True),
        ("Burns called Naryshkin.", "Burns called Putin.", False),
    ],
    ids=["case-and-space", "nbsp-nfkc", "different-text"],
)
def test_article_id(a, b, same):
    assert (article_id(a) == article_id(b)) is same
    assert len(article_id(a)) == 16


def test_text_item_is_cleaned_flagged_and_hashed():
    article = prepare(
        RawItem(source="wire.jsonl:1", text=SPAM, input_id="a1", published="2023-06-30")
    )
    assert article.text == STORY
    assert article.id == article_id(STORY)
    assert (article.input_id, article.source, article.published) == (
        "a1",
        "wire.jsonl:1",
        "2023-06-30",
    )
    assert "spam_tail_removed" in article.quality.flags
    assert article.quality.language == "en"
    assert article.cluster is None


def test_keep_text_analyses_the_text_as_given():
    article = prepare(RawItem(source="s", text=SPAM), keep_text=True)
    assert article.text == SPAM
    assert "spam_tail_removed" not in article.quality.flags


def test_html_item_gets_main_text_title_and_date():
    article = prepare(RawItem(source="page.html", html=PAGE, url="https://example.org/burns"))
    assert STORY in article.text and "Great article" not in article.text
    assert article.title == "Burns calls Naryshkin"
    assert article.published == "2023-06-30"
    assert article.url == "https://example.org/burns"
    assert article.outlet == "Example Wire"


def test_given_date_and_title_win_over_the_page():
    item = RawItem(
        source="p", html=PAGE, published="2023-07-01T08:00:00Z", title="Given", outlet="Desk"
    )
    article = prepare(item)
    assert (article.published, article.title, article.outlet) == (
        "2023-07-01T08:00:00+00:00",
        "Given",
        "Desk",
    )


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (RawItem(source="e", text="   \n "), "empty text"),
        (RawItem(source="e", html="<html><body></body></html>"), "empty text"),
        (RawItem(source="s", text="Burns called."), "too short"),
        (RawItem(source="b", text="\x00\x01\x02\x03" * 20 + STORY), "binary"),
        (RawItem(source="n"), "empty text"),
    ],
    ids=["blank", "empty-page", "too-short", "binary", "nothing"],
)
def test_rejected(item, reason):
    with pytest.raises(RejectedArticle, match=reason) as caught:
        prepare(item)
    assert caught.value.source == item.source


@pytest.mark.shared
def test_machine_translated_seed_is_flagged():
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is absent")
    text = (SEEDS / "000_26a99d6648b841d9.txt").read_text(encoding="utf-8")
    article = prepare(RawItem(source="seed", text=text))
    assert "machine_translated" in article.quality.flags
