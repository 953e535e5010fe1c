"""Learn the cue model from PolNeAR's train split (``python -m benchmarks.train_attribution``).

Every word of the train articles that could be a cue
(``backchannel.nlp.attribution.stance.cue_features``) is one example, labelled by the share
of annotators whose cue span it heads. A logistic regression (L2, fitted with L-BFGS) over
its features gives the weights written to
``src/backchannel/data/attribution/cue_weights.csv.gz`` (a CSV, gzipped without a time stamp
so the same weights give the same bytes; the rules' cue model stays in the library, unlike
the trained taggers in ``models/``). Words inside an annotated content are
left out: the guidelines annotate only the outermost attribution, so a cue there is unmarked
on purpose (the statement finder flags such nested cues itself). Only train is read; dev
stays for evaluation. Deterministic: the same data and spaCy model give the same weights.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

from backchannel.nlp.attribution.quotes import find_quotes, quoted_tokens
from backchannel.nlp.attribution.stance import cue_features
from backchannel.nlp.pipeline import load_parser
from benchmarks.attribution_eval import GoldArticle, load_split

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "backchannel" / "data" / "attribution" / "cue_weights.csv.gz"
MIN_COUNT = 2
L2 = 1.0
MIN_WEIGHT = 0.01


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
    """Tokens inside some annotated content (nested cues there are unannotated)."""
    inside: set[int] = set()
    for attributions in article.annotations.values():
        for start, end in (f for a in attributions for f in a.content):
            span = doc.char_span(start, end, alignment_mode="contract")
            inside.update(range(span.start, span.end) if span is not None else ())
    return inside


def _head(doc, fragments) -> int | None:
    span = doc.char_span(fragments[0][0], fragments[-1][1], alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def examples(articles: list[GoldArticle], nlp) -> tuple[list[list[str]], list[float]]:
    """Feature lists and cue labels for every candidate word outside annotated contents."""
    rows, labels = [], []
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for doc, article in zip(docs, articles):
        votes, nested, quoted = (
            cue_heads(doc, article),
            inside_content(doc, article),
            quoted_tokens(doc, find_quotes(doc.text)),
        )
        for token in doc:
            features = None if token.i in nested else cue_features(token, token.i in quoted)
            if features is not None:
                rows.append(features)
                labels.append(min(1.0, votes.get(token.i, 0.0)))
    return rows, labels


def fit(rows: list[list[str]], labels: list[float]) -> dict[str, float]:
    """L2-regularised logistic regression over binary features; returns feature → weight."""
    counts = Counter(f for row in rows for f in row)
    index = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    matrix = _matrix(rows, index)
    y = np.asarray(labels)

    def loss(w):
        z = matrix @ w
        value = np.sum(np.logaddexp(0, z) - y * z) + L2 * w @ w / 2
        grad = matrix.T @ (1 / (1 + np.exp(-z)) - y) + L2 * w
        return value, grad

    result = optimize.minimize(
        loss, np.zeros(len(index)), jac=True, method="L-BFGS-B", options={"maxiter": 500}
    )
    return {f: float(result.x[i]) for f, i in index.items() if abs(result.x[i]) >= MIN_WEIGHT}


def _matrix(rows: list[list[str]], index: dict[str, int]) -> sparse.csr_matrix:
    cols = [[index[f] for f in set(row) if f in index] for row in rows]
    indptr = np.cumsum([0] + [len(c) for c in cols])
    data = np.ones(indptr[-1])
    flat = np.fromiter((c for row in cols for c in row), dtype=np.int64, count=indptr[-1])
    return sparse.csr_matrix((data, flat, indptr), shape=(len(rows), len(index)))


def write(weights: dict[str, float], path: Path = OUTPUT) -> None:
    """The weights as a gzipped CSV (feature, weight to four decimals), sorted by feature."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(["feature", "weight"])
    for feature in sorted(weights):
        writer.writerow([feature, f"{weights[feature]:.4f}"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    limit = int(argv[0]) if argv else None
    articles = load_split("train", limit)
    nlp = load_parser(exclude=["ner"])
    rows, labels = examples(articles, nlp)
    weights = fit(rows, labels)
    write(weights)
    print(
        f"{len(articles)} train articles, {len(rows)} candidate words → "
        f"{len(weights)} weights in {OUTPUT}"
    )


if __name__ == "__main__":
    main()
