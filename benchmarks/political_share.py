"""Political share: how many coded events on general news have a country on a side.

Codes the first ``--limit`` articles of ``corpora/bench/reuters21578_bbc.jsonl`` (1987
Reuters business wire, then BBC News) with the full pipeline and prints:

- the number of articles, of those the ingest stage would skip as sport or entertainment
  (:func:`backchannel.ingest.quality.off_topic`; they are not coded), and of events;
- the share of events with a resolved country on at least one side (a state, or one of
  PLOVER's international codes such as IGO), and the share with a state (issue 17 asks ≥ 80%);
- events per PLOVER type;
- a random sample (fixed seed) of ``--sample`` events with their sentences, for a person to
  read: no corporate transaction should be coded as a political event.

    python -m benchmarks.political_share --limit 1500 [--sample 50] [--dictionaries DIR]
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from benchmarks._shared import data_path

BENCH = ("corpora", "bench", "reuters21578_bbc.jsonl")
#: PLOVER's country codes for international non-state entities
_NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})


@dataclass(frozen=True)
class Share:
    articles: int
    skipped: int
    events: list  # (Event, article id)

    def with_country(self, *, states_only: bool = False) -> int:
        def resolved(code: str | None) -> bool:
            return bool(code) and not (states_only and code in _NON_STATE)

        return sum(
            any(resolved(a.country) for a in event.actor + event.recipient)
            for event, _ in self.events
        )


def _rows(limit: int) -> list[dict]:
    path = data_path(*BENCH)
    if path is None:
        raise SystemExit("../shared/data/corpora/bench is absent")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, limit)]


def measure(limit: int = 1500, dictionaries: str | None = None) -> Share:
    """Code the first ``limit`` bench articles; sport and entertainment stories are skipped
    as ingest skips them."""
    from backchannel.ingest.quality import off_topic
    from backchannel.nlp import load
    from backchannel.nlp.pipeline import make_doc

    nlp = load(dictionaries=dictionaries) if dictionaries else load()
    rows = _rows(limit)
    kept = [row for row in rows if off_topic(row.get("title"), row["text"]) is None]
    docs = ((make_doc(nlp, row["text"], published=row.get("published")), row["id"]) for row in kept)
    events = [
        (event, row_id)
        for doc, row_id in nlp.pipe(docs, as_tuples=True, batch_size=32)
        for event in doc._.bc_events
    ]
    return Share(len(rows), len(rows) - len(kept), events)


def _side(actors) -> str:
    return "; ".join(f"{a.text} [{a.country or '-'} {a.sector or a.kind}]" for a in actors) or "-"


def report(share: Share, sample: int, seed: int = 17) -> None:
    total = len(share.events)
    print(f"articles            {share.articles} ({share.skipped} skipped as sport/entertainment)")
    print(f"events              {total}")
    if not total:
        return
    any_code, states = share.with_country(), share.with_country(states_only=True)
    print(f"with a country      {any_code} ({any_code / total:.1%}) on at least one side")
    print(f"with a state        {states} ({states / total:.1%}) on at least one side")
    print("events per type:")
    for kind, n in Counter(e.type for e, _ in share.events).most_common():
        print(f"  {kind:10} {n:5}")
    picked = random.Random(seed).sample(share.events, min(sample, total))
    print(f"\nsample of {len(picked)} events (seed {seed}):")
    for n, (event, article) in enumerate(picked, 1):
        print(f"\n{n:2}. {article}  {event.type} {event.cameo}  trigger {event.trigger.text!r}")
        print(f"    actor:     {_side(event.actor)}")
        print(f"    recipient: {_side(event.recipient)}")
        print(f"    {' '.join(event.sentence.text.split())}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=1500)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--dictionaries", default=None, help="a PETRARCH/TABARI dictionary folder to load"
    )
    args = parser.parse_args(argv)
    report(measure(args.limit, args.dictionaries), args.sample, args.seed)


if __name__ == "__main__":
    main()
