"""Read news as it arrives: files, folders, archives, feeds and stdin, one raw item at a time.

``read`` turns sources into :class:`RawItem` (text or HTML plus whatever metadata the input
carried) or :class:`Skipped` (what was passed over, and a reason a person can act on). A bad
item never stops a run: only a source path that does not exist raises
:class:`~backchannel.errors.InputError`, and a reader that breaks on a file yields a
:class:`~backchannel.ingest.guard.Failure` for it (stage ``read``) and goes on with the next.
Files, decompressed payloads and JSONL lines over ``Limits.max_bytes`` are skipped with a
reason. Extraction and cleaning happen later, in ``backchannel.ingest.prepare``.

Formats: ``.txt``; ``.html``/``.htm``; ``.jsonl`` (``id``, ``text`` or ``html``,
``published``, ``title``, ``url``); ``.json`` (one such object or a list of them); WARC and
ARC (``.warc``, ``.arc``, gzipped or not) through warcio; RSS and Atom feeds (``.xml``,
``.rss``, ``.atom``) through feedparser; any of these gzipped (``.html.gz``); folders,
recursively in sorted order; ``-`` for JSONL on stdin. Each format is an entry of
:data:`backchannel.registry.readers`, keyed by suffix; a user's entry adds one.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from backchannel import registry
from backchannel.errors import InputError
from backchannel.ingest.guard import Failure, describe
from backchannel.limits import Limits

__all__ = ["RawItem", "Skipped", "read", "read_file", "read_jsonl_lines", "scrub", "STDIN"]

#: The source name that means "JSONL on standard input".
STDIN = "-"


@dataclass(frozen=True, slots=True)
class RawItem:
    """One item as read, before main-text extraction and cleaning.

    ``source`` says where it came from: a file path, ``path#<WARC-Record-ID>`` for an
    archive record, a feed entry's link, ``path:<line>`` for JSONL, ``<stdin>:<line>``.
    """

    source: str
    text: str | None = None
    html: str | None = None
    input_id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input passed over, with the reason in words (``"binary file (image/png)"``)."""

    source: str
    reason: str


Item = RawItem | Skipped | Failure

#: Lone UTF-16 surrogates (``"\ud800"`` escaped in JSON) and NUL: no text store takes them.
_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
#: What breaks a line in a log: whitespace runs, control characters, U+2028/U+2029.
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f\x85\u2028\u2029]+")


def scrub(text: str) -> str:
    """``text`` with lone surrogates and NUL characters replaced by U+FFFD (same length, so
    offsets into it still hold)."""
    return _UNSTORABLE.sub("\ufffd", text)


def _register(*suffixes: str):
    """Register a reader under each of ``suffixes`` in ``registry.readers``."""

    def register_all(reader):
        for suffix in suffixes:
            registry.readers.register(suffix, func=reader)
        return reader

    return register_all


#: Leading bytes of common binary formats, and the media type to name in the reason.
_MAGIC = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"%PDF", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"RIFF", "audio/video (RIFF)"),
    (b"\x7fELF", "executable (ELF)"),
    (b"BZh", "application/x-bzip2"),
    (b"\xfd7zXZ", "application/x-xz"),
)

#: Media types of archived responses that can hold an article.
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})

_SITEMAP_ROOT = re.compile(rb"<(?:\w+:)?(urlset|sitemapindex)\b")
_MARKUP = re.compile(r"<(?:p|div|br|a|span|em|strong|img|h\d|ul|li|table|figure)\b", re.I)


