"""Explanations: the words that drove each tag of a text, by occlusion through the real tagger.

    explain(tagger, "Ik ben woedend over de bezorging")            -> Explanation
    explain_batch(tagger, texts, causes=causes, targets=[...])      -> list[Explanation]

Method (occlusion): the text is split into words with their character offsets (a regex word splitter, emoji kept as
words, the redactor's placeholders such as [NAAM] and [EMAIL] skipped: they are never evidence). For each word a
variant of the text *without* that word is made; the original and all variants of all texts go through the real
models in one batched pass (one encoder call - identical strings are embedded once - then the tagger's heads, lexical
heads and surface features, and the cause classifier on the same embeddings). A word's weight for a tag is

    p(label | text) - p(label | text without the word)

signed: positive = the word supports the tag, negative = it speaks against it. The label is the model's predicted
class, or a label given in ``targets`` (the tag stored for the turn, so the explanation matches what is shown).

Cost: one forward pass per occluded unit plus one. A text of more than ``max_units`` words (default 40) is cut into
at most ``max_units`` runs of consecutive words (ceil(words / max_units) words each), and each run is occluded as
one unit: a 400-word e-mail costs 41 passes, not 401, and its attributions are phrases rather than words.
Tasks: ``emotion`` and ``phase`` always; ``cause`` where a cause classifier is given, the text can name a cause
(three words or more, as the classifier reads turns) and the label is not "other".
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

METHOD = "occlusion"
EXPLAIN_VERSION = "occl-1"  # bump when the method changes: cached explanations are keyed on it
MAX_UNITS = 40
TOP_K = 3
TASKS = ("emotion", "phase", "cause")

# words (letters/digits, joined by ' ’ or -), emoji, and the redactor's placeholders (matched to be skipped)
_PLACEHOLDER = r"\[[A-Z_]{2,}\]"
_UNIT = re.compile(rf"({_PLACEHOLDER})|[^\W_]+(?:['’\-][^\W_]+)*|[\U0001f300-\U0001faff\u2600-\u27bf]")
_CLOSE = frozenset(".,!?;:)]}'\"’”…")


@dataclass(frozen=True)
class Attribution:
    start: int  # character offsets into the explained text: text[start:end] == self.text
    end: int
    text: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TagExplanation:
    task: str  # emotion | phase | cause
    label: str
    probability: float  # p(label | text)
    predicted: bool  # label is the model's own top class for this text
    attributions: list[Attribution] = field(default_factory=list)  # in text order
    top: list[str] = field(default_factory=list)  # the supporting units, strongest first (at most TOP_K)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Explanation:
    tags: list[TagExplanation]
    units: int  # occluded units (forward passes = units + 1)
    words_per_unit: int  # 1, or more where a long text was occluded in runs of words
    method: str = METHOD

    def tag(self, task: str) -> TagExplanation | None:
        return next((t for t in self.tags if t.task == task), None)

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "units": self.units, "words_per_unit": self.words_per_unit,
                "tags": [t.to_dict() for t in self.tags]}


def explainer_version(tagger: Any, causes: Any = None) -> str:
    """What a cached explanation depends on: tagger, cause classifier and method versions."""
    parts = [tagger.model_version, causes.model_version if causes is not None else "nocause", EXPLAIN_VERSION]
    return "+".join(parts)


def words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``, placeholders left out."""
    return [m.span() for m in _UNIT.finditer(text) if m.group(1) is None]


def units(text: str, max_units: int = MAX_UNITS) -> tuple[list[tuple[int, int]], int]:
    """The occluded units: the words, or runs of consecutive words where there are more than ``max_units``."""
    spans = words(text)
    size = max(1, math.ceil(len(spans) / max_units)) if max_units > 0 else 1
    if size == 1:
        return spans, 1
    return [(spans[i][0], spans[min(i + size, len(spans)) - 1][1]) for i in range(0, len(spans), size)], size


def without(text: str, start: int, end: int) -> str:
    """``text`` with ``text[start:end]`` removed, and the space it leaves behind with it."""
    left, right = text[:start], text[end:]
    if left.endswith((" ", "\t")) and (not right or right[0] in " \t\n" or right[0] in _CLOSE):
        left = left.rstrip(" \t")
    elif not left and right.startswith(" "):
        right = right.lstrip(" ")
    return left + right


def explain(tagger: Any, text: str, *, causes: Any = None, targets: Mapping[str, str] | None = None,
            max_units: int = MAX_UNITS) -> Explanation:
    """The explanation of one text (see :func:`explain_batch`)."""
    return explain_batch(tagger, [text], causes=causes, targets=[targets or {}], max_units=max_units)[0]


