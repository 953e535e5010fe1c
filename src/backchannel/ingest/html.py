"""Main text, title and publication date of a news page, through trafilatura and htmldate.

One function, :func:`extract`, is what both ``prepare`` and the extraction benchmark
(``benchmarks/extraction.py``) call, so the score the gate pins is the score ingest gets.
Reader comments are never kept: they are not the article, and they are where spam lives.
The trafilatura settings below were chosen on the article-extraction-benchmark dev pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

__all__ = ["Extracted", "ExtractOptions", "DEFAULT_OPTIONS", "extract"]

#: Elements that end a line of text when a fragment is flattened.
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre")
_HIDDEN = frozenset({"script", "style", "noscript", "template"})
_SPACE = re.compile(r"[ \t\xa0]+")
#: A whole page (not a fragment such as a feed entry's content, which is all article).
_WHOLE_PAGE = re.compile(r"<(?:html|head|body)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How trafilatura is asked to extract (see ``benchmarks/extraction.py`` for the scores).

    On the 91 dev pages (word 4-gram F1): favor_precision 0.975, trafilatura's defaults
    0.962, favor_recall 0.964, without tables 0.960, without fallbacks 0.967;
    favor_precision without fallbacks 0.950, without tables 0.972.
    """

    favor_precision: bool = True
    favor_recall: bool = False
    include_tables: bool = True
    fallbacks: bool = True


DEFAULT_OPTIONS = ExtractOptions()


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a page yields: its main text (paragraphs on their own lines), title, date and
    the site's name (``og:site_name`` and the like)."""

    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


def extract(
    html: str, *, url: str | None = None, options: ExtractOptions = DEFAULT_OPTIONS
) -> Extracted:
    """Main text, title and publication date (ISO, from htmldate) of one HTML page.

    An HTML fragment (a feed entry's content, an article body without page) is all
    article: its visible text is returned whole. So is a page where trafilatura finds no
    main content. Never raises for bad HTML.
    """
    import trafilatura

    if not _WHOLE_PAGE.search(html):
        return Extracted(text=_all_text(html))
    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        favor_precision=options.favor_precision,
        favor_recall=options.favor_recall,
        include_tables=options.include_tables,
        no_fallback=not options.fallbacks,
        with_metadata=True,
        date_extraction_params=_date_params(),
        config=_config(),
    )
    if document is None or not (document.text or "").strip():
        return Extracted(text=_all_text(html))
    return Extracted(
        text=document.text,
        title=document.title or None,
        published=_written_date(document.date, html),
        outlet=document.sitename or None,
    )


def _all_text(html: str) -> str:
    """All visible text, one block per line, for fragments with no page structure
    (a feed entry's HTML, a page that is only the article)."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return _streamed_text(html)
    for hidden in root.xpath("//script|//style|//noscript|//template"):
        hidden.drop_tree()
    for block in root.iter(*_BLOCKS):
        block.tail = "\n" + (block.tail or "")
    text = _lines(root.text_content())
    # libxml2 gives up past 256 nested elements (2,048 with XML_PARSE_HUGE) and keeps nothing.
    return text or _streamed_text(html)


def _lines(text: str) -> str:
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


class _TextCollector(HTMLParser):
    """Visible text of HTML at any nesting depth (the standard library's parser keeps no
    tree), a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self._hidden += tag in _HIDDEN
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in _HIDDEN and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _streamed_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return _lines("".join(collector.parts))


@lru_cache(maxsize=1)
def _config():
    """trafilatura's defaults, without the signal-based timeout (unsafe outside the main thread)."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _written_date(day: str | None, html: str) -> str | None:
    """htmldate's date when the page writes that day somewhere (``2024-02-01``,
    ``2024/02/01``, ``20240201``, ``01.02.2024``, ``1 February 2024``, ``Feb. 1, 2024``):
    it turns a page's ``2024-13`` into ``2024-01-01`` and ``2024-02-30`` into
    ``2024-02-01``, days the page never gave."""
    if not day or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day[:10]):
        return day or None
    y, m, d = day[:4], day[5:7], day[8:10]
    month, n = _MONTHS[int(m) - 1], int(d)
    forms = (
        rf"{y}[-/._ ]?{m}[-/._ ]?{d}",
        rf"(?<![0-9])0?{n}[-/. ]0?{int(m)}[-/. ]{y}",
        rf"(?<![0-9])0?{int(m)}/0?{n}/{y}",
        rf"(?<![0-9])0?{n}(?:st|nd|rd|th)?\.?\s+{month}[a-z]*\.?,?\s+{y}",
        rf"{month}[a-z]*\.?\s+0?{n}(?:st|nd|rd|th)?,?\s+{y}",
    )
    written = re.compile("|".join(forms), re.IGNORECASE)
    return day if written.search(html) else None


def _date_params() -> dict[str, object]:
    """htmldate: the original publication date, not the last modification."""
    return {"original_date": True, "extensive_search": True}