def read(sources: Iterable[str | Path], *, limits: Limits | None = None) -> Iterator[Item]:
    """Yield every item in ``sources`` (files, folders, ``-`` for JSONL on stdin), in order.

    Never raises for a bad item (it is yielded as :class:`Skipped`, or as a
    :class:`~backchannel.ingest.guard.Failure` when a reader breaks on it); raises
    :class:`InputError` only for a source path that does not exist.
    """
    limits = limits if limits is not None else Limits.from_env()
    for source in sources:
        if str(source) == STDIN:
            stdin = getattr(sys.stdin, "buffer", None)
            lines = _binary_lines(stdin, limits.max_bytes) if stdin else sys.stdin
            yield from _guarded("<stdin>", read_jsonl_lines(lines, "<stdin>"))
            continue
        path = Path(source)
        if not path.exists():
            raise InputError(str(source), "no such file or folder")
        for child in _walk(path) if path.is_dir() else (path,):
            yield from _guarded(str(child), read_file(child, limits=limits))


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """The items of one input; if its reader breaks, a read failure and nothing more."""
    try:
        yield from items
    except Exception as exc:
        yield Failure(source, "read", describe(exc))


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, in a deterministic (sorted) order."""
    for child in sorted(folder.iterdir()):
        if child.is_dir():
            yield from _walk(child)
        elif child.is_file():
            yield child


def read_file(path: Path, *, limits: Limits | None = None) -> Iterator[Item]:
    """Yield the items in one file, read by the reader ``registry.readers`` holds for its
    suffix (``.gz`` looked through)."""
    limits = limits if limits is not None else Limits.from_env()
    source = str(path)
    suffix = _format_suffix(path)
    reader = registry.entry(registry.readers, suffix)
    if getattr(reader, "streams", False):
        yield from reader(path, limits.max_bytes)
        return
    try:
        data = _load_bytes(path, limits.max_bytes)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Skipped(source, f"cannot read file: {exc}")
        return
    if data is None:
        yield Skipped(source, f"over the size limit of {_size(limits.max_bytes)} (decompressed)")
        return
    yield from _read_bytes(source, suffix, data)


def _format_suffix(path: Path) -> str:
    """The suffix that names the format: ``page.html.gz`` → ``.html``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _load_bytes(path: Path, limit: int) -> bytes | None:
    """The file's bytes, decompressed when gzip; None when they run past ``limit``."""
    with _open_binary(path) as stream:
        data = stream.read(limit + 1)
    return None if len(data) > limit else data


def _size(count: int) -> str:
    return f"{count / 1e6:g} MB" if count >= 1_000_000 else f"{count:,} bytes"


def _read_bytes(source: str, suffix: str, data: bytes) -> Iterator[Item]:
    binary = _binary_kind(data)
    reader = registry.entry(registry.readers, suffix)
    if binary:
        yield Skipped(source, f"binary file ({binary})")
    elif reader is None:
        yield Skipped(source, f"not a news input: unsupported file type {suffix!r}")
    else:
        yield from reader(source, data)


def _binary_kind(data: bytes, *, nul: bool = True) -> str | None:
    """The media type of a binary payload, or None when it looks like text. ``nul=False``
    lets NUL bytes pass (a JSONL file: a line with one is skipped, not the whole file)."""
    head = data[:8192]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if nul and b"\x00" in head and head[:2] not in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 has NULs
        return "contains NUL bytes"
    return None


def _decode(data: bytes, declared: str | None = None) -> str | None:
    """Text from bytes: the declared charset, then UTF-8, then a detected charset."""
    bom = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
    for encoding in (bom, declared, "utf-8-sig"):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else None


@_register(".txt", ".text", "")
def _read_text(source: str, data: bytes) -> Iterator[Item]:
    yield _text_item(source, data)


@_register(".html", ".htm", ".xhtml", ".shtml")
def _read_html(source: str, data: bytes) -> Iterator[Item]:
    yield _html_item(source, data)


def _text_item(source: str, data: bytes) -> Item:
    text = _decode(data)
    if text is None:
        return Skipped(source, "cannot decode text (no usable character encoding)")
    return RawItem(source=source, text=text)


_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)


def _html_item(source: str, data: bytes, charset: str | None = None, **meta: Any) -> Item:
    """HTML decoded by the charset the server sent, else the page's own meta tag, else sniffed."""
    declared = _META_CHARSET.search(data[:4096])
    html = _decode(data, charset or (declared.group(1).decode("ascii") if declared else None))
    if html is None:
        return Skipped(source, "cannot decode HTML (no usable character encoding)")
    return RawItem(source=source, html=html, **meta)


# -- JSON and JSONL ---------------------------------------------------------------------


def read_jsonl_lines(lines: Iterable[str | None] | IO[str], name: str) -> Iterator[Item]:
    """Items from JSONL lines; ``name`` prefixes each source (``name:<line>``). A line given
    as None was too long to read (see :func:`_binary_lines`)."""
    for number, line in enumerate(lines, start=1):
        where = f"JSONL line {number}"
        if line is None:
            yield Skipped(f"{name}:{number}", f"{where}: longer than the size limit, not read")
        elif line.strip():
            yield _json_record(f"{name}:{number}", line, where)


