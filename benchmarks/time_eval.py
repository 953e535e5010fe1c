"""TempEval-3 evaluation of backchannel's time expressions on TimeBank + AQUAINT (TBAQ).

Each TimeML document is stripped of its tags to the raw text (offsets exact), analysed
with the spaCy model plus ``backchannel_times`` using the document creation time (DCT) as
the publication date, and scored as TempEval-3 scores TIMEX3: relaxed (any overlap) and
strict (same extent) span precision/recall/F1, value and type accuracy over the relaxed
matches, and value F1 = relaxed F1 x value accuracy. The DCT itself is not scored.

    .venv/bin/python -m benchmarks.time_eval [--limit N] [--ner] [--errors]
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks._shared import data_path

__all__ = ["GoldTimex", "TimeMLDoc", "TimeScores", "read_timeml", "load_corpus", "evaluate", "main"]

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r"<TIMEX3([^>]*functionInDocument=\"CREATION_TIME\"[^>]*)>")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold TIMEX3: its extent in the raw text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """A TimeML document as raw text, its creation time and its gold time expressions."""

    name: str
    text: str
    dct: str
    gold: tuple[GoldTimex, ...]


@dataclass(frozen=True, slots=True)
class TimeScores:
    """TempEval-3 figures for one run."""

    documents: int
    gold: int
    system: int
    relaxed_precision: float
    relaxed_recall: float
    relaxed_f1: float
    strict_precision: float
    strict_recall: float
    strict_f1: float
    value_accuracy: float
    type_accuracy: float
    value_f1: float
    spacy_seconds: float
    times_seconds: float


def _strip(body: str) -> tuple[str, list[GoldTimex]]:
    """Raw text of a TimeML body with the TIMEX3 extents found in it."""
    out: list[str] = []
    length, open_at, attrs, gold = 0, 0, {}, []
    pos = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[pos : tag.start()])
        out.append(piece)
        length += len(piece)
        pos = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if not tag.group(1):
            open_at, attrs = length, dict(_ATTR.findall(tag.group(3)))
        else:
            text = "".join(out)[open_at:length]
            gold.append(
                GoldTimex(open_at, length, text, attrs.get("type", ""), attrs.get("value", ""))
            )
    out.append(html.unescape(body[pos:]))
    return "".join(out), gold


def read_timeml(path: Path) -> TimeMLDoc:
    """One TimeML file: the text inside <TEXT>, its DCT and gold TIMEX3s."""
    raw = path.read_text(encoding="utf-8")
    dct_tag = _DCT.search(raw)
    dct = dict(_ATTR.findall(dct_tag.group(1))).get("value", "") if dct_tag else ""
    body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    text, gold = _strip(body)
    return TimeMLDoc(path.stem, text, dct[:10], tuple(gold))


def load_corpus(limit: int | None = None, step: int = 1) -> list[TimeMLDoc]:
    """TimeBank + AQUAINT from ``shared/data/time/tbaq`` (every ``step``-th file, sorted)."""
    root = data_path("time", "tbaq")
    if root is None:
        return []
    paths = sorted([*root.glob("TimeBank/*.tml"), *root.glob("AQUAINT/*.tml")])[::step]
    return [read_timeml(p) for p in paths[:limit]]


def _nlp():
    import backchannel.nlp.time  # noqa: F401  (registers the component)
    from backchannel.nlp.pipeline import load_parser

    nlp = load_parser()
    nlp.add_pipe("backchannel_times")
    return nlp


def _ner_times(doc) -> tuple:
    """spaCy's own DATE and TIME entities, without values: the baseline to beat."""
    from backchannel.records import Time

    return tuple(
        Time(e.text, e.start_char, e.end_char, e.label_, None)
        for e in doc.ents
        if e.label_ in ("DATE", "TIME")
    )


