"""Article text with what backchannel found in it highlighted, from stored offsets.

Spans may overlap and nest (an actor inside a quote inside an event's sentence), so the
text is cut at every span boundary and each piece is wrapped in one ``<mark>`` carrying
the classes of every span covering it; the stylesheet decides which layer shows on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

__all__ = ["Layer", "highlight", "record_layers"]


@dataclass(frozen=True, slots=True)
class Layer:
    """One highlighted span: its CSS class, offsets, and a tooltip."""

    kind: str  # actor | event | trigger | sentence | quote | time | place
    start: int
    end: int
    title: str = ""
    anchor: str | None = None  # an element id for links to this span


def _boundaries(text: str, layers: Sequence[Layer]) -> list[int]:
    points = {0, len(text)}
    for layer in layers:
        points.update((layer.start, layer.end))
    return sorted(p for p in points if 0 <= p <= len(text))


def highlight(text: str, layers: Iterable[Layer]) -> Markup:
    """``text`` as HTML with each stretch covered by layers wrapped in a ``<mark>``."""
    valid = [layer for layer in layers if 0 <= layer.start < layer.end <= len(text)]
    cuts = _boundaries(text, valid)
    anchors = {layer.start: layer.anchor for layer in valid if layer.anchor}
    out = []
    for start, end in zip(cuts, cuts[1:]):
        piece = escape(text[start:end])
        anchor = f"<a id='{escape(anchors[start])}'></a>" if start in anchors else ""
        covering = [layer for layer in valid if layer.start <= start and end <= layer.end]
        out.append(anchor + (_mark(piece, covering) if covering else piece))
    return Markup("".join(out))


def _mark(piece: str, covering: list[Layer]) -> str:
    kinds = " ".join(sorted({layer.kind for layer in covering}))
    titles = " | ".join(dict.fromkeys(layer.title for layer in covering if layer.title))
    return f"<mark class='{kinds}' title='{escape(titles)}'>{piece}</mark>"


def _actor_title(actor: dict[str, Any]) -> str:
    facts = ", ".join(
        v for v in (actor.get("country"), actor.get("sector"), actor.get("role")) if v
    )
    return f"actor: {actor.get('name')}" + (f" ({facts})" if facts else "")


def record_layers(record: dict[str, Any], *, focus: str | None = None) -> list[Layer]:
    """Highlight layers of a stored record: actors, quotes, times, places, event triggers.

    With ``focus`` (an event id) that event's sentence and trigger are highlighted too.
    """
    layers = [
        Layer("actor", a["start"], a["end"], _actor_title(a)) for a in record.get("actors", [])
    ]
    for st in record.get("statements", []):
        speaker = (st.get("speaker") or {}).get("text") or "unattributed"
        content = st["content"]
        layers.append(
            Layer("quote", content["start"], content["end"], f"{st['stance']}: said by {speaker}")
        )
    layers += [
        Layer("time", t["start"], t["end"], f"time: {t.get('value')}")
        for t in record.get("times", [])
    ]
    layers += [
        Layer("place", p["start"], p["end"], f"place: {p.get('name')} ({p.get('country')})")
        for p in record.get("places", [])
    ]
    for ev in record.get("events", []):
        trigger = ev["trigger"]
        title = f"event: {ev['type']} ({ev.get('modality')})"
        layers.append(
            Layer("event", trigger["start"], trigger["end"], title, anchor=f"ev-{ev['id']}")
        )
        if ev["id"] == focus:
            layers.append(
                Layer(
                    "sentence",
                    ev["sentence"]["start"],
                    ev["sentence"]["end"],
                    "the event's sentence",
                )
            )
            layers.append(Layer("trigger", trigger["start"], trigger["end"], title))
    return layers
