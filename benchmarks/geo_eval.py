"""Place evaluation on GeoWebNews and GeoVirus (``shared/data/geo``).

Two measures per set:

1. **Accuracy within 161 km** (toponym resolution): every gold toponym that has
   coordinates is resolved *as a gold span*, in its article's context, by
   :func:`backchannel.nlp.places.resolve`; it counts as right when the point we give lies
   within 161 km (100 miles) of the gold point, and as wrong when we give none. Also
   reported: the same accuracy over only the gold toponyms our own ``find_places`` detects
   (``acc161_detected``) and the share of all gold toponyms we both detect and place within
   161 km (``end_to_end``).
2. **Toponym detection** P/R/F1: ``find_places`` spans against gold spans, a match being
   any character overlap. GeoWebNews labels every candidate with a fine-grained type; we
   follow that data's definition of a toponym (its paper: every type except
   ``Non_Toponym``, ``Literal_Expression`` and ``Non_Lit_Expression``) for ``detect``, and
   also score against the literal types only (``detect_literal``: Literal, Mixed,
   Literal_Modifier, Embedded_Literal, Coercion), which is what backchannel calls a place
   (it leaves out demonyms and metonymic actors on purpose). In GeoVirus every location
   is a literal toponym.

Gold for GeoWebNews resolution is ``GeoWebNews_geocoding.txt`` (the set's own geocoding
file, one line per article, ``name,,text,,lat,,lon,,start,,end`` items split by ``||``);
items with negative offsets are skipped.
"""

from __future__ import annotations

import math
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks._shared import data_path

