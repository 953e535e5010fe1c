"""The ``backchannel`` command line: thin wrappers around the library.

Each command parses its options, calls one library function and renders the result:
tables for people on stdout, JSON/JSONL for programs, progress and summaries on stderr.
The commands that read news (ingest, extract, stats, demo) are here; those that query a
store are in :mod:`.queries`, those that write or serve it in :mod:`.outputs`, and what
they share (consoles, options, renderers) in :mod:`.common`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from backchannel.cli.common import (
    AttributionOption,
    DbOption,
    DictionariesOption,
    ModelOption,
    SourcesArg,
    StrictOption,
    WorkersOption,
    err,
    exit_for,
    out,
    print_summary,
    print_table,
    progress_bar,
)
from backchannel.cli.outputs import brief, export, serve
from backchannel.cli.queries import actors, claims, dyads, events
from backchannel.cli.scale import AddressOption, Engine, EngineOption, OutOption, load
from backchannel.errors import BackchannelError
from backchannel.settings import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_DB,
    DEFAULT_FINDER,
    DEFAULT_MODEL,
    Settings,
)

if TYPE_CHECKING:
    from backchannel.ingest import Coder

__all__ = ["app", "main"]

app = typer.Typer(
    name="backchannel",
    help="From raw news to a sourced record of who did what to whom, when, where, "
    "and on whose word.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Entry point that turns backchannel's errors into a clear message and exit code 2."""
    try:
        app()
    except BackchannelError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)


def _coder(model: str, workers: int | None, attribution: str, dictionaries: Path | None) -> Coder:
    """The NLP stage as the options ask (``dictionaries`` None: ``$BACKCHANNEL_DICTIONARIES``;
    ``workers`` None: ``$BACKCHANNEL_WORKERS``, else one per core)."""
    from backchannel.ingest import Coder

    settings = Settings.load(dictionaries=dictionaries)
    return Coder(model, workers=workers, attribution=attribution, settings=settings)


@app.command()
def ingest(
    sources: SourcesArg,
    db: DbOption = DEFAULT_DB,
    model: ModelOption = DEFAULT_MODEL,
    workers: WorkersOption = None,
    attribution: AttributionOption = DEFAULT_FINDER,
    dictionaries: DictionariesOption = None,
    no_nlp: Annotated[
        bool, typer.Option("--no-nlp", help="Store articles without coding them.")
    ] = False,
    keep_text: Annotated[
        bool, typer.Option("--keep-text", help="Analyse text exactly as given (no cleaning).")
    ] = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles per transaction.")
    ] = DEFAULT_BATCH_SIZE,
    strict: StrictOption = False,
) -> None:
    """Read news into the store: extract, clean, deduplicate, code, store.

    An article that fails is recorded (summary, the store's failures table) and the run goes
    on; a rerun tries it again."""
    from backchannel.ingest import IngestReport
    from backchannel.ingest import ingest as run_ingest
    from backchannel.store import open_store

    report = IngestReport()
    with open_store(db, create=True) as store:
        store.check_writable()
        coder = None if no_nlp else _coder(model, workers, attribution, dictionaries)
        try:
            with progress_bar("ingesting") as advance:
                run_ingest(
                    sources,
                    store,
                    coder=coder,
                    report=report,
                    keep_text=keep_text,
                    batch_size=batch_size,
                    progress=advance,
                )
        finally:
            if coder:
                coder.close()
            print_summary(report)
    exit_for(report, strict)


