"""Method comparison for the model card: k-fold cross-validation on the training data only.

Each variant changes one thing (head type, features, extra data). The held-out test set is scored too, for
the card, but choices are made on the cross-validation figures.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from models.data import Corpus, Example, read_jsonl
from models.encoder import Encoder
from models.evaluation import evaluate
from models.heads import Head, HeadConfig
from models.tagger import Tagger
from models.taxonomy import EMOTION_IDS, PHASE_IDS
from models.training import TrainConfig, embed_cached, features, fit_heads, fit_lexical, load_xed

TASKS = ("emotion", "valence", "phase", "emotion_coarse", "stdc")
PROXY_TASKS = ("emotion_coarse", "valence")  # scored on out-of-domain proxies (XED holdout, OpeNER)


@dataclass
class Variant:
    name: str
    kind: str = "mlp"  # mlp | prototype
    hidden: tuple[int, ...] = (256,)
    surface: bool = True
    xed_weight: float = 0.0
    epochs: int = 60
    lexical: float = 0.0  # blend weight of the TF-IDF heads


DEFAULT_VARIANTS = (
    Variant("prototypes (nearest centroid)", kind="prototype", surface=False),
    Variant("softmax regression", hidden=(), surface=False, epochs=100),
    Variant("MLP 256", surface=False),
    Variant("MLP 256 + surface cues", surface=True),
    Variant("MLP 512", hidden=(512,), surface=True),
    Variant("MLP 256 + cues + XED (w=0.3)", surface=True, xed_weight=0.3),
    Variant("TF-IDF logistic regression alone", lexical=1.0),
    Variant("MLP 256 + cues, blended 50/50 with TF-IDF", lexical=0.5),
    Variant("MLP 256 + cues + XED, blended 50/50 with TF-IDF", xed_weight=0.3, lexical=0.5),
)


@dataclass
class Row:
    variant: str
    cv: dict[str, float] = field(default_factory=dict)
    test: dict[str, float] = field(default_factory=dict)
    proxy: dict[str, float] = field(default_factory=dict)


def _prototype_heads(x: np.ndarray, corpus: Corpus) -> dict[str, Head]:
    """Class centroids as a linear head: logits = scale * cosine to each centroid."""
    heads = {}
    for name, labels, ys in (
        ("emotion", EMOTION_IDS, [e.emotion for e in corpus]),
        ("phase", PHASE_IDS, [e.phase for e in corpus]),
        ("intensity", ("1", "2", "3", "4", "5"), [str(e.intensity) for e in corpus]),
    ):
        y = np.asarray(ys)
        cents = np.stack(
            [x[y == lab].mean(axis=0) if (y == lab).any() else np.zeros(x.shape[1]) for lab in labels]
        )
        cents /= np.linalg.norm(cents, axis=1, keepdims=True).clip(min=1e-9)
        heads[name] = Head(tuple(labels), [20.0 * cents.astype(np.float32)], [np.zeros(len(labels), np.float32)])
    return heads


def _fit(v: Variant, base: TrainConfig, x, corpus, aux_x, aux) -> Tagger:
    cfg = copy.deepcopy(base)
    cfg.lexical.weight = v.lexical
    lexical = fit_lexical(cfg.lexical, corpus, cfg.seed)
    config = {"model_version": "cv", "lexical": {"weight": {k: v.lexical for k in lexical}}}
    if v.kind == "prototype":
        return Tagger(None, _prototype_heads(x, corpus), config, lexical)
    for name in cfg.heads:
        h = cfg.heads[name]
        cfg.heads[name] = HeadConfig(**{**vars(h), "hidden": v.hidden, "epochs": v.epochs})
    cfg.aux.xed_weight = v.xed_weight
    return Tagger(None, fit_heads(cfg, x, corpus, aux_x, aux if v.xed_weight else None), config, lexical)


def _scores(t: Tagger, x: np.ndarray, corpus: Corpus, tasks=TASKS) -> dict[str, float]:
    reports = evaluate(corpus, t.results(t.probabilities(x, corpus.texts)))
    return {k: reports[k].macro_f1 for k in tasks if k in reports}


def load_opener_expressions(path: Path) -> list[Example]:
    """Multi-word review expressions with their polarity, as valence-only examples (joy / disappointment
    stand in for positive / negative; only the valence and coarse valence-level scores are read)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        expr, _, pol = line.split(";", 1)[0].strip('"').rpartition("#")
        if len(expr.split()) < 2 or pol not in ("positive", "strongpositive", "negative", "strongnegative"):
            continue
        out.append(Example(text=expr, emotion="joy" if "positive" in pol else "disappointment"))
    return out


