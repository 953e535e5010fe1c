"""The JSON the API answers with, as models FastAPI checks answers against and publishes at
``/openapi.json``.

The query layer's records (:class:`~backchannel.query.EventRow`,
:class:`~backchannel.query.DyadCount`…) are mirrored field by field from their dataclasses, so
the schema follows the records; the envelopes around them (a page of events, an event with
its statements, a cluster, a brief, an error) are declared here. Every model but the error
passes on fields it does not declare, so a newer record is never cut short.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from backchannel import query

__all__ = [
    "ActorOut",
    "ApiError",
    "ArticleHitOut",
    "BriefOut",
    "ClusterOut",
    "CounterpartOut",
    "DyadMonthOut",
    "DyadOut",
    "EdgeOut",
    "ErrorDetail",
    "EventDetail",
    "EventOut",
    "EventsPage",
    "IntensityOut",
    "StatementOut",
]


class _Open(BaseModel):
    """A model that passes on fields it does not declare (newer records may carry more)."""

    model_config = ConfigDict(extra="allow")


def _record_model(record: type, **more: Any) -> type[BaseModel]:
    """A model with the fields of the query record ``record`` (a dataclass), and ``more``."""
    hints = get_type_hints(record)
    spec: dict[str, Any] = {
        f.name: (hints[f.name], ... if f.default is MISSING else f.default) for f in fields(record)
    }
    spec.update(more)
    return create_model(record.__name__, __base__=_Open, __doc__=record.__doc__, **spec)


EventOut = _record_model(query.EventRow)
StatementOut = _record_model(query.StatementRow)
ActorOut = _record_model(
    query.ActorCount, events=(int, Field(description="as_actor + as_recipient"))
)
CounterpartOut = _record_model(query.Counterpart)
DyadOut = _record_model(query.DyadCount)
UNDATED = Field(description="YYYY-MM; null for events with no date at all")
DyadMonthOut = _record_model(query.DyadMonth, month=(str | None, UNDATED))
IntensityOut = _record_model(query.IntensityPoint, month=(str | None, UNDATED))
EdgeOut = _record_model(query.Edge)
ArticleHitOut = _record_model(query.ArticleHit)


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated")
    message: str = Field(description="What was wrong, naming the value")
    parameter: str | None = Field(
        None, description="The query or path parameter at fault, when one is"
    )


class ApiError(BaseModel):
    """The one shape of every error the API answers with (400, 404, 405, 414, 500)."""

    error: ErrorDetail


class EventsPage(_Open):
    total: int = Field(description="Events matching the filters, on every page")
    page: int
    per_page: int
    pages: int
    filters: dict[str, Any] = Field(description="The filters that were applied")
    events: list[EventOut]


class ClusterOut(_Open):
    """Reports of one real-world event merged (see ``backchannel.clusters``)."""

    id: str
    type: str
    quad: str | None
    actor: str
    recipient: str
    first_day: str | None
    last_day: str | None
    reports: int = Field(description="Articles reporting it")
    sources: int = Field(description="Independent sources reporting it")
    sourcings: list[str]
    lead: str = Field(description="The id of the report shown for the cluster")
    events: list[str] = Field(description="The ids of its reports")


class EventDetail(_Open):
    event: EventOut
    statements: list[StatementOut] = Field(description="The statements it is attributed to")
    cluster: ClusterOut | None = Field(description="The other reports of the same event")


class BriefOut(_Open):
    title: str
    events: int
    articles: int
    developments: list[ClusterOut]
    anonymous_only: list[ClusterOut]
    said: list[dict[str, Any]]
    markdown: str
