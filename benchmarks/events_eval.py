"""Event coding against the PLOVER gold standard records (``data/events/plover_gsr_dev.json``).

Each gold record is one sentence with one coded event: type, actor(s) and recipient(s)
with country (ISO3 or IGO/NGO) and sector. The sentence runs through the full pipeline;
the predicted event compared with the gold one is chosen by this rule:

1. candidates are the predicted events whose trigger shares a word stem (first five
   letters) with the gold ``eventText``; when none does, every predicted event;
2. among candidates, the highest confidence wins; ties go to the earliest trigger.

Scores: event-type accuracy over all records; actor country accuracy (the first predicted
actor's country is one of the gold actors' codes) over records with a gold actor; the same
for the recipient over records with a gold recipient list; sector accuracy of the first
predicted actor over gold actors with a standard sector code. ``main()`` also prints the
type confusion table and the coding overhead (full pipeline vs spaCy alone).

Run: ``.venv/bin/python -m benchmarks.events_eval``
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks._shared import PARTS, data_path, part_of

__all__ = [
    "GOLD",
    "PARTS",
    "Gold",
    "EventScores",
    "load_gold",
    "part_of",
    "evaluate",
    "overhead",
    "main",
]

GOLD = ("events", "plover_gsr_dev.json")


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold record: the sentence and what PLOVER coders made of it."""

    id: str
    text: str
    type: str
    event_text: str
    actor_codes: tuple[str, ...]
    actor_sectors: tuple[str, ...]
    recipient_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventScores:
    """Accuracies with their counts, and the (gold, predicted) type pairs."""

    n: int
    type_accuracy: float
    actor_country: float
    actor_n: int
    recipient_country: float
    recipient_n: int
    sector: float
    sector_n: int
    confusion: tuple[tuple[tuple[str, str], int], ...] = field(default=())


def _entities(value: object) -> list[dict]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _sector(raw: str | None) -> str | None:
    code = (raw or "")[:3].upper()
    return code if code.isalpha() and len(code) == 3 else None


def load_gold(path: Path) -> list[Gold]:
    """The gold records, in file order."""
    records = []
    for row in json.loads(path.read_text(encoding="utf-8")):
        source, target = _entities(row.get("source")), _entities(row.get("target"))
        records.append(
            Gold(
                id=row["id"],
                text=row["text"].strip().strip("{}").strip(),
                type=row["event"],
                event_text=row.get("eventText") or "",
                actor_codes=tuple(e["code"] for e in source if e.get("code")),
                actor_sectors=tuple(s for s in (_sector(e.get("sector")) for e in source) if s),
                recipient_codes=tuple(e["code"] for e in target if e.get("code")),
            )
        )
    return records


def _stems(text: str) -> set[str]:
    return {w[:5] for w in text.lower().replace("-", " ").split() if len(w) > 2}


def pick(events: tuple, gold: Gold):
    """The predicted event compared with ``gold`` (see the module docstring), or None."""
    wanted = _stems(gold.event_text)
    candidates = [e for e in events if _stems(e.trigger.text) & wanted] or list(events)
    if not candidates:
        return None
    return max(candidates, key=lambda e: (e.confidence, -e.trigger.start))


def _docs(nlp, texts: list[str]):
    from backchannel.nlp.pipeline import make_doc

    return nlp.pipe((make_doc(nlp, t) for t in texts), batch_size=32)


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def evaluate(nlp, records: list[Gold]) -> EventScores:
    """Score the pipeline's events against ``records``."""
    hits = Counter()
    confusion = Counter()
    for gold, doc in zip(records, _docs(nlp, [r.text for r in records])):
        event = pick(doc._.bc_events, gold)
        predicted = event.type if event else "NONE"
        confusion[(gold.type, predicted)] += 1
        hits["type"] += predicted == gold.type
        if gold.actor_codes:
            hits["actor_n"] += 1
            hits["actor"] += bool(
                event and event.actor and event.actor[0].country in gold.actor_codes
            )
        if gold.recipient_codes:
            hits["recipient_n"] += 1
            hits["recipient"] += bool(
                event and event.recipient and event.recipient[0].country in gold.recipient_codes
            )
        if gold.actor_sectors:
            hits["sector_n"] += 1
            hits["sector"] += bool(
                event and event.actor and event.actor[0].sector in gold.actor_sectors
            )
    return EventScores(
        n=len(records),
        type_accuracy=_ratio(hits["type"], len(records)),
        actor_country=_ratio(hits["actor"], hits["actor_n"]),
        actor_n=hits["actor_n"],
        recipient_country=_ratio(hits["recipient"], hits["recipient_n"]),
        recipient_n=hits["recipient_n"],
        sector=_ratio(hits["sector"], hits["sector_n"]),
        sector_n=hits["sector_n"],
        confusion=tuple(sorted(confusion.items())),
    )


def overhead(nlp, texts: list[str], repeats: int = 1) -> tuple[float, float]:
    """Seconds for spaCy alone and for the full pipeline over ``texts`` (same run)."""
    from backchannel.nlp.pipeline import COMPONENTS

    def timed(disable: tuple[str, ...]) -> float:
        start = time.perf_counter()
        for _ in range(repeats):
            with nlp.select_pipes(disable=list(disable)):
                for _doc in _docs(nlp, texts):
                    pass
        return time.perf_counter() - start

    timed(())  # warm up
    return timed(COMPONENTS), timed(())


def _print_confusion(confusion: tuple[tuple[tuple[str, str], int], ...]) -> None:
    print("confusion (gold -> predicted: count), errors only:")
    for (gold, predicted), count in confusion:
        if gold != predicted:
            print(f"  {gold:10} -> {predicted:10} {count}")


def _print_scores(label: str, scores: EventScores) -> None:
    print(f"PLOVER GSR dev, {label}: {scores.n} sentences")
    print(f"  event type accuracy   {scores.type_accuracy:.3f}")
    print(f"  actor country         {scores.actor_country:.3f}  (n={scores.actor_n})")
    print(f"  recipient country     {scores.recipient_country:.3f}  (n={scores.recipient_n})")
    print(f"  actor sector          {scores.sector:.3f}  (n={scores.sector_n})")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.events_eval")
    parser.add_argument("--dictionaries", help="PETRARCH-style dictionary folder to load")
    parser.add_argument(
        "--part",
        choices=("all", *PARTS),
        default="all",
        help="score one part of the dev gold (default: all, then each part)",
    )
    parser.add_argument("--no-overhead", action="store_true", help="skip the timing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    path = data_path(*GOLD)
    if path is None:
        print("shared data events/plover_gsr_dev.json is absent; nothing to score")
        return
    from backchannel.nlp import load

    nlp = load(dictionaries=args.dictionaries) if args.dictionaries else load()
    records = load_gold(path)
    if args.part != "all":
        records = [r for r in records if part_of(r.id) == args.part]
    scores = evaluate(nlp, records)
    _print_scores(args.part, scores)
    if args.part == "all":
        for name in PARTS:
            _print_scores(name, evaluate(nlp, [r for r in records if part_of(r.id) == name]))
    _print_confusion(scores.confusion)
    if args.no_overhead:
        return
    spacy_s, full_s = overhead(nlp, [r.text for r in records])
    print(
        f"coding overhead: spaCy {spacy_s:.2f}s, with backchannel {full_s:.2f}s "
        f"(+{100 * (full_s / spacy_s - 1):.0f}%)"
    )


if __name__ == "__main__":
    main()
