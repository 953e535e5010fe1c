"""Attribution on PolNeAR: exact-span and overlap P/R/F1 of source, cue and content.

PolNeAR (news of the 2016 US campaign) marks every attribution as a source, a cue and a
content span in brat standoff; contents are often discontinuous ("“A,” she said. “B.”").
A predicted span matches a gold one exactly when its fragments are the same character
ranges (surrounding whitespace ignored); it overlaps when any character is shared. Several
annotators marked some articles: each annotator's file is scored and an article's counts
are averaged over its annotators, so every article weighs the same. The statement finder
skips nested attributions for this score, as the PolNeAR guidelines annotate only the
outermost one.

Run ``python -m benchmarks.attribution_eval [split] [limit] [--finder NAME]…`` (dev and
every installed finder by default).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from backchannel.vocab import ROLES
from benchmarks._shared import data_path

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution: each role as its character fragments (empty if absent)."""

    source: Fragments
    cue: Fragments
    content: Fragments


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """A PolNeAR article's text and each annotator's attributions (annotator id → list)."""

    name: str
    text: str
    annotations: dict[str, tuple[GoldAttribution, ...]]


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 for one role under one matching rule."""

    precision: float
    recall: float
    f1: float


def polnear_dir() -> Path | None:
    """The PolNeAR folder under shared/data, or None."""
    return data_path("attribution", "polnear")


def load_split(split: str = "dev", limit: int | None = None) -> list[GoldArticle]:
    """The articles of one PolNeAR split, sorted by name (``limit`` keeps the first ones)."""
    root = polnear_dir()
    if root is None:
        return []
    by_article: dict[str, dict[str, tuple[GoldAttribution, ...]]] = defaultdict(dict)
    for ann in sorted((root / split / "attributions").glob("*.ann")):
        name, annotator = ann.stem.rsplit("_", 1)
        by_article[name][annotator] = parse_ann(ann.read_text(encoding="utf-8"))
    names = sorted(by_article)[:limit]
    return [_article(root / split / "text", name, by_article[name]) for name in names]


def _article(folder: Path, name: str, annotations) -> GoldArticle:
    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    return GoldArticle(name, text, annotations)


def parse_ann(source: str) -> tuple[GoldAttribution, ...]:
    """Attributions from a brat ``.ann`` file (``T`` spans linked by ``E`` lines)."""
    spans: dict[str, Fragments] = {}
    links: list[dict[str, str]] = []
    for line in source.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if fields[0].startswith("T"):
            label, _, ranges = fields[1].partition(" ")
            spans[fields[0]] = _fragments(ranges)
        elif fields[0].startswith("E"):
            links.append(dict(part.split(":", 1) for part in fields[1].split()))
    return tuple(_gold(link, spans) for link in links if "Cue" in link or "Content" in link)


def _fragments(ranges: str) -> Fragments:
    pairs = (part.split() for part in ranges.split(";"))
    return tuple(sorted((int(a), int(b)) for a, b in pairs))


def _gold(link: dict[str, str], spans: dict[str, Fragments]) -> GoldAttribution:
    def get(role: str) -> Fragments:
        return spans.get(link.get(role, ""), ())

    return GoldAttribution(get("Source"), get("Cue"), get("Content"))


# --- scoring --------------------------------------------------------------------------


@dataclass
class _Counts:
    """Weighted match counts for one role and one matching rule."""

    matched_pred: float = 0.0
    pred: float = 0.0
    matched_gold: float = 0.0
    gold: float = 0.0

    def score(self) -> Score:
        precision = self.matched_pred / self.pred if self.pred else 0.0
        recall = self.matched_gold / self.gold if self.gold else 0.0
        total = precision + recall
        return Score(precision, recall, 2 * precision * recall / total if total else 0.0)


def role_spans(attributions: Iterable, role: str, text: str) -> set[Fragments]:
    """The distinct non-empty spans of one role, each fragment stripped of whitespace."""
    spans = set()
    for attribution in attributions:
        fragments = tuple(_strip(text, f) for f in getattr(attribution, role))
        fragments = tuple(f for f in fragments if f[0] < f[1])
        if fragments:
            spans.add(fragments)
    return spans


def _strip(text: str, fragment: tuple[int, int]) -> tuple[int, int]:
    start, end = fragment
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _overlap(a: Fragments, b: Fragments) -> bool:
    return any(x[0] < y[1] and y[0] < x[1] for x in a for y in b)


def add_counts(counts: dict, predicted: set, gold: set, role: str, weight: float) -> None:
    """Add one article/annotator's matches for ``role`` to the exact and overlap counters."""
    exact, loose = counts[(role, "exact")], counts[(role, "overlap")]
    for counter in (exact, loose):
        counter.pred += weight * len(predicted)
        counter.gold += weight * len(gold)
    exact.matched_pred += weight * len(predicted & gold)
    exact.matched_gold += weight * len(predicted & gold)
    loose.matched_pred += weight * sum(any(_overlap(p, g) for g in gold) for p in predicted)
    loose.matched_gold += weight * sum(any(_overlap(p, g) for p in predicted) for g in gold)


