"""The local engine's Parquet output: :func:`backchannel.ingest.extract`, row by row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from backchannel.ingest import Coder, IngestReport, extract
from backchannel.ingest.coder import codable
from backchannel.ingest.guard import Failure
from backchannel.limits import Limits
from backchannel.records import Record
from backchannel.scale.parquet import ParquetOut, row_of

__all__ = ["extract_parquet"]


def extract_parquet(
    sources: Iterable[str | Path],
    out: str | Path,
    *,
    coder: Coder,
    report: IngestReport | None = None,
    keep_text: bool = False,
    batch_size: int = 32,
    limits: Limits | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Run :func:`~backchannel.ingest.extract` and write its records and failures to the
    folder ``out`` as Parquet (:mod:`backchannel.scale.parquet`), the rows the JSONL output
    would hold, in its order. A record that cannot be serialised becomes a failure row
    (stage ``serialise``), as in the JSONL output."""
    report = report if report is not None else IngestReport()
    items = extract(
        sources,
        coder=coder,
        report=report,
        keep_text=keep_text,
        batch_size=batch_size,
        limits=limits,
    )
    late: list[Failure] = []  # added to the report after the run: extract reads its list
    try:
        with ParquetOut(out) as writer:
            for seq, item in enumerate(items):
                writer.write(_row(item, seq, coder.model, report, late))
                if progress:
                    progress(1)
    finally:
        report.failures.extend(late)
    return report


def _row(
    item: Record | Failure, seq: int, model: str, report: IngestReport, late: list[Failure]
) -> dict:
    try:
        return row_of(item, seq, model)
    except Exception as exc:
        if isinstance(item, Failure):
            raise
        failure = Failure.of(item.article, "serialise", exc)
        late.append(failure)  # extract counted it as coded: take that back
        report.coded -= codable(item.article)
        report.events -= len(item.events)
        return row_of(failure, seq, model)
