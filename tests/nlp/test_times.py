"""Time expressions and event dating, on sentences from the seeds and small made-up ones.

Each case runs the real spaCy model: the tense read from the parse decides which
Saturday "on Saturday" means, and the parse decides which time governs an event. The
cases use the model with only the times component after it, so that they test this
stage alone; the seed cases go through the whole pipeline.
"""

from __future__ import annotations

import pytest

from backchannel.nlp.pipeline import make_doc
from backchannel.nlp.time import event_date, find_times
from backchannel.records import EventDate

pytestmark = pytest.mark.model

SEED_000 = "2020-08-06"
SEED_004 = "2023-06-30"

# (sentence, publication date, expression, TIMEX3 type, TIMEX3 value)
TIMES = [
    (
        "He also met with Naryshkin in Ankara, Turkey, in November 2022 to caution Russia.",
        SEED_004,
        "November 2022",
        "DATE",
        "2022-11",
    ),
    (
        "Burns conveyed messages, including a phone call to Putin in November 2021.",
        SEED_004,
        "November 2021",
        "DATE",
        "2021-11",
    ),
    (
        "Lynne Tracy relayed the message in Moscow on Saturday, as stated by the State Department.",
        SEED_004,
        "Saturday",
        "DATE",
        "2023-06-24",
    ),
    (
        "Burns made an unannounced visit to Ukraine earlier this month.",
        SEED_004,
        "earlier this month",
        "DATE",
        "2023-06",
    ),
    (
        "The New York Times reported on June 26 that Russia had offered cash to the Taliban.",
        SEED_000,
        "June 26",
        "DATE",
        "2020-06-26",
    ),
    (
        "At a congressional hearing on July 9, Esper said there was no evidence.",
        SEED_000,
        "July 9",
        "DATE",
        "2020-07-09",
    ),
    (
        "The intelligence had been included in a daily presidential news package in February.",
        SEED_000,
        "February",
        "DATE",
        "2020-02",
    ),
    (
        "In an interview earlier this week, Trump said he did not think it was worth it.",
        SEED_000,
        "earlier this week",
        "DATE",
        "2020-W32",
    ),
    (
        "In his interview with Axios this week, Trump insisted.",
        SEED_000,
        "this week",
        "DATE",
        "2020-W32",
    ),
    ("The two sides last met last month in Geneva.", SEED_004, "last month", "DATE", "2023-05"),
    ("Hate groups grew over the past year.", "1998-03-03", "the past year", "DATE", "1997"),
    ("The treaty was signed two years ago.", SEED_004, "two years ago", "DATE", "2021"),
    ("The talks began in early December.", SEED_004, "early December", "DATE", "2022-12"),
    ("Relations were warmer in the 1990s.", SEED_004, "the 1990s", "DATE", "199"),
    ("The company was founded in 1998.", SEED_004, "1998", "DATE", "1998"),
    (
        "The summit opened on June 26, 2020, in Brussels.",
        SEED_004,
        "June 26, 2020",
        "DATE",
        "2020-06-26",
    ),
    (
        "Protesters gathered yesterday outside the embassy.",
        SEED_004,
        "yesterday",
        "DATE",
        "2023-06-29",
    ),
    ("The minister will visit Kyiv on Monday.", SEED_004, "Monday", "DATE", "2023-07-03"),
    ("The talks lasted three days.", SEED_004, "three days", "DURATION", "P3D"),
    ("The meeting lasted two hours.", SEED_004, "two hours", "DURATION", "PT2H"),
    ("The envoys meet every week.", SEED_004, "every week", "SET", "P1W"),
    ("The ministry publishes figures daily.", SEED_004, "daily", "SET", "P1D"),
    ("A third flight departs each Thursday.", SEED_004, "each Thursday", "SET", "XXXX-WXX-4"),
    (
        "The statement was released at 2 p.m. in Washington.",
        SEED_004,
        "2 p.m.",
        "TIME",
        "2023-06-30T14:00",
    ),
    ("The vote closes at 14:00 in Geneva.", SEED_004, "14:00", "TIME", "2023-06-30T14:00"),
    ("The mutiny is now over.", SEED_004, "now", "DATE", "PRESENT_REF"),
    (
        "Russia recently launched an anti-satellite weapon.",
        SEED_004,
        "recently",
        "DATE",
        "PAST_REF",
    ),
    ("Talks could resume in the future.", SEED_004, "the future", "DATE", "FUTURE_REF"),
    ("Third-quarter profit rose 5%.", "1989-10-27", "Third-quarter", "DATE", "1989-Q3"),
    (
        "Sales fell in the third quarter of 1988.",
        "1989-10-27",
        "the third quarter of 1988",
        "DATE",
        "1988-Q3",
    ),
    ("The rebels withdrew last fall.", "1998-10-20", "last fall", "DATE", "1997-FA"),
    (
        "The plant will close in nineteen ninety-six.",
        "1995-03-01",
        "nineteen ninety-six",
        "DATE",
        "1996",
    ),
    (
        "He served as ambassador for nearly three years.",
        SEED_004,
        "nearly three years",
        "DURATION",
        "P3Y",
    ),
    ("Humans reached the region 50,000 years ago.", SEED_004, "50,000 years ago", "DATE", None),
    ("They lived in refugee camps for 2 1/2 years.", SEED_004, "2 1/2 years", "DURATION", "P2Y6M"),
    (
        "The talks went on for an hour and a half.",
        SEED_004,
        "an hour and a half",
        "DURATION",
        "PT1H30M",
    ),
    ("Kidnappings rose in recent years.", SEED_004, "recent years", "DURATION", "PXY"),
    (
        "Profit will fall in the first half of 1990.",
        "1989-10-27",
        "the first half of 1990",
        "DATE",
        "1990-H1",
    ),
    ("Sales for the quarter ended Sept. 30 rose.", "1989-10-27", "the quarter", "DATE", "1989-Q3"),
    (
        "The offer expires at 5 p.m. EST Nov. 9.",
        "1989-11-02",
        "5 p.m. EST Nov. 9",
        "TIME",
        "1989-11-09T17:00",
    ),
]

