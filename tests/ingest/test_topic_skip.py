"""Sport and entertainment stories are skipped with a reason; political ones are kept."""

from __future__ import annotations

import pytest

from backchannel.errors import RejectedArticle
from backchannel.ingest.prepare import prepare
from backchannel.ingest.quality import off_topic
from backchannel.ingest.readers import RawItem

MATCH = (
    "Chelsea extended their lead at the top of the Premiership with a 2-0 win over Everton. "
    "The striker scored twice before half-time and the goalkeeper saved a penalty, while the "
    "midfielder was shown a red card by the referee. The coach said the squad would rest "
    "before the Champions League quarter-final next week."
)
FILM = (
    "The actress won the Bafta for best actress on Sunday for her role in the film, a comedy "
    "that has taken 50m at the box office. The singer, whose new album tops the charts, "
    "presented the award, and the film's sequel is due in cinemas next year."
)
BOYCOTT = (
    "The government will boycott the World Cup match in protest at the host's human rights "
    "record, the sports minister told parliament. The football squad and the coach were told "
    "not to travel to the stadium for the tournament, and the embassy was informed."
)
MINISTER_AT_MATCH = (
    "The prime minister watched the match from the stadium as the squad won the championship "
    "semi-final. Police arrested 12 fans after the goalkeeper was hit by a bottle, and the "
    "referee stopped the tournament game for ten minutes before the coach calmed the crowd."
)
POLITICS = (
    "The prime minister met the French president in Paris on Tuesday to discuss the trade "
    "dispute. Ministers agreed to resume talks next month, the government said."
)


@pytest.mark.parametrize(
    ("title", "text", "topic"),
    [("Chelsea go clear", MATCH, "sport"), ("Bafta glory", FILM, "entertainment")],
)
def test_sport_and_entertainment_are_off_topic(title, text, topic):
    reason = off_topic(title, text)
    assert reason is not None and reason.startswith(f"{topic} story")


@pytest.mark.parametrize("text", [BOYCOTT, MINISTER_AT_MATCH, POLITICS])
def test_political_stories_are_kept(text):
    assert off_topic("News", text) is None


def test_one_cue_word_is_not_a_topic():
    assert off_topic("Talks", "The envoy said the film of the talks would be shown.") is None


def test_prepare_rejects_a_match_report_with_its_reason():
    item = RawItem(source="feed.jsonl:1", text=MATCH, title="Chelsea go clear")
    with pytest.raises(RejectedArticle) as caught:
        prepare(item)
    assert caught.value.reason.startswith("sport story, no political event")


def test_prepare_keeps_a_boycott_story():
    assert prepare(RawItem(source="feed.jsonl:2", text=BOYCOTT, title="Boycott")).text


def test_prepare_can_keep_off_topic_stories():
    item = RawItem(source="feed.jsonl:3", text=MATCH, title="Chelsea go clear")
    assert prepare(item, skip_off_topic=False).text == MATCH


@pytest.mark.shared
def test_fundus_off_topic_pages_are_sport_and_entertainment_only():
    """Of the 65 publishers' pages, only the match reports, the tennis results and the film
    star's outfits are skipped (measured 4); the protest at a West End play is kept."""
    import json

    from backchannel.ingest.readers import read
    from tests.conftest import need

    root = need("corpora", "web", "html", "fundus")
    rows = [json.loads(line) for line in (root / "index.jsonl").read_text().splitlines()]
    skipped = []
    for row in rows:
        (item,) = read([root.parent.parent / row["file"]])
        article = prepare(item, skip_off_topic=False)
        if off_topic(article.title, article.text):
            skipped.append(row["title"])
    assert 2 <= len(skipped) <= 6, skipped
    assert not any("protest" in title.lower() for title in skipped)
