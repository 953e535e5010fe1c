"""The reliability suite's figures: one :class:`Figures` a run, printed at its end by
``tests/conftest.py``."""

from __future__ import annotations

import pytest

from tests.reliability.figures import FIGURES, Figures


@pytest.fixture(scope="session")
def figures(request) -> Figures:
    """What the suite tried and found in this run."""
    return request.config.stash.setdefault(FIGURES, Figures())
