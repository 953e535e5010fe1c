"""Sample articles bundled for ``backchannel demo``.

They were written for backchannel's demo and tests, modelled on the shape of real
reporting (calls, warnings through diplomatic channels, denials, anonymous officials, a
scraped spam tail, a syndicated copy). They are samples, not real news: every title says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

__all__ = ["sample_dir"]


@contextmanager
def sample_dir() -> Iterator[Path]:
    """The folder of sample articles as a real path (extracted if the package is zipped)."""
    with resources.as_file(resources.files("backchannel.samples").joinpath("articles")) as path:
        yield path