# (sentence, publication date): no time expression in it
NOT_TIMES = [
    ("He may come to Moscow.", SEED_004),
    ("Prices fall when the troops march in.", SEED_004),
    ("The company sold 1,990 shares and paid $2000 for them.", SEED_004),
    ("The Daily Beast reported the story.", SEED_004),
    ("The ambassador is 52 years old.", SEED_004),
    ("She voted for a second time.", SEED_004),
    ("The airline adds 700 seats a week on the route.", SEED_004),
    ("Thousands joined the March for Life in Washington.", SEED_004),
    ("Kopp was in his 30s.", SEED_004),
]


@pytest.fixture(scope="module")
def times_nlp():
    """The default spaCy model with ``backchannel_times`` as its only backchannel stage."""
    import spacy

    from backchannel.nlp.pipeline import DEFAULT_MODEL

    model = spacy.load(DEFAULT_MODEL)
    model.add_pipe("backchannel_times")
    return model


def _doc(nlp, text: str, published: str | None):
    return nlp(make_doc(nlp, text, published=published))


@pytest.mark.parametrize(
    ("text", "published", "expression", "type_", "value"),
    TIMES,
    ids=[f"{case[2]}->{case[4]}" for case in TIMES],
)
def test_find_times(times_nlp, text, published, expression, type_, value):
    doc = _doc(times_nlp, text, published)
    found = {t.text: t for t in find_times(doc)}
    assert expression in found, f"{expression!r} not found; found {sorted(found)}"
    time = found[expression]
    assert (time.type, time.value) == (type_, value)
    assert doc.text[time.start : time.end] == expression


@pytest.mark.parametrize(("text", "published"), NOT_TIMES, ids=[c[0][:30] for c in NOT_TIMES])
def test_no_false_times(times_nlp, text, published):
    assert find_times(_doc(times_nlp, text, published)) == ()


def test_component_writes_doc(times_nlp):
    doc = _doc(times_nlp, "Burns called Naryshkin on Saturday.", SEED_004)
    assert [t.value for t in doc._.bc_times] == ["2023-06-24"]


def test_relative_values_need_a_publication_date(times_nlp):
    doc = _doc(times_nlp, "They met on Saturday in June 2021.", None)
    found = {t.text: t.value for t in find_times(doc)}
    assert found == {"Saturday": "XXXX-WXX-6", "June 2021": "2021-06"}


# (sentence, publication date, trigger word, expected EventDate)
EVENT_DATES = [
    (
        "Burns made a phone call to Putin in November 2021.",
        SEED_004,
        "call",
        EventDate("2021-11", "month", "explicit"),
    ),
    (
        "The ambassador relayed the message in Moscow on Saturday.",
        SEED_004,
        "relayed",
        EventDate("2023-06-24", "day", "relative"),
    ),
    ("Burns met Naryshkin in Ankara.", SEED_004, "met", EventDate(SEED_004, "day", "published")),
    (
        "Burns, who visited Kyiv in February 2022, called Naryshkin on Monday.",
        SEED_004,
        "called",
        EventDate("2023-06-26", "day", "relative"),
    ),
    (
        "Last month the two leaders spoke by phone.",
        SEED_004,
        "spoke",
        EventDate("2023-05", "month", "relative"),
    ),
    (
        "On Saturday, officials said the ambassador had relayed the message.",
        SEED_004,
        "relayed",
        EventDate("2023-06-24", "day", "relative"),
    ),
    ("The envoy met Lavrov in the 1990s.", SEED_004, "met", EventDate("199", "decade", "explicit")),
    (
        "The ministers met on June 26, 2020, in Brussels.",
        SEED_004,
        "met",
        EventDate("2020-06-26", "day", "explicit"),
    ),
    (
        "The minister spoke to reporters now.",
        SEED_004,
        "spoke",
        EventDate(SEED_004, "day", "relative"),
    ),
    (
        "The warnings were issued after public news reports in June.",
        SEED_000,
        "issued",
        EventDate(SEED_000, "day", "published"),
    ),
    (
        "At a congressional hearing on July 9, Esper said there was no evidence.",
        SEED_000,
        "said",
        EventDate("2020-07-09", "day", "explicit"),
    ),
    (
        "He also met with Naryshkin in Ankara, Turkey, in November 2022 to caution Russia.",
        SEED_004,
        "met",
        EventDate("2022-11", "month", "explicit"),
    ),
    (
        "Burns conveyed messages, including a phone call to Putin in November 2021, during which "
        "he warned of sanctions.",
        SEED_004,
        "call",
        EventDate("2021-11", "month", "explicit"),
    ),
]


