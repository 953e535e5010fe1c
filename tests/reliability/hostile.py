"""Hostile inputs: hypothesis strategies for files of every format, and a table of named cases.

A hostile file is a ``(suffix, bytes)`` pair. The bytes are either shapeless (random bytes,
invalid UTF-8, NUL bytes, a huge line, deep nesting, nothing at all) or shaped like the
format the suffix names (JSON objects, pages, feeds, web archives) but with hostile parts:
lone surrogates escaped in JSON, mixed scripts, numbers too long to read, ``published``
values from the year 1 to the year 9999, headers that lie about the charset. Any of them may
be gzipped (``.gz`` suffixes), gzip bombs included, or cut off part-way.

Sizes are set against :data:`LIMITS`, small limits so that "over the limit" costs little.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from dataclasses import dataclass
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from backchannel.limits import Limits

#: Inputs a fuzz property tries: bounded for ``make test``; ``benchmarks.reliability --full``
#: raises it through the environment.
EXAMPLES = int(os.environ.get("BACKCHANNEL_FUZZ_EXAMPLES", "150"))
#: Small limits, so a huge line or a bomb past them is cheap to make and to read.
LIMITS = Limits(max_chars=20_000, max_bytes=200_000, article_seconds=30)

STORY = (
    "The foreign minister said on Monday that talks with the union would resume next week "
    "in Geneva, officials told reporters after the meeting."
)
SCRIPTS = (
    "Президент",
    "Пекин",
    "北京",
    "اليوم",
    "ישראל",
    "नई दिल्ली",
    "ภาษาไทย",
    "한국어",
    "Ελλάδα",
    "\u202eevil\u202c",
    "zero\u200bwidth",
    "e\u0301\u0301\u0301",
    "👩\u200d👩\u200d👧",
    "\ufeff",
    "\ufffd",
)
SUFFIXES = (
    "",
    ".txt",
    ".html",
    ".htm",
    ".json",
    ".jsonl",
    ".xml",
    ".rss",
    ".atom",
    ".warc",
    ".arc",
    ".gz",
    ".txt.gz",
    ".html.gz",
    ".json.gz",
    ".jsonl.gz",
    ".xml.gz",
    ".warc.gz",
    ".arc.gz",
)
#: ``published`` values no store should keep as given.
BAD_DATES = (
    "0001-01-01",
    "9999-12-31",
    "2024-13",
    "3000-01-01",
    "",
    "garbage",
    "0000",
    "2024-00",
    "2024-02-30",
    "99999-01-01",
    "9999-12-31T23:59:59+14:00",
    "1٩99",
    "Mon, 01 Jan 0001 00:00:00 GMT",
    "-0001-01-01",
    "NaN",
    " \x00 ",
)
DATES = BAD_DATES + (
    "2023-06-30",
    "2023-06",
    "Fri, 30 Jun 2023 10:00:00 +0000",
    "June 30, 2023",
    "１９９９-０１-０１",
    "2024-06-30T25:61:61",
)

#: Any Unicode, lone surrogates and control characters included.
unicode = st.text(st.characters(exclude_categories=()), max_size=60)
words = st.lists(
    st.one_of(
        st.just(STORY),
        st.sampled_from(SCRIPTS),
        unicode,
        st.sampled_from(("\n\n", "\r\n", "\t", "\x00", "\x0b")),
    ),
    max_size=10,
).map(" ".join)
published = st.one_of(st.sampled_from(DATES), unicode, st.integers(), st.floats(), st.none())
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | unicode,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(unicode, inner, max_size=3),
    max_leaves=6,
)


def encode(text: str, codec: str) -> bytes:
    """Text as bytes in ``codec``; surrogates pass through as (invalid) UTF-8."""
    errors = "surrogatepass" if codec.startswith("utf-") else "replace"
    return text.encode(codec, errors)


encoded = st.builds(
    encode, words, st.sampled_from(("utf-8", "utf-16", "latin-1", "cp1252", "shift_jis"))
)


def nested(kind: str, depth: int) -> bytes:
    """``depth`` levels of nesting in JSON, HTML or XML around one story."""
    if kind == "json":
        return b"[" * depth + json.dumps(STORY).encode() + b"]" * depth
    if kind == "object":
        return b'{"text": ' * depth + b"1" + b"}" * depth
    tag = b"<item>" if kind == "xml" else b"<div>"
    return tag * depth + STORY.encode() + tag.replace(b"<", b"</") * depth


def huge_line(size: int) -> bytes:
    """One line of ``size`` bytes of words, no line break."""
    unit = (STORY + " ").encode()
    return (unit * (size // len(unit) + 1))[:size]


shapeless = st.one_of(
    st.binary(max_size=4096),
    encoded,
    st.just(b""),
    st.builds(lambda b, i: b[:i] + b"\x00" + b[i:], encoded, st.integers(0, 200)),
    st.builds(
        lambda t: encode(t, "utf-8") + b"\xed\xa0\x80\xc0\xaf\xff\xfe" + encode(t, "utf-8"), words
    ),
    st.builds(huge_line, st.sampled_from((LIMITS.max_chars + 10, LIMITS.max_bytes + 10))),
    st.builds(
        nested,
        st.sampled_from(("json", "object", "html", "xml")),
        st.sampled_from((50, 1_000, 5_000, 100_000)),
    ),
)

records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(unicode, st.integers(), st.floats(), json_values),
        "text": st.one_of(words, words, json_values),
        "html": st.one_of(words.map(lambda w: f"<p>{w}</p>"), json_values),
        "published": published,
        "date": published,
        "title": st.one_of(words, json_values),
        "url": st.one_of(unicode, json_values),
        "outlet": st.one_of(unicode, json_values),
    },
)


def json_text(record: dict, big_number: bool) -> str:
    """A record as JSON; with ``big_number``, a 5,000-digit number field first."""
    text = json.dumps(record)
    if not big_number:
        return text
    return '{"n": ' + "9" * 5000 + (", " + text[1:] if len(text) > 2 else "}")


json_line = st.builds(json_text, records, st.integers(0, 9).map(lambda n: n == 0))


@st.composite
def jsonl(draw) -> bytes:
    lines = draw(
        st.lists(st.one_of(json_line, json_line, unicode, st.just(STORY)), min_size=1, max_size=6)
    )
    return encode("\n".join(lines), draw(st.sampled_from(("utf-8", "utf-8", "utf-16"))))


@st.composite
def json_file(draw) -> bytes:
    value = draw(st.one_of(records, st.lists(records, max_size=4), json_values))
    return encode(json.dumps(value), "utf-8")


@st.composite
def page(draw) -> bytes:
    charset = draw(st.sampled_from(("utf-8", "latin-1", "utf-16", "x-unknown", "utf-7", "")))
    date = escape(draw(st.sampled_from(DATES)), {'"': "&quot;"})
    body = draw(st.one_of(words.map(lambda w: f"<p>{escape(w)}</p>"), words))
    html = (
        f'<html><head><meta charset="{charset}"><title>{escape(draw(words))}</title>'
        f'<meta property="article:published_time" content="{date}"></head>'
        f"<body>{body}</body></html>"
    )
    return encode(html, draw(st.sampled_from(("utf-8", "latin-1", "utf-16"))))


@st.composite
def feed(draw) -> bytes:
    entries = draw(
        st.lists(st.tuples(words, words, st.sampled_from(DATES), unicode), min_size=1, max_size=4)
    )
    if draw(st.booleans()):
        items = "".join(
            f"<item><title>{escape(t)}</title><link>{escape(link)}</link><pubDate>{escape(d)}</pubDate>"
            f"<description>{escape(b)}</description></item>"
            for t, b, d, link in entries
        )
        xml = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"{items}</channel></rss>"
        )
    else:
        items = "".join(
            f"<entry><title>{escape(t)}</title><id>{escape(link)}</id><updated>{escape(d)}</updated>"
            f'<content type="html">{escape(b)}</content></entry>'
            for t, b, d, link in entries
        )
        xml = f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'
    return encode(xml, "utf-8")


STATUSES = ("200 OK", "404 Not Found", "301 Moved Permanently", "200")
CONTENT_TYPES = (
    "text/html; charset=utf-8",
    "text/html; charset=x-unknown",
    "text/plain; charset=utf-7",
    "text/plain",
    "text/html; charset=utf-16",
    "application/pdf",
    "",
    "text/html; charset=",
)


@st.composite
def warc(draw) -> bytes:
    """One to three response records (warcio writes them), maybe cut off part-way."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=draw(st.booleans()))
    for number in range(draw(st.integers(1, 3))):
        payload = draw(st.one_of(page(), encoded, shapeless))
        http = StatusAndHeaders(
            draw(st.sampled_from(STATUSES)),
            [("Content-Type", draw(st.sampled_from(CONTENT_TYPES)))],
            protocol="HTTP/1.1",
        )
        uri = draw(
            st.sampled_from(("https://example.org/a", "", "not a uri", "https://例え.jp/\u202e"))
        )
        fixed = {"WARC-Record-ID": f"<urn:uuid:{number:08d}>", "WARC-Date": "2024-01-01T00:00:00Z"}
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), http_headers=http, warc_headers_dict=fixed
        )
        writer.write_record(record)
    data = out.getvalue()
    return data[: int(draw(st.floats(0, 1)) * len(data))] if draw(st.booleans()) else data


