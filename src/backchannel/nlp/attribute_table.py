"""The attribute ruler answered from a table: spaCy's output at a tenth of its cost.

spaCy's ``attribute_ruler`` gives the English pipelines their universal parts of speech and
morphology (from the fine tags) and a few lemma exceptions. It runs a Matcher over every
token and sets each match through the Python token API, about a tenth of
``en_core_web_sm``'s time. Nearly all its patterns look at one token alone, and only at its
tag, lowercase form, dependency label and whether it is whitespace: :class:`AttributeTable`
answers those from a table keyed by the four values (filled as new combinations are met) and
writes parts of speech, morphology and lemmas as arrays. The few patterns that span tokens,
or test anything else, keep a Matcher of their own. Later patterns win, as in spaCy's.

The rules are the model's own, never a copy: :func:`install` takes the loaded pipeline's
ruler and puts the table in its place, under the same name, so the components that follow
(the lemmatizer reads the parts of speech) and the sentence selection see what they saw.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["FACTORY", "AttributeTable", "install"]

#: the factory of the table, registered with spaCy
FACTORY = "backchannel_attribute_table"
#: the token values a one-token pattern may test, in the order of the table's key
_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_KEY_IDS = [TAG, LOWER, DEP, IS_SPACE]
#: the attributes written as arrays; any other a pattern sets goes through the token API
_ARRAY_IDS = (POS, MORPH, LEMMA)
#: key combinations remembered before the table starts afresh (a few MB; a miss is cheap)
_TABLE_LIMIT = 20_000


@dataclass(frozen=True, slots=True)
class _Rule:
    """One pattern of one token: its place in the ruler's order, tests and attributes."""

    order: int
    tests: tuple[tuple[int, object], ...]  # (index in the key, expected value or predicate)

    def matches(self, values: tuple) -> bool:
        return all(_passes(values[i], want) for i, want in self.tests)


def _passes(value, want) -> bool:
    if isinstance(want, dict):
        if "IN" in want:
            return value in want["IN"]
        if "NOT_IN" in want:
            return value not in want["NOT_IN"]
        return re.search(want["REGEX"], value) is not None
    return value == want


def _one_token(pattern: list[dict]) -> tuple[tuple[int, object], ...] | None:
    """The tests of a one-token pattern the table can answer, or None."""
    if len(pattern) != 1:
        return None
    tests = []
    for key, want in pattern[0].items():
        if key not in _KEYS or not _simple(want):
            return None
        tests.append((_KEYS.index(key), want))
    return tuple(tests)


def _openers(pattern: list[dict], found: set[int] | None, strings) -> set[int] | None:
    """``found`` with the words of which ``pattern`` needs one (None once a pattern may match
    with any words): the forms of its first token that tests the word by a form or list."""
    if found is None or any("OP" in token for token in pattern):
        return None
    for token in pattern:
        want = token.get("LOWER")
        if isinstance(want, str) or (isinstance(want, dict) and set(want) == {"IN"}):
            forms = [want] if isinstance(want, str) else want["IN"]
            return found | {strings.add(form) for form in forms}
    return None


def _simple(want) -> bool:
    if not isinstance(want, dict):
        return isinstance(want, str | bool)
    return len(want) == 1 and next(iter(want)) in ("IN", "NOT_IN", "REGEX")


