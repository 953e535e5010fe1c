"""The commands past one machine: ``extract --out DIR [--engine ray]`` writes Parquet records
(this machine, or Ray Data on a local instance or a cluster), ``load`` moves them into a
store. Thin wrappers around :mod:`backchannel.scale`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from backchannel.cli.common import (
    DbOption,
    StrictOption,
    err,
    exit_for,
    print_summary,
    progress_bar,
)
from backchannel.errors import ConfigError
from backchannel.settings import DEFAULT_BATCH_SIZE, DEFAULT_DB, Settings

__all__ = ["AddressOption", "Engine", "EngineOption", "OutOption", "extract_to_parquet", "load"]


class Engine(StrEnum):
    """Where ``extract`` runs: this machine's processes, or Ray Data."""

    local = "local"
    ray = "ray"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="local: this machine (--workers processes); ray: Ray Data, on a local Ray "
        "instance or the cluster at --address (needs --out and the ray extra).",
    ),
]
AddressOption = Annotated[
    str | None,
    typer.Option(
        "--address",
        help="Ray cluster to run on (ray://head:10001, or auto); default a local Ray instance.",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Write Parquet records to this (new or empty) folder instead of JSONL to stdout; "
        "`backchannel load` moves them into a store.",
    ),
]


def extract_to_parquet(
    sources: list[str],
    out: Path | None,
    *,
    engine: Engine,
    address: str | None,
    model: str,
    workers: int | None,
    attribution: str,
    dictionaries: Path | None,
    keep_text: bool,
    strict: bool,
) -> None:
    """``extract --out DIR [--engine ray]``: the run as Parquet records, with the summary."""
    from backchannel.ingest import IngestReport

    if address is not None and engine is not Engine.ray:
        raise ConfigError("--address names a Ray cluster: use it with --engine ray")
    if out is None:
        raise ConfigError("--engine ray writes Parquet records: give --out DIR")
    settings = Settings.load(dictionaries=dictionaries)
    report = IngestReport()
    try:
        if engine is Engine.ray:
            _on_ray(sources, out, address, model, attribution, settings, keep_text, report)
        else:
            _here(sources, out, model, workers, attribution, settings, keep_text, report)
    finally:
        print_summary(report)
    err.print(f"records: {out}\nnext: backchannel load {out} --db STORE")
    exit_for(report, strict)


def _on_ray(sources, out, address, model, attribution, settings, keep_text, report) -> None:
    from backchannel.scale import extract_ray

    options = dict(model=model, attribution=attribution, settings=settings, keep_text=keep_text)
    extract_ray(sources, str(out), address=address, report=report, **options)


def _here(sources, out, model, workers, attribution, settings, keep_text, report) -> None:
    from backchannel.ingest import Coder
    from backchannel.scale import check_out, extract_parquet

    check_out(out)  # before the model loads
    coder = Coder(model, workers=workers, attribution=attribution, settings=settings)
    with coder, progress_bar("extracting") as advance:
        extract_parquet(
            sources, out, coder=coder, report=report, keep_text=keep_text, progress=advance
        )


def load(
    folder: Annotated[
        Path, typer.Argument(help="Folder of Parquet records written by `extract --out`.")
    ],
    db: DbOption = DEFAULT_DB,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles per transaction.")
    ] = DEFAULT_BATCH_SIZE,
    strict: StrictOption = False,
) -> None:
    """Move Parquet records (from `extract --out`, local or Ray) into a store.

    Articles already stored are skipped, so a rerun adds nothing; failures recorded in the
    Parquet go to the store's failures table."""
    from backchannel.ingest import IngestReport
    from backchannel.scale import load as run_load
    from backchannel.scale import parquet_files
    from backchannel.store import open_store

    parquet_files(folder)  # no records there: say so before a store is made
    report = IngestReport()
    with open_store(db, create=True) as store:
        store.check_writable()
        try:
            with progress_bar("loading") as advance:
                run_load(folder, store, report=report, batch_size=batch_size, progress=advance)
        finally:
            print_summary(report)
    exit_for(report, strict)
