"""Claims as rows: one row per side of a claim and speaker, for the claims page, the brief and
``backchannel claims``.

The store keeps its claims grouped (:mod:`backchannel.claims.index`, which also groups some
articles' statements on demand: :func:`~backchannel.claims.index.grouped`).
"""

from __future__ import annotations

from dataclasses import dataclass

from backchannel.claims.group import Claim
from backchannel.vocab import Stance

__all__ = ["ClaimView", "SideRow", "view"]


@dataclass(frozen=True, slots=True)
class SideRow:
    """One speaker on one side of a claim, and where it was reported."""

    stance: Stance
    speaker: str | None
    text: str | None
    article_id: str | None
    date: str | None
    speaker_kind: str | None = None
    outlet: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.speaker_kind == "anonymous"


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim as the claims page shows it: the proposition and who stands where, when it
    was reported (``first``..``last``), in how many statements, articles and independent
    sources."""

    id: str
    proposition: str
    sides: tuple[SideRow, ...]
    first: str | None = None
    last: str | None = None
    voices: int = 0
    articles: int = 0
    sources: int = 0

    @property
    def stances(self) -> tuple[Stance, ...]:
        return tuple(dict.fromkeys(s.stance for s in self.sides))


def view(claim: Claim, contents: dict[str, str] | None = None) -> ClaimView:
    """``claim`` as a :class:`ClaimView` (``contents``: statement id → text)."""
    rows: dict[tuple[str | None, ...], SideRow] = {}
    voices = [v for side in claim.sides for v in side.voices]
    for side in claim.sides:
        for voice in side.voices:
            text = (contents or {}).get(voice.statement_id)
            row = SideRow(
                side.stance,
                voice.speaker,
                text,
                voice.article_id,
                voice.published,
                voice.speaker_kind,
            )
            # a copied story repeats voices: one row for each stance, speaker and text
            rows.setdefault((row.stance, row.speaker, row.text), row)
    days = sorted(v.published for v in voices if v.published)
    return ClaimView(
        claim.id,
        claim.proposition,
        tuple(rows.values()),
        first=days[0] if days else None,
        last=days[-1] if days else None,
        voices=len(voices),
        articles=len({v.article_id for v in voices}),
        sources=len({v.article_id for v in voices}),
    )