@app.command()
def extract(
    sources: SourcesArg,
    model: ModelOption = DEFAULT_MODEL,
    workers: WorkersOption = None,
    attribution: AttributionOption = DEFAULT_FINDER,
    dictionaries: DictionariesOption = None,
    keep_text: Annotated[
        bool,
        typer.Option(
            "--keep-text",
            help="Analyse text exactly as given (no cleaning), so offsets index the input.",
        ),
    ] = False,
    strict: StrictOption = False,
    engine: EngineOption = Engine.local,
    address: AddressOption = None,
    out_dir: OutOption = None,
) -> None:
    """Analyse articles and write one JSON object per article (schema backchannel/1) to stdout.

    A failed article gets a line {"id", "source", "stage", "error"} instead; the run goes on.
    With --out DIR the same records go to Parquet files (on this machine, or with
    --engine ray on Ray Data), which `backchannel load` moves into a store."""
    from backchannel.ingest import IngestReport, extract_lines

    if out_dir is not None or engine is not Engine.local or address is not None:
        from backchannel.cli.scale import extract_to_parquet

        options = dict(model=model, workers=workers, attribution=attribution)
        options |= dict(dictionaries=dictionaries, keep_text=keep_text, strict=strict)
        extract_to_parquet(sources, out_dir, engine=engine, address=address, **options)
        return
    report = IngestReport()
    with (
        _coder(model, workers, attribution, dictionaries) as coder,
        progress_bar("extracting") as advance,
    ):
        try:
            for line in extract_lines(sources, coder=coder, report=report, keep_text=keep_text):
                sys.stdout.write(line + "\n")
                advance(1)
        finally:
            sys.stdout.flush()
            print_summary(report)
    exit_for(report, strict)


@app.command()
def stats(
    db: DbOption = DEFAULT_DB, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Counts of what the store holds."""
    from backchannel.query.summary import store_summary
    from backchannel.store import open_store

    with open_store(db, create=False) as store:
        summary = store_summary(store)
    if as_json:
        out.print_json(data=summary)
        return
    _render_summary(summary)


def _render_summary(summary: dict) -> None:
    counts = Table(title="store", show_header=False)
    for name, n in summary["counts"].items():
        counts.add_row(name, str(n))
    out.print(counts)
    for title, rows in (
        ("events by type", summary["types"]),
        ("events by modality", summary["modalities"]),
        ("articles flagged", summary["flags"]),
    ):
        table = Table(title=title, show_header=False)
        for key, n in rows.items():
            table.add_row(str(key), str(n))
        out.print(table)
    if summary["events"]:
        table = Table(title="some events")
        for column in ("date", "actor", "type", "recipient", "modality", "sourcing", "trigger"):
            table.add_column(column)
        for row in summary["events"]:
            table.add_row(
                *(
                    str(row[c] or "")
                    for c in (
                        "date",
                        "actor",
                        "type",
                        "recipient",
                        "modality",
                        "sourcing",
                        "trigger",
                    )
                )
            )
        out.print(table)
    if summary["failures"]:
        rows = (
            (f["source"], f["stage"], f["error"], f["attempts"], f["at"])
            for f in summary["failures"]
        )
        print_table(
            "failed (an ingest of the same sources retries them)",
            ("source", "stage", "error", "attempts", "last tried"),
            rows,
        )


@app.command()
def demo(
    db: DbOption = "backchannel-demo.db",
    model: ModelOption = DEFAULT_MODEL,
) -> None:
    """Ingest the bundled sample articles into a demo store and show what was found."""
    from backchannel.ingest import Coder, IngestReport
    from backchannel.ingest import ingest as run_ingest
    from backchannel.query.summary import store_summary
    from backchannel.samples import sample_dir
    from backchannel.store import open_store

    report = IngestReport()
    # the model loads first: a pipeline that is not installed leaves no empty store behind
    with sample_dir() as folder, Coder(model) as coder, open_store(db, create=True) as store:
        run_ingest([folder], store, coder=coder, report=report)
        summary = store_summary(store)
    print_summary(report)
    _render_summary(summary)
    err.print(
        f"store: {db}\nnext: backchannel events --db {db}  ·  backchannel serve --db {db}  "
        "(web app on http://127.0.0.1:8000/)"
    )


# the store's commands, registered after the reading ones so that --help lists them in order
for command in (events, actors, dyads, claims, export, brief, serve, load):
    app.command()(command)
