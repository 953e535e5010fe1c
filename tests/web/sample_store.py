"""A small hand-coded store for the query, export, brief and web tests.

Six short articles written for these tests, modelled on the events of the seed articles
(the Burns–Naryshkin call after the Wagner mutiny, the State Department's warning to
Russia over bounties, Moscow's denial, the White House calling the intelligence
unverified). Two articles report the same phone call independently and a third is a
near-duplicate copy of one of them (same ``cluster``), so event clusters count three
reports from two independent sources.
"""

from __future__ import annotations

from pathlib import Path

from backchannel import plover
from backchannel.records import (
    Actor,
    Anonymous,
    Article,
    Event,
    EventDate,
    Place,
    Quality,
    Record,
    Span,
    Speaker,
    Statement,
    short_hash,
)
from backchannel.store import Stored, open_store

CALL_1 = (
    "CIA Director William Burns phoned Sergei Naryshkin, the head of Russia's foreign "
    "intelligence service, on Monday to say the United States had no part in the mutiny, "
    "according to two US officials. The Kremlin declined to comment on the call. "
    "Burns also met Naryshkin in Ankara in November 2022 to warn against nuclear escalation."
)
CALL_2 = (
    "US spy chief William Burns spoke by phone with his Russian counterpart Sergei Naryshkin "
    "after the Wagner revolt, the State Department said on Tuesday. "
    "Ambassador Lynne Tracy relayed the same message in Moscow on Saturday."
)
WARNING = (
    "The US State Department warned Russia through diplomatic channels against paying "
    "bounties to the Taliban, two senior US officials said. Moscow denied the reports. "
    "The White House said the intelligence had not been verified."
)
HEARING = (
    "Defense Secretary Mark Esper told a congressional hearing on July 9 that there was no "
    "evidence linking Russian payments to the deaths of American soldiers. "
    "Russia offered cash to Taliban fighters to attack coalition troops, "
    "the New York Times reported."
)
SANCTIONS = (
    "The European Union imposed new sanctions on Russia on 23 June 2023, "
    "foreign ministers said after a meeting in Brussels. Moscow threatened to retaliate."
)


