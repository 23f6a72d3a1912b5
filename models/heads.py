"""Classifier heads on frozen sentence embeddings: softmax regression or a small MLP.

Inference is plain numpy (no torch at tag time for the heads); training uses torch. Weights live in
safetensors under ``{head}.{i}.weight/bias``; labels and shapes in the tagger's JSON config.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


def surface_features(texts: Sequence[str]) -> np.ndarray:
    """Cues an embedding of lower-cased meaning can blur: shouting, exclamation, questions, emoji, length."""
    rows = []
    for t in texts:
        letters = [c for c in t if c.isalpha()]
        caps = sum(c.isupper() for c in letters) / len(letters) if len(letters) >= 4 else 0.0
        rows.append(
            [
                min(t.count("!"), 6) / 3.0,
                min(t.count("?"), 6) / 3.0,
                caps,
                min(len(_EMOJI.findall(t)), 6) / 3.0,
                np.log1p(len(t)) / 6.0,
            ]
        )
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), 5)


N_SURFACE = 5


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class Head:
    """Dense layers with ReLU between them, softmax on top, over a fixed label list."""

    labels: tuple[str, ...]
    weights: list[np.ndarray]  # each (out, in)
    biases: list[np.ndarray]

    @property
    def hidden(self) -> list[int]:
        return [w.shape[0] for w in self.weights[:-1]]

    def logits(self, x: np.ndarray) -> np.ndarray:
        h = x
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            h = h @ w.T + b
            if i < len(self.weights) - 1:
                h = np.maximum(h, 0.0)
        return h

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return softmax(self.logits(x))

    def to_tensors(self, name: str) -> dict[str, np.ndarray]:
        out = {}
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            out[f"{name}.{i}.weight"] = np.ascontiguousarray(w, dtype=np.float32)
            out[f"{name}.{i}.bias"] = np.ascontiguousarray(b, dtype=np.float32)
        return out

    @classmethod
    def from_tensors(cls, name: str, labels: Sequence[str], tensors: dict[str, np.ndarray]) -> Head:
        weights, biases = [], []
        i = 0
        while f"{name}.{i}.weight" in tensors:
            weights.append(tensors[f"{name}.{i}.weight"])
            biases.append(tensors[f"{name}.{i}.bias"])
            i += 1
        if not weights:
            raise ValueError(f"no weights for head {name!r}")
        if weights[-1].shape[0] != len(labels):
            raise ValueError(f"head {name!r}: {weights[-1].shape[0]} outputs but {len(labels)} labels")
        return cls(tuple(labels), weights, biases)


@dataclass
class HeadConfig:
    hidden: tuple[int, ...] = (256,)
    epochs: int = 60
    lr: float = 2e-3
    weight_decay: float = 1e-3
    dropout: float = 0.2
    batch_size: int = 64
    balanced: bool = True  # weight classes inversely to their frequency
    label_smoothing: float = 0.05


def train_head(
    x: np.ndarray,
    y: Sequence[str | None],
    labels: Sequence[str],
    cfg: HeadConfig,
    seed: int,
    sample_weight: np.ndarray | None = None,
) -> Head:
    """Train one head with AdamW on (optionally weighted, class-balanced) cross-entropy."""
    import torch

    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    index = {lab: i for i, lab in enumerate(labels)}
    missing = sorted({str(v) for v in y if v not in index})
    if missing:
        raise ValueError(f"labels {missing} are not in {list(labels)}")
    yi = torch.tensor([index[str(v)] for v in y], dtype=torch.long)
    xt = torch.from_numpy(np.asarray(x, dtype=np.float32))
    sw = torch.ones(len(yi)) if sample_weight is None else torch.from_numpy(sample_weight.astype(np.float32))

    counts = torch.bincount(yi, weights=sw, minlength=len(labels)).clamp(min=1.0)
    cw = (counts.sum() / (len(labels) * counts)) if cfg.balanced else torch.ones(len(labels))
    present = torch.bincount(yi, minlength=len(labels)) > 0
    cw = torch.where(present, cw, torch.zeros_like(cw))

    dims = [xt.shape[1], *cfg.hidden, len(labels)]
    layers: list[torch.nn.Module] = []
    for i in range(len(dims) - 1):
        if i > 0:
            layers += [torch.nn.ReLU(), torch.nn.Dropout(cfg.dropout)]
        elif cfg.dropout and cfg.hidden:
            layers.append(torch.nn.Dropout(cfg.dropout / 2))
        layers.append(torch.nn.Linear(dims[i], dims[i + 1]))
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss(weight=cw, reduction="none", label_smoothing=cfg.label_smoothing)
    steps_per_epoch = max(1, (len(yi) + cfg.batch_size - 1) // cfg.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=cfg.lr, total_steps=cfg.epochs * steps_per_epoch, pct_start=0.1
    )
    net.train()
    with torch.enable_grad():  # callers may run under a global no-grad / inference mode
        for _ in range(cfg.epochs):
            perm = torch.randperm(len(yi), generator=g)
            for s in range(steps_per_epoch):
                idx = perm[s * cfg.batch_size : (s + 1) * cfg.batch_size]
                loss = (loss_fn(net(xt[idx]), yi[idx]) * sw[idx]).sum() / sw[idx].sum()
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
    net.eval()
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    return Head(
        tuple(labels),
        [m.weight.detach().numpy().copy() for m in linears],
        [m.bias.detach().numpy().copy() for m in linears],
    )

