"""The CAMEO verb dictionary: synonym sets, verb blocks and their patterns, and the CAMEO
code of a verb token given the words around it.

A block (``--- DESCRIPTION [CODE] ---``) lists verbs (``FREEZE {FREEZES FROZE …} [CODE]``,
multi-word ``+CORDON_OFF`` or ``WIRE_+TAP`` with ``+`` on the verb) and patterns
(``- PRE-VERB WORDS * POST-VERB WORDS [CODE]``) that hold for every verb of the block.

Matching reads PETRARCH's patterns over tokens rather than over a constituency parse: each
word, ``{BRACED}`` word and ``(PREPOSITION NOUN)`` word of the pattern must appear, in its
order, before the verb (from the start of the sentence) or after it (to the end of the
verb's subtree when the Doc is parsed); a word matches a token's text or lemma, a ``&SYNSET``
any of its phrases. ``$``, ``+``, ``^`` and ``%`` (source, target, skipped noun phrase,
compound actor) match anything and are dropped. The pattern matching the most words wins
(the first in the file on a tie); with none, the verb's own code or its block's applies.
A code ``[A:B]`` codes ``A``; ``[:B]`` codes ``B`` with source and target swapped
(``reversed``); ``[---]`` codes nothing. Transformations (``~`` lines) are not applied.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from backchannel.nlp.dictionaries.parse import by_fields, fail, read_lines

__all__ = ["Pattern", "Verb", "VerbDictionary", "VerbMatch", "find_verb_codes", "parse_verbs"]

#: a slot: first word → the word sequences (a phrase of a synset) that start with it
Slot = dict[str, tuple[tuple[str, ...], ...]]
#: one token as the matcher sees it: (text, lemma), upper case
Key = tuple[str, str]

_CODE = re.compile(r"^(?:---|\d{2,4})?$")
_PATTERN_TOKEN = re.compile(r"[{}()]|[^\s{}()]+")
_WILDCARDS = frozenset({"$", "+", "^", "%"})


@dataclass(frozen=True, slots=True)
class Pattern:
    """One pattern line: word slots before and after the verb, and what it codes."""

    __reduce__ = by_fields

    before: tuple[Slot, ...]
    after: tuple[Slot, ...]
    code: str | None
    reversed: bool
    text: str


@dataclass(frozen=True, slots=True)
class Verb:
    """One verb of a block: its word, the words of a multi-word verb around it, its code."""

    __reduce__ = by_fields

    word: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str | None
    block: int


@dataclass(frozen=True, slots=True)
class VerbMatch:
    """The code found for a verb token (``reversed``: the target acts on the source)."""

    code: str
    reversed: bool
    pattern: str | None


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    """Verbs keyed by every form (upper case), and each block's patterns in file order."""

    verbs: dict[str, tuple[Verb, ...]]
    blocks: tuple[tuple[Pattern, ...], ...]

    def match(self, keys: Sequence[Key], i: int, lo: int, hi: int) -> VerbMatch | None:
        """The code of the verb at ``keys[i]`` with the words of ``keys[lo:hi]`` around it."""
        for verb in self._candidates(keys, i):
            start, end = i - len(verb.before), i + 1 + len(verb.after)
            if start < lo or end > hi or not _words_at(verb.before, keys, start):
                continue
            if not _words_at(verb.after, keys, i + 1):
                continue
            return _best(self.blocks[verb.block], verb, keys, (lo, start, end, hi))
        return None

    def _candidates(self, keys: Sequence[Key], i: int) -> list[Verb]:
        text, lemma = keys[i]
        found = {id(v): v for form in (lemma, text) for v in self.verbs.get(form, ())}
        return sorted(found.values(), key=lambda v: -(len(v.before) + len(v.after)))


def _best(
    patterns: tuple[Pattern, ...], verb: Verb, keys: Sequence[Key], bounds: tuple[int, ...]
) -> VerbMatch | None:
    lo, start, end, hi = bounds
    best, best_score = None, -1
    for pattern in patterns:
        before = _score(pattern.before, keys, lo, start)
        after = _score(pattern.after, keys, end, hi) if before is not None else None
        if before is not None and after is not None and before + after > best_score:
            best, best_score = pattern, before + after
    if best is not None:
        return VerbMatch(best.code, best.reversed, best.text) if best.code else None
    return VerbMatch(verb.code, False, None) if verb.code else None


def _score(slots: tuple[Slot, ...], keys: Sequence[Key], lo: int, hi: int) -> int | None:
    """How many words ``slots`` match in order within ``keys[lo:hi]``; None if one fails."""
    score, pos = 0, lo
    for slot in slots:
        found = _find(slot, keys, pos, hi)
        if found is None:
            return None
        pos, length = found
        score += length
    return score


def _find(slot: Slot, keys: Sequence[Key], lo: int, hi: int) -> tuple[int, int] | None:
    for k in range(lo, hi):
        text, lemma = keys[k]
        for first in (text, lemma) if text != lemma else (text,):
            for words in slot.get(first, ()):
                if k + len(words) <= hi and _words_at(words, keys, k):
                    return k + len(words), len(words)
    return None


def _words_at(words: tuple[str, ...], keys: Sequence[Key], start: int) -> bool:
    if start < 0 or start + len(words) > len(keys):
        return False
    return all(word in keys[start + n] for n, word in enumerate(words))