def find(text: str, phrase: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(phrase, start, start + len(phrase))


def sentence_of(text: str, span: Span) -> Span:
    """The sentence (split on '. ') around a span."""
    start = text.rfind(". ", 0, span.start)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", span.end)
    end = len(text) if end < 0 else end + 1
    return Span(text[start:end], start, end)


PEOPLE = {
    "burns": ("Q1", "William Burns", "person", "USA", "SPY", "Director of the CIA"),
    "naryshkin": ("Q2", "Sergei Naryshkin", "person", "RUS", "SPY", "Director of the SVR"),
    "state": ("Q3", "US Department of State", "organization", "USA", "GOV", None),
    "russia": ("Q4", "Russia", "country", "RUS", "GOV", None),
    "taliban": ("Q5", "Taliban", "group", "AFG", "REB", None),
    "tracy": ("Q6", "Lynne Tracy", "person", "USA", "GOV", "US Ambassador to Russia"),
    "esper": ("Q7", "Mark Esper", "person", "USA", "MIL", "Secretary of Defense"),
    "eu": ("Q8", "European Union", "organization", "EUR", "GOV", None),
    "whitehouse": ("Q9", "White House", "organization", "USA", "GOV", None),
}


def actor(text: str, phrase: str, key: str, nth: int = 0) -> Actor:
    span = find(text, phrase, nth)
    aid, name, kind, country, sector, role = PEOPLE[key]
    return Actor(aid, phrase, span.start, span.end, name, kind, country, sector, role)


def statement(
    text: str, article: str, speaker: Speaker | None, cue: str, content: str, stance: str
) -> Statement:
    return Statement(
        short_hash(article, content), speaker, find(text, cue), find(text, content), False, stance
    )


def event(
    text: str, article: str, etype: str, trigger: str, actors: tuple, recipients: tuple, **extra
) -> Event:
    trig = find(text, trigger)
    cameo = extra.pop("cameo", "040")
    eid = short_hash(article, trig.start, etype, *(a.id for a in actors + recipients))
    return Event(eid, etype, cameo, trig, sentence_of(text, trig), actors, recipients, **extra)


def call_1() -> Record:
    text, aid = CALL_1, "a-call-1"
    burns, nar = (
        actor(text, "CIA Director William Burns", "burns"),
        actor(text, "Sergei Naryshkin", "naryshkin"),
    )
    officials = Speaker(
        "two US officials",
        *_se(text, "two US officials"),
        "anonymous",
        anonymous=Anonymous(2, "US officials", "USA"),
    )
    kremlin = Speaker(
        "The Kremlin",
        *_se(text, "The Kremlin"),
        "organization",
        actor=actor(text, "Kremlin", "russia"),
    )
    s1 = statement(
        text,
        aid,
        officials,
        "according to",
        "CIA Director William Burns phoned Sergei Naryshkin",
        "assert",
    )
    s2 = statement(text, aid, kremlin, "declined to comment", "on the call", "decline")
    ankara = Place("Ankara", *_se(text, "Ankara"), "Ankara", "TUR", 323786, 39.92, 32.85, "PPLC")
    events = (
        event(
            text,
            aid,
            "CONSULT",
            "phoned",
            (burns,),
            (nar,),
            mode="phone",
            cameo="042",
            date=EventDate("2023-06-26", "day", "relative"),
            channel="phone",
            attributed_to=(s1.id,),
            contexts=("intelligence",),
            confidence=0.9,
        ),
        event(
            text,
            aid,
            "CONSULT",
            "met",
            (actor(text, "Burns", "burns", 1),),
            (actor(text, "Naryshkin", "naryshkin", 1),),
            mode="visit",
            cameo="043",
            date=EventDate("2022-11", "month", "explicit"),
            place=ankara,
            channel="in_person",
            confidence=0.8,
        ),
    )
    article = Article(
        aid,
        text,
        source="test",
        url="https://example.org/call-1",
        outlet="Example Wire",
        title="CIA chief called Russian spy chief after mutiny",
        published="2023-06-30",
        quality=Quality("en", 0.01, ()),
        cluster="c-call-1",
    )
    return Record(
        article,
        (burns, nar, *events[1].actor, *events[1].recipient),
        events,
        (s1, s2),
        (),
        (ankara,),
    )


def call_2(copy: bool = False) -> Record:
    text = CALL_2 + (" Comments are closed." if copy else "")
    aid = "a-call-2-copy" if copy else "a-call-2"
    burns, nar = actor(text, "William Burns", "burns"), actor(text, "Sergei Naryshkin", "naryshkin")
    state = Speaker(
        "the State Department",
        *_se(text, "the State Department"),
        "organization",
        actor=actor(text, "State Department", "state"),
    )
    s1 = statement(text, aid, state, "said", "US spy chief William Burns spoke by phone", "assert")
    tracy = actor(text, "Ambassador Lynne Tracy", "tracy")
    moscow = Place("Moscow", *_se(text, "Moscow"), "Moscow", "RUS", 524901, 55.75, 37.62, "PPLC")
    events = (
        event(
            text,
            aid,
            "CONSULT",
            "spoke by phone",
            (burns,),
            (nar,),
            mode="phone",
            cameo="042",
            date=EventDate("2023-06-27", "day", "relative"),
            channel="phone",
            attributed_to=(s1.id,),
            confidence=0.85,
        ),
        event(
            text,
            aid,
            "CONSULT",
            "relayed",
            (tracy,),
            (actor(text, "Moscow", "russia"),),
            mode="third-party",
            cameo="040",
            date=EventDate("2023-06-24", "day", "relative"),
            channel="envoy",
            place=moscow,
            confidence=0.7,
        ),
    )
    article = Article(
        aid,
        text,
        source="test",
        url=f"https://example.net/{aid}",
        outlet="Copy Site" if copy else "Daily Courier",
        title="Burns spoke to Naryshkin",
        published="2023-07-01",
        quality=Quality("en", 0.02, ()),
        cluster="c-call-2",
    )
    return Record(article, (burns, nar, tracy), events, (s1,), (), (moscow,))


def warning() -> Record:
    text, aid = WARNING, "a-warning"
    state, russia = actor(text, "The US State Department", "state"), actor(text, "Russia", "russia")
    moscow = actor(text, "Moscow", "russia")
    anon = Speaker(
        "two senior US officials",
        *_se(text, "two senior US officials"),
        "anonymous",
        anonymous=Anonymous(2, "senior US officials", "USA"),
    )
    wh = Speaker(
        "The White House",
        *_se(text, "The White House"),
        "organization",
        actor=actor(text, "The White House", "whitehouse"),
    )
    s1 = statement(text, aid, anon, "said", "The US State Department warned Russia", "assert")
    s2 = statement(
        text,
        aid,
        Speaker("Moscow", moscow.start, moscow.end, "organization", actor=moscow),
        "denied",
        "the reports",
        "deny",
    )
    s3 = statement(text, aid, wh, "said", "the intelligence had not been verified", "unverified")
    events = (
        event(
            text,
            aid,
            "THREATEN",
            "warned",
            (state,),
            (russia,),
            cameo="138",
            date=EventDate("2020-07", "month", "relative"),
            channel="diplomatic_channels",
            attributed_to=(s1.id,),
            confidence=0.8,
        ),
        event(
            text,
            aid,
            "REJECT",
            "denied",
            (moscow,),
            (),
            cameo="016",
            date=EventDate("2020-08-06", "day", "published"),
            confidence=0.6,
        ),
    )
    article = Article(
        aid,
        text,
        source="test",
        url="https://example.com/warning",
        outlet="The Daily Example",
        title="US warned Russia over Taliban bounties",
        published="2020-08-06",
        quality=Quality("en", 0.03, ("machine_translated",)),
        cluster="c-warning",
    )
    return Record(article, (state, russia, moscow), events, (s1, s2, s3), (), ())


def hearing() -> Record:
    text, aid = HEARING, "a-hearing"
    esper = actor(text, "Defense Secretary Mark Esper", "esper")
    russia, taliban = actor(text, "Russia", "russia"), actor(text, "Taliban fighters", "taliban")
    nyt = Speaker("the New York Times", *_se(text, "the New York Times"), "outlet")
    s1 = statement(text, aid, nyt, "reported", "Russia offered cash to Taliban fighters", "assert")
    s2 = statement(
        text,
        aid,
        Speaker(esper.text, esper.start, esper.end, "person", actor=esper),
        "told",
        "there was no evidence linking Russian payments",
        "dispute",
    )
    events = (
        event(
            text,
            aid,
            "AID",
            "offered cash",
            (russia,),
            (taliban,),
            cameo="071",
            date=EventDate("2020-06", "month", "relative"),
            attributed_to=(s1.id,),
            confidence=0.7,
        ),
    )
    times = ()
    article = Article(
        aid,
        text,
        source="test",
        url="https://example.com/hearing",
        outlet="Capitol Report",
        title="Esper disputes bounty reports",
        published="2020-07-10",
        quality=Quality("en", 0.01, ()),
        cluster="c-hearing",
    )
    return Record(article, (esper, russia, taliban), events, (s1, s2), times, ())


def sanctions() -> Record:
    text, aid = SANCTIONS, "a-sanctions"
    eu, russia = actor(text, "The European Union", "eu"), actor(text, "Russia", "russia")
    moscow = actor(text, "Moscow", "russia")
    brussels = Place(
        "Brussels", *_se(text, "Brussels"), "Brussels", "BEL", 2800866, 50.85, 4.35, "PPLC"
    )
    events = (
        event(
            text,
            aid,
            "SANCTION",
            "imposed new sanctions",
            (eu,),
            (russia,),
            cameo="163",
            date=EventDate("2023-06-23", "day", "explicit"),
            place=brussels,
            confidence=0.9,
        ),
        event(
            text,
            aid,
            "THREATEN",
            "threatened to retaliate",
            (moscow,),
            (eu,),
            cameo="130",
            date=EventDate("2023-06-23", "day", "published"),
            modality="future",
            confidence=0.6,
        ),
    )
    article = Article(
        aid,
        text,
        source="test",
        url="https://example.eu/sanctions",
        outlet="Euro Desk",
        title="EU adds Russia sanctions",
        published="2023-06-23",
        quality=Quality("en", 0.01, ()),
        cluster="c-sanctions",
    )
    return Record(article, (eu, russia, moscow), events, (), (), (brussels,))


def _se(text: str, phrase: str) -> tuple[int, int]:
    span = find(text, phrase)
    return span.start, span.end


def sample_records() -> list[Record]:
    return [warning(), hearing(), sanctions(), call_1(), call_2(), call_2(copy=True)]


# -- hostile input: markup and script in every field a page shows ----------------------

PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
JS_URL = f"javascript:{PWN}"
HOSTILE = (
    f"{SCRIPT} Minister {IMG} warned Russia on Friday, officials said. "
    f'Read <a href="{JS_URL}">{JS_URL}</a> for more. Moscow denied the report.'
)


def hostile() -> Record:
    """An article whose text, title, url, outlet, actor, place and statements carry script."""
    text, aid = HOSTILE, "a-hostile"
    span = find(text, f"Minister {IMG}")
    minister = Actor(
        "Q666", span.text, span.start, span.end, f"{SCRIPT} Minister", "person", "USA", "GOV", IMG
    )
    russia, moscow = actor(text, "Russia", "russia"), actor(text, "Moscow", "russia")
    officials = Speaker(
        "officials", *_se(text, "officials"), "anonymous", anonymous=Anonymous(None, IMG, "USA")
    )
    said = statement(
        text, aid, officials, "said", f"{SCRIPT} Minister {IMG} warned Russia", "assert"
    )
    denied = statement(
        text,
        aid,
        Speaker("Moscow", moscow.start, moscow.end, "organization", actor=moscow),
        "denied",
        "the report",
        "deny",
    )
    place = Place(JS_URL, *_se(text, JS_URL), SCRIPT, "RUS")
    events = (
        event(
            text,
            aid,
            "THREATEN",
            "warned",
            (minister,),
            (russia,),
            cameo="138",
            place=place,
            date=EventDate("2023-06-20", "day", "explicit"),
            attributed_to=(said.id,),
            confidence=0.9,
        ),
        event(
            text,
            aid,
            "REJECT",
            "denied",
            (moscow,),
            (),
            cameo="016",
            date=EventDate("2023-06-20", "day", "published"),
            confidence=0.6,
        ),
    )
    article = Article(
        aid,
        text,
        source="test",
        url=JS_URL,
        outlet=IMG,
        title=f"{SCRIPT}{IMG} Minister warned Russia",
        published="2023-06-20",
        quality=Quality("en", 0.01, ()),
        cluster="c-hostile",
    )
    return Record(article, (minister, russia, moscow), events, (said, denied), (), (place,))


UNDATED = "The United Nations consulted Belarus about the border."


def undated() -> Record:
    """An article without a date whose one event has no date either (day unknown)."""
    text, aid = UNDATED, "a-undated"
    un_span, by_span = find(text, "The United Nations"), find(text, "Belarus")
    un = Actor(
        "Q700",
        un_span.text,
        un_span.start,
        un_span.end,
        "United Nations",
        "organization",
        "IGO",
        "GOV",
    )
    belarus = Actor(
        "Q701", by_span.text, by_span.start, by_span.end, "Belarus", "country", "BLR", "GOV"
    )
    events = (event(text, aid, "CONSULT", "consulted", (un,), (belarus,), confidence=0.7),)
    return Record(Article(aid, text, source="test", title="UN and Belarus"), (un, belarus), events)


def hostile_records() -> list[Record]:
    """The sample records, the hostile article and the undated one."""
    return sample_records() + [hostile(), undated()]


def build_store(path: Path | str, records: list[Record] | None = None):
    """A store at ``path`` holding ``records`` (the sample records by default)."""
    store = open_store(path)
    chosen = sample_records() if records is None else records
    store.add([Stored(r.article, r, signature=b"sig-" + r.article.id.encode()) for r in chosen])
    return store


assert plover.quad("CONSULT")  # the PLOVER table loads