NON_TOPONYMS = frozenset({"Non_Toponym", "Literal_Expression", "Non_Lit_Expression"})
LITERAL = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion"})
KM = 161.0
#: components places does not read (skipped to keep the evaluation quick)
UNNEEDED = ("backchannel_times", "backchannel_statements", "backchannel_events")


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold toponym: its span, type and (when geocoded) its point."""

    start: int
    end: int
    kind: str = "Literal"
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    toponyms: tuple[Gold, ...]  # for detection
    geocoded: tuple[Gold, ...]  # for resolution


@dataclass(slots=True)
class Detection:
    """Overlap counts for toponym detection."""

    matched_pred: int = 0
    pred: int = 0
    matched_gold: int = 0
    gold: int = 0

    def add(self, found, golds) -> None:
        overlaps = lambda a, b: a.start < b.end and b.start < a.end  # noqa: E731
        self.matched_pred += sum(any(overlaps(p, g) for g in golds) for p in found)
        self.pred += len(found)
        self.matched_gold += sum(any(overlaps(g, p) for p in found) for g in golds)
        self.gold += len(golds)

    def scores(self, prefix: str) -> dict[str, float]:
        p, r = _ratio(self.matched_pred, self.pred), _ratio(self.matched_gold, self.gold)
        f = round(2 * p * r / (p + r), 4) if p + r else 0.0
        return {f"{prefix}_p": p, f"{prefix}_r": r, f"{prefix}_f1": f}


@dataclass(slots=True)
class Tally:
    """Running counts for one data set."""

    resolved: int = 0
    right: int = 0
    detected_gold: int = 0
    detected_right: int = 0
    detect: Detection = field(default_factory=Detection)
    detect_literal: Detection = field(default_factory=Detection)

    def scores(self) -> dict[str, float]:
        out = {
            "acc161": _ratio(self.right, self.resolved),
            "acc161_detected": _ratio(self.detected_right, self.detected_gold),
            "end_to_end": _ratio(self.detected_right, self.resolved),
            "gold_geocoded": self.resolved,
        }
        return out | self.detect.scores("detect") | self.detect_literal.scores("detect_literal")


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


# --- reading the data --------------------------------------------------------------------


def read_geowebnews(folder: Path) -> list[Article]:
    root = ET.parse(folder / "GeoWebNews.xml").getroot()
    lines = (folder / "GeoWebNews_geocoding.txt").read_text(encoding="utf-8").splitlines()
    articles = []
    # the geocoding file has one line per article, in the XML's order (not by its file id)
    for number, node in enumerate(root.iter("article")):
        line = lines[number] if number < len(lines) else ""
        toponyms = tuple(
            Gold(int(t.findtext("start")), int(t.findtext("end")), t.findtext("type") or "")
            for t in node.iter("toponym")
            if (t.findtext("type") or "") not in NON_TOPONYMS
        )
        articles.append(Article(node.findtext("text") or "", toponyms, _geocoding_line(line)))
    return articles


def _geocoding_line(line: str) -> tuple[Gold, ...]:
    golds = []
    for item in line.split("||"):
        parts = item.split(",,")
        if len(parts) != 6:
            continue
        start, end = int(parts[4]), int(parts[5])
        if start >= 0:
            golds.append(Gold(start, end, "Literal", float(parts[2]), float(parts[3])))
    return tuple(golds)


def read_geovirus(folder: Path) -> list[Article]:
    root = ET.parse(folder / "GeoVirus.xml").getroot()
    articles = []
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        golds = tuple(
            _aligned(
                text,
                loc.findtext("name") or "",
                int(loc.findtext("start")),
                int(loc.findtext("end")),
                float(loc.findtext("lat")),
                float(loc.findtext("lon")),
            )
            for loc in node.iter("location")
        )
        articles.append(Article(text, golds, golds))
    return articles


def _aligned(text: str, name: str, start: int, end: int, lat: float, lon: float) -> Gold:
    """GeoVirus offsets count one character more than the XML text holds: realign on the name."""
    for shift in (0, -1, 1):
        if text[start + shift : end + shift] == name:
            return Gold(start + shift, end + shift, "Literal", lat, lon)
    return Gold(start, end, "Literal", lat, lon)


# --- scoring -----------------------------------------------------------------------------


def score_article(nlp, article: Article, tally: Tally) -> None:
    from backchannel.nlp.places import resolve

    doc = nlp(article.text)
    found = doc._.bc_places
    places = resolve(doc, [(g.start, g.end) for g in article.geocoded])
    for gold, place in zip(article.geocoded, places):
        right = (
            place is not None
            and place.lat is not None
            and km(gold.lat, gold.lon, place.lat, place.lon) <= KM
        )
        tally.resolved += 1
        tally.right += right
        own = next((p for p in found if p.start < gold.end and gold.start < p.end), None)
        if own is not None:
            tally.detected_gold += 1
            tally.detected_right += (
                own.lat is not None and km(gold.lat, gold.lon, own.lat, own.lon) <= KM
            )
    tally.detect.add(found, article.toponyms)
    tally.detect_literal.add(found, [g for g in article.toponyms if g.kind in LITERAL])


def evaluate(
    nlp=None, *, limit: int | None = None, sets: tuple[str, ...] = ("GeoWebNews", "GeoVirus")
) -> dict:
    """Scores per data set; ``limit`` takes a fixed, evenly spread subset of articles."""
    folder = data_path("geo")
    if folder is None:
        return {}
    if nlp is None:
        from backchannel.nlp import load

        nlp = load()
    readers = {"GeoWebNews": read_geowebnews, "GeoVirus": read_geovirus}
    results = {}
    unneeded = [p for p in UNNEEDED if p in nlp.pipe_names]
    with nlp.select_pipes(disable=unneeded):
        for name in sets:
            articles = _subset(readers[name](folder), limit)
            tally = Tally()
            for article in articles:
                score_article(nlp, article, tally)
            results[name] = tally.scores() | {"articles": len(articles)}
    return results


def _subset(articles: list[Article], limit: int | None) -> list[Article]:
    if not limit or limit >= len(articles):
        return articles
    step = len(articles) / limit
    return [articles[int(i * step)] for i in range(limit)]


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    limit = int(argv[0]) if argv else None
    started = time.perf_counter()
    results = evaluate(limit=limit)
    if not results:
        print("shared/data/geo is absent; nothing to score")
        return
    for name, scores in results.items():
        print(name)
        for key, value in scores.items():
            print(f"  {key:18} {value}")
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
