"""The event window (``Limits.event_window``) and date labels, on hand-built inputs.

No model: the window's arithmetic, its configuration errors, the periods TIMEX3 values
name, and how :mod:`backchannel.dates` shows a date's precision and basis.
"""

from __future__ import annotations

from datetime import date

import pytest

from backchannel.dates import basis_of, cluster_label, date_label, date_note, event_label
from backchannel.errors import ConfigError
from backchannel.limits import Limits
from backchannel.nlp.time.dating import period, within
from backchannel.records import EventDate, from_plain

PUBLISHED = date(1987, 3, 2)


def test_default_window_reads_thirty_years_back_a_month_ahead_a_year_in_the_future():
    limits = Limits()
    assert limits.window_spans() == ((30, "y"), (31, "d"), (1, "y"))
    assert limits.event_window_around(PUBLISHED) == (date(1957, 3, 2), date(1987, 4, 2))
    assert limits.event_window_around(PUBLISHED, future=True) == (
        date(1957, 3, 2),
        date(1988, 3, 2),
    )
    assert limits.window_years() == (30, 1)


def test_window_of_months_and_days_keeps_to_the_calendar():
    limits = Limits(event_window="2m,10d,18m")
    assert limits.event_window_around(date(2024, 12, 31)) == (
        date(2024, 10, 31),
        date(2025, 1, 10),
    )
    # two months back from a day the earlier month lacks: that month's last day
    assert limits.event_window_around(date(2024, 3, 31))[0] == date(2024, 1, 31)
    assert limits.event_window_around(date(2024, 4, 30))[0] == date(2024, 2, 29)
    assert limits.window_years() == (1, 2)  # rounded outwards


def test_window_past_the_calendar_stops_at_its_ends():
    assert Limits(event_window="99999y,1d,1d").event_window_around(date(2000, 1, 1))[0] == date.min


@pytest.mark.parametrize("bad", ["30y,31d", "30y,31d,1y,2y", "30 years,1m,1y", "-1y,1d,1d", ""])
def test_a_window_that_does_not_read_is_a_config_error(bad):
    with pytest.raises(ConfigError, match="event_window"):
        Limits(event_window=bad)


def test_a_bad_environment_variable_is_a_config_error_naming_it():
    with pytest.raises(ConfigError, match="BACKCHANNEL_EVENT_WINDOW"):
        Limits.from_env({"BACKCHANNEL_EVENT_WINDOW": "thirty years"})
    assert Limits.from_env({"BACKCHANNEL_EVENT_WINDOW": "5Y,1D,2Y"}).window_years() == (5, 2)


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2002-03", date(2002, 3, 1), date(2002, 3, 31)),
        ("1987-12", date(1987, 12, 1), date(1987, 12, 31)),
        ("1987-03-02", date(1987, 3, 2), date(1987, 3, 2)),
        ("1630", date(1630, 1, 1), date(1630, 12, 31)),
        ("1987-W10", date(1987, 3, 2), date(1987, 3, 8)),
        ("198", date(1980, 1, 1), date(1989, 12, 31)),
        ("19", date(1900, 1, 1), date(1999, 12, 31)),
    ],
)
def test_period_of_a_timex_value(value, first, last):
    assert period(value) == (first, last)


@pytest.mark.parametrize("value", ["PAST_REF", "XXXX-WXX-6", "P3D", "2023-13", "2023-02-30"])
def test_values_that_name_no_period_are_not_judged(value):
    assert period(value) is None
    assert within(value, (date(2000, 1, 1), date(2000, 1, 2)))


def test_within_asks_for_an_overlap_with_the_window():
    window = Limits().event_window_around(PUBLISHED)
    assert not within("2002-03", window)  # debentures due March 2002
    assert not within("1630", window)
    assert within("1987", window)  # the year of publication overlaps
    assert within("1987-03", window)
    assert within("1960", window)
    assert not within("1950", window)
    assert not within("1987-05", window)  # more than a month after, past tense


@pytest.mark.parametrize(
    ("args", "kwargs", "shown"),
    [
        (("2021-11", "month", "explicit"), {}, "2021-11"),
        (("2021-11-01", "month", "explicit"), {}, "2021-11"),
        (("2021", "year", "explicit"), {}, "2021"),
        (("2023-06-24", "day", "relative"), {}, "2023-06-24"),
        (("2023-06-30", "day", "published"), {}, "≈ 2023-06-30 (published)"),
        ((None,), {"day": "2023-06-30"}, "≈ 2023-06-30 (published)"),
        ((None,), {}, "undated"),
        (("2002-03", "month", "explicit"), {"day": "1987-03-02"}, "≈ 1987-03-02 (published)"),
        (("2002-03", "month", "explicit"), {"day": "2002-03-01"}, "2002-03"),
    ],
)
def test_date_label_shows_precision_and_marks_the_fallback(args, kwargs, shown):
    assert date_label(*args, **kwargs) == shown


def test_date_note_names_the_basis_and_a_rejected_value():
    assert "month precision" in date_note("2021-11", "month", "explicit")
    assert "written in the text" in date_note("2021-11", "month", "explicit")
    assert "publication date" in date_note("1987-03-02", "day", "published")
    rejected = date_note("1987-03-02", "day", "published", rejected="2002-03")
    assert "2002-03" in rejected and "outside the plausible window" in rejected
    clamped = date_note("2002-03", "month", "explicit", day="1987-03-02")
    assert "2002-03" in clamped and "publication date" in clamped


def test_labels_of_records_and_rows():
    fallback = EventDate("1987-03-02", "day", "published", rejected="2002-03")
    assert fallback.label == "≈ 1987-03-02 (published)"
    assert fallback.to_dict()["rejected"] == "2002-03"
    assert from_plain(
        EventDate, {"value": "2021-11", "precision": "month", "basis": "explicit"}
    ) == (EventDate("2021-11", "month", "explicit"))
    row = {"date": "2021-11", "date_precision": "month", "date_basis": "explicit", "day": None}
    assert event_label(row) == "2021-11"
    assert event_label({"date": fallback.to_dict()}) == "≈ 1987-03-02 (published)"


def test_basis_of_a_clamped_day_is_the_publication():
    assert basis_of("2002-03", "explicit", "1987-03-02") == "published"
    assert basis_of("2002-03", "explicit", "2002-03-01") == "explicit"
    assert basis_of(None, None, "1987-03-02") is None


def test_cluster_label_prefers_dates_from_the_text():
    class Row:
        def __init__(self, date, basis, day):
            self.date, self.date_precision, self.date_basis, self.day = date, "day", basis, day

    class Cluster:
        first_day, last_day = "2023-06-26", "2023-06-30"
        events = (
            Row("2023-06-30", "published", "2023-06-30"),
            Row("2023-06-26", "relative", "2023-06-26"),
        )

    assert cluster_label(Cluster()) == "2023-06-26"

    class Fallback(Cluster):
        events = (Row("2023-06-30", "published", "2023-06-30"),)

    assert cluster_label(Fallback()) == "≈ 2023-06-26 – 2023-06-30 (published)"
