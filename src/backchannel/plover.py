"""PLOVER's fixed tables: the 16 event types, their quad classes and intensity scores."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from backchannel import data as packaged
from backchannel.vocab import QUADS

__all__ = ["EVENT_TYPES", "QUADS", "quad", "intensity"]


@dataclass(frozen=True, slots=True)
class _TypeInfo:
    quad: str
    intensity: float
    modes: tuple[tuple[str, float], ...]


@lru_cache(maxsize=1)
def _table() -> dict[str, _TypeInfo]:
    raw = packaged.load_yaml("plover/plover.yaml")
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
