"""Where the shared evaluation data lives, and a clean skip when it does not."""

from __future__ import annotations

import hashlib
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


#: the two parts of each dev gold set: knowledge is written looking at ``tune`` only;
#: ``check`` is scored and reported, never read to write knowledge (issue 17's honest figure)
PARTS = ("tune", "check")


def part_of(record_id: str) -> str:
    """``tune`` or ``check``: a fixed, salted hash of the record id (half and half in
    expectation). The salt keeps the split independent of any split made by unsalted hashes of
    the same ids, such as the one that divides the published gold into dev and held-out."""
    digest = hashlib.sha256(f"backchannel-part:{record_id}".encode()).digest()
    return PARTS[digest[-1] % 2]