@st.composite
def arc(draw) -> bytes:
    """An ARC file (version 1 header, then records), maybe with lying lengths."""
    head = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n\n"
    data = b"filedesc://x.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(head) + head
    for _ in range(draw(st.integers(1, 3))):
        body = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + draw(page())
        length = draw(st.sampled_from((len(body), len(body) + 50, 3, 0)))
        data += b"\nhttp://example.org/a 1.2.3.4 20240101000000 text/html %d\n" % length + body
    return data


SHAPED = {
    ".json": json_file(),
    ".jsonl": jsonl(),
    ".html": page(),
    ".htm": page(),
    ".xml": feed(),
    ".rss": feed(),
    ".atom": feed(),
    ".warc": warc(),
    ".arc": arc(),
    ".txt": encoded,
    "": encoded,
}


def gzipped(data: bytes, cut: int | None) -> bytes:
    packed = gzip.compress(data, compresslevel=1)
    return packed if cut is None else packed[: cut % (len(packed) + 1)]


bomb = st.builds(
    lambda n: huge_line(n), st.sampled_from((LIMITS.max_bytes + 1, 10 * LIMITS.max_bytes))
)


@st.composite
def hostile_file(draw) -> tuple[str, bytes]:
    """A file name suffix and hostile bytes, shaped like that format or not."""
    suffix = draw(st.sampled_from(SUFFIXES))
    kind = suffix.removesuffix(".gz") if suffix != ".gz" else ""
    shaped = SHAPED[kind if kind in SHAPED else ""]
    data = draw(st.one_of(shaped, shaped, shapeless, bomb if suffix.endswith(".gz") else shapeless))
    if suffix.endswith(".gz") and not (kind in (".warc", ".arc") and data[:2] == b"\x1f\x8b"):
        data = gzipped(data, draw(st.none() | st.integers(0, 10_000)))
    return suffix, data


