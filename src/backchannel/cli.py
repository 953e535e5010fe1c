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
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from backchannel.errors import BackchannelError
from backchannel.settings import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_DB,
    DEFAULT_FINDER,
    DEFAULT_MODEL,
    DEFAULT_WORKERS,
)

app = typer.Typer(
    name="backchannel",
    help="From raw news to a sourced record of who did what to whom, when, where, and on whose word.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
#: progress and summaries; one line an item when piped (a log reads whole reasons).
err = Console(stderr=True) if Console(stderr=True).is_terminal else Console(stderr=True, soft_wrap=True)
#: tables for people: the terminal's width, or wide enough not to fold when piped to a file.
out = Console() if Console().is_terminal else Console(width=200)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file or SQLAlchemy URL of the store.")]
ModelOption = Annotated[
    str, typer.Option("--model", help=f"Installed spaCy pipeline to use ({DEFAULT_MODEL}, en_core_web_lg, en_core_web_trf…).")
]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes for the NLP stage.")]
AttributionOption = Annotated[
    str,
    typer.Option(
        "--attribution",
        help=f"Statement finder (default {DEFAULT_FINDER}): rules (fast), crf (the CRF refines the rules) or minilm "
        "(fine-tuned MiniLM, most accurate; needs the embed extra).",
    ),
]
SourcesArg = Annotated[
    list[str], typer.Argument(help="Files or folders (.txt .html .jsonl .warc(.gz) feeds), or - for JSONL on stdin.")
]


def main() -> None:
    """Entry point that turns backchannel's errors into a clear message and exit code 2."""
    try:
        app()
    except BackchannelError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
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


StrictOption = Annotated[
    bool, typer.Option("--strict", help="Exit with code 1 when any article failed (skips are not failures).")
]


def _exit(report, strict: bool) -> None:
    """Exit code 0 when every article was handled, whatever it did; 1 under --strict if any failed."""
    if strict and report.failures:
        raise typer.Exit(1)


@app.command()
def ingest(
    sources: SourcesArg,
    db: DbOption = DEFAULT_DB,
    model: ModelOption = DEFAULT_MODEL,
    workers: WorkersOption = DEFAULT_WORKERS,
    attribution: AttributionOption = DEFAULT_FINDER,
    no_nlp: Annotated[bool, typer.Option("--no-nlp", help="Store articles without coding them.")] = False,
    keep_text: Annotated[bool, typer.Option("--keep-text", help="Analyse text exactly as given (no cleaning).")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per transaction.")] = DEFAULT_BATCH_SIZE,
    strict: StrictOption = False,
) -> None:
    """Read news into the store: extract, clean, deduplicate, code, store.

    An article that fails is recorded (summary, the store's failures table) and the run goes
    on; a rerun tries it again."""
    from backchannel.ingest import Coder, IngestReport
    from backchannel.ingest import ingest as run_ingest
    from backchannel.store import open_store

    report = IngestReport()
    with open_store(db) as store:
        store.check_writable()
        coder = None if no_nlp else Coder(model, workers=workers, attribution=attribution)
        try:
            with _progress("ingesting") as advance:
                run_ingest(sources, store, coder=coder, report=report, keep_text=keep_text, batch_size=batch_size, progress=advance)
        finally:
            if coder:
                coder.close()
            _summary(report)
    _exit(report, strict)


@app.command()
def extract(
    sources: SourcesArg,
    model: ModelOption = DEFAULT_MODEL,
    workers: WorkersOption = DEFAULT_WORKERS,
    attribution: AttributionOption = DEFAULT_FINDER,
    keep_text: Annotated[bool, typer.Option("--keep-text", help="Analyse text exactly as given (no cleaning), so offsets index the input.")] = False,
    strict: StrictOption = False,
) -> None:
    """Analyse articles and write one JSON object per article (schema backchannel/1) to stdout.

    An article that fails gets a line {"id", "source", "stage", "error"} instead, and the run goes on."""
    from backchannel.ingest import Coder, IngestReport, extract_lines

    report = IngestReport()
    with Coder(model, workers=workers, attribution=attribution) as coder, _progress("extracting") as advance:
        try:
            for line in extract_lines(sources, coder=coder, report=report, keep_text=keep_text):
                sys.stdout.write(line + "\n")
                advance(1)
        finally:
            sys.stdout.flush()
            _summary(report)
    _exit(report, strict)


@app.command()
def stats(db: DbOption = DEFAULT_DB, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of what the store holds."""
    from backchannel.store import open_store
    from backchannel.query.summary import store_summary

    with open_store(db, must_exist=True) as store:
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
    if summary["failures"]:
        rows = ((f["source"], f["stage"], f["error"], f["attempts"], f["at"]) for f in summary["failures"])
        _table("failed (an ingest of the same sources retries them)", ("source", "stage", "error", "attempts", "last tried"), rows)


@app.command()
def demo(
    db: DbOption = "backchannel-demo.db",
    model: ModelOption = DEFAULT_MODEL,
) -> None:
    """Ingest the bundled sample articles into a demo store and show what was found."""
    from backchannel.ingest import Coder, IngestReport
    from backchannel.ingest import ingest as run_ingest
    from backchannel.samples import sample_dir
    from backchannel.store import open_store
    from backchannel.query.summary import store_summary

    report = IngestReport()
    with sample_dir() as folder, open_store(db) as store, Coder(model) as coder:
        run_ingest([folder], store, coder=coder, report=report)
        summary = store_summary(store)
    _summary(report)
    _render_summary(summary)
    err.print(f"store: {db}\nnext: backchannel events --db {db}  ·  backchannel serve --db {db}  (web app on http://127.0.0.1:8000/)")


# -- querying a store ------------------------------------------------------------------

JsonOption = Annotated[bool, typer.Option("--json", help="JSON for programs instead of a table.")]
SinceOption = Annotated[Optional[str], typer.Option("--since", help="First event day (YYYY, YYYY-MM or YYYY-MM-DD).")]
UntilOption = Annotated[Optional[str], typer.Option("--until", help="Last event day (YYYY, YYYY-MM or YYYY-MM-DD).")]
ActorOption = Annotated[Optional[str], typer.Option("--actor", help="Actor id or part of a name, on either side.")]
CountryOption = Annotated[Optional[str], typer.Option("--country", help="ISO3 country code, on either side.")]


def _dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = value.upper().replace("→", "-").replace(">", "-").split("-")
    if len(parts) != 2 or not all(parts):
        raise typer.BadParameter(f"{value!r}: a dyad is two ISO3 codes, actor first: USA-RUS")
    return parts[0], parts[1]


def _table(title: str, columns: tuple[str, ...], rows) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)


def _print_json(items) -> None:
    from backchannel.records import plain

    sys.stdout.write(json.dumps(plain(items), ensure_ascii=False, indent=2) + "\n")


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    country: CountryOption = None,
    sector: Annotated[Optional[str], typer.Option("--sector", help="Sector code (GOV, MIL, SPY…), either side.")] = None,
    dyad: Annotated[Optional[str], typer.Option("--dyad", help="Directed country dyad, e.g. USA-RUS.")] = None,
    type: Annotated[Optional[str], typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")] = None,
    quad: Annotated[Optional[str], typer.Option("--quad", help="Quad class, e.g. 'VERBAL CONFLICT'.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    modality: Annotated[Optional[str], typer.Option("--modality", help="asserted, negated, denied, hypothetical, conditional or future.")] = None,
    sourcing: Annotated[Optional[str], typer.Option("--sourcing", help="named, anonymous or article (the outlet's own voice).")] = None,
    page: Annotated[int, typer.Option("--page", min=1)] = 1,
    per_page: Annotated[int, typer.Option("--per-page", min=1, max=1000)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Events by actor, country, sector, dyad, type, dates, modality and sourcing."""
    from backchannel import query
    from backchannel.store import open_store

    with open_store(db, must_exist=True) as store:
        found = query.events(store, actor=actor, country=country, sector=sector, dyad=_dyad(dyad), type=type, quad=quad,
                             since=since, until=until, modality=modality, sourcing=sourcing, page=page, per_page=per_page)
    if as_json:
        _print_json({"total": found.total, "page": found.page, "per_page": found.per_page, "events": found.items})
        return
    columns = ("date", "actor", "type", "cameo", "recipient", "modality", "sourcing", "trigger", "id")
    _table(f"events {found.page}/{found.pages} ({found.total} in all)", columns, (
        (e.date or e.day, _who(e.actor_name, e.actor_country), e.type, e.cameo, _who(e.recipient_name, e.recipient_country),
         e.modality, e.sourcing, e.trigger.text, e.id) for e in found.items))


def _who(name: str | None, country: str | None) -> str:
    return f"{name or '?'} ({country})" if country else (name or "")


@app.command()
def actors(
    db: DbOption = DEFAULT_DB,
    country: CountryOption = None,
    name: Annotated[Optional[str], typer.Option("--name", help="Part of the actor's name.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Resolved actors with how often they act, are acted on, and are mentioned."""
    from backchannel import query
    from backchannel.store import open_store

    with open_store(db, must_exist=True) as store:
        found = query.actors(store, country=country, name=name, limit=limit)
    if as_json:
        _print_json(found)
        return
    _table("actors", ("name", "kind", "country", "sector", "role", "as actor", "as recipient", "mentions", "id"), (
        (a.name, a.kind, a.country, a.sector, a.role, a.as_actor, a.as_recipient, a.mentions, a.id) for a in found))


@app.command()
def dyads(
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    monthly: Annotated[bool, typer.Option("--monthly", help="Dyad-by-month counts by quad class instead of totals.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """Directed country dyads with event counts by PLOVER quad class."""
    from backchannel import query
    from backchannel.store import open_store

    filters = query.EventFilter(since=since, until=until)
    with open_store(db, must_exist=True) as store:
        found = query.dyad_months(store, filters=filters) if monthly else query.dyads(store, filters=filters, limit=limit)
    if as_json:
        _print_json(found)
    elif monthly:
        _table("dyad-months", ("month", "actor", "recipient", "quad", "events", "mean intensity", "most negative"), (
            (d.month, d.actor_country, d.recipient_country, d.quad, d.count, d.mean_intensity, d.most_negative) for d in found))
    else:
        _table("dyads", ("actor", "recipient", "events", "by quad", "mean intensity"), (
            (d.actor_country, d.recipient_country, d.count, ", ".join(f"{q.lower()} {n}" for q, n in d.by_quad), d.mean_intensity)
            for d in found))


@app.command()
def claims(
    db: DbOption = DEFAULT_DB,
    latest: Annotated[int, typer.Option("--latest", min=1, help="Group the statements of the latest N articles.")] = 500,
    embed: Annotated[bool, typer.Option("--embed", help="Group by MiniLM sentence embeddings, not shared words (needs the embed extra).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Claims across articles: each proposition with who asserts, denies, disputes it."""
    from backchannel.claims import grouped, minilm_embedder
    from backchannel.store import open_store

    embedder = minilm_embedder() if embed else None
    with open_store(db, must_exist=True) as store:
        found = grouped(store, latest=latest, embed=embedder)
    if as_json:
        _print_json(found)
        return
    for claim in found:
        _table(claim.proposition, ("stance", "speaker", "says", "date"), (
            (side.stance, side.speaker, side.text, side.date) for side in claim.sides))


@app.command()
def export(
    out_path: Annotated[Path, typer.Argument(metavar="OUT", help="File to write; the provenance sidecar goes beside it.")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="polecat (TSV), jsonl (PLOVER), parquet or csv.")] = "polecat",
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
    with open_store(db, must_exist=True) as store:
        result = run_export(store, out_path, format=format, dedupe=dedupe, filters=filters)
    err.print(f"wrote {result.events} events to {result.path} ({result.format}); provenance: {result.provenance}")


@app.command()
def brief(
    since: Annotated[str, typer.Option("--since", help="First day, YYYY-MM-DD.")],
    until: Annotated[str, typer.Option("--until", help="Last day, YYYY-MM-DD.")],
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    out_path: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write Markdown here and the HTML page beside it (.html).")] = None,
) -> None:
    """A brief of what happened: top developments, timeline, who said what, sourcing notes."""
    from backchannel.brief import write_brief
    from backchannel.store import open_store

    with open_store(db, must_exist=True) as store:
        result = write_brief(store, since=since, until=until, actor=actor)
    if out_path is None:
        sys.stdout.write(result.markdown)
        return
    out_path.write_text(result.markdown, encoding="utf-8")
    out_path.with_suffix(".html").write_text(result.html, encoding="utf-8")
    err.print(f"wrote {out_path} and {out_path.with_suffix('.html')}")


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to bind; loopback unless you mean otherwise.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
) -> None:
    """Serve the read-only web app and JSON API over a store."""
    from backchannel.web.app import serve as run_server

    err.print(f"backchannel on http://{host}:{port}/  (API docs at /docs)")
    run_server(db, host=host, port=port)


if __name__ == "__main__":
    main()
