"""A trained tagger for attribution spans (PolNeAR's source, cue and content).

The rule finder (:mod:`.rules`) reads spans off the parse; its cue list
has a long tail and its content edges are often a token off. This tagger is a linear-chain
CRF over the tokens of a whole article with BIO labels per role (``B-cue``, ``I-content``,
…). Its features are the parse around each token (word, lemma, tags, dependency, head),
quote marks, and the rule finder's own spans and cue probability, so the CRF learns where
the rules go wrong. ``benchmarks/train_tagger.py`` trains it on PolNeAR train; the model
file is ``tagger.crfsuite`` in the ``backchannel-models`` distribution (found by
``backchannel.models.locate``). Without python-crfsuite or the model file, ``tagger()``
returns None and callers keep the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from backchannel.models import locate
from backchannel.nlp.attribution.quotes import find_quotes, quoted_tokens
from backchannel.nlp.attribution.spans import Attribution
from backchannel.nlp.attribution.stance import cue_model
from backchannel.vocab import ROLES

__all__ = ["MODEL_PATH", "TaggedSpan", "Tagger", "doc_features", "gold_labels", "tagger"]

#: The CRF's file, relative to the models folder (``backchannel.models.locate``).
MODEL_PATH = Path("tagger.crfsuite")
_QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``"})


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """One predicted span: its role and token range [start, end)."""

    role: str
    start: int
    end: int


# --- features -------------------------------------------------------------------------


def doc_features(
    doc: Doc,
    attributions: Iterable,
    quoted: set[int] | None = None,
    probabilities: list[float] | None = None,
) -> list[dict[str, object]]:
    """One feature dict per token of ``doc``; ``attributions`` are the rule finder's,
    unfinished (``attribution.parse_attributions(doc)``); the quoted tokens and each
    token's cue probability are computed here unless the finder passes its own."""
    rules = _rule_labels(doc, attributions)
    if quoted is None:
        quoted = quoted_tokens(doc, find_quotes(doc.text))
    if probabilities is None:
        model = cue_model()
        probabilities = [model.probability(t, t.i in quoted) for t in doc]
    own = [_token_features(t, t.i in quoted, rules[t.i], probabilities[t.i]) for t in doc]
    return [_with_context(own, rules, i) for i in range(len(own))]


def _token_features(token: Token, in_quote: bool, rule: str, probability: float) -> dict:
    head = token.head
    return {
        "lower": token.lower_,
        "lemma": token.lemma_.lower(),
        "pos": token.pos_,
        "tag": token.tag_,
        "dep": token.dep_,
        "shape": token.shape_[:4],
        "title": token.is_title,
        "punct": token.is_punct,
        "quote": token.text in _QUOTE_MARKS,
        "inq": in_quote,
        "head.lemma": head.lemma_.lower(),
        "head.pos": head.pos_,
        "head.dep": head.dep_,
        "dep|head": f"{token.dep_}|{head.lemma_.lower()}",
        "sent.first": token.is_sent_start,
        "sent.last": token.i + 1 == token.sent.end,
        "cue.p": round(probability, 1),
        "cue.hi": probability >= 0.5,
        "rule": rule,
        "rule.head": _rule_role(rule),
    }


def _rule_role(label: str) -> str:
    return label[2:] if label != "O" else "O"


def _with_context(own: list[dict], rules: list[str], i: int) -> dict[str, object]:
    features = dict(own[i])
    for offset in (-2, -1, 1, 2):
        j = i + offset
        if 0 <= j < len(own):
            other = own[j]
            for key in ("lower", "pos", "dep", "rule", "quote"):
                features[f"{offset}:{key}"] = other[key]
        else:
            features[f"{offset}:edge"] = True
    features["rule-1|rule"] = f"{rules[i - 1] if i else '^'}|{rules[i]}"
    return features


def _rule_labels(doc: Doc, attributions: Iterable) -> list[str]:
    """BIO labels of the rule finder's outermost spans (cue first, then source, content)."""
    labels = ["O"] * len(doc)
    for attribution in attributions:
        if attribution.nested:
            continue
        _mark(labels, "cue", [attribution.cue])
        if attribution.source is not None:
            _mark(labels, "source", [attribution.source])
        _mark(labels, "content", [_tokens_of(doc, f) for f in attribution.content])
    return labels


def _tokens_of(doc: Doc, fragment: tuple[int, int]) -> tuple[int, int] | None:
    span = doc.char_span(fragment[0], fragment[1], alignment_mode="expand")
    return (span.start, span.end) if span is not None else None


def _mark(labels: list[str], role: str, ranges: Iterable) -> None:
    for token_range in ranges:
        if token_range is None:
            continue
        start, end = token_range
        if any(label != "O" for label in labels[start:end]):
            continue
        labels[start] = f"B-{role}"
        for i in range(start + 1, end):
            labels[i] = f"I-{role}"