def _binary_lines(stream: IO[bytes], limit: int) -> Iterator[str | None]:
    """Lines of a binary stream as UTF-8 text (bad bytes replaced), each read up to
    ``limit`` bytes; a longer line is skipped to its end and given as None."""
    first = True
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line.decode("utf-8-sig" if first else "utf-8", errors="replace")
        first = False


@_register(".jsonl", ".ndjson")
@registry.streaming
def _stream_jsonl(path: Path, limit: int) -> Iterator[Item]:
    """JSONL read line by line (files of any size), gzipped or not; JSON is UTF-8."""
    source = str(path)
    try:
        with _open_binary(path) as stream:
            binary = _binary_kind(stream.peek(8192)[:8192], nul=False)
            if binary:
                yield Skipped(source, f"binary file ({binary})")
                return
            yield from read_jsonl_lines(_binary_lines(stream, limit), source)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Skipped(source, f"cannot read file: {exc}")


def _open_binary(path: Path) -> IO[bytes]:
    """A buffered binary stream of the file, decompressed when it is gzip."""
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    raw = gzip.open(path, "rb") if gzipped else path.open("rb")
    return io.BufferedReader(raw)


def _json_record(source: str, line: str, where: str) -> Item:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(source, f"{where}: malformed JSON ({exc.msg}, column {exc.colno})")
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, 5,000 nested lists
        return Skipped(source, f"{where}: unreadable JSON ({_one_line(exc)})")
    return _from_object(source, obj, where)


def _one_line(value: object, most: int = 200) -> str:
    """``value`` as one line of at most ``most`` characters (control characters, line and
    paragraph separators become spaces)."""
    return _BREAKS.sub(" ", str(value)).strip()[:most]


def _from_object(source: str, obj: Any, where: str) -> Item:
    if not isinstance(obj, dict):
        return Skipped(source, f"{where}: not a JSON object")
    text, html = _string(obj.get("text")), _string(obj.get("html"))
    if not (text or html):
        return Skipped(source, f"{where}: no 'text' or 'html'")
    return RawItem(
        source=source,
        text=text,
        html=None if text else html,
        input_id=_string(obj.get("id")),
        url=_string(obj.get("url")),
        title=_string(obj.get("title")),
        published=_string(obj.get("published") or obj.get("date")),
        outlet=_string(obj.get("outlet") or obj.get("source")),
    )


def _string(value: Any) -> str | None:
    """A JSON value as a non-empty string (ids may be numbers), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return scrub(value) if isinstance(value, str) and value.strip() else None


@_register(".json")
def _read_json(source: str, data: bytes) -> Iterator[Item]:
    try:
        obj = json.loads(_decode(data) or "")
    except json.JSONDecodeError as exc:
        yield Skipped(source, f"malformed JSON ({exc.msg}, line {exc.lineno})")
        return
    except (ValueError, RecursionError) as exc:
        yield Skipped(source, f"unreadable JSON ({_one_line(exc)})")
        return
    if isinstance(obj, dict) and not (_string(obj.get("text")) or _string(obj.get("html"))):
        yield Skipped(source, "JSON file holds no article (no 'text' or 'html' field)")
    elif isinstance(obj, list):
        for index, element in enumerate(obj):
            yield _from_object(f"{source}#{index}", element, f"JSON item {index}")
    else:
        yield _from_object(source, obj, "JSON file")


# -- feeds ------------------------------------------------------------------------------


@_register(".xml", ".rss", ".atom")
def _read_feed(source: str, data: bytes) -> Iterator[Item]:
    sitemap = _SITEMAP_ROOT.search(data[:4096])
    if sitemap:
        kind = sitemap.group(1).decode("ascii")
        yield Skipped(source, f"sitemap (XML {kind}): lists page URLs, holds no article text")
        return
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = "no entries" if feed.get("version") else "not an RSS or Atom feed"
        yield Skipped(source, f"feed holds no articles ({why})")
        return
    outlet = _string(feed.feed.get("title"))
    for index, entry in enumerate(feed.entries):
        yield _feed_entry(source, index, entry, outlet)


def _feed_entry(source: str, index: int, entry: Any, outlet: str | None) -> Item:
    link = _string(entry.get("link"))
    link = _one_line(link, 2000) or None if link else None
    where = link or f"{source}#entry-{index}"
    title = _string(entry.get("title"))
    body, media = _entry_body(entry)
    if not body:
        return Skipped(where, f"feed entry {title or index!r} has a title and link but no text")
    meta = {
        "url": link,
        "title": title,
        "published": _string(entry.get("published") or entry.get("updated")),
        "outlet": outlet,
        "input_id": _string(entry.get("id")),
    }
    if "html" in media or _MARKUP.search(body):
        return RawItem(source=where, html=body, **meta)
    return RawItem(source=where, text=body, **meta)


def _entry_body(entry: Any) -> tuple[str | None, str]:
    """The fullest text an entry carries (content before summary) and its media type."""
    for content in entry.get("content") or ():
        if _string(content.get("value")):
            return content["value"], content.get("type", "")
    detail = entry.get("summary_detail") or {}
    return _string(entry.get("summary")), detail.get("type", "")


# -- web archives -----------------------------------------------------------------------


@_register(".warc", ".arc")
@registry.streaming
def _read_archive(path: Path, limit: int) -> Iterator[Item]:
    """Response records of a WARC or ARC file (through warcio), each as HTML or text."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import ChunkedDataException
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        with _archive_stream(path) as stream:
            for record in ArchiveIterator(stream, arc2warc=True):
                count += 1
                yield _archive_record(path, record, count, limit)
    except (
        ArchiveLoadFailed,
        ChunkedDataException,
        OSError,
        EOFError,
        ValueError,
        zlib.error,
        AttributeError,
    ) as exc:
        # AttributeError: warcio on a response record with no WARC-Target-URI
        yield Skipped(
            f"{path}#record-{count + 1}", f"unreadable web archive record: {_one_line(exc)}"
        )