def _trigger(doc, word: str):
    index = next(t.i for t in doc if t.text == word)
    return doc[index : index + 1]


@pytest.mark.parametrize(
    ("text", "published", "trigger", "expected"),
    EVENT_DATES,
    ids=[f"{case[2]}:{case[3].value}" for case in EVENT_DATES],
)
def test_event_date(times_nlp, text, published, trigger, expected):
    doc = _doc(times_nlp, text, published)
    sentence = next(iter(doc.sents))
    assert event_date(doc, sentence, _trigger(doc, trigger)) == expected


def test_event_date_ignores_a_time_in_another_clause(times_nlp):
    doc = _doc(
        times_nlp, "Burns called Naryshkin after Biden had met Zelensky in November 2022.", SEED_004
    )
    dated = event_date(doc, doc[:], _trigger(doc, "called"))
    assert dated == EventDate(SEED_004, "day", "published")


def test_event_date_ignores_a_concessive_clause(times_nlp):
    doc = _doc(
        times_nlp,
        "Envoys are meeting Russians in Vienna, although Russia recently "
        "launched a weapon into space.",
        SEED_000,
    )
    meeting = _trigger(doc, "meeting")
    clause = doc[meeting.root.left_edge.i : meeting.root.right_edge.i + 1]
    assert event_date(doc, clause, meeting) == EventDate(SEED_000, "day", "published")


def test_event_date_without_publication_date_or_time_is_none(times_nlp):
    doc = _doc(times_nlp, "Burns met Naryshkin in Ankara.", None)
    assert event_date(doc, doc[:], _trigger(doc, "met")) is None


# (seed file, expression, value): times the seed articles must yield
SEED_TIMES = [
    ("004_948b423eb5a6ee78.txt", "November 2021", "2021-11"),
    ("004_948b423eb5a6ee78.txt", "November 2022", "2022-11"),
    ("004_948b423eb5a6ee78.txt", "Saturday", "2023-06-24"),
    ("004_948b423eb5a6ee78.txt", "earlier this month", "2023-06"),
    ("004_948b423eb5a6ee78.txt", "February 2022", "2022-02"),
    ("000_26a99d6648b841d9.txt", "June 26", "2020-06-26"),
    ("000_26a99d6648b841d9.txt", "July 9", "2020-07-09"),
    ("000_26a99d6648b841d9.txt", "February", "2020-02"),
    ("000_26a99d6648b841d9.txt", "this week", "2020-W32"),
    ("000_26a99d6648b841d9.txt", "earlier this week", "2020-W32"),
    ("000_26a99d6648b841d9.txt", "last week", "2020-W31"),
]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("seed", "expression", "value"), SEED_TIMES, ids=[f"{c[0][:3]}:{c[1]}" for c in SEED_TIMES]
)
def test_seed_times(seed_records, seed, expression, value):
    values = {t.value for t in seed_records[seed].times if t.text == expression}
    assert values == {value}


def test_times_and_dating_work_without_a_parse():
    """A Doc from a blank pipeline (no parser) still gets its times and a nearest date."""
    import spacy

    blank = spacy.blank("en")
    doc = blank.make_doc("On Saturday, talks began in June 2020 and lasted three days.")
    doc._.bc_published = SEED_004
    doc._.bc_times = find_times(doc)
    assert [t.value for t in doc._.bc_times] == ["2023-06-24", "2020-06", "P3D"]
    assert event_date(doc, doc[:], doc[4:5]) == EventDate("2020-06", "month", "explicit")


def test_every_grammar_rule_compiles_and_has_a_normaliser():
    from backchannel.nlp.time.grammar import rules
    from backchannel.nlp.time.values import NORMALISERS

    compiled = rules()
    assert len(compiled) > 40
    assert {rule.kind for rule in compiled} <= set(NORMALISERS)
    assert len({rule.name for rule in compiled}) == len(compiled)