def gold_labels(doc: Doc, attributions: Iterable) -> list[str]:
    """BIO labels for the annotated spans of one annotator (PolNeAR character fragments);
    where spans overlap, cues win over sources and sources over contents."""
    labels = ["O"] * len(doc)
    attributions = list(attributions)
    for role in ("cue", "source", "content"):
        for attribution in attributions:
            _mark(labels, role, [_tokens_of(doc, f) for f in getattr(attribution, role)])
    return labels


# --- the model ------------------------------------------------------------------------


class Tagger:
    """The trained CRF: labels for a doc's tokens, decoded to spans."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def labels(self, features: list[dict[str, object]]) -> list[str]:
        """The most likely BIO label per token."""
        return self._tagger.tag(features) if features else []

    def spans(
        self,
        doc: Doc,
        attributions: Iterable,
        quoted: set[int] | None = None,
        probabilities: list[float] | None = None,
    ) -> list[TaggedSpan]:
        """The predicted spans of ``doc`` in text order."""
        return decode(self.labels(doc_features(doc, attributions, quoted, probabilities)))


def decode(labels: list[str]) -> list[TaggedSpan]:
    """Spans from BIO labels; an ``I-`` with no matching span open starts one."""
    spans: list[TaggedSpan] = []
    role, start = None, 0
    for i, label in enumerate(labels + ["O"]):
        kind, _, this = label.partition("-")
        if role is not None and (kind != "I" or this != role):
            spans.append(TaggedSpan(role, start, i))
            role = None
        if kind in ("B", "I") and role is None:
            role, start = this, i
    return spans


@lru_cache(maxsize=1)
def tagger() -> Tagger | None:
    """The trained tagger, or None when python-crfsuite or the model file is missing.
    Raises ``ConfigError`` when the models package is missing or of another version."""
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return None
    path = locate(MODEL_PATH)
    return Tagger(path) if path.exists() else None


# --- combining with the rules ---------------------------------------------------------


def refine(doc: Doc, attributions: list, spans: list[TaggedSpan], sure=frozenset()) -> list:
    """Combine the rule attributions with the tagger's spans. Measured on PolNeAR dev, the
    rules draw cue and content edges better and the tagger judges better which cues and
    sources are real: an outermost rule attribution whose cue the tagger does not tag is
    dropped, its source is replaced by the tagger's overlapping source (or dropped when the
    tagger sees none there), a missing source is filled from the tagger's nearest one, and
    the tagger's cues the rules missed are added with the nearest source and content.
    Attributions whose cue range is in ``sure`` (lexicon cues) are kept as they are."""
    by_role = {role: [s for s in spans if s.role == role] for role in ROLES}
    kept = [_refined(doc, a, by_role, a.cue in sure) for a in attributions]
    kept = [a for a in kept if a is not None]
    return kept + _extra(doc, kept, by_role)


def _refined(doc: Doc, attribution, by_role: dict[str, list[TaggedSpan]], sure: bool):
    from dataclasses import replace

    if attribution.nested or attribution.implicit:
        return attribution
    cue = _overlapping(by_role["cue"], attribution.cue)
    if cue is None and not sure:
        return None
    cue = cue or TaggedSpan("cue", *attribution.cue)
    if attribution.source is not None:
        tagged = _overlapping(by_role["source"], attribution.source)
    else:
        tagged = _nearest(by_role["source"], cue, doc[cue.start].sent, set())
    source = (tagged.start, tagged.end) if tagged is not None else None
    return replace(attribution, source=source)


def _overlapping(spans: list[TaggedSpan], token_range: tuple[int, int]) -> TaggedSpan | None:
    start, end = token_range
    return next((s for s in spans if s.start < end and start < s.end), None)


def _extra(doc: Doc, kept: list, by_role: dict[str, list[TaggedSpan]]) -> list:
    """Attributions for the tagged cues no rule attribution holds."""
    taken = {i for a in kept for i in range(*a.cue)}
    used = {a.source for a in kept if a.source is not None}
    extra = []
    for cue in by_role["cue"]:
        if taken & set(range(cue.start, cue.end)):
            continue
        sent = doc[cue.start].sent
        source = _nearest(by_role["source"], cue, sent, used)
        content = _nearest(by_role["content"], cue, sent, set())
        if content is None:
            continue
        last = doc[content.end - 1]
        fragment = (doc[content.start].idx, last.idx + len(last))
        source_range = (source.start, source.end) if source is not None else None
        extra.append(Attribution((cue.start, cue.end), source_range, (fragment,)))
    return extra


def _nearest(spans: list[TaggedSpan], cue: TaggedSpan, sent, used: set) -> TaggedSpan | None:
    """The span closest to the cue within its sentence (give or take 40 tokens)."""
    near = [
        s
        for s in spans
        if s.start < sent.end + 40 and s.end > sent.start - 40 and (s.start, s.end) not in used
    ]
    return min(
        near, key=lambda s: min(abs(s.start - cue.end), abs(cue.start - s.end)), default=None
    )
