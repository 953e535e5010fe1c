"""backchannel: from raw news to a sourced record of who did what to whom, when, where,
and on whose word."""

from backchannel.errors import (
    BackchannelError,
    ConfigError,
    InputError,
    QueryError,
    RejectedArticle,
    StoreError,
)
from backchannel.records import (
    SCHEMA,
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
    Time,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Actor",
    "Anonymous",
    "Article",
    "BackchannelError",
    "ConfigError",
    "Event",
    "EventDate",
    "InputError",
    "Place",
    "Quality",
    "QueryError",
    "Record",
    "RejectedArticle",
    "Span",
    "Speaker",
    "Statement",
    "StoreError",
    "Time",
    "__version__",
]
