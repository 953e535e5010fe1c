"""What the commands share: the two consoles, the options, and the renderers.

Tables for people go to stdout (``out``), JSON for programs to stdout too, progress and
summaries to stderr (``err``).
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from backchannel.settings import DEFAULT_FINDER, DEFAULT_MODEL

#: progress and summaries; one line an item when piped (a log reads whole reasons).
err = (
    Console(stderr=True)
    if Console(stderr=True).is_terminal
    else Console(stderr=True, soft_wrap=True)
)
#: tables for people: the terminal's width, or wide enough not to fold when piped to a file.
out = Console() if Console().is_terminal else Console(width=200)

# -- options ---------------------------------------------------------------------------

DbOption = Annotated[str, typer.Option("--db", help="SQLite file or SQLAlchemy URL of the store.")]
ModelOption = Annotated[
    str,
    typer.Option(
        "--model",
        help=f"Installed spaCy pipeline to use ({DEFAULT_MODEL}, en_core_web_lg, "
        "en_core_web_trf…).",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        help="Worker processes for the NLP stage (default $BACKCHANNEL_WORKERS, else one "
        "per core this process may use; 1 codes in this process). A run of a few articles "
        "is coded in this process whatever the number.",
        show_default=False,
    ),
]
AttributionOption = Annotated[
    str,
    typer.Option(
        "--attribution",
        help=f"Statement finder (default {DEFAULT_FINDER}): rules (fast), "
        "crf (the CRF refines the rules) or minilm "
        "(fine-tuned MiniLM, most accurate; needs the embed extra).",
    ),
]
DictionariesOption = Annotated[
    Path | None,
    typer.Option(
        "--dictionaries",
        help="Folder of PETRARCH-format dictionaries (CAMEO verbs, actors with dated roles, "
        "agents, discards) read at run time; default $BACKCHANNEL_DICTIONARIES, else none.",
    ),
]
SourcesArg = Annotated[
    list[str],
    typer.Argument(
        help="Files or folders (.txt .html .jsonl .warc(.gz) feeds), or - for JSONL on stdin."
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict", help="Exit with code 1 when any article failed (skips are not failures)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON for programs instead of a table.")]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="First event day (YYYY, YYYY-MM or YYYY-MM-DD).")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Last event day (YYYY, YYYY-MM or YYYY-MM-DD).")
]
ActorOption = Annotated[
    str | None, typer.Option("--actor", help="Actor id or part of a name, on either side.")
]
CountryOption = Annotated[
    str | None, typer.Option("--country", help="ISO3 country code, on either side.")
]

# -- rendering -------------------------------------------------------------------------


@contextmanager
def progress_bar(description: str):
    """A rich progress bar on stderr when it is a terminal; a no-op callback otherwise."""
    if not err.is_terminal:
        yield lambda n: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(description, total=None)
        yield lambda n: progress.advance(task, n)


def print_summary(report) -> None:
    """What an ingest or extract run read, added, skipped and failed, on stderr."""
    err.print(
        f"read {report.read}, added {report.added}, already stored {report.unchanged}, "
        f"coded {report.coded}, events {report.events}, skipped {len(report.skipped)}, "
        f"failed {len(report.failures)}"
    )
    if report.retried:
        err.print(
            f"retried {report.retried} that failed before: {report.recovered} handled now, "
            f"{report.failed_again} failed again"
        )
    for reason, count in report.reasons().most_common():
        err.print(f"  skipped {count}: {escape(reason)}")
    _listed("", [f"{s.source}: {s.reason}" for s in report.skipped])
    _listed("failed ", [f"{f.source} [{f.stage}]: {f.error}" for f in report.failures], style="red")
    _listed("note ", [f"{n.source}: {n.reason}" for n in report.notes])


def _listed(prefix: str, lines: list[str], *, style: str = "dim", most: int = 20) -> None:
    for line in lines[:most]:
        err.print(f"  [{style}]{escape(prefix + line)}[/{style}]")
    if len(lines) > most:
        err.print(f"  [{style}]… and {len(lines) - most} more[/{style}]")


def exit_for(report, strict: bool) -> None:
    """Exit code 0 when every article was handled, whatever it did; 1 under --strict if any
    failed."""
    if strict and report.failures:
        raise typer.Exit(1)


def print_table(title: str, columns: tuple[str, ...], rows) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)


def print_json(items) -> None:
    from backchannel.records import plain

    sys.stdout.write(json.dumps(plain(items), ensure_ascii=False, indent=2) + "\n")