def find_verb_codes(doc: Doc, verbs: VerbDictionary) -> dict[int, VerbMatch]:
    """Token index → :class:`VerbMatch` for the verbs of ``doc`` the dictionary codes.

    In a tagged Doc only ``VERB`` tokens are read; in an untagged one, every token."""
    keys = [(t.text.upper(), (t.lemma_ or t.text).upper()) for t in doc]
    tagged, parsed = doc.has_annotation("POS"), doc.has_annotation("DEP")
    found: dict[int, VerbMatch] = {}
    sentences = doc.has_annotation("SENT_START") or parsed
    for token in doc:
        text, lemma = keys[token.i]
        if tagged and token.pos_ != "VERB":
            continue
        if text not in verbs.verbs and lemma not in verbs.verbs:
            continue
        sent = token.sent if sentences else doc[:]
        hi = min(sent.end, token.right_edge.i + 1) if parsed else sent.end
        match = verbs.match(keys, token.i, sent.start, hi)
        if match is not None:
            found[token.i] = match
    return found


# -- reading the file -------------------------------------------------------------------


@dataclass(slots=True)
class _Reader:
    path: Path
    synsets: dict[str, list[tuple[str, ...]]]
    verbs: dict[str, list[Verb]]
    blocks: list[list[Pattern]]
    warnings: list[str]
    block_code: str | None = None
    synset: str | None = None

    def line(self, lineno: int, line: str) -> None:
        text = line.strip()
        if text.startswith("&"):
            self.synset = text.split()[0].rstrip("_")  # "_": no plurals (lemmas cover them)
            self.synsets[self.synset] = []
        elif text.startswith("+") and self.synset is not None:
            self.synsets[self.synset].append(_phrase(text[1:]))
        elif text.startswith("---"):
            self.synset = None
            header = text.strip("-").strip()
            code = header[header.index("[") :] if "[" in header else "[---]"
            self.block_code = _code(self.path, lineno, code)[0]
            self.blocks.append([])
        elif text.startswith("~"):
            self.synset = None  # transformations are not applied
        elif text.startswith("-"):
            self.synset = None
            self._pattern(lineno, text[1:].strip())
        else:
            self.synset = None
            self._verb(lineno, text)

    def _verb(self, lineno: int, text: str) -> None:
        if not self.blocks:
            raise fail(self.path, lineno, f"a verb before any --- block --- header: {text!r}")
        head, _, code_part = text.partition("[")
        main, _, forms_part = head.partition("{")
        code = _code(self.path, lineno, "[" + code_part)[0] if code_part else self.block_code
        words, at = _verb_words(main.strip())
        if not words:
            raise fail(self.path, lineno, f"a verb line with no verb: {text!r}")
        verb = Verb(words[at], words[:at], words[at + 1 :], code, len(self.blocks) - 1)
        forms = {verb.word}
        for form in forms_part.split("}")[0].split():
            form_words, form_at = _verb_words(form)
            forms.update(form_words[form_at : form_at + 1])
        for form in forms:
            self.verbs.setdefault(form, []).append(verb)

    def _pattern(self, lineno: int, text: str) -> None:
        if not self.blocks:
            raise fail(self.path, lineno, f"a pattern before any --- block --- header: {text!r}")
        if "[" not in text or "*" not in text:
            raise fail(self.path, lineno, f"a pattern needs a * and a [code]: {text!r}")
        body, code_part = text[: text.rindex("[")], text[text.rindex("[") :]
        code, reversed_ = _code(self.path, lineno, code_part)
        before, _, after = body.partition("*")
        try:
            slots = (self._slots(before), self._slots(after))
        except KeyError as exc:
            self.warnings.append(f"{self.path.name}:{lineno}: undefined synset {exc}, ignored")
            return
        self.blocks[-1].append(Pattern(*slots, code, reversed_, " ".join(text.split())))

    def _slots(self, text: str) -> tuple[Slot, ...]:
        slots = []
        for word in _PATTERN_TOKEN.findall(text):
            if word in "{}()" or word in _WILDCARDS:
                continue
            phrases = self.synsets[word.rstrip("_")] if word[0] == "&" else [_phrase(word)]
            slot: dict[str, list[tuple[str, ...]]] = {}
            for phrase in phrases:
                if phrase:
                    slot.setdefault(phrase[0], []).append(phrase)
            slots.append({first: tuple(found) for first, found in slot.items()})
        return tuple(slots)


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(w for w in text.strip().upper().split("_") if w)


def _verb_words(main: str) -> tuple[tuple[str, ...], int]:
    """The words of a verb entry and the index of the verb among them (the ``+`` word)."""
    raw = [w for w in main.strip().upper().split("_") if w]
    at = next((n for n, w in enumerate(raw) if w.startswith("+")), 0)
    return tuple(w.lstrip("+") for w in raw), at


def _code(path: Path, lineno: int, text: str) -> tuple[str | None, bool]:
    """``[CODE]``, ``[A:B]`` or ``[:B]`` → (code or None for ``---``, reversed)."""
    if not text.startswith("[") or "]" not in text:
        raise fail(path, lineno, f"expected a [code], found {text!r}")
    body = text[1 : text.index("]")].strip().rstrip("!")
    first, colon, second = body.partition(":")
    if not _CODE.match(first) or (colon and not _CODE.match(second)):
        raise fail(path, lineno, f"not a CAMEO code: [{body}]")
    if first and first != "---":
        return first, False
    if colon and second and second != "---":
        return second, True
    return None, False


def parse_verbs(path: Path, warnings: list[str]) -> VerbDictionary:
    """The verb dictionary of a CAMEO ``.verbs`` file (PETRARCH-2's ``CAMEO.2.0.txt``)."""
    reader = _Reader(path, {}, {}, [], warnings)
    for lineno, line in read_lines(path):
        reader.line(lineno, line)
    return VerbDictionary(
        {form: tuple(found) for form, found in reader.verbs.items()},
        tuple(tuple(block) for block in reader.blocks),
    )
