"""Claims: statements about one proposition, across articles, with who takes which side.

:mod:`~backchannel.claims.group` groups the statements of records into :class:`Claim`
objects; :mod:`~backchannel.claims.view` reads stored records and turns their claims into
rows (:class:`ClaimView`, :class:`SideRow`) for the web app, the brief and the CLI.
"""

from backchannel.claims.group import (
    EMBED_JOIN_THRESHOLD,
    JOIN_THRESHOLD,
    STANCES,
    Claim,
    Embedder,
    Side,
    Voice,
    group_claims,
    minilm_embedder,
    terms,
)
from backchannel.claims.view import ClaimView, SideRow, grouped, view

__all__ = [
    "Claim",
    "ClaimView",
    "EMBED_JOIN_THRESHOLD",
    "Embedder",
    "JOIN_THRESHOLD",
    "STANCES",
    "Side",
    "SideRow",
    "Voice",
    "group_claims",
    "grouped",
    "minilm_embedder",
    "terms",
    "view",
]
