"""Commands that write or serve what a store holds: export, brief, serve."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from backchannel.cli.common import (
    ActorOption,
    CountryOption,
    DbOption,
    SinceOption,
    UntilOption,
    err,
)
from backchannel.settings import DEFAULT_DB


def export(
    out_path: Annotated[
        Path,
        typer.Argument(
            metavar="OUT",
            help="File to write; its provenance sidecar goes beside it as OUT.provenance.jsonl.",
        ),
    ],
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        str, typer.Option("--format", "-f", help="polecat (TSV), jsonl (PLOVER), parquet or csv.")
    ] = "polecat",
    dedupe: Annotated[str, typer.Option("--dedupe", help="none, one-a-day or clusters.")] = "none",
    actor: ActorOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Export events in a format the field reads, with a provenance sidecar."""
    from backchannel import query
    from backchannel.export import export as run_export
    from backchannel.store import open_store

    filters = query.EventFilter(actor=actor, country=country, since=since, until=until)
    with open_store(db, create=False) as store:
        result = run_export(store, out_path, format=format, dedupe=dedupe, filters=filters)
    err.print(
        f"wrote {result.events} events to {result.path} ({result.format}); "
        f"provenance: {result.provenance}"
    )


def brief(
    since: Annotated[
        str | None,
        typer.Option("--since", help="First day (YYYY, YYYY-MM or YYYY-MM-DD); default 30 days."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Last day; default the latest publication day."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The web app's address (http://host:8000): links to events and articles "
            "become absolute.",
        ),
    ] = None,
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write Markdown here and the HTML page beside it (.html)."
        ),
    ] = None,
) -> None:
    """A brief of what happened: top developments, timeline, who said what, sourcing notes."""
    from backchannel.brief import period, write_brief
    from backchannel.store import open_store

    with open_store(db, create=False) as store:
        first, last = period(store, since, until)
        result = write_brief(store, since=first, until=last, actor=actor, base_url=base_url)
    if out_path is None:
        sys.stdout.write(result.markdown)
        return
    out_path.write_text(result.markdown, encoding="utf-8")
    out_path.with_suffix(".html").write_text(result.html, encoding="utf-8")
    err.print(f"wrote {out_path} and {out_path.with_suffix('.html')}")


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; loopback unless you mean otherwise.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
) -> None:
    """Serve the read-only web app and JSON API over a store."""
    from backchannel.store import open_store
    from backchannel.web.app import serve as run_server

    with open_store(db, create=False) as store:
        err.print(f"backchannel on http://{host}:{port}/  (API docs at /docs)")
        run_server(store, host=host, port=port)
