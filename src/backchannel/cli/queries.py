"""Commands that read a store: events, actors, dyads, claims.

Each passes its filters to one ``backchannel.query`` (or ``claims``) call and prints a table,
or JSON under ``--json``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from backchannel.cli.common import (
    ActorOption,
    CountryOption,
    DbOption,
    JsonOption,
    SinceOption,
    UntilOption,
    print_json,
    print_table,
)
from backchannel.settings import DEFAULT_DB


def _dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = value.upper().replace("→", "-").replace(">", "-").split("-")
    if len(parts) != 2 or not all(parts):
        raise typer.BadParameter(f"{value!r}: a dyad is two ISO3 codes, actor first: USA-RUS")
    return parts[0], parts[1]


def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    country: CountryOption = None,
    sector: Annotated[
        str | None, typer.Option("--sector", help="Sector code (GOV, MIL, SPY…), either side.")
    ] = None,
    dyad: Annotated[
        str | None, typer.Option("--dyad", help="Directed country dyad, e.g. USA-RUS.")
    ] = None,
    type: Annotated[
        str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")
    ] = None,
    quad: Annotated[
        str | None, typer.Option("--quad", help="Quad class, e.g. 'VERBAL CONFLICT'.")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    modality: Annotated[
        str | None,
        typer.Option(
            "--modality", help="asserted, negated, denied, hypothetical, conditional or future."
        ),
    ] = None,
    sourcing: Annotated[
        str | None,
        typer.Option("--sourcing", help="named, anonymous or article (the outlet's own voice)."),
    ] = None,
    page: Annotated[int, typer.Option("--page", min=1)] = 1,
    per_page: Annotated[int, typer.Option("--per-page", min=1, max=1000)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Events by actor, country, sector, dyad, type, dates, modality and sourcing."""
    from backchannel import query
    from backchannel.store import open_store

    with open_store(db, create=False) as store:
        found = query.events(
            store,
            actor=actor,
            country=country,
            sector=sector,
            dyad=_dyad(dyad),
            type=type,
            quad=quad,
            since=since,
            until=until,
            modality=modality,
            sourcing=sourcing,
            page=page,
            per_page=per_page,
        )
    if as_json:
        print_json(
            {
                "total": found.total,
                "page": found.page,
                "per_page": found.per_page,
                "events": found.items,
            }
        )
        return
    columns = (
        "date",
        "actor",
        "type",
        "cameo",
        "recipient",
        "modality",
        "sourcing",
        "trigger",
        "id",
    )
    print_table(
        f"events {found.page}/{found.pages} ({found.total} in all)",
        columns,
        (
            (
                e.date or e.day,
                _who(e.actor_name, e.actor_country),
                e.type,
                e.cameo,
                _who(e.recipient_name, e.recipient_country),
                e.modality,
                e.sourcing,
                e.trigger.text,
                e.id,
            )
            for e in found.items
        ),
    )


def _who(name: str | None, country: str | None) -> str:
    return f"{name or '?'} ({country})" if country else (name or "")


def actors(
    db: DbOption = DEFAULT_DB,
    country: CountryOption = None,
    name: Annotated[str | None, typer.Option("--name", help="Part of the actor's name.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Resolved actors with how often they act, are acted on, and are mentioned."""
    from backchannel import query
    from backchannel.store import open_store

    with open_store(db, create=False) as store:
        found = query.actors(store, country=country, name=name, limit=limit)
    if as_json:
        print_json(found)
        return
    print_table(
        "actors",
        ("name", "kind", "country", "sector", "role", "as actor", "as recipient", "mentions", "id"),
        (
            (
                a.name,
                a.kind,
                a.country,
                a.sector,
                a.role,
                a.as_actor,
                a.as_recipient,
                a.mentions,
                a.id,
            )
            for a in found
        ),
    )


def dyads(
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    monthly: Annotated[
        bool,
        typer.Option("--monthly", help="Dyad-by-month counts by quad class instead of totals."),
    ] = False,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Directed country dyads with event counts by PLOVER quad class."""
    from backchannel import query
    from backchannel.store import open_store

    filters = query.EventFilter(since=since, until=until)
    with open_store(db, create=False) as store:
        found = (
            query.dyad_months(store, filters=filters)
            if monthly
            else query.dyads(store, filters=filters, limit=limit)
        )
    if as_json:
        print_json(found)
    elif monthly:
        print_table(
            "dyad-months",
            ("month", "actor", "recipient", "quad", "events", "mean intensity", "most negative"),
            (
                (
                    d.month,
                    d.actor_country,
                    d.recipient_country,
                    d.quad,
                    d.count,
                    d.mean_intensity,
                    d.most_negative,
                )
                for d in found
            ),
        )
    else:
        print_table(
            "dyads",
            ("actor", "recipient", "events", "by quad", "mean intensity"),
            (
                (
                    d.actor_country,
                    d.recipient_country,
                    d.count,
                    ", ".join(f"{q.lower()} {n}" for q, n in d.by_quad),
                    d.mean_intensity,
                )
                for d in found
            ),
        )


def claims(
    db: DbOption = DEFAULT_DB,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Claims voiced on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Claims voiced on or before (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="A speaker's name or actor id, or words of the claim."),
    ] = None,
    stance: Annotated[
        str | None, typer.Option("--stance", help="assert, deny, dispute, decline, unverified.")
    ] = None,
    page: Annotated[int, typer.Option("--page", min=1, help="Page number.")] = 1,
    per_page: Annotated[int, typer.Option("--per-page", min=1, help="Claims per page.")] = 20,
    latest: Annotated[
        int | None,
        typer.Option("--latest", min=1, help="Group only the latest N articles' statements, now."),
    ] = None,
    embed: Annotated[
        bool,
        typer.Option(
            "--embed",
            help="Group by MiniLM sentence embeddings, not shared words (needs the embed extra).",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Claims across articles: each proposition with who asserts, denies, disputes it.

    The store's claims (grouped when it changes), one page at a time, filtered by date,
    speaker and stance; ``--latest`` or ``--embed`` group some articles' statements now."""
    from backchannel.brief.sources import speaker_label
    from backchannel.claims import find_claims, grouped, minilm_embedder
    from backchannel.store import open_store

    with open_store(db, create=False) as store:
        if latest is None and not embed:
            found = find_claims(
                store,
                since=since,
                until=until,
                actor=actor,
                stance=stance,
                page=page,
                per_page=per_page,
            ).items
        else:
            embedder = minilm_embedder() if embed else None
            found = grouped(store, latest=latest or 500, embed=embedder)
    if as_json:
        print_json(found)
        return
    for claim in found:
        print_table(
            claim.proposition,
            ("stance", "speaker", "says", "date"),
            (
                (side.stance, speaker_label(side.speaker, side.anonymous), side.text, side.date)
                for side in claim.sides
            ),
        )
