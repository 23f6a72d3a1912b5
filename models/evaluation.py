"""Quality figures: per-class precision / recall / F1 and macro-F1, at fine and coarse levels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.data import Corpus
from models.tagger import TagResult
from models.taxonomy import (
    COARSE_EMOTION,
    COARSE_EMOTION_IDS,
    EMOTION_BY_ID,
    EMOTION_IDS,
    PHASE_IDS,
    STDC_IDS,
    VALENCE_LABELS,
    stdc_of,
)


@dataclass
class ClassScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Report:
    task: str
    classes: list[ClassScores]
    macro_f1: float
    accuracy: float
    n: int

    def format(self) -> str:
        lines = [f"== {self.task} (n={self.n}) ==", f"{'class':<18}{'prec':>7}{'rec':>7}{'f1':>7}{'n':>6}"]
        for c in self.classes:
            lines.append(f"{c.label:<18}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.support:>6}")
        lines.append(f"{'macro-F1':<18}{'':>14}{self.macro_f1:>7.3f}")
        lines.append(f"{'accuracy':<18}{'':>14}{self.accuracy:>7.3f}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "task": self.task,
            "n": self.n,
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "classes": {
                c.label: {"precision": round(c.precision, 4), "recall": round(c.recall, 4),
                          "f1": round(c.f1, 4), "support": c.support}
                for c in self.classes
            },
        }


def classification_report(task: str, gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> Report:
    """Macro-F1 over the labels that occur in the gold data (absent classes would only add zeros)."""
    gold_a, pred_a = np.asarray(gold), np.asarray(pred)
    classes = []
    for lab in labels:
        tp = int(((gold_a == lab) & (pred_a == lab)).sum())
        fp = int(((gold_a != lab) & (pred_a == lab)).sum())
        fn = int(((gold_a == lab) & (pred_a != lab)).sum())
        support = tp + fn
        if support == 0:
            continue
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / support
        f = 2 * p * r / (p + r) if p + r else 0.0
        classes.append(ClassScores(lab, p, r, f, support))
    macro = float(np.mean([c.f1 for c in classes])) if classes else 0.0
    acc = float((gold_a == pred_a).mean()) if len(gold_a) else 0.0
    return Report(task, classes, macro, acc, len(gold_a))


def evaluate(corpus: Corpus, results: Sequence[TagResult]) -> dict[str, Report]:
    """All reports for a labelled corpus and the tagger's results on it (same order)."""
    reports: dict[str, Report] = {}
    emo = [(e.emotion, r.emotion) for e, r in zip(corpus, results, strict=True) if e.emotion]
    if emo:
        g, p = zip(*emo, strict=True)
        reports["emotion"] = classification_report("emotion", g, p, EMOTION_IDS)
        reports["emotion_coarse"] = classification_report(
            "emotion (5 coarse classes)", [COARSE_EMOTION[x] for x in g], [COARSE_EMOTION[x] for x in p],
            COARSE_EMOTION_IDS,
        )
    val = [(EMOTION_BY_ID[e.emotion].valence_label, r.valence_label)
           for e, r in zip(corpus, results, strict=True) if e.emotion]
    if val:
        g, p = zip(*val, strict=True)
        reports["valence"] = classification_report("valence", g, p, VALENCE_LABELS)
    ph = [(e.phase, r.phase) for e, r in zip(corpus, results, strict=True) if e.phase]
    if ph:
        g, p = zip(*ph, strict=True)
        reports["phase"] = classification_report("phase", g, p, PHASE_IDS)
        reports["stdc"] = classification_report(
            "stdc", [stdc_of(x) for x in g], [stdc_of(x) for x in p], STDC_IDS
        )
    inten = [(e.intensity, r.intensity) for e, r in zip(corpus, results, strict=True) if e.intensity]
    if inten:
        g, p = zip(*inten, strict=True)
        reports["intensity"] = classification_report(
            "intensity", [str(x) for x in g], [str(x) for x in p], ["1", "2", "3", "4", "5"]
        )
    return reports


def intensity_mae(corpus: Corpus, results: Sequence[TagResult]) -> float | None:
    pairs = [(e.intensity, r.intensity) for e, r in zip(corpus, results, strict=True) if e.intensity]
    if not pairs:
        return None
    return float(np.mean([abs(a - b) for a, b in pairs]))