def compare(
    base: TrainConfig,
    encoder: Encoder,
    test_paths: Sequence[Path],
    cache_dir: Path | None,
    variants: Sequence[Variant] = DEFAULT_VARIANTS,
    folds: int = 5,
    xed_path: Path | None = None,
    opener_path: Path | None = None,
    proxy_paths: Sequence[Path] = (),
    root: Path = Path("."),
    finetune_checkpoint: str | Path | None = None,
    finetune_epochs: int = 3,
) -> list[Row]:
    corpus = read_jsonl([root / p for p in base.train], strict=True)
    test = read_jsonl(test_paths, strict=True)
    emb = embed_cached(encoder, corpus.texts, cache_dir)
    test_emb = embed_cached(encoder, test.texts, cache_dir)
    xed = load_xed(xed_path) if xed_path and xed_path.is_file() else []
    # a fixed fifth of XED is held out as an out-of-domain (dialogue) proxy and never trained on
    hold_mask = np.random.default_rng(0).random(len(xed)) < 0.2
    aux = [e for e, h in zip(xed, hold_mask, strict=True) if not h]
    proxies: dict[str, Corpus] = {}
    if xed:
        proxies["xed"] = Corpus([e for e, h in zip(xed, hold_mask, strict=True) if h])
    if opener_path and opener_path.is_file():
        proxies["opener"] = Corpus(load_opener_expressions(opener_path))
    for path in proxy_paths:  # labelled out-of-domain files of the project's own (never trained on)
        proxies[Path(path).stem] = read_jsonl([path], strict=True)
    proxy_emb = {k: embed_cached(encoder, c.texts, cache_dir) for k, c in proxies.items()}
    aux_emb = embed_cached(encoder, [e.text for e in aux], cache_dir) if aux else None
    rng = np.random.default_rng(base.seed)
    fold_of = rng.permutation(len(corpus)) % folds
    rows = []
    for v in variants:
        if v.xed_weight and not aux:
            continue
        x = features(emb, corpus.texts, v.surface)
        aux_x = features(aux_emb, [e.text for e in aux], v.surface) if aux_emb is not None else None
        per_fold = []
        for k in range(folds):
            tr = Corpus([e for e, f in zip(corpus, fold_of, strict=True) if f != k])
            va = Corpus([e for e, f in zip(corpus, fold_of, strict=True) if f == k])
            tagger = _fit(v, base, x[fold_of != k], tr, aux_x, aux)
            per_fold.append(_scores(tagger, x[fold_of == k], va))
        cv = {t: float(np.mean([s[t] for s in per_fold])) for t in TASKS}
        tagger = _fit(v, base, x, corpus, aux_x, aux)
        test_scores = _scores(tagger, features(test_emb, test.texts, v.surface), test)
        proxy = {}
        for pname, c in proxies.items():
            sc = _scores(tagger, features(proxy_emb[pname], c.texts, v.surface), c, PROXY_TASKS)
            if pname == "opener":
                sc.pop("emotion_coarse", None)  # two stand-in emotions: only valence is meaningful
            proxy.update({f"{pname} {t}": f for t, f in sc.items()})
        rows.append(Row(v.name, cv, test_scores, proxy))
    if finetune_checkpoint is not None:
        rows.append(_finetune_row(finetune_checkpoint, base, corpus, fold_of, test, proxies, finetune_epochs))
    return rows


def _finetune_row(checkpoint, base: TrainConfig, corpus: Corpus, fold_of: np.ndarray, test: Corpus,
                  proxies: dict[str, Corpus], epochs: int) -> Row:
    """Full fine-tuning costs minutes per fold on CPU, so it is trained once, on folds 2-5, and scored on
    fold 1 (its "CV" figures are one fold, not a 5-fold mean), the test set and the proxies."""
    from models.finetune import finetune_and_score

    tr = Corpus([e for e, f in zip(corpus, fold_of, strict=True) if f != 0])
    va = Corpus([e for e, f in zip(corpus, fold_of, strict=True) if f == 0])
    scores = finetune_and_score(checkpoint, tr, {"cv": va, "test": test, **proxies}, base.encoder_layers,
                                base.seed, epochs)
    proxy = {}
    for pname in proxies:
        sc = {t: scores[pname][t] for t in PROXY_TASKS if t in scores[pname]}
        if pname == "opener":
            sc.pop("emotion_coarse", None)
        proxy.update({f"{pname} {t}": f for t, f in sc.items()})
    return Row(f"full fine-tuning, {epochs} epochs (CV = fold 1 only)", scores["cv"], scores["test"], proxy)


def format_table(rows: Sequence[Row]) -> str:
    proxy_cols = sorted({k for r in rows for k in r.proxy})
    cols = [f"CV {t}" for t in TASKS] + [f"test {t}" for t in TASKS] + proxy_cols
    lines = ["| variant | " + " | ".join(cols) + " |", "|---" * (1 + len(cols)) + "|"]
    for r in rows:
        cells = [r.cv[t] for t in TASKS] + [r.test[t] for t in TASKS]
        cells += [r.proxy.get(k, float("nan")) for k in proxy_cols]
        lines.append(f"| {r.variant} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    return "\n".join(lines)
