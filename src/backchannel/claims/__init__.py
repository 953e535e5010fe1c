"""Claims: statements about one proposition, across articles, with who takes which side.

:mod:`~backchannel.claims.group` groups statements into :class:`Claim` objects;
:mod:`~backchannel.claims.index` keeps the store's claims grouped in its ``claims`` tables
(:func:`refresh`) and pages and filters them (:func:`find_claims`);
:mod:`~backchannel.claims.view` turns claims into rows (:class:`ClaimView`, :class:`SideRow`)
for the web app, the brief and the CLI.
"""

from backchannel.claims.embed import minilm_embedder
from backchannel.claims.group import (
    EMBED_JOIN_THRESHOLD,
    JOIN_THRESHOLD,
    STANCES,
    Claim,
    Embedder,
    Side,
    Voice,
    group_claims,
    terms,
)
from backchannel.claims.index import ClaimPage, find_claims, grouped, refresh
from backchannel.claims.view import ClaimView, SideRow, view

__all__ = [
    "Claim",
    "ClaimPage",
    "ClaimView",
    "EMBED_JOIN_THRESHOLD",
    "Embedder",
    "JOIN_THRESHOLD",
    "STANCES",
    "Side",
    "SideRow",
    "Voice",
    "find_claims",
    "group_claims",
    "grouped",
    "minilm_embedder",
    "refresh",
    "terms",
    "view",
]