def _system(docs: list[TimeMLDoc], nlp, source: str) -> tuple[list[tuple], float, float]:
    from backchannel.nlp.time import find_times

    finder = _ner_times if source == "ner" else find_times
    started = time.perf_counter()
    parsed = list(nlp.pipe((d.text for d in docs), disable=["backchannel_times"]))
    spacy_seconds = time.perf_counter() - started
    found, times_seconds = [], 0.0
    for doc, document in zip(parsed, docs):
        doc._.bc_published = document.dct or None
        started = time.perf_counter()
        found.append(finder(doc))
        times_seconds += time.perf_counter() - started
    return found, spacy_seconds, times_seconds


def _overlap(a, b) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _pairs(gold, system) -> list[tuple[object, object]]:
    """Each gold expression with the system expression overlapping it most (relaxed
    match, as TempEval-3 scores it: one system expression may match two gold ones)."""
    pairs = []
    for g in gold:
        best = max(system, key=lambda s: _overlap(g, s), default=None)
        if best is not None and _overlap(g, best) > 0:
            pairs.append((g, best))
    return pairs


def _found(gold, system) -> int:
    """How many system expressions overlap some gold one."""
    return sum(any(_overlap(g, s) > 0 for g in gold) for s in system)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def evaluate(limit: int | None = None, step: int = 1, source: str = "grammar") -> TimeScores | None:
    """Score the time finder on the dev data; None when the data is absent.

    ``source="ner"`` scores spaCy's DATE/TIME entities instead (spans only, no values).
    """
    docs = load_corpus(limit, step)
    if not docs:
        return None
    found, spacy_s, times_s = _system(docs, _nlp(), source)
    n_gold = sum(len(d.gold) for d in docs)
    n_sys = sum(len(f) for f in found)
    pairs = [p for d, f in zip(docs, found) for p in _pairs(d.gold, f)]
    hits = sum(_found(d.gold, f) for d, f in zip(docs, found))
    strict = sum(g.start == s.start and g.end == s.end for g, s in pairs)
    value_ok = sum(g.value == s.value for g, s in pairs)
    type_ok = sum(g.type == s.type for g, s in pairs)
    rp, rr = _ratio(hits, n_sys), _ratio(len(pairs), n_gold)
    sp, sr = _ratio(strict, n_sys), _ratio(strict, n_gold)
    value_acc = _ratio(value_ok, len(pairs))
    return TimeScores(
        len(docs),
        n_gold,
        n_sys,
        rp,
        rr,
        _f1(rp, rr),
        sp,
        sr,
        _f1(sp, sr),
        value_acc,
        _ratio(type_ok, len(pairs)),
        _f1(rp, rr) * value_acc,
        spacy_s,
        times_s,
    )


def errors(limit: int | None = None, step: int = 1):
    """Misses, spurious finds and wrong values, for looking at (not part of the score)."""
    docs = load_corpus(limit, step)
    found, _, _ = _system(docs, _nlp(), "grammar")
    for doc, system in zip(docs, found):
        pairs = _pairs(doc.gold, system)
        matched_g = {id(g) for g, _ in pairs}
        for g in doc.gold:
            if id(g) not in matched_g:
                yield ("miss", doc.name, doc.dct, g.text, g.type, g.value, "")
        for s in system:
            if not any(_overlap(g, s) > 0 for g in doc.gold):
                yield ("spurious", doc.name, doc.dct, s.text, s.type, str(s.value), "")
        for g, s in pairs:
            if g.value != s.value or g.type != s.type or (g.start, g.end) != (s.start, s.end):
                yield (
                    "wrong",
                    doc.name,
                    doc.dct,
                    g.text,
                    g.type + " " + g.value,
                    s.text,
                    s.type + " " + str(s.value),
                )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N files")
    parser.add_argument("--errors", action="store_true", help="list the disagreements")
    parser.add_argument("--ner", action="store_true", help="score spaCy's DATE/TIME entities")
    args = parser.parse_args(argv)
    if args.errors:
        for row in errors(args.limit):
            print("\t".join(row))
        return
    scores = evaluate(args.limit, source="ner" if args.ner else "grammar")
    if scores is None:
        print("shared/data/time/tbaq is absent: nothing to score")
        return
    for name, value in dataclasses.asdict(scores).items():
        print(f"{name:18} {value:.3f}" if isinstance(value, float) else f"{name:18} {value}")


if __name__ == "__main__":
    main()
