"""End to end: White House readouts (``corpora/wh-readouts/wh_readouts_dev.jsonl``).

Each readout's title names the counterpart and whether it was a call or a meeting
("Readout of President Biden's Call with Prime Minister Modi of India"). A readout counts
when its title has a call or meeting *with* someone whose country the knowledge base
resolves (not the USA); readouts of events, travel and task forces are left out.

A readout is found when the events coded from its body alone include a ``CONSULT`` with a
USA actor on one side and the counterpart's country on the other (either side: in a
readout the President "spoke with" or "met with" the counterpart, or "hosted" them), and,
for a call, mode ``phone`` or channel ``phone``/``video``. Score: the share found.

Run: ``.venv/bin/python -m benchmarks.readouts_eval`` (all readouts; ``--limit N`` for the
first N eligible ones, the fixed subset the CI gate uses).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks._shared import PARTS, data_path, part_of

__all__ = [
    "READOUTS",
    "Readout",
    "ReadoutScores",
    "eligible",
    "load_readouts",
    "found",
    "evaluate",
    "main",
]

READOUTS = ("corpora", "wh-readouts", "wh_readouts_dev.jsonl")

_CALL = re.compile(r"\b(call|calls|phone)\b", re.IGNORECASE)
_MEETING = re.compile(
    r"\b(meeting|meetings|meets|met|visit|pull aside|engagement)\b", re.IGNORECASE
)
_WITH = re.compile(r"\bwith\b(.*)$", re.IGNORECASE)
_OF = re.compile(r"\bof (?:the )?([A-Z][\w'’.-]*(?: (?:and )?[A-Z][\w'’.-]*)*)")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*")
_PHONE_CHANNELS = ("phone", "video")
#: where a title stops naming the counterpart and names the topic ("… on Afghanistan")
_TOPIC = re.compile(r"\b(?:on|about|regarding|to discuss|ahead of|at the|in)\b")


@dataclass(frozen=True, slots=True)
class Readout:
    """One eligible readout: its body, publication date, kind and counterparts' countries
    (a title may name several counterparts: any of them counts)."""

    id: str
    text: str
    published: str | None
    kind: str  # call | meeting
    countries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReadoutScores:
    n: int
    found: int
    share: float
    calls: int
    calls_found: int
    missed: tuple[str, ...]


def _countries(phrase: str) -> tuple[str, ...]:
    """The counterparts' countries named in a title phrase ("… Modi of India"), in order."""
    from backchannel.nlp.actors.kb import lookup

    phrase = _TOPIC.split(phrase)[0]
    found: dict[str, None] = {}
    for candidate in _OF.findall(phrase) + _CAPITALISED.findall(phrase):
        words = candidate.split()
        for size in range(len(words), 0, -1):
            for start in range(0, len(words) - size + 1):
                entry = lookup(" ".join(words[start : start + size]))
                if entry is not None and entry.country and entry.country != "USA":
                    found.setdefault(entry.country)
    return tuple(found)


def eligible(row: dict) -> Readout | None:
    title = row.get("title") or ""
    match = _WITH.search(title)
    kind = "call" if _CALL.search(title) else "meeting" if _MEETING.search(title) else None
    if match is None or kind is None:
        return None
    countries = _countries(match.group(1))
    if not countries:
        return None
    return Readout(row["id"], row["text"], row.get("published"), kind, countries)


def load_readouts(path: Path, limit: int | None = None) -> list[Readout]:
    """The eligible readouts, in file order (the first ``limit`` of them)."""
    readouts = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            readout = eligible(json.loads(line))
            if readout is not None:
                readouts.append(readout)
            if limit is not None and len(readouts) >= limit:
                break
    return readouts


def _sides(event) -> tuple[set[str], set[str]]:
    return {a.country for a in event.actor}, {a.country for a in event.recipient}


def found(events, readout: Readout) -> bool:
    """Whether ``events`` hold the readout's USA–counterpart CONSULT (see the docstring)."""
    for event in events:
        if event.type != "CONSULT":
            continue
        actor, recipient = _sides(event)
        counterpart = set(readout.countries)
        dyad = ("USA" in actor and counterpart & recipient) or (
            "USA" in recipient and counterpart & actor
        )
        phone = event.mode == "phone" or event.channel in _PHONE_CHANNELS
        if dyad and (readout.kind != "call" or phone):
            return True
    return False


def _docs(nlp, readouts: list[Readout]):
    from backchannel.nlp.pipeline import make_doc

    docs = (make_doc(nlp, r.text, published=r.published) for r in readouts)
    return nlp.pipe(docs, batch_size=16)


def evaluate(nlp, readouts: list[Readout]) -> ReadoutScores:
    """Score the pipeline on ``readouts``."""
    hits, calls, call_hits, missed = 0, 0, 0, []
    for readout, doc in zip(readouts, _docs(nlp, readouts)):
        ok = found(doc._.bc_events, readout)
        hits += ok
        calls += readout.kind == "call"
        call_hits += ok and readout.kind == "call"
        if not ok:
            missed.append(readout.id)
    share = round(hits / len(readouts), 4) if readouts else 0.0
    return ReadoutScores(len(readouts), hits, share, calls, call_hits, tuple(missed))


def _print(label: str, scores: ReadoutScores) -> None:
    print(f"White House readouts, {label}: {scores.n} with a named counterpart")
    print(f"  USA-counterpart CONSULT found   {scores.share:.3f}  ({scores.found}/{scores.n})")
    print(f"  of which calls (mode phone)     {scores.calls_found}/{scores.calls}")


def main(argv: list[str] | None = None) -> None:
    """``--limit N``: the first N eligible readouts; ``--dictionaries DIR``: load them;
    ``--misses``: list the ids of the readouts of the ``tune`` part that were missed."""
    args = sys.argv[1:] if argv is None else argv
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    folder = args[args.index("--dictionaries") + 1] if "--dictionaries" in args else None
    path = data_path(*READOUTS)
    if path is None:
        print("shared data corpora/wh-readouts is absent; nothing to score")
        return
    from backchannel.nlp import load
    from benchmarks.events_eval import overhead

    nlp = load(dictionaries=folder) if folder else load()
    readouts = load_readouts(path, limit)
    scores = evaluate(nlp, readouts)
    _print("all", scores)
    for name in PARTS:
        part = evaluate(nlp, [r for r in readouts if part_of(r.id) == name])
        _print(name, part)
        if name == "tune" and "--misses" in args:
            print("  missed (tune):", " ".join(part.missed))
    spacy_s, full_s = overhead(nlp, [r.text for r in readouts[:100]])
    print(
        f"coding overhead on {min(100, len(readouts))} readouts: spaCy {spacy_s:.2f}s, "
        f"with backchannel {full_s:.2f}s (+{100 * (full_s / spacy_s - 1):.0f}%)"
    )


if __name__ == "__main__":
    main()
