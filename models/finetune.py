"""Full fine-tuning of the encoder, as a measured alternative for the model card (``voc compare --finetune``).

The committed tagger keeps the encoder frozen: the issue forbids committing encoder weights (it is rebuilt at
set-up), so a fine-tuned encoder could not ship. This experiment answers whether that costs quality: the same
encoder (cut to the same layers) is fine-tuned end to end with an emotion and a phase head (multi-task,
mean pooling, AdamW, linear warm-up/decay) on a split of the training data and scored exactly like the
frozen variants.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.data import Corpus
from models.encoder.encoder import QUERY_PREFIX, _load_model
from models.evaluation import evaluate
from models.taxonomy import EMOTION_BY_ID, EMOTION_IDS, PHASE_IDS

log = logging.getLogger(__name__)


def _predict(model, tok, heads, texts: list[str], max_length: int, batch: int = 64):
    import torch

    emo_out, ph_out = [], []
    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.inference_mode():
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            enc = tok([QUERY_PREFIX + texts[i] for i in idx], padding=True, truncation=True,
                      max_length=max_length, return_tensors="pt")
            pooled = _pool(model(**enc).last_hidden_state, enc["attention_mask"])
            emo_out.append((idx, heads[0](pooled).argmax(-1).tolist()))
            ph_out.append((idx, heads[1](pooled).argmax(-1).tolist()))
    emo, ph = [""] * len(texts), [""] * len(texts)
    for (idx, e), (_, p) in zip(emo_out, ph_out, strict=True):
        for i, a, b in zip(idx, e, p, strict=True):
            emo[i], ph[i] = EMOTION_IDS[a], PHASE_IDS[b]
    return emo, ph


def _pool(hidden, mask):
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


def score(corpus: Corpus, emo: list[str], ph: list[str]) -> dict[str, float]:
    """Macro-F1s exactly as models.evaluation computes them for the tagger (valence from the top emotion)."""
    results = [_Predicted(e, EMOTION_BY_ID[e].valence_label, p) for e, p in zip(emo, ph, strict=True)]
    reports = evaluate(corpus, results)  # type: ignore[arg-type]
    return {k: reports[k].macro_f1 for k in ("emotion", "valence", "emotion_coarse", "phase", "stdc") if k in reports}


@dataclass
class _Predicted:
    """The fields of a TagResult that the emotion, valence and phase reports read."""

    emotion: str
    valence_label: str
    phase: str
    intensity: int = 1  # not predicted here; the intensity report is ignored


def finetune_and_score(
    checkpoint: str | Path,
    train: Corpus,
    evals: Mapping[str, Corpus],
    layers: int | None,
    seed: int = 13,
    epochs: int = 3,
    lr: float = 5e-5,
    batch_size: int = 16,
    max_length: int = 128,
) -> dict[str, dict[str, float]]:
    """Fine-tune on ``train`` and return {eval name: {task: macro-F1}}."""
    import torch
    from transformers import AutoTokenizer

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    tok = AutoTokenizer.from_pretrained(str(checkpoint))
    model = _load_model(checkpoint, layers)
    dim = model.config.hidden_size
    heads = (torch.nn.Linear(dim, len(EMOTION_IDS)), torch.nn.Linear(dim, len(PHASE_IDS)))
    params = [*model.parameters(), *heads[0].parameters(), *heads[1].parameters()]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * ((len(train) + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1,
                                                anneal_strategy="linear")
    texts = train.texts
    y_e = torch.tensor([EMOTION_IDS.index(e.emotion) for e in train])
    y_p = torch.tensor([PHASE_IDS.index(e.phase) for e in train])
    t0 = time.perf_counter()
    with torch.enable_grad():
        for epoch in range(epochs):
            model.train()
            perm = rng.permutation(len(texts))
            total = 0.0
            for s in range(0, len(perm), batch_size):
                idx = perm[s : s + batch_size].tolist()
                enc = tok([QUERY_PREFIX + texts[i] for i in idx], padding=True, truncation=True,
                          max_length=max_length, return_tensors="pt")
                pooled = _pool(model(**enc).last_hidden_state, enc["attention_mask"])
                loss = torch.nn.functional.cross_entropy(heads[0](pooled), y_e[idx]) + \
                    torch.nn.functional.cross_entropy(heads[1](pooled), y_p[idx])
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                opt.step()
                sched.step()
                total += float(loss.detach()) * len(idx)
            log.info("fine-tune epoch %d/%d loss %.3f (%.0f s)", epoch + 1, epochs, total / len(texts),
                     time.perf_counter() - t0)
    return {name: score(c, *_predict(model, tok, heads, c.texts, max_length)) for name, c in evals.items()}
