"""The query layer's answers: frozen records a page, a CLI table or an export reads."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from backchannel.records import Span
from backchannel.vocab import ActorKind, EventType, Modality, Quad, Sourcing, SpeakerKind, Stance

__all__ = [
    "ActorCount",
    "ArticleHit",
    "Counterpart",
    "DyadCount",
    "DyadMonth",
    "Edge",
    "EventPage",
    "EventRow",
    "IntensityPoint",
    "StatementRow",
]


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event with its first actor and recipient, its article and its sentence."""

    id: str
    article_id: str
    type: EventType
    cameo: str
    quad: Quad | None
    intensity: float | None
    mode: str | None
    contexts: tuple[str, ...]
    actor_id: str | None
    actor_name: str | None
    actor_country: str | None
    actor_sector: str | None
    recipient_id: str | None
    recipient_name: str | None
    recipient_country: str | None
    recipient_sector: str | None
    date: str | None  # TIMEX3 value as coded
    day: str | None  # the calendar day queries use (see the module docstring)
    date_precision: str | None
    channel: str | None
    place_name: str | None
    place_country: str | None
    modality: Modality
    sourcing: Sourcing
    trigger: Span
    sentence: Span
    attributed_to: tuple[str, ...]
    confidence: float | None
    rule: str | None
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    source_cluster: str  # near-duplicate article cluster (the article id when unclustered)
    date_basis: str | None = None  # explicit | relative | published (see records.EventDate)

    @property
    def dyad(self) -> str:
        """``USA→RUS`` style label of the country dyad ("?" where a country is unknown)."""
        return f"{self.actor_country or '?'}→{self.recipient_country or '?'}"

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out.update(trigger=self.trigger.to_dict(), sentence=self.sentence.to_dict())
        out.update(contexts=list(self.contexts), attributed_to=list(self.attributed_to))
        return out


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of a filtered, ordered event list."""

    items: tuple[EventRow, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class DyadMonth:
    """Events of one directed country dyad in one month and one quad class."""

    month: str
    actor_country: str | None
    recipient_country: str | None
    quad: Quad | None
    count: int
    mean_intensity: float | None
    most_negative: float | None


@dataclass(frozen=True, slots=True)
class DyadCount:
    """A directed country dyad with its event counts by quad class."""

    actor_country: str | None
    recipient_country: str | None
    count: int
    by_quad: tuple[tuple[str, int], ...]
    mean_intensity: float | None


@dataclass(frozen=True, slots=True)
class IntensityPoint:
    """A dyad's PLOVER intensity in one month: how many events and their scores."""

    month: str
    count: int
    mean: float | None
    lowest: float | None
    highest: float | None
    total: float | None


@dataclass(frozen=True, slots=True)
class ActorCount:
    """A resolved actor with how often it appears."""

    id: str
    name: str
    kind: ActorKind
    country: str | None
    sector: str | None
    role: str | None
    as_actor: int
    as_recipient: int
    mentions: int

    @property
    def events(self) -> int:
        return self.as_actor + self.as_recipient


@dataclass(frozen=True, slots=True)
class Counterpart:
    """Someone an actor dealt with: events between them, by quad class."""

    id: str
    name: str
    country: str | None
    events: int
    cooperation: int
    conflict: int


@dataclass(frozen=True, slots=True)
class Edge:
    """A directed link of the actor network (countries or actors) with its tone."""

    source: str
    target: str
    count: int
    cooperation: int
    conflict: int
    mean_intensity: float | None


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """An article matching a full-text search, with a snippet around the first match."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    matches: int


@dataclass(frozen=True, slots=True)
class StatementRow:
    """A stored statement: who said what, with which stance, where in which article."""

    id: str
    article_id: str
    speaker: str | None
    speaker_kind: SpeakerKind | None
    speaker_actor_id: str | None
    anonymous_count: int | None
    cue: str | None
    content: Span
    direct: bool
    stance: Stance
    outlet: str | None