# -- named cases, each a row of a table ----------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A named hostile file; ``stored`` says whether its article must be stored."""

    name: str
    suffix: str
    data: bytes
    stored: bool = False


def laughs(levels: int) -> bytes:
    """A feed whose one entity expands to 10 ** ``levels`` words ("billion laughs")."""
    entities = '<!ENTITY l0 "lol ">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE r [{entities}]><rss><channel><item>'
        f"<description>&l{levels - 1};</description></item></channel></rss>"
    ).encode()


def _line(**fields) -> str:
    return json.dumps({"text": STORY, **fields})


def _lines(*lines: str) -> bytes:
    return "\n".join(lines).encode()


CASES = (
    Case("random-bytes", "", bytes(range(256)) * 8),
    Case("invalid-utf8", ".txt", STORY.encode() + b" \xed\xa0\x80 \xc0\xaf \xff\xfe", stored=True),
    Case(
        "lone-surrogate-jsonl",
        ".jsonl",
        _lines(_line(text=STORY + " \ud800 end", title="\udfff")),
        stored=True,
    ),
    Case(
        "lone-surrogate-json",
        ".json",
        json.dumps({"text": STORY + " \udbff", "id": "\ud800"}).encode(),
        stored=True,
    ),
    Case("nul-escaped-in-json", ".jsonl", _lines(_line(text=STORY + " \u0000 end")), stored=True),
    Case("nul-bytes", ".txt", STORY.encode() + b"\x00" * 20),
    Case("huge-text", ".txt", huge_line(LIMITS.max_chars * 3), stored=True),
    Case(
        "huge-jsonl-line",
        ".jsonl",
        _lines(json.dumps({"text": huge_line(LIMITS.max_bytes + 10).decode()})),
    ),
    Case("deep-html", ".html", b"<html><body>" + nested("html", 5_000) + b"</body></html>"),
    Case("deep-json", ".json", nested("json", 5_000)),
    Case("deep-json-object", ".jsonl", nested("object", 5_000)),
    Case("deep-feed", ".xml", b"<rss><channel>" + nested("xml", 5_000) + b"</channel></rss>"),
    Case("gzip-bomb-txt", ".txt.gz", gzip.compress(huge_line(10 * LIMITS.max_bytes))),
    Case("gzip-bomb-html", ".html.gz", gzip.compress(b"<p>" + huge_line(10 * LIMITS.max_bytes))),
    Case("gzip-bomb-jsonl", ".jsonl.gz", gzip.compress(huge_line(10 * LIMITS.max_bytes))),
    Case("truncated-gzip", ".txt.gz", gzip.compress(STORY.encode() * 50)[:60]),
    Case("empty-txt", ".txt", b""),
    Case("empty-jsonl", ".jsonl", b""),
    Case("empty-json", ".json", b""),
    Case("empty-html", ".html", b""),
    Case("empty-feed", ".rss", b""),
    Case("empty-warc", ".warc", b""),
    Case("empty-warc-gz", ".warc.gz", b""),
    Case("mixed-scripts", ".txt", " ".join((STORY, *SCRIPTS) * 3).encode(), stored=True),
    Case("utf16-json", ".json", json.dumps({"text": STORY}).encode("utf-16")),
    Case("big-number-id", ".jsonl", _lines('{"id": ' + "9" * 5000 + ', "text": "' + STORY + '"}')),
    Case("billion-laughs-feed", ".xml", laughs(7)),
    Case(
        "feed-link-with-a-line-break",
        ".rss",
        (
            '<rss version="2.0"><channel><item><title>T</title><link>https://example.org/a\nb</link>'
            f"<description>{STORY}</description></item></channel></rss>"
        ).encode(),
        stored=True,
    ),
    *(
        Case(f"published-{value!r}", ".jsonl", _lines(_line(published=value)), stored=True)
        for value in BAD_DATES
    ),
)
