"""Parquet records: what ``extract --out`` writes (local or Ray) and ``load`` reads.

One row per article or failure, in input order (``seq``), holding the ``extract`` JSON line
exactly as the JSONL output writes it (``data``), with the columns a reader needs without
parsing it: ``kind`` (``record`` or ``failure``), ``id`` (the line's ``id``),
``article_id``, ``source``, ``model`` (the pipeline that coded it), ``coded`` (whether the
NLP stage coded it: English or language unknown) and ``events`` (how many events it holds).
``seq`` orders the rows of one output; two outputs of the same input may number them
differently (the local run counts lines, the Ray job numbers shard and item).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from backchannel.errors import ConfigError, InputError
from backchannel.ingest import serialise
from backchannel.ingest.coder import codable
from backchannel.ingest.guard import Failure
from backchannel.records import Record

__all__ = [
    "SCHEMA",
    "ParquetOut",
    "check_out",
    "failure_from_row",
    "parquet_files",
    "read_rows",
    "row_of",
]

#: The columns of a Parquet record file, in order.
SCHEMA = pa.schema(
    [
        ("seq", pa.int64()),
        ("kind", pa.string()),
        ("id", pa.string()),
        ("article_id", pa.string()),
        ("source", pa.string()),
        ("model", pa.string()),
        ("coded", pa.bool_()),
        ("events", pa.int64()),
        ("data", pa.string()),
    ]
)
#: Rows a local writer puts in one row group.
ROW_GROUP = 1024


def row_of(item: Record | Failure, seq: int, model: str) -> dict[str, Any]:
    """The Parquet row of a record or a failure; raises what :func:`serialise` raises."""
    data = serialise(item)
    if isinstance(item, Failure):
        shown = item.to_dict()
        return dict(
            seq=seq,
            kind="failure",
            id=shown["id"],
            article_id=item.article_id,
            source=item.source,
            model="",
            coded=False,
            events=0,
            data=data,
        )
    article = item.article
    return dict(
        seq=seq,
        kind="record",
        id=article.input_id or article.id,
        article_id=article.id,
        source=article.source,
        model=model,
        coded=codable(article),
        events=len(item.events),
        data=data,
    )


def failure_from_row(row: dict[str, Any]) -> Failure:
    """The :class:`Failure` a ``failure`` row holds."""
    shown = json.loads(row["data"])
    return Failure(
        shown["source"], shown["stage"], shown["error"], row["article_id"], shown.get("input_id")
    )


def check_out(out: str | Path) -> None:
    """Refuse an output folder that already holds Parquet files (``load`` would read both
    runs as one); a URL (``s3://…``) is not looked into."""
    if "://" in str(out):
        return
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"--out {out} is a file; give a folder for the Parquet records")
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        raise ConfigError(f"--out {out} already holds Parquet files; give an empty or new folder")


class ParquetOut:
    """Writes rows to ``folder/part-00000.parquet`` in row groups (the local engine)."""

    def __init__(self, folder: str | Path) -> None:
        check_out(folder)
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(self.folder / "part-00000.parquet", SCHEMA)
        self._rows: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=SCHEMA))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()

    def __enter__(self) -> ParquetOut:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parquet_files(folder: str | Path) -> list[Path]:
    """The Parquet files under ``folder``, in the order of their first row (``seq``)."""
    path = Path(folder)
    if not path.exists():
        raise InputError(str(folder), "no such folder")
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    if not files:
        raise InputError(str(folder), "holds no Parquet files (write them with extract --out)")
    for file in files:
        _check_columns(file)
    return sorted(files, key=_first_seq)


def _check_columns(file: Path) -> None:
    try:
        names = set(pq.read_schema(file).names)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(str(file), f"not a readable Parquet file ({exc})") from exc
    missing = [name for name in SCHEMA.names if name not in names]
    if missing:
        raise InputError(str(file), f"not backchannel records: no column {', '.join(missing)}")


def _first_seq(file: Path) -> tuple[int, str]:
    seqs = pq.read_table(file, columns=["seq"]).column("seq")
    return (pc.min(seqs).as_py() if len(seqs) else -1), str(file)


def read_rows(folder: str | Path, columns: Iterable[str] | None = None) -> Iterator[dict]:
    """Every row under ``folder`` as a dict, in ``seq`` order (file by file)."""
    wanted = list(columns) if columns is not None else SCHEMA.names
    if "seq" not in wanted:
        wanted = ["seq", *wanted]
    for file in parquet_files(folder):
        table = pq.read_table(file, columns=wanted).sort_by("seq")
        for batch in table.to_batches(max_chunksize=ROW_GROUP):
            yield from batch.to_pylist()
