"""Train the attribution tagger on PolNeAR train (``python -m benchmarks.train_tagger``).

Each train article is parsed once (cached as a spaCy DocBin under ``artifacts/tagger/``) and
tagged token by token with BIO labels for source, cue and content from its first annotator's
file (later annotators of the same article would only repeat it). A linear-chain CRF
(python-crfsuite, L-BFGS with L1 and L2 penalties) learns them from
``attribution.crf.token_features``, which include the rule finder's own spans: the tagger
corrects the rules rather than replacing them. The model is written to ``tagger.crfsuite``
in the models folder (``backchannel.models.locate``: ``$BACKCHANNEL_MODELS`` when set, else
the ``backchannel-models`` package, which ``make`` installs editable from
``models/backchannel_models/``). Only train is read; dev stays for evaluation.
Deterministic: the same data, spaCy model and rules give the same model.

The shipped model was trained on the rules of commit 2a595a8. Retrained on the rules of
2026-12-06 it scored a little lower on dev (exact source / cue / content 0.737 / 0.687 /
0.519 against 0.745 / 0.696 / 0.525 for the shipped one, both read with the new rules),
so the shipped file stayed; check out 2a595a8 to rebuild it byte for byte.
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacy.tokens import Doc, DocBin

from backchannel.models import locate
from backchannel.nlp.attribution import parse_attributions
from backchannel.nlp.attribution.crf import MODEL_PATH, doc_features, gold_labels
from backchannel.nlp.pipeline import load_parser
from benchmarks.attribution_eval import GoldArticle, load_split

CACHE = Path(__file__).resolve().parent.parent / "artifacts" / "tagger"
C1 = 0.05
C2 = 0.05
ITERATIONS = 100


def parsed(split: str, articles: list[GoldArticle], nlp=None) -> list[Doc]:
    """The articles' parses, from the DocBin cache when it holds this split."""
    path = CACHE / f"{split}.spacy"
    nlp = nlp or load_parser(exclude=["ner"])
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(articles):
            return docs
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(
        attrs=[
            "ORTH",
            "LEMMA",
            "POS",
            "TAG",
            "DEP",
            "HEAD",
            "SENT_START",
            "ENT_IOB",
            "ENT_TYPE",
            "MORPH",
        ],
        docs=docs,
    ).to_disk(path)
    return docs


def train(limit: int | None = None, output: Path | None = None) -> Path:
    """Fit the CRF on train (``limit`` keeps the first articles) and write it to ``output``
    (by default the models folder's ``tagger.crfsuite``)."""
    import pycrfsuite

    output = output or locate(MODEL_PATH)
    articles = load_split("train", limit)
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc, article in zip(parsed("train", articles), articles):
        first = sorted(article.annotations)[0]
        rules = parse_attributions(doc)
        trainer.append(doc_features(doc, rules), gold_labels(doc, article.annotations[first]))
    trainer.set_params(
        {"c1": C1, "c2": C2, "max_iterations": ITERATIONS, "feature.possible_transitions": True}
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(output))
    return output


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    limit = int(argv[0]) if argv else None
    print(f"wrote {train(limit)}")


if __name__ == "__main__":
    main()
