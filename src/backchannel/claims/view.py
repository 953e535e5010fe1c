"""Claims as rows: stored records → :func:`~backchannel.claims.group.group_claims` → one row
per side of a claim and speaker, for the claims page, the brief and ``backchannel claims``.

The store keeps each article's record as its ``extract`` JSON; grouping works on
:class:`~backchannel.records.Record` objects, so records are read back from that JSON
(``Store.records``, ``Record.from_dict`` over the stored JSON).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from backchannel.claims.group import EMBED_JOIN_THRESHOLD, Claim, Embedder, group_claims
from backchannel.store import Store, schema
from backchannel.vocab import Stance

__all__ = ["ClaimView", "SideRow", "grouped", "view"]


@dataclass(frozen=True, slots=True)
class SideRow:
    """One speaker on one side of a claim."""

    stance: Stance
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
    def stances(self) -> tuple[Stance, ...]:
        return tuple(dict.fromkeys(s.stance for s in self.sides))


def view(claim: Claim, contents: dict[str, str] | None = None) -> ClaimView:
    """``claim`` as a :class:`ClaimView` (``contents``: statement id → text)."""
    rows: dict[tuple[str | None, ...], SideRow] = {}
    for side in claim.sides:
        for voice in side.voices:
            text = (contents or {}).get(voice.statement_id)
            row = SideRow(side.stance, voice.speaker, text, voice.article_id, voice.published)
            # a copied story repeats voices: one row for each stance, speaker and text
            rows.setdefault((row.stance, row.speaker, row.text), row)
    return ClaimView(claim.id, claim.proposition, tuple(rows.values()))


def _latest(store: Store, limit: int) -> list[str]:
    table = schema.articles
    query = select(table.c.id).order_by(table.c.seq.desc()).limit(limit)
    with store.engine.connect() as conn:
        return [row[0] for row in conn.execute(query)]


def grouped(
    store: Store,
    *,
    article_ids: Iterable[str] | None = None,
    latest: int = 500,
    embed: Embedder | None = None,
) -> tuple[ClaimView, ...]:
    """Claims of some articles (by default the ``latest`` ingested).

    ``embed``: group by these sentence embeddings (:func:`~backchannel.claims.minilm_embedder`)
    at :data:`~backchannel.claims.EMBED_JOIN_THRESHOLD` instead of by shared words.
    """
    ids = list(article_ids) if article_ids is not None else _latest(store, latest)
    records = list(store.records(ids))
    contents = {s.id: s.content.text for r in records for s in r.statements}
    found = (
        group_claims(records)
        if embed is None
        else group_claims(records, EMBED_JOIN_THRESHOLD, embed=embed)
    )
    return tuple(view(c, contents) for c in found)
