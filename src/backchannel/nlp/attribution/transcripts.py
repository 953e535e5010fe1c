"""Speaker turns in transcripts printed inside news stories.

Interview and debate transcripts label each turn with the speaker's name in capitals and
a colon at the start of a paragraph::

    "WALLACE: Do you really see those two as equivalent?

    "PENCE: Well, look, you know, Mark Cuban has been out there…

Each such turn is a statement (a bare "Q:" or "A:" is not: its speaker is unnamed): the
label is its source, the colon its cue and the rest of the paragraph its content (PolNeAR
annotates them so). Labels that never name a speaker ("UPDATE:", "WATCH:", "BYLINE:") are
listed in ``data/attribution/transcripts.yaml``. Any other label must open more than one
turn, or one of its words must appear in the story written as a name ("Chris Wallace",
"said Pence"); a single label in the story's first two lines is a dateline or a headline
("WASHINGTON: …").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from backchannel import data as packaged

Range = tuple[int, int]

_WORD = r"[A-Z][A-Z.'’-]"
_LABEL = re.compile(
    rf"""(?m)^[ \t]*["“]?[ \t]*(?P<label>{_WORD}+(?:[ \t]+{_WORD}*){{0,3}})(?P<colon>:)[ \t]+\S"""
)


@dataclass(frozen=True)
class Turn:
    """One labelled turn: character ranges of the speaker label, the colon and the words spoken."""

    label: Range
    colon: Range
    content: Range


def speaker_turns(text: str) -> list[Turn]:
    """Every paragraph of ``text`` that opens with a capitalised speaker label and a colon,
    when the label opens several turns or names someone the story names in ordinary case."""
    matches = [m for m in _LABEL.finditer(text) if m.group("label").upper() not in _not_speakers()]
    repeated = Counter(m.group("label") for m in matches)
    turns = []
    for match in matches:
        label = match.group("label")
        if repeated[label] < 2 and (
            _opens_story(text, match.start()) or not _named_elsewhere(text, label)
        ):
            continue
        start = match.end() - 1
        line_end = text.find("\n", start)
        end = start + len(text[start : len(text) if line_end < 0 else line_end].rstrip())
        turns.append(Turn(match.span("label"), match.span("colon"), (start, end)))
    return turns


@lru_cache(maxsize=1)
def _not_speakers() -> frozenset[str]:
    """Labels that name no speaker ("UPDATE", "WATCH"), from the packaged ``transcripts.yaml``."""
    labels = packaged.load_yaml("attribution/transcripts.yaml")["not_speakers"]
    return frozenset(label.upper() for label in labels)


def _opens_story(text: str, at: int) -> bool:
    """Whether ``at`` lies in the story's first two lines (a headline and the first
    paragraph), where "WASHINGTON: The US said…" is a dateline and "UN: PEACEKEEPERS
    PAYING…" a headline, not a turn."""
    return sum(1 for line in text[:at].splitlines() if line.strip()) < 2


def _named_elsewhere(text: str, label: str) -> bool:
    """Whether a word of ``label`` ("JAKE TAPPER") occurs in ``text`` as a name ("Tapper"):
    capitalised inside a sentence ("said Tapper", "Jake Tapper", "” Tapper said"). At the
    start of a sentence or line any word is capitalised ("Video shows…"), so those do not count."""
    words = [w.strip(".'’-") for w in label.split()]
    names = [w[0] + w[1:].lower() for w in words if len(w) >= 3]
    found = (m.start() for name in names for m in re.finditer(rf"\b{re.escape(name)}\b", text))
    return any(_inside_sentence(text, at) for at in found)


def _inside_sentence(text: str, at: int) -> bool:
    before = text[max(0, at - 80) : at].rstrip(
        " \t\xa0"
    )  # the words just before, not the whole story
    return bool(before) and before[-1] not in ".!?\n" and not before.endswith(('\n"', "\n“"))