def predicted_spans(doc, *, finder: str = "rules") -> list:
    """The finder's outermost attributions as character fragments per role
    (``finder`` is one of ``statements.FINDERS``)."""
    from backchannel.nlp.attribution import find_attributions

    return [
        _as_chars(doc, a)
        for a in find_attributions(doc, finder=finder)
        if not (a.nested or a.implicit)
    ]


def _as_chars(doc, attribution) -> GoldAttribution:
    def chars(token_range) -> Fragments:
        if token_range is None:
            return ()
        span = doc[token_range[0] : token_range[1]]
        return ((span.start_char, span.end_char),)

    return GoldAttribution(chars(attribution.source), chars(attribution.cue), attribution.content)


def available_finders() -> tuple[str, ...]:
    """The finders this installation can run (``minilm`` needs the ``embed`` extra)."""
    from backchannel.nlp.attribution.crf import tagger
    from backchannel.nlp.attribution.minilm import installed

    return ("rules",) + (("crf",) if tagger() else ()) + (("minilm",) if installed() else ())


def evaluate(
    articles: list[GoldArticle], nlp=None, *, variants: tuple[str, ...] | None = None
) -> dict[str, dict[tuple[str, str], Score]]:
    """Scores per finder, then per (role, "exact" | "overlap"), over ``articles``.

    ``rules`` is what the pipeline runs by default; ``crf`` adds the trained CRF
    (``backchannel.nlp.load(attribution="crf")``), ``minilm`` is the fine-tuned MiniLM
    tagger (``attribution="minilm"``). Each article is parsed once.
    """
    nlp = nlp or _parser()
    variants = variants or available_finders()
    counts = {v: defaultdict(_Counts) for v in variants}
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for doc, article in zip(docs, articles):
        for variant in variants:
            _score_article(counts[variant], predicted_spans(doc, finder=variant), article)
    return {v: {key: counter.score() for key, counter in c.items()} for v, c in counts.items()}


def _score_article(counts, predicted: list, article: GoldArticle) -> None:
    weight = 1 / len(article.annotations)
    for gold in article.annotations.values():
        for role in ROLES:
            pred_role = role_spans(predicted, role, article.text)
            gold_role = role_spans(gold, role, article.text)
            add_counts(counts, pred_role, gold_role, role, weight)


def _parser():
    from backchannel.nlp.pipeline import load_parser

    return load_parser(exclude=["ner"])


def run(
    split: str = "dev", limit: int | None = None, variants: tuple[str, ...] | None = None
) -> dict[str, dict[tuple[str, str], Score]]:
    """Load a split and score each finder (empty when PolNeAR is absent)."""
    articles = load_split(split, limit)
    return evaluate(articles, variants=variants) if articles else {}


def iter_rows(scores: dict[tuple[str, str], Score]) -> Iterator[str]:
    for match in ("exact", "overlap"):
        for role in ROLES:
            s = scores[(role, match)]
            yield f"{match:8}{role:8} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"


def main(argv: list[str] | None = None) -> None:
    args = _arguments().parse_args(argv)
    root = polnear_dir()
    if root is not None and not (root / args.split / "attributions").is_dir():
        raise SystemExit(
            f"PolNeAR has no split {args.split!r} under {root} (it has: "
            f"{', '.join(sorted(p.name for p in root.iterdir() if p.is_dir()))})"
        )
    finders = tuple(args.finder) if args.finder else None
    unknown = set(finders or ()) - set(available_finders())
    if unknown:
        raise SystemExit(
            f"finder(s) {', '.join(sorted(unknown))} not available here; "
            f"choose from {', '.join(available_finders())}"
        )
    scores = run(args.split, args.limit, finders)
    if not scores:
        print("PolNeAR is absent under shared/data; nothing scored")
        return
    print(f"PolNeAR {args.split}" + (f" (first {args.limit} articles)" if args.limit else ""))
    for variant, variant_scores in scores.items():
        print(f"-- {variant}")
        for row in iter_rows(variant_scores):
            print(row)


def _arguments():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "split", nargs="?", default="dev", help="PolNeAR split folder (default dev)"
    )
    parser.add_argument("limit", nargs="?", type=int, help="score only the first N articles")
    parser.add_argument(
        "--finder",
        action="append",
        metavar="NAME",
        help="score only this finder (rules, crf, minilm); repeat for several",
    )
    return parser


if __name__ == "__main__":
    main()
