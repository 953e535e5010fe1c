"""The extract job on Ray Data: read in parallel, cluster once, code on a pool of actors.

Three stages, each doing what the local run does, so the Parquet records are the local
run's, record for record:

1. **read** (one task per input file): the project's readers and ``prepare``
   (:func:`backchannel.ingest.articles`) turn the file into articles, skips, notes and read
   failures, numbered in input order (``seq``: file, then item);
2. **cluster** (the driver, one pass in input order): the near-duplicate clusters, with the
   same :class:`~backchannel.ingest.dedupe.Deduplicator` as the local run. Clustering is
   sequential by nature (an article joins the cluster of the *earliest* article it copies);
   only the ids of the copies go on to the next stage;
3. **code** (``map_batches`` over a pool of actors, each holding one spaCy pipeline loaded
   once with the run's :class:`~backchannel.settings.Settings`): records and failures,
   written as Parquet (:mod:`backchannel.scale.parquet`) in input order.

Ray is an optional extra, imported only when the job runs: without it :func:`extract_ray`
raises :class:`~backchannel.errors.ConfigError` saying how to install it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads

from backchannel.errors import ConfigError, InputError
from backchannel.ingest import Coder, IngestReport, articles
from backchannel.ingest.dedupe import Deduplicator
from backchannel.ingest.guard import Failure
from backchannel.ingest.readers import STDIN, Skipped
from backchannel.limits import Limits
from backchannel.records import Article, from_plain
from backchannel.scale.parquet import SCHEMA, ParquetOut, check_out, failure_from_row, row_of
from backchannel.settings import Settings

__all__ = ["INSTALL", "extract_ray", "import_ray"]

#: What to do when Ray is missing.
INSTALL = "install the ray extra: pip install 'backchannel[ray]'"
#: The rows the read stage gives: an article, a failure, a skip, a note, or a file's count.
READ_SCHEMA = pa.schema(
    [("seq", pa.int64()), ("kind", pa.string()), ("source", pa.string()), ("data", pa.string())]
)
#: ``seq`` of a read row: the file's number in the high bits, the item's in the low.
_ITEM_BITS = 32


def import_ray() -> Any:
    """The ``ray`` module with Ray Data, or :class:`ConfigError` saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (Ray Data is its own extra of ray)
    except ImportError as exc:
        raise ConfigError(f"--engine ray needs Ray Data ({exc}); {INSTALL}") from exc
    return ray


