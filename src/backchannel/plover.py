"""PLOVER's fixed tables: the 16 event types, their quad classes and intensity scores."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["EVENT_TYPES", "QUADS", "quad", "intensity"]

QUADS = ("VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT", "MATERIAL CONFLICT")


@dataclass(frozen=True, slots=True)
class _TypeInfo:
    quad: str
    intensity: float
    modes: tuple[tuple[str, float], ...]


@lru_cache(maxsize=1)
def _table() -> dict[str, _TypeInfo]:
    raw = yaml.safe_load(resources.files("backchannel.data").joinpath("plover/plover.yaml").read_text())
    return {
        name: _TypeInfo(t["quad"], float(t["intensity"]), tuple(t.get("modes", {}).items()))
        for name, t in raw["types"].items()
    }


EVENT_TYPES: tuple[str, ...] = tuple(_table())


def quad(event_type: str) -> str | None:
    """The quad class of a PLOVER event type ("VERBAL COOPERATION"…), None if unknown."""
    info = _table().get(event_type)
    return info.quad if info else None


def intensity(event_type: str, mode: str | None = None) -> float | None:
    """The PLOVER intensity score of a type (and mode, where the mode has its own score)."""
    info = _table().get(event_type)
    if info is None:
        return None
    return dict(info.modes).get(mode or "", info.intensity)
