"""Claims for the web app and briefs: stored records → ``backchannel.claims.group_claims``.

The store keeps each article's record as its ``extract`` JSON; the claims module works on
:class:`~backchannel.records.Record` objects, so this module reads records back from that
JSON (``Record.from_dict``, the inverse of the output contract) and flattens the claims it gets into
rows a template can show: one row per side of a claim and speaker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from backchannel.records import Record, plain
from sqlalchemy import select

from backchannel.store import Store, schema

if TYPE_CHECKING:
    from backchannel.claims import Embedder

__all__ = ["ClaimView", "SideRow", "grouped"]


# -- claims as rows -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SideRow:
    """One speaker on one side of a claim."""

    stance: str
    speaker: str | None
    text: str | None
    article_id: str | None
    date: str | None


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim as the claims page shows it: the proposition and who stands where."""

    id: str
    proposition: str
    sides: tuple[SideRow, ...]

    @property
    def stances(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.stance for s in self.sides))


def _first(d: dict[str, Any], *names: str) -> Any:
    return next((d[n] for n in names if d.get(n) not in (None, "", [], ())), None)


def _voice_rows(stance: str, voices: list[dict[str, Any]], contents: dict[str, str]) -> Iterator[SideRow]:
    for voice in voices:
        yield SideRow(stance, voice.get("speaker"), contents.get(voice.get("statement_id", "")),
                      voice.get("article_id"), voice.get("published"))


def _side_rows(stance: str, side: Any, contents: dict[str, str]) -> Iterator[SideRow]:
    """Rows of one side, whatever its shape (voices, a record with lists, or a list of entries)."""
    if isinstance(side, dict) and isinstance(side.get("voices"), list):
        yield from _voice_rows(side.get("stance", stance), side["voices"], contents)
        return
    entries = side if isinstance(side, list) else [side]
    for entry in entries:
        if not isinstance(entry, dict):
            yield SideRow(stance, str(entry), None, None, None)
            continue
        speakers = _first(entry, "speakers", "speaker") or [None]
        for i, speaker in enumerate(speakers if isinstance(speakers, list) else [speakers]):
            yield SideRow(entry.get("stance", stance), _name(speaker), _pick(entry, ("texts", "text", "content"), i),
                          _pick(entry, ("article_ids", "article_id", "articles"), i), _pick(entry, ("dates", "date"), i))


def _name(speaker: Any) -> str | None:
    if isinstance(speaker, dict):
        return _first(speaker, "text", "name")
    return speaker


def _pick(entry: dict[str, Any], names: tuple[str, ...], i: int) -> Any:
    value = _first(entry, *names)
    if isinstance(value, list):
        value = value[i] if i < len(value) else (value[0] if value else None)
    return value.get("text") if isinstance(value, dict) else value


def view(claim: Any, contents: dict[str, str] | None = None) -> ClaimView:
    """A claim from the claims module as a :class:`ClaimView` (``contents``: statement id → text)."""
    d = plain(claim)
    sides = d.get("sides") or {}
    items = sides.items() if isinstance(sides, dict) else ((s.get("stance", "assert"), s) for s in sides)
    rows = tuple(row for stance, side in items for row in _side_rows(stance, side, contents or {}))
    seen: dict[tuple, SideRow] = {}
    for row in rows:  # a copied story repeats the same voices
        seen.setdefault((row.stance, row.speaker, row.text), row)
    rows = tuple(seen.values())
    return ClaimView(str(d.get("id", "")), str(_first(d, "proposition", "text", "content") or ""), rows)


def _latest(store: Store, limit: int) -> list[str]:
    table = schema.articles
    with store.engine.connect() as conn:
        return [row[0] for row in conn.execute(select(table.c.id).order_by(table.c.seq.desc()).limit(limit))]


def grouped(
    store: Store, *, article_ids: Iterable[str] | None = None, latest: int = 500, embed: Embedder | None = None
) -> tuple[ClaimView, ...] | None:
    """Claims of some articles (by default the ``latest`` ingested), None while the claims module is missing.

    ``embed``: group by these sentence embeddings (``backchannel.claims.minilm_embedder()``) at
    ``EMBED_JOIN_THRESHOLD`` instead of by shared words.
    """
    try:
        from backchannel.claims import group_claims
    except ImportError:
        return None
    ids = list(article_ids) if article_ids is not None else _latest(store, latest)
    records = [Record.from_dict(d) for d in store.record_dicts(ids)]
    contents = {s.id: s.content.text for r in records for s in r.statements}
    if embed is None:
        return tuple(view(c, contents) for c in group_claims(records))
    from backchannel.claims import EMBED_JOIN_THRESHOLD

    return tuple(view(c, contents) for c in group_claims(records, EMBED_JOIN_THRESHOLD, embed=embed))