class AttributeTable:
    """A drop-in for spaCy's :class:`~spacy.pipeline.AttributeRuler` with the same output.

    The patterns live in an inner ruler (which also saves and loads them); the table is
    compiled from them on :meth:`add_patterns` and :meth:`from_disk`.
    """

    def __init__(self, vocab, name: str = "attribute_ruler") -> None:
        self.vocab, self.name = vocab, name
        self.ruler = AttributeRuler(vocab, name)
        self._compile()

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        self.ruler.add_patterns(patterns)
        self._compile()

    @property
    def patterns(self) -> list[dict]:
        return self.ruler.patterns

    def _compile(self) -> None:
        self._rules: list[_Rule] = []
        self._other = Matcher(self.vocab)
        order, openers = 0, set()
        for entry in self.ruler.patterns:
            for pattern in entry["patterns"]:
                tests = _one_token(pattern) if not entry.get("index", 0) else None
                if tests is None:
                    self._other.add(str(order), [pattern])
                    openers = _openers(pattern, openers, self.vocab.strings)
                else:
                    self._rules.append(_Rule(order, tests))
            order += 1
        #: the lowercase hashes of the words that open the other rules (None: any word may)
        self._openers: set[int] | None = openers
        self._index()
        self._table: dict[tuple, tuple[int, ...]] = {}
        self._by_shape: dict[tuple, tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict] = {}

    def _index(self) -> None:
        """Sort the one-token rules by what they read of the word: nothing (``_shape``), an
        exact form or a list of forms (``_by_lower``), anything else (``_anyword``)."""
        self._shape: list[_Rule] = []
        self._anyword: list[_Rule] = []
        self._by_lower: dict[str, list[_Rule]] = {}
        lower = _KEYS.index("LOWER")
        for rule in self._rules:
            want = dict(rule.tests).get(lower)
            if want is None:
                self._shape.append(rule)
            elif isinstance(want, str) or (isinstance(want, dict) and "IN" in want):
                for form in [want] if isinstance(want, str) else want["IN"]:
                    self._by_lower.setdefault(form, []).append(rule)
            else:
                self._anyword.append(rule)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows, where = numpy.unique(doc.to_array(_KEY_IDS), axis=0, return_inverse=True)
        where = where.reshape(-1)
        hits = [self._orders(tuple(row)) for row in rows.tolist()]
        extra = self._spanning(doc) if self._may_span(rows) else {}
        merged = [self._merge(hit) for hit in hits]
        values = doc.to_array(list(_ARRAY_IDS))
        for column, attr in enumerate(_ARRAY_IDS):
            has = numpy.array([attr in m for m in merged])
            if has.any():
                new = numpy.array([m.get(attr, 0) for m in merged], dtype=values.dtype)
                values[:, column] = numpy.where(has[where], new[where], values[:, column])
        tokens = {i: self._merge(self._with(hits[where[i]], more)) for i, more in extra.items()}
        for i, attrs in tokens.items():
            for column, attr in enumerate(_ARRAY_IDS):
                if attr in attrs:
                    values[i, column] = attrs[attr]
        doc.from_array(list(_ARRAY_IDS), values)
        rare = {u for u, m in enumerate(merged) if not m.keys() <= set(_ARRAY_IDS)}
        for i in numpy.flatnonzero(numpy.isin(where, list(rare))) if rare else ():
            tokens.setdefault(int(i), merged[where[i]])
        for i, attrs in tokens.items():
            others = {k: v for k, v in attrs.items() if k not in _ARRAY_IDS}
            if others:
                set_token_attrs(doc[i], others)
        return doc

    @staticmethod
    def _with(hit: tuple[int, ...], more: list[int]) -> tuple[int, ...]:
        return tuple(sorted({*hit, *more}))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000):
        for doc in docs:
            yield self(doc)

    def _orders(self, row: tuple) -> tuple[int, ...]:
        """The orders of the one-token rules a token with these key values meets."""
        found = self._table.get(row)
        if found is None:
            strings = self.vocab.strings
            values = (strings[row[0]], strings[row[1]], strings[row[2]], bool(row[3]))
            rules = self._by_lower.get(values[1], ())
            found = tuple(
                sorted(
                    {
                        *self._unworded(row[0], row[2], row[3], values),
                        *(r.order for r in (*rules, *self._anyword) if r.matches(values)),
                    }
                )
            )
            if len(self._table) >= _TABLE_LIMIT:
                self._table.clear()
            self._table[row] = found
        return found

    def _unworded(self, tag: int, dep: int, space: int, values: tuple) -> tuple[int, ...]:
        """The orders of the rules that do not read the word, met by this tag, label, space."""
        key = (tag, dep, space)
        found = self._by_shape.get(key)
        if found is None:
            found = tuple(r.order for r in self._shape if r.matches(values))
            self._by_shape[key] = found
        return found

    def _may_span(self, rows: numpy.ndarray) -> bool:
        """Whether the doc has a word that one of the other rules' matches needs."""
        if self._openers is None:
            return len(self._other) > 0
        return not self._openers.isdisjoint(rows[:, _KEYS.index("LOWER")].tolist())

    def _spanning(self, doc: Doc) -> dict[int, list[int]]:
        """token index → orders of the other rules that set it (their own Matcher)."""
        extra: dict[int, list[int]] = {}
        for match_id, start, end in self._other(doc, allow_missing=True):
            order = int(self.vocab.strings[match_id])
            index = self.ruler.indices[order]
            target = (start if index >= 0 else end) + index
            if not start <= target < end:
                raise ValueError(f"attribute rule {order} points outside its match")
            extra.setdefault(target, []).append(order)
        return extra

    def _merge(self, orders: tuple[int, ...]) -> dict:
        """The attributes that ``orders`` (ascending) leave on a token: later ones win."""
        merged = self._merged.get(orders)
        if merged is None:
            merged = {}
            for order in orders:
                merged.update(self.ruler.attrs[order])
            self._merged[orders] = merged
        return merged

    def to_disk(self, path, *, exclude=()):
        self.ruler.to_disk(path, exclude=exclude)

    def from_disk(self, path, *, exclude=()):
        self.ruler.from_disk(path, exclude=exclude)
        self._compile()
        return self

    def to_bytes(self, *, exclude=()):
        return self.ruler.to_bytes(exclude=exclude)

    def from_bytes(self, data, *, exclude=()):
        self.ruler.from_bytes(data, exclude=exclude)
        self._compile()
        return self


@Language.factory(FACTORY)
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    return AttributeTable(nlp.vocab, name)


def install(nlp: Language, name: str = "attribute_ruler") -> AttributeTable | None:
    """Put a table with the rules of ``nlp``'s attribute ruler in its place (nothing when the
    pipeline has no spaCy attribute ruler by that name)."""
    if name not in nlp.pipe_names or not isinstance(nlp.get_pipe(name), AttributeRuler):
        return None
    patterns = nlp.get_pipe(name).patterns
    table = nlp.replace_pipe(name, FACTORY)
    table.add_patterns(patterns)
    return table