def _archive_stream(path: Path) -> IO[bytes]:
    """The archive as warcio reads it: gzip member by member as written, or decompressed
    here when the whole file was gzipped at once (``gzip file.warc``), which warcio refuses."""
    with path.open("rb") as probe:
        head = probe.read(2)
    if head == b"\x1f\x8b" and not _member_per_record(path):
        return gzip.open(path, "rb")
    return path.open("rb")


def _member_per_record(path: Path, most: int = 1 << 26) -> bool:
    """Whether the file's first gzip member ends before its end (one member a record), read
    without inflating more than ``most`` bytes."""
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    inflated = 0
    with path.open("rb") as stream:
        while not inflate.eof and (data := stream.read(1 << 16)):
            while data and not inflate.eof:
                try:
                    inflated += len(inflate.decompress(data, 1 << 20))
                except zlib.error:
                    return True  # let warcio name the fault
                if inflated > most:
                    return False
                data = inflate.unconsumed_tail
        return inflate.eof and bool(inflate.unused_data or stream.read(1))


def _archive_record(path: Path, record: Any, number: int, limit: int) -> Item:
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    source = f"{path}#{record_id.strip('<>') if record_id else f'record-{number}'}"
    if record.rec_type not in ("response", "resource"):
        return Skipped(source, f"WARC record is a {record.rec_type}, not a response")
    reason = _unusable_response(record)
    if reason:
        return Skipped(source, reason)
    return _payload_item(source, record, limit)


def _unusable_response(record: Any) -> str | None:
    http = record.http_headers
    if http is not None and http.get_statuscode() not in (None, "200"):
        return f"HTTP status {http.get_statuscode()}, not a page"
    media = _media_type(record)
    if media not in _PAGE_TYPES:
        return f"WARC response is {media or 'of no stated type'}, not HTML or text"
    return None


def _media_type(record: Any) -> str:
    headers = record.http_headers or record.rec_headers
    value = headers.get_header("Content-Type") or ""
    return value.split(";")[0].strip().lower()


def _payload_item(source: str, record: Any, limit: int) -> Item:
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        return Skipped(source, f"response payload over the size limit of {_size(limit)}")
    if getattr(record.raw_stream, "limit", 0):
        return Skipped(source, "truncated WARC record: the file ends inside its payload")
    if not data.strip():
        return Skipped(source, "empty response payload")
    binary = _binary_kind(data)
    if binary:
        return Skipped(source, f"binary payload ({binary})")
    url = record.rec_headers.get_header("WARC-Target-URI")
    charset = _charset(record)
    if _media_type(record) == "text/plain":
        text = _decode(data, charset)
        if text is None:
            return Skipped(source, "cannot decode text payload")
        return RawItem(source=source, text=text, url=url)
    return _html_item(source, data, charset, url=url)


_HEADER_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


def _charset(record: Any) -> str | None:
    """The charset the HTTP response declared, if any."""
    headers = record.http_headers or record.rec_headers
    found = _HEADER_CHARSET.search(headers.get_header("Content-Type") or "")
    return found.group(1) if found else None
