"""Inputs for the scale tests: the package's sample articles beside a folder of invented
bench-like news in every sharded format (JSONL, HTML, WARC, text), with a copy, a
non-English article and items a reader skips; and the store tests' PostgreSQL server."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.store.conftest import _new_database, postgres_url  # noqa: F401  (fixtures)

#: Invented articles in the shape of the bench corpus (wire copy: dateline, officials'
#: words, figures); none is real news.
ARTICLES = [
    {
        "id": "bench-001",
        "published": "2023-05-04T09:12:00",
        "title": "Ministers meet in Ankara over grain corridor",
        "text": "Turkish Foreign Minister Mevlut Cavusoglu met his Ukrainian counterpart Dmytro "
        "Kuleba in Ankara on Wednesday to discuss extending the Black Sea grain corridor, the "
        "Turkish foreign ministry said.\n\nKuleba urged Russia to stop blocking inspections of "
        "ships bound for Ukrainian ports, according to a statement from his ministry. Moscow "
        "has threatened to withdraw from the deal unless Western sanctions on its farm exports "
        "are eased, a Kremlin spokesman told reporters.",
    },
    {
        "id": "bench-002",
        "published": "2023-05-05",
        "title": "Police arrest protest leaders in Dhaka",
        "text": "Police in Bangladesh arrested six opposition leaders in Dhaka on Thursday after "
        "thousands of protesters demanded the resignation of the government, a police "
        "spokesman said.\n\nThe Bangladesh Nationalist Party accused the government of "
        "cracking down on peaceful dissent. The United Nations called on both sides to "
        "refrain from violence, a UN spokesperson said in New York.",
    },
    {
        "id": "bench-003",
        "published": "2023-05-05",
        "title": "Ministers meet in Ankara over grain corridor (syndicated)",
        "text": "Turkish Foreign Minister Mevlut Cavusoglu met his Ukrainian counterpart Dmytro "
        "Kuleba in Ankara on Wednesday to discuss extending the Black Sea grain corridor, the "
        "Turkish foreign ministry said.\n\nKuleba urged Russia to stop blocking inspections of "
        "ships bound for Ukrainian ports, according to a statement from his ministry. Moscow "
        "has threatened to withdraw from the deal unless Western sanctions on its farm exports "
        "are eased, a Kremlin spokesman told reporters.\n\nReporting by a wire service.",
    },
    {
        "id": "bench-004",
        "published": "early May",  # no date: dropped with a note
        "title": "Cocoa arrivals rise",
        "text": "Cocoa arrivals at Ivory Coast ports rose to 1.9 million tonnes by Sunday, up "
        "from 1.8 million in the same period last season, exporters estimated on Monday. "
        "Farmers said rains in the main growing regions had improved prospects for the mid "
        "crop, which begins in April.",
    },
    {
        "id": "bench-005",
        "published": "2023-05-06",
        "title": "El gobierno anuncia nuevas medidas",
        "text": "El gobierno de Chile anunció el martes nuevas medidas para contener la "
        "inflación, según informó el ministerio de Hacienda en un comunicado. El ministro "
        "dijo que las medidas entrarán en vigor el próximo mes y que el banco central "
        "mantendrá su política monetaria sin cambios durante el trimestre.",
    },
]
PAGE = """<html><head><title>Envoys resume talks</title>
<meta property="article:published_time" content="2023-05-07"></head><body>
<nav>Home | World | Business</nav><article><h1>Envoys resume talks</h1>
<p>Envoys from Sudan's army and the Rapid Support Forces resumed talks in Jeddah on Sunday,
Saudi Arabia's foreign ministry said, after a ceasefire collapsed in Khartoum.</p>
<p>The United States and Saudi Arabia urged both sides to agree to a lasting truce and to
allow aid into the capital, a State Department spokesman said on Sunday.</p>
</article><footer>Copyright 2023</footer></body></html>"""
NOTE = (
    "Pakistan summoned the Afghan envoy in Islamabad on Tuesday to protest against a deadly "
    "cross-border attack on a checkpoint, the foreign office said. Islamabad demanded that "
    "Kabul hand over the militants behind the raid, a spokeswoman told a weekly briefing."
)


def write_inputs(folder: Path) -> Path:
    """The invented inputs in ``folder``: JSONL (with a malformed and a too-short line),
    HTML, a gzipped WARC (a page and a 404) and text in a subfolder."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES]
    lines[2:2] = ['{"id": "broken", "text": ', json.dumps({"id": "short", "text": "Too short."})]
    (folder / "bench.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "note.txt").write_text(NOTE, encoding="utf-8")
    _warc(folder / "crawl.warc.gz")
    return folder


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = PAGE.replace("Jeddah", "Jeddah again").replace("Envoys", "Negotiators")
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body, status in [
            ("https://example.org/talks", page.encode(), "200 OK"),
            ("https://example.org/gone", b"", "404 Not Found"),
        ]:
            http = StatusAndHeaders(
                status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)


@pytest.fixture(scope="session")
def inputs(tmp_path_factory):
    """The sources of a run: the sample articles' folder and the invented inputs' folder."""
    from backchannel.samples import sample_dir

    extra = write_inputs(tmp_path_factory.mktemp("inputs") / "news")
    with sample_dir() as samples:
        yield [str(samples), str(extra)]
