"""The data model: frozen records that flow from ingest to the store and the exports.

Every record that points into text carries ``start``/``end`` character offsets into
``Article.text`` (the analysed text), so anything backchannel reports can be traced back
to its exact characters. ``to_dict()`` gives plain JSON-serialisable data in the shape of
the ``extract`` output contract (schema ``backchannel/1``, see ``docs/contract.md``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from backchannel.dates import date_label
from backchannel.vocab import ActorKind, EventType, Modality, SpeakerKind, Stance

__all__ = [
    "SCHEMA",
    "Span",
    "Quality",
    "Article",
    "Actor",
    "Time",
    "Place",
    "Anonymous",
    "Speaker",
    "Statement",
    "EventDate",
    "Event",
    "Record",
    "plain",
    "from_plain",
    "short_hash",
]

SCHEMA = "backchannel/1"


def short_hash(*parts: object, length: int = 16) -> str:
    """A stable hex id from the string form of ``parts`` (content-addressed ids)."""
    joined = "\x1f".join(str(p) for p in parts)
    digest = hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16)
    return digest.hexdigest()[:length]


def plain(value: Any) -> Any:
    """Turn records, tuples and nested containers into JSON-ready dicts and lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_dict"):
            return value.to_dict()
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def from_plain(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild a record of type ``cls`` from its ``to_dict()`` form (unknown keys ignored)."""
    hints = _hints(cls)
    return cls(
        **{
            f.name: _convert(hints[f.name], data[f.name])
            for f in dataclasses.fields(cls)
            if f.name in data
        }
    )


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return _convert(inner, value)
    if origin is tuple:
        return tuple(_convert(get_args(hint)[0], v) for v in value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_plain(hint, value)
    return value


def _fields(record: Any) -> dict[str, Any]:
    return {f.name: plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Quality:
    """Signals about an article's text, computed at ingest."""

    language: str | None = None
    oov_rate: float | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested: cleaned text plus where it came from.

    ``id`` is the content hash of the normalised text; ``input_id`` is the id the input
    gave it (a JSONL ``id``), if any.
    """

    id: str
    text: str
    source: str = ""
    input_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    quality: Quality = field(default_factory=Quality)
    cluster: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Actor:
    """A mention of an actor, resolved as far as the text and knowledge base allow.

    ``id`` identifies the resolved entity (the same person or institution keeps one id
    across articles); ``start``/``end`` locate this mention.
    """

    id: str
    text: str
    start: int
    end: int
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Time:
    """A time expression with its TIMEX3 type and normalised value."""

    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str | None

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym resolved to a GeoNames entry (or left unresolved with ``geonameid`` None)."""

    text: str
    start: int
    end: int
    name: str
    country: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # GeoNames feature code, e.g. PPLC, PCLI, ADM1
    admin1: str | None = None
    region: str | None = None  # vague region kept as text ("southern Russia")

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Anonymous:
    """An unnamed source: how many, described how, from where."""

    count: int | None
    description: str
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a statement is attributed to."""

    text: str
    start: int
    end: int
    kind: SpeakerKind
    actor: Actor | None = None
    anonymous: Anonymous | None = None

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Statement:
    """Something someone is reported to have said, with its stance toward the content."""

    id: str
    speaker: Speaker | None
    cue: Span | None
    content: Span
    direct: bool
    stance: Stance
    outlet: str | None = None  # an outlet relaying it ("told The Daily Beast")
    #: every fragment of a discontinuous content ("“A,” she said. “B.”"); empty when
    #: ``content`` is the whole of it.
    content_parts: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, as a TIMEX3 value with its precision and where it came from.

    ``basis`` is ``explicit`` (written out: "in November 2021"), ``relative`` (resolved
    against the publication date: "on Saturday") or ``published`` (no time expression dates
    the event: the publication date stands in). ``rejected`` keeps the value of a time
    expression that governed the event but lay outside the plausible window around the
    publication date (:attr:`backchannel.limits.Limits.event_window`): the date then falls
    back to the publication date, and the flag lets an analyst see what was set aside.
    """

    value: str
    precision: str  # day | month | year | week | decade | unknown
    basis: str  # explicit | relative | published
    rejected: str | None = None  # TIMEX3 value set aside as outside the window

    @property
    def label(self) -> str:
        """How the date reads in a list: ``2021-11``, ``≈ 2023-06-30 (published)``."""
        return date_label(self.value, self.precision, self.basis)

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Event:
    """One interaction coded in PLOVER (with its CAMEO code), traced to its sentence."""

    id: str
    type: EventType
    cameo: str
    trigger: Span
    sentence: Span
    actor: tuple[Actor, ...] = ()
    recipient: tuple[Actor, ...] = ()
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    date: EventDate | None = None
    channel: str | None = None
    place: Place | None = None
    modality: Modality = "asserted"
    attributed_to: tuple[str, ...] = ()
    rule: str = ""
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Record:
    """An article with everything the NLP stage found in it."""

    article: Article
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    statements: tuple[Statement, ...] = ()
    times: tuple[Time, ...] = ()
    places: tuple[Place, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``extract`` output line for this article (schema ``backchannel/1``)."""
        article = self.article
        return {
            "schema": SCHEMA,
            "id": article.input_id or article.id,
            "article_id": article.id,
            "source": article.source,
            "url": article.url,
            "outlet": article.outlet,
            "title": article.title,
            "published": article.published,
            "text": article.text,
            "quality": article.quality.to_dict(),
            "cluster": article.cluster,
            "actors": plain(self.actors),
            "events": plain(self.events),
            "statements": plain(self.statements),
            "times": plain(self.times),
            "places": plain(self.places),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """The record of an ``extract`` output line (the inverse of :meth:`to_dict`)."""
        input_id = data.get("id") if data.get("id") != data["article_id"] else None
        article = {
            **data,
            "id": data["article_id"],
            "input_id": input_id,
            "quality": data.get("quality") or {},
        }
        parts = {
            name: data.get(name, [])
            for name in ("actors", "events", "statements", "times", "places")
        }
        record: Record = from_plain(cls, {"article": article, **parts})
        return record
