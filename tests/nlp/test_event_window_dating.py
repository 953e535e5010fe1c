"""The event window on real parses: a time expression outside the plausible window around
the article's publication does not date the event; the publication date stands in, and
the record keeps the value it set aside (``EventDate.rejected``)."""

from __future__ import annotations

import pytest

from backchannel.limits import Limits
from backchannel.nlp.pipeline import make_doc
from backchannel.nlp.time import event_date
from backchannel.records import Article, EventDate

pytestmark = pytest.mark.model

PUBLISHED = "1987-03-02"
DEBENTURES = (
    "Mexico agreed to repay the loans with debentures due March 2002, the Finance Ministry said."
)


@pytest.fixture(scope="module")
def times_nlp():
    """The default spaCy model with ``backchannel_times`` as its only backchannel stage."""
    import spacy

    from backchannel.nlp.pipeline import DEFAULT_MODEL

    model = spacy.load(DEFAULT_MODEL)
    model.add_pipe("backchannel_times")
    return model


@pytest.fixture(scope="module")
def coder():
    from backchannel.ingest import Coder

    with Coder() as opened:
        yield opened


def _dated(nlp, text: str, trigger: str, limits: Limits | None = None) -> EventDate | None:
    doc = nlp(make_doc(nlp, text, published=PUBLISHED))
    index = next(t.i for t in doc if t.text == trigger)
    return event_date(doc, doc[:], doc[index : index + 1], limits=limits)


def test_a_maturity_date_in_a_1987_article_falls_back_and_is_flagged(coder):
    record = coder.code([Article(id="a-1987", text=DEBENTURES, published=PUBLISHED)])[0]
    assert [(e.type, e.trigger.text) for e in record.events] == [("AGREE", "agreed")]
    assert record.events[0].date == EventDate(PUBLISHED, "day", "published", rejected="2002-03")
    assert record.to_dict()["events"][0]["date"]["rejected"] == "2002-03"
    assert [t.value for t in record.times] == ["2002-03"]  # the time itself is kept


def test_a_clock_time_read_as_a_year_does_not_date_the_event(times_nlp):
    dated = _dated(times_nlp, "Iran signed a deal with Iraq in 1630, officials said.", "signed")
    assert dated == EventDate(PUBLISHED, "day", "published", rejected="1630")


def test_a_date_inside_the_window_still_dates_the_event(times_nlp):
    dated = _dated(times_nlp, "Japan held talks with China in February 1987.", "held")
    assert dated == EventDate("1987-02", "month", "explicit")


def test_the_future_tense_reaches_further_ahead(times_nlp):
    ahead = "Japan will hold talks with China in December 1987."
    assert _dated(times_nlp, ahead, "hold") == EventDate("1987-12", "month", "explicit")
    past = "Japan held talks with China in December 1987."
    assert _dated(times_nlp, past, "held") == EventDate(
        PUBLISHED, "day", "published", rejected="1987-12"
    )


def test_the_window_is_configurable(times_nlp):
    wide = Limits(event_window="30y,20y,20y")
    assert _dated(times_nlp, DEBENTURES, "agreed", wide) == EventDate(
        "2002-03", "month", "explicit"
    )
    narrow = Limits(event_window="1m,31d,1y")
    dated = _dated(times_nlp, "Japan held talks with China in June 1986.", "held", narrow)
    assert dated == EventDate(PUBLISHED, "day", "published", rejected="1986-06")
