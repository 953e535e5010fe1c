"""Where the shared evaluation data lives, and a clean skip when it does not."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: ``../shared/data`` beside the checkout, or ``$BACKCHANNEL_SHARED/data``.
SHARED = Path(os.environ.get("BACKCHANNEL_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"


def data_path(*parts: str) -> Path | None:
    """The path under ``shared/data``, or None when it is not there."""
    path = DATA.joinpath(*parts)
    return path if path.exists() else None