def extract_ray(
    sources: Iterable[str | Path],
    out: str,
    *,
    model: str | None = None,
    attribution: str | None = None,
    settings: Settings | None = None,
    keep_text: bool = False,
    batch_size: int = 32,
    actors: int | None = None,
    address: str | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Run the extract job on Ray Data and write Parquet records to the folder ``out``.

    ``address`` names a Ray cluster (``ray://head:10001``, ``auto``); without it the job
    joins the Ray instance this process already started, else starts a local one (and
    shuts it down after). ``actors`` coding actors (default one per CPU of the cluster),
    ``batch_size`` articles to a batch. On a cluster every node needs backchannel, its
    spaCy pipeline and the input files at the same path, and ``out`` must be shared
    storage (a network folder, ``s3://…``). Returns the run's report, as the local run's.
    """
    ray = import_ray()
    settings = settings if settings is not None else Settings.load()
    report = report if report is not None else IngestReport()
    check_out(out)
    shards = _shards(sources)
    code = dict(
        model=model or settings.model, attribution=attribution or settings.finder, settings=settings
    )
    if shards:
        started = _connect(ray, address)
        try:
            _run(ray, shards, str(out), report, keep_text, batch_size, actors, code)
        finally:
            if started:
                ray.shutdown()
    _written(str(out))
    _tally(out, report)
    return report


def _run(ray: Any, shards, out: str, report, keep_text, batch_size, actors, code) -> None:
    """The three stages, with Ray Data keeping rows in input order."""
    context = ray.data.DataContext.get_current()
    ordered = context.execution_options.preserve_order
    context.execution_options.preserve_order = True
    try:
        read = _read(ray, shards, keep_text, code["settings"].limits)
        copies = _cluster(read.iter_rows(), report)
        pool = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        coded = read.map_batches(
            _CodeBatch,
            batch_size=batch_size,
            batch_format="pyarrow",
            fn_constructor_kwargs=dict(code, copies=copies),
            compute=ray.data.ActorPoolStrategy(size=pool),
            num_cpus=1,
        )
        coded.write_parquet(out)
    finally:
        context.execution_options.preserve_order = ordered


def _written(out: str) -> None:
    """An empty record file where a run gave no rows (Ray writes none), so ``load`` and
    the report read an output like any other."""
    if "://" not in out and not any(Path(out).rglob("*.parquet")):
        with ParquetOut(out):
            pass


def _shards(sources: Iterable[str | Path]) -> list[tuple[str, str]]:
    """Every input file as (name as the local run names it, absolute path), in the local
    run's order (folders walked recursively, sorted)."""
    files: list[Path] = []
    for source in sources:
        if str(source) == STDIN:
            raise InputError(STDIN, "--engine ray reads files, not stdin")
        path = Path(source)
        if not path.exists():
            raise InputError(str(source), "no such file or folder")
        files.extend(_walk(path) if path.is_dir() else [path])
    return [(str(f), str(f.absolute())) for f in files]


def _walk(folder: Path) -> Iterator[Path]:
    for child in sorted(folder.iterdir()):
        if child.is_dir():
            yield from _walk(child)
        elif child.is_file():
            yield child


def _connect(ray: Any, address: str | None) -> bool:
    """Join the instance this process started already, else the cluster at ``address``,
    else a new local instance; whether this call started it (and so shuts it down)."""
    if ray.is_initialized():  # the caller chose the instance or cluster
        return False
    try:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"cannot reach Ray at {address or 'a local instance'}: {exc}") from exc
    return True


# -- read ------------------------------------------------------------------------------


def _read(ray: Any, shards: list[tuple[str, str]], keep_text: bool, limits: Limits) -> Any:
    items = [{"shard": i, "name": name, "path": path} for i, (name, path) in enumerate(shards)]
    files = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
    read = files.map_batches(
        _read_files,
        batch_size=1,
        batch_format="pyarrow",
        fn_kwargs=dict(keep_text=keep_text, limits=limits),
    )
    return read.materialize()  # read once: the driver clusters it, the actors code it


def _read_files(batch: pa.Table, keep_text: bool, limits: Limits) -> pa.Table:
    rows = [
        row
        for file in batch.to_pylist()
        for row in _read_file(file["shard"], file["name"], file["path"], keep_text, limits)
    ]
    return pa.Table.from_pylist(rows, schema=READ_SCHEMA)


def _read_file(shard: int, name: str, path: str, keep_text: bool, limits: Limits) -> list[dict]:
    """The rows of one file: its articles, then its failures, skips, notes and count."""
    report = IngestReport()
    named = _renamer(path, name)
    found = [
        ("article", a.source, json.dumps(a.to_dict(), ensure_ascii=False))
        for a in (
            dataclasses.replace(a, source=named(a.source))
            for a in articles([path], report, keep_text=keep_text, limits=limits)
        )
    ]
    found += [
        ("failure", named(f.source), json.dumps(dataclasses.asdict(f), ensure_ascii=False))
        for f in report.failures
    ]
    found += [("skipped", named(s.source), s.reason) for s in report.skipped]
    found += [("note", named(s.source), s.reason) for s in report.notes]
    found.append(("count", name, str(report.read)))
    base = shard << _ITEM_BITS
    return [
        dict(seq=base + i, kind=kind, source=source, data=data)
        for i, (kind, source, data) in enumerate(found)
    ]


def _renamer(path: str, name: str) -> Callable[[str], str]:
    """Sources named after the file as the local run was given it, not its absolute path."""

    def named(source: str) -> str:
        return name + source[len(path) :] if source.startswith(path) else source

    return named


# -- cluster ---------------------------------------------------------------------------


def _cluster(rows: Iterable[dict], report: IngestReport) -> dict[str, str]:
    """The cluster of every article that copies an earlier one (the others are their own),
    in one pass in input order; skips, notes and counts go to ``report``."""
    dedup = Deduplicator()
    copies: dict[str, str] = {}
    last = -1
    for row in rows:
        if row["seq"] <= last:
            raise RuntimeError("Ray Data gave the read rows out of order")
        last, kind = row["seq"], row["kind"]
        if kind == "article":
            article = json.loads(row["data"])
            cluster, _ = dedup.assign(article["id"], article["text"], lambda ids: {})
            if cluster != article["id"]:
                copies[article["id"]] = cluster
        elif kind == "skipped":
            report.skipped.append(Skipped(row["source"], row["data"]))
        elif kind == "note":
            report.notes.append(Skipped(row["source"], row["data"]))
        elif kind == "count":
            report.read += int(row["data"])
    return copies


# -- code ------------------------------------------------------------------------------


class _CodeBatch:
    """One Ray actor: a :class:`~backchannel.ingest.Coder` (one pipeline, loaded once) that
    codes each batch of read rows into Parquet rows."""

    def __init__(
        self, model: str, attribution: str, settings: Settings, copies: dict[str, str]
    ) -> None:
        self.coder = Coder(model, workers=1, attribution=attribution, settings=settings)
        self.copies = copies

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = [row for row in batch.to_pylist() if row["kind"] in ("article", "failure")]
        todo = [(row["seq"], self._article(row)) for row in rows if row["kind"] == "article"]
        coded = dict(zip((seq for seq, _ in todo), self.coder.code([a for _, a in todo])))
        out = []
        for row in rows:
            seq = row["seq"]
            item = coded[seq] if seq in coded else Failure(**json.loads(row["data"]))
            out.append(self._row(item, seq))
        return pa.Table.from_pylist(out, schema=SCHEMA)

    def _article(self, row: dict) -> Article:
        article: Article = from_plain(Article, json.loads(row["data"]))
        return dataclasses.replace(article, cluster=self.copies.get(article.id, article.id))

    def _row(self, item: Any, seq: int) -> dict:
        try:
            return row_of(item, seq, self.coder.model)
        except Exception as exc:
            if isinstance(item, Failure):
                raise
            return row_of(Failure.of(item.article, "serialise", exc), seq, self.coder.model)


# -- report ----------------------------------------------------------------------------


def _tally(out: str, report: IngestReport) -> None:
    """What the written records hold: coded articles, events, failures (read ones too)."""
    written = pads.dataset(out, format="parquet")
    counts = written.to_table(columns=["coded", "events"], filter=pc.field("kind") == "record")
    report.coded += pc.sum(counts.column("coded").cast(pa.int64())).as_py() or 0
    report.events += pc.sum(counts.column("events")).as_py() or 0
    failed = written.to_table(columns=["article_id", "data"], filter=pc.field("kind") == "failure")
    report.failures.extend(failure_from_row(row) for row in failed.to_pylist())
