"""Learn the cue lexicon from PolNeAR's train split (``python -m benchmarks.train_attribution``).

For every word of the train articles, parsed with the default spaCy pipeline, the script
counts how often it heads an annotated cue span, keyed by lemma, coarse part of speech and
syntactic frame (see ``backchannel.nlp.stance.frame``). The counts go to
``src/backchannel/data/attribution/cue_counts.csv``; the statement finder turns them into a
smoothed probability that a word is an attribution cue. Annotators' votes are averaged, so a
doubly annotated article counts once. Words inside an annotated content are not counted:
the guidelines annotate only the outermost attribution, so a cue there is unmarked on
purpose (the statement finder flags such nested cues itself). Only train is read; dev stays for evaluation.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import spacy

from backchannel.nlp.stance import cue_key
from backchannel.nlp.pipeline import DEFAULT_MODEL
from benchmarks.attribution_eval import GoldArticle, load_split

OUTPUT = Path(__file__).resolve().parent.parent / "src/backchannel/data/attribution/cue_counts.csv"
MIN_TOTAL = 2


def cue_heads(doc, article: GoldArticle) -> Counter[int]:
    """Token index → share of annotators whose cue span this token heads."""
    votes: Counter[int] = Counter()
    share = 1 / max(1, len(article.annotations))
    for attributions in article.annotations.values():
        heads = {_head(doc, a.cue) for a in attributions if a.cue}
        for head in heads - {None}:
            votes[head] += share
    return votes


def inside_content(doc, article: GoldArticle) -> set[int]:
    """Tokens inside some annotated content: nested cues there were left unannotated."""
    inside: set[int] = set()
    for attributions in article.annotations.values():
        for start, end in (f for a in attributions for f in a.content):
            span = doc.char_span(start, end, alignment_mode="contract")
            inside.update(range(span.start, span.end) if span is not None else ())
    return inside


def _head(doc, fragments) -> int | None:
    start, end = fragments[0][0], fragments[-1][1]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root.i


def count(articles: list[GoldArticle], nlp) -> tuple[Counter, Counter]:
    """(positive votes, occurrences) per cue key over all tokens of ``articles``."""
    positive: Counter = Counter()
    total: Counter = Counter()
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for doc, article in zip(docs, articles):
        votes = cue_heads(doc, article)
        nested = inside_content(doc, article)
        for token in doc:
            key = cue_key(token) if token.i not in nested else None
            if key is not None:
                total[key] += 1
                positive[key] += votes.get(token.i, 0.0)
    return positive, total


def write(positive: Counter, total: Counter, path: Path = OUTPUT) -> int:
    """Write the keys seen at least ``MIN_TOTAL`` times with any cue vote; returns rows."""
    rows = sorted(k for k, n in total.items() if n >= MIN_TOTAL and positive[k] > 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["lemma", "pos", "frame", "cue", "total"])
        for key in rows:
            writer.writerow([*key, f"{positive[key]:.2f}", total[key]])
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    limit = int(argv[0]) if argv else None
    articles = load_split("train", limit)
    nlp = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    rows = write(*count(articles, nlp))
    print(f"{len(articles)} train articles → {rows} cue keys in {OUTPUT}")


if __name__ == "__main__":
    main()