def explain_batch(tagger: Any, texts: Sequence[str], *, causes: Any = None,
                  targets: Sequence[Mapping[str, str]] | None = None, max_units: int = MAX_UNITS,
                  top_k: int = TOP_K) -> list[Explanation]:
    """Occlusion explanations of ``texts``: every variant of every text in one batched pass through the models.

    ``targets[i]``: labels to explain per task for text i (e.g. the stored tag's ``{"emotion": "anger"}``); a task
    without one explains the predicted class. ``causes``: a models.causes.CauseClassifier sharing the tagger's
    encoder, for the ``cause`` task.
    """
    texts = list(texts)
    if not texts:
        return []
    targets = list(targets) if targets is not None else [{} for _ in texts]
    if len(targets) != len(texts):
        raise ValueError(f"{len(targets)} targets for {len(texts)} texts")
    plans = [units(t, max_units) for t in texts]
    variants: list[str] = []
    offsets: list[int] = []
    for text, (spans, _) in zip(texts, plans, strict=True):
        offsets.append(len(variants))
        variants.append(text)
        variants += [without(text, s, e) for s, e in spans]

    probs: dict[str, np.ndarray] = {}
    labels: dict[str, tuple[str, ...]] = {}
    encoder = tagger.encoder
    if encoder is None:
        raise RuntimeError("explanations need a tagger loaded with its encoder")
    if causes is not None:
        from models.causes import _usable as usable
        from models.causes import clean_text

        cleaned = [clean_text(v) or v for v in variants]
        emb = encoder.encode(variants + cleaned)  # one pass; identical strings are embedded once
        emb_tag, emb_cause = emb[: len(variants)], emb[len(variants):]
        probs["cause"] = causes.proba_from_embeddings(emb_cause, cleaned)
        labels["cause"] = tuple(causes.head.labels)
    else:
        emb_tag = encoder.encode(variants)
    p = tagger.probabilities(tagger.features_from_embeddings(emb_tag, variants), variants)
    probs["emotion"], probs["phase"] = p.emotion, p.phase
    labels["emotion"], labels["phase"] = tagger.heads["emotion"].labels, tagger.heads["phase"].labels

    out = []
    for i, text in enumerate(texts):
        spans, size = plans[i]
        row = offsets[i]
        tags = []
        for task in TASKS:
            if task not in probs:
                continue
            base = probs[task][row]
            own = int(base.argmax())
            want = targets[i].get(task)
            k = labels[task].index(want) if want in labels[task] else own
            if task == "cause" and (labels[task][k] == "other" or not usable(clean_text(text))):
                continue
            drops = base[k] - probs[task][row + 1: row + 1 + len(spans), k]
            attributions = [Attribution(s, e, text[s:e], round(float(w), 4))
                            for (s, e), w in zip(spans, drops, strict=True)]
            ranked = sorted((a for a in attributions if a.weight > 0), key=lambda a: -a.weight)
            tags.append(TagExplanation(task, labels[task][k], round(float(base[k]), 4), k == own, attributions,
                                       [a.text for a in ranked[:top_k]]))
        out.append(Explanation(tags, len(spans), size))
    return out


def deletion_check(tagger: Any, texts: Sequence[str], k: int = 3, draws: int = 3, seed: int = 5
                   ) -> tuple[float, float, int]:
    """A faithfulness check: the mean drop of the predicted emotion's probability when the top-k units of the
    explanation are removed together, next to the drop when k random units are (averaged over ``draws``). Texts
    with k units or fewer are left out. Returns (top-k drop, random-k drop, texts measured)."""
    import random

    rng = random.Random(seed)
    found = explain_batch(tagger, texts)
    variants, owners = [], []
    for i, (text, e) in enumerate(zip(texts, found, strict=True)):
        tag = e.tag("emotion")
        assert tag is not None
        if len(tag.attributions) <= k:
            continue
        top = sorted(tag.attributions, key=lambda a: -a.weight)[:k]
        chosen = [top] + [rng.sample(tag.attributions, k) for _ in range(draws)]
        for group in chosen:
            v = text
            for a in sorted(group, key=lambda a: -a.start):
                v = without(v, a.start, a.end)
            variants.append(v)
        owners.append((i, tag.label, tag.probability))
    if not owners:
        return 0.0, 0.0, 0
    p = tagger.predict_proba(variants)
    labels = tagger.heads["emotion"].labels
    top_drops, random_drops = [], []
    for j, (_, label, base) in enumerate(owners):
        rows = p[j * (draws + 1):(j + 1) * (draws + 1), labels.index(label)]
        top_drops.append(base - rows[0])
        random_drops.append(float(np.mean(base - rows[1:])))
    return float(np.mean(top_drops)), float(np.mean(random_drops)), len(owners)
