"""One exception root for everything backchannel raises.

::

    BackchannelError
    ├── InputError          an input cannot be read (names the input and why)
    │   └── RejectedArticle an input was read but holds no analysable article
    ├── ConfigError         a setting, pipeline or lexicon is wrong or missing
    ├── StoreError          the database cannot be opened, migrated or written
    │   └── RowsRejected    the store refused one article's rows (the store itself is fine)
    └── QueryError          a query or export was asked for with bad arguments
"""

from __future__ import annotations

__all__ = [
    "BackchannelError",
    "InputError",
    "RejectedArticle",
    "ConfigError",
    "StoreError",
    "RowsRejected",
    "QueryError",
]


class BackchannelError(Exception):
    """Root of every error backchannel raises on purpose."""


class InputError(BackchannelError):
    """An input could not be read. ``source`` names it, the message says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class RejectedArticle(InputError):
    """An input was read but is not an article we analyse (empty, binary, too short)."""


class ConfigError(BackchannelError):
    """A setting, spaCy pipeline or data file is wrong or missing."""


class StoreError(BackchannelError):
    """The store could not be opened, migrated or written."""


class RowsRejected(StoreError):
    """The store refused the rows of one batch or article (a constraint, a value it cannot
    hold) while the store itself is fine: the writer may retry article by article."""


class QueryError(BackchannelError):
    """A query, export or brief was asked for with arguments that cannot work."""
