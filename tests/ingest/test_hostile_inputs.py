"""Hostile inputs get a clear, one-line answer that names the input, never a traceback.

Each case is one that stopped or misled a run before: compression bombs, surrogates escaped
in JSON, invalid UTF-8 on stdin, ``published`` placeholders, truncated WARC records, HTML
nested thousands deep, Chinese text, punctuation posing as an article, 8 MB texts.
"""

from __future__ import annotations

import gzip
import io
import json

import pytest

from backchannel.errors import RejectedArticle
from backchannel.ingest import IngestReport, articles
from backchannel.ingest.prepare import TRUNCATED, normalise_date, prepare, read_published
from backchannel.ingest.readers import RawItem, Skipped, read, read_file
from backchannel.limits import Limits
from tests.conftest import need

SENTENCE = "The foreign minister said on Monday that talks with Russia would resume in Geneva. "


def _read(path, **limits):
    return list(read([path], limits=Limits(**limits)))


def test_a_gzip_bomb_is_skipped_at_the_size_limit_without_expanding_it(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"A" * 5_000_000))
    (item,) = _read(bomb, max_bytes=1_000_000)
    assert isinstance(item, Skipped) and item.source == str(bomb)
    assert item.reason == "over the size limit of 1 MB (decompressed)"


def test_a_jsonl_line_over_the_limit_is_skipped_and_the_next_line_read(tmp_path):
    path = tmp_path / "big.jsonl"
    lines = [
        json.dumps({"id": "huge", "text": "x " * 600_000}),
        json.dumps({"id": "ok", "text": SENTENCE}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    huge, ok = _read(path, max_bytes=1_000_000)
    assert huge == Skipped(f"{path}:1", "JSONL line 1: longer than the size limit, not read")
    assert isinstance(ok, RawItem) and ok.input_id == "ok"


def test_a_lone_surrogate_escaped_in_json_becomes_a_replacement_character(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(
        f'{{"id": "s1", "title": "T\\udc00", "text": "{SENTENCE} \\ud800 end"}}\n', encoding="utf-8"
    )
    (item,) = _read(path)
    article = prepare(item)
    assert "\ud800" not in article.text and "\ufffd" in article.text
    assert article.title == "T\ufffd" and article.id


def test_invalid_utf8_on_stdin_is_replaced_not_fatal(monkeypatch):
    raw = b'{"id": "bad", "text": "' + SENTENCE.encode() + b'\xff\xfe caf\xe9"}\n'
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="surrogateescape")
    )
    (item,) = list(read(["-"]))
    assert item.source == "<stdin>:1" and "\ufffd" in item.text
    assert prepare(item).id


@pytest.mark.parametrize(
    ("value", "expected", "why"),
    [
        ("0001-01-01", None, "lies outside 1800-01-01"),
        ("9999-12-31", None, "lies outside"),
        ("3000-01-01", None, "lies outside"),
        ("2024-13", None, "is not a date"),
        ("2024-02-30", None, "is not a date"),
        ("not a date", None, "is not a date"),
        ("1987-03-02", "1987-03-02", None),
        ("2024-02", "2024-02", None),
        ("2024", "2024", None),
    ],
)
def test_published_values_outside_the_plausible_range_are_dropped_with_a_reason(
    value, expected, why
):
    normal, problem = read_published(value, Limits())
    assert normal == expected == normalise_date(value)
    assert (problem is None) == (why is None)
    if why:
        assert why in problem and repr(value) in problem


def test_a_dropped_published_value_is_noted_in_the_report(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(
        json.dumps({"id": "d", "text": SENTENCE, "published": "0001-01-01"}) + "\n",
        encoding="utf-8",
    )
    report = IngestReport()
    (article,) = articles([path], report)
    assert article.published is None
    assert report.notes == [
        Skipped(
            f"{path}:1",
            "published '0001-01-01' lies outside 1800-01-01 … "
            + Limits().date_range()[1]
            + "; ignored",
        )
    ]


@pytest.mark.shared
def test_a_truncated_warc_record_is_named_as_truncated(tmp_path):
    full = need("corpora", "web", "warc", "fundus_news_pages.warc.gz")
    cut = tmp_path / "cut.warc"
    cut.write_bytes(gzip.decompress(full.read_bytes())[:300_000])
    last = list(read_file(cut))[-1]
    assert (
        isinstance(last, Skipped)
        and last.reason == "truncated WARC record: the file ends inside its payload"
    )


def test_html_nested_5000_deep_still_gives_its_text(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body>" + "<div>" * 5000 + f"<p>{SENTENCE}</p>" + "</div>" * 5000 + "</body></html>"
    )
    (item,) = _read(page)
    assert prepare(item).text == SENTENCE.strip()


def test_a_chinese_article_is_kept_as_non_english_not_called_too_short(tmp_path):
    text = (
        "俄罗斯外交部长拉夫罗夫周一表示，与美国的谈判将于下周在日内瓦恢复。"
        "他说，双方都希望缓和紧张局势。"
    )
    article = prepare(RawItem(source="zh.txt", text=text))
    assert article.quality.language == "zh" and "non_english" in article.quality.flags


def test_punctuation_is_not_an_article():
    with pytest.raises(RejectedArticle) as caught:
        prepare(RawItem(source="p.txt", text=" ".join(["***", "...", "--", "!!"] * 6)))
    assert str(caught.value) == "p.txt: no words, only punctuation or symbols (24 tokens)"


def test_a_long_text_is_cut_at_a_paragraph_break_and_flagged():
    paragraph = SENTENCE * 10
    text = "\n\n".join([paragraph] * 400)  # about 340,000 characters
    notes = []
    article = prepare(
        RawItem(source="long.txt", text=text), limits=Limits(max_chars=100_000), note=notes.append
    )
    assert len(article.text) <= 100_000 and article.text.endswith(paragraph.strip())
    assert TRUNCATED in article.quality.flags
    assert notes and notes[0].startswith(f"text cut from {len(text):,} to")


def test_a_nul_byte_on_one_jsonl_line_skips_that_line_not_the_file(tmp_path):
    path = tmp_path / "nul.jsonl"
    path.write_bytes(
        b"\x00 not json\n" + json.dumps({"id": "ok", "text": SENTENCE}).encode() + b"\n"
    )
    bad, good = _read(path)
    assert isinstance(bad, Skipped) and bad.source == f"{path}:1" and "malformed JSON" in bad.reason
    assert isinstance(good, RawItem) and good.input_id == "ok"
