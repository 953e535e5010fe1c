"""Briefs an analyst would forward: developments with who reported them and how, anonymous
speakers marked (and named ones not), "what changed" against the previous window of the same
length, links to the event and article pages (absolute under ``base_url``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from backchannel.brief import period, write_brief
from backchannel.records import (
    Actor,
    Anonymous,
    Article,
    EventDate,
    Record,
    Span,
    Speaker,
    Statement,
)
from tests.web.sample_store import build_store, event, sample_records

GROUP = "Several US officials, including Defense Secretary Mark Esper"
HEARD = f"{GROUP} disputed the reports on Friday, and two aides said the bounty claims were thin."


def _named_group() -> Record:
    """A speaker the attribution stage calls anonymous that names a person of the article."""
    aid = "a-group"
    at = HEARD.index("Mark Esper")
    esper = Actor("Q7", "Mark Esper", at, at + 10, "Mark Esper", "person", "USA", "MIL", None)
    disputed, reports = HEARD.index("disputed"), HEARD.index("the reports")
    aides, said = HEARD.index("two aides"), HEARD.index("said the")
    claim = HEARD.index("the bounty claims were thin")
    s1 = Statement(
        "st-group",
        Speaker(
            GROUP, 0, len(GROUP), "anonymous", anonymous=Anonymous(None, "US officials", "USA")
        ),
        Span("disputed", disputed, disputed + 8),
        Span("the reports", reports, reports + 11),
        False,
        "dispute",
    )
    s2 = Statement(
        "st-aides",
        Speaker("two aides", aides, aides + 9, "anonymous", anonymous=Anonymous(2, "aides", None)),
        Span("said", said, said + 4),
        Span("the bounty claims were thin", claim, claim + 27),
        False,
        "assert",
    )
    article = Article(aid, HEARD, source="test", outlet="Capitol Report", published="2020-07-17")
    accused = event(
        HEARD,
        aid,
        "ACCUSE",
        "disputed",
        (esper,),
        (),
        cameo="112",
        date=EventDate("2020-07-17", "day", "published"),
        attributed_to=(s2.id,),
    )
    return Record(article, (esper,), (accused,), (s1, s2), (), ())


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    records = [*sample_records(), _named_group()]
    with build_store(tmp_path_factory.mktemp("brief") / "bc.db", records) as opened:
        yield opened


@pytest.fixture(scope="module")
def june(store):
    return write_brief(store, since="2023-06", until="2023-06", base_url="https://bc.example/")


def test_developments_say_who_reported_them_and_how(june):
    call = next(c for c in june.developments if c.lead.mode == "phone")
    assert june.developments[0] is call  # the most independent sources first
    reports = june.reports_of(call)
    assert len(reports) == call.reports == 3 and call.sources == 2
    assert {r.outlet for r in reports} >= {"The Daily Example"} or all(r.outlet for r in reports)
    anonymous = [r for r in reports if r.anonymous]
    assert anonymous and anonymous[0].anonymous == 2 and "2 anonymous sources" in anonymous[0].how
    assert any(r.named for r in reports)
    assert "2 anonymous sources" in june.markdown and "reported by" in june.markdown
    assert '<span class="tag anonymous">anonymous</span> 2 sources' in june.html


def test_links_are_absolute_under_the_base_url(store, june):
    call = june.developments[0]
    event = f"https://bc.example/events/{call.lead.id}"
    assert f"({event})" in june.markdown and f'href="{event}"' in june.html
    for report in june.reports_of(call):
        article = f"https://bc.example/articles/{report.article_id}"
        assert f"({article})" in june.markdown and f'href="{article}"' in june.html
    relative = write_brief(store, since="2023-06", until="2023-06")
    assert f"(/events/{call.lead.id})" in relative.markdown
    assert "https://" not in relative.markdown.split("## Who said what")[0]


def test_what_changed_compares_the_previous_window_of_the_same_length(june):
    assert june.previous == ("2023-05-02", "2023-05-31") and june.days == 30
    assert "Against the previous 30 days (2023-05-02 – 2023-05-31):" in june.markdown
    assert "against the previous 30 days, 2023-05-02 – 2023-05-31" in june.html
    assert "?" not in "".join(c.dyad for c in june.changes)
    assert all(c.actor_country or c.recipient_country for c in june.changes)


def test_anonymous_speakers_are_marked_and_named_groups_are_not(store):
    brief = write_brief(store, since="2020-07-01", until="2020-07-31")
    group = next(s for s in brief.said if s.statement.speaker == GROUP)
    aides = next(s for s in brief.said if s.statement.speaker == "two aides")
    assert not group.anonymous and aides.anonymous
    assert "two aides [anonymous, 2]" in brief.markdown
    assert f"{GROUP} [anonymous" not in brief.markdown
    assert f'{GROUP} <span class="tag anonymous">' not in brief.html
    assert 'two aides <span class="tag anonymous">anonymous, 2</span>' in brief.html
    sides = [s for c in brief.claims for s in c.sides]
    assert all(not s.anonymous for s in sides if s.speaker == GROUP)


def test_the_said_table_has_no_date_in_a_where_column(june):
    assert "<th>Where</th>" not in june.html and "<th>Reported in</th>" in june.html


def test_the_default_period_ends_on_the_latest_publication_day(store):
    latest = max(r.article.published for r in [*sample_records(), _named_group()])
    first, last = period(store)
    assert last == latest[:10] and first < last


@pytest.mark.slow
def test_brief_command_takes_a_base_url(store, tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "backchannel.cli",
            "brief",
            "--db",
            store.name,
            "--since",
            "2023-06",
            "--until",
            "2023-06",
            "--base-url",
            "http://localhost:8000",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "(http://localhost:8000/events/" in done.stdout
    assert "(http://localhost:8000/articles/" in done.stdout
