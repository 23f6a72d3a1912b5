"""Config-driven, seeded training of the tagger heads on frozen encoder embeddings.

The config (TOML, ``models/configs/tagger.toml``) names the data, the features and each head's shape and
optimiser settings. Embeddings are cached per encoder and text, so re-training or comparing head types
does not re-run the encoder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from models.data import Corpus, Example, read_jsonl
from models.encoder import Encoder
from models.heads import Head, HeadConfig, surface_features, train_head
from models.lexical import NGRAMS, LexicalHead, fit_vocabulary, train_lexical
from models.tagger import FORMAT_VERSION, HEAD_LABELS, Tagger
from models.taxonomy import EMOTION_IDS

log = logging.getLogger(__name__)

DEFAULT_CONFIG = Path(__file__).parent / "configs" / "tagger.toml"

# XED's Plutchik labels -> our clusters. Only single-label lines are used; surprise (ambiguous in
# valence) and trust (in subtitles mostly not gratitude) are left out.
XED_MAP = {1: "anger", 2: "desire", 3: "annoyance", 4: "nervousness", 5: "joy", 6: "disappointment"}


@dataclass
class AuxConfig:
    xed_path: str = ""  # optional extra emotion data (XED Dutch projections); used only where it exists
    xed_weight: float = 0.0
    xed_labels: tuple[str, ...] = ()


def _tuples(d: dict[str, Any]) -> dict[str, Any]:
    """TOML arrays -> tuples, so configs are hashable and compare equal after a round trip."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in d.items()}


@dataclass
class LexicalConfig:
    weight: float = 0.0  # share of the lexical head in the blended probabilities; 0 = not used
    min_df: int = 2
    c: dict[str, float] = field(default_factory=dict)  # inverse regularisation per task; its keys = lexical heads


@dataclass
class TrainConfig:
    seed: int = 13
    encoder_layers: int | None = None  # use only the first N encoder layers (None = all)
    train: tuple[str, ...] = ("data/train",)
    surface_features: bool = True
    heads: dict[str, HeadConfig] = field(default_factory=dict)
    aux: AuxConfig = field(default_factory=AuxConfig)
    lexical: LexicalConfig = field(default_factory=LexicalConfig)
    max_examples: int = 0  # >0: a stratified-ish sample, for the CI smoke run

    @classmethod
    def from_toml(cls, path: str | Path, **overrides: Any) -> TrainConfig:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        heads = {name: HeadConfig(**_tuples(spec)) for name, spec in raw.pop("heads", {}).items()}
        aux = AuxConfig(**_tuples(raw.pop("aux", {})))
        lexical = LexicalConfig(**raw.pop("lexical", {}))
        known = {f.name for f in fields(cls)}
        unknown = set(raw) - known
        if unknown:
            raise ValueError(f"{path}: unknown config keys {sorted(unknown)}")
        cfg = cls(heads=heads, aux=aux, lexical=lexical, **_tuples(raw))
        for k, v in overrides.items():
            if v is not None:
                setattr(cfg, k, v)
        for name in HEAD_LABELS:
            cfg.heads.setdefault(name, HeadConfig())
        return cfg

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "encoder_layers": self.encoder_layers,
            "train": list(self.train),
            "surface_features": self.surface_features,
            "heads": {k: vars(v) for k, v in self.heads.items()},
            "aux": vars(self.aux),
            "lexical": vars(self.lexical),
            "max_examples": self.max_examples,
        }


def embed_cached(encoder: Encoder, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """Embeddings for ``texts``, reading and writing a per-encoder cache of already-seen texts."""
    if cache_dir is None:
        return encoder.encode(texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tag = hashlib.sha1(f"{encoder.name}|{encoder.layers}|{encoder.runner.max_length}".encode()).hexdigest()[:10]
    path = cache_dir / f"embeddings-{tag}.npz"
    store: dict[str, np.ndarray] = {}
    if path.is_file():
        with np.load(path) as z:
            store = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in store}.items())
    if missing:
        vecs = encoder.encode([t for _, t in missing])
        store.update({k: v for (k, _), v in zip(missing, vecs, strict=True)})
        np.savez(path, keys=np.array(list(store)), vectors=np.stack(list(store.values())))
    return np.stack([store[k] for k in keys])


def load_xed(path: str | Path, labels: tuple[str, ...] = ()) -> list[Example]:
    out = []
    keep = set(labels) or set(XED_MAP.values())
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        text, _, lab = line.rpartition("\t")
        ids = [int(x) for x in lab.split(",") if x.strip().isdigit()]
        if len(ids) != 1 or ids[0] not in XED_MAP or len(text.strip()) < 3:
            continue
        emo = XED_MAP[ids[0]]
        if emo in keep:
            out.append(Example(text=text.strip(), emotion=emo, source=f"{path}:{lineno}"))
    return out


def _subsample(corpus: Corpus, n: int, seed: int) -> Corpus:
    rng = np.random.default_rng(seed)
    by_emotion: dict[str, list[Example]] = {}
    for ex in corpus:
        by_emotion.setdefault(ex.emotion or "", []).append(ex)
    per = max(1, n // max(1, len(by_emotion)))
    picked: list[Example] = []
    for group in by_emotion.values():
        idx = rng.permutation(len(group))[:per]
        picked.extend(group[i] for i in idx)
    return Corpus(picked)


def data_fingerprint(corpus: Corpus) -> str:
    h = hashlib.sha256()
    for e in corpus:
        h.update(json.dumps([e.text, e.emotion, e.phase, e.intensity], ensure_ascii=False).encode())
    return h.hexdigest()


def fit_heads(
    cfg: TrainConfig,
    x: np.ndarray,
    corpus: Corpus,
    aux_x: np.ndarray | None = None,
    aux: list[Example] | None = None,
) -> dict[str, Head]:
    """Train the three heads on features ``x`` of ``corpus`` (+ weighted auxiliary emotion examples)."""
    heads: dict[str, Head] = {}
    ex = corpus.examples
    emo_x, emo_y, emo_w = x, [e.emotion for e in ex], np.ones(len(ex), dtype=np.float32)
    if aux and aux_x is not None and cfg.aux.xed_weight > 0:
        emo_x = np.vstack([x, aux_x])
        emo_y = emo_y + [e.emotion for e in aux]
        emo_w = np.concatenate([emo_w, np.full(len(aux), cfg.aux.xed_weight, dtype=np.float32)])
    heads["emotion"] = train_head(emo_x, emo_y, EMOTION_IDS, cfg.heads["emotion"], cfg.seed, emo_w)
    heads["phase"] = train_head(x, [e.phase for e in ex], HEAD_LABELS["phase"], cfg.heads["phase"], cfg.seed + 1)
    heads["intensity"] = train_head(
        x, [str(e.intensity) for e in ex], HEAD_LABELS["intensity"], cfg.heads["intensity"], cfg.seed + 2
    )
    return heads


def fit_lexical(cfg: LexicalConfig, corpus: Corpus, seed: int) -> dict[str, LexicalHead]:
    """Lexical heads on the in-domain corpus only (subtitle lines would teach them film vocabulary)."""
    if not cfg.weight or not cfg.c:
        return {}
    vocab, idf = fit_vocabulary(corpus.texts, cfg.min_df)
    return {
        name: train_lexical(corpus.texts, [_label(e, name) for e in corpus], HEAD_LABELS[name], vocab, idf, c, seed)
        for name, c in cfg.c.items()
    }


def _label(e: Example, head: str) -> str | None:
    return str(e.intensity) if head == "intensity" else getattr(e, head)


def features(emb: np.ndarray, texts: list[str], surface: bool) -> np.ndarray:
    return np.hstack([emb, surface_features(texts)]) if surface else emb


def train_tagger(
    cfg: TrainConfig,
    encoder: Encoder,
    cache_dir: Path | None = None,
    root: Path = Path("."),
) -> Tagger:
    if encoder.layers != cfg.encoder_layers:
        raise ValueError(f"config wants {cfg.encoder_layers} encoder layers, the encoder runs {encoder.layers}")
    corpus = read_jsonl([root / p for p in cfg.train], strict=True)
    if cfg.max_examples:
        corpus = _subsample(corpus, cfg.max_examples, cfg.seed)
    log.info("training on %d examples", len(corpus))
    emb = embed_cached(encoder, corpus.texts, cache_dir)
    emb_dim = emb.shape[1]
    x = features(emb, corpus.texts, cfg.surface_features)
    aux: list[Example] = []
    aux_x = None
    xed = root / cfg.aux.xed_path if cfg.aux.xed_path else None  # relative to the repository root
    if xed is not None and cfg.aux.xed_weight > 0:
        if xed.is_file():
            aux = load_xed(xed, cfg.aux.xed_labels)
            texts = [e.text for e in aux]
            aux_x = features(embed_cached(encoder, texts, cache_dir), texts, cfg.surface_features)
            log.info("auxiliary XED examples: %d (weight %.2f)", len(aux), cfg.aux.xed_weight)
        else:
            log.warning("aux data %s not found: training without it", xed)
    heads = fit_heads(cfg, x, corpus, aux_x, aux)
    lexical = fit_lexical(cfg.lexical, corpus, cfg.seed)
    fp = data_fingerprint(corpus)
    cfg_hash = hashlib.sha256(json.dumps(cfg.to_dict(), sort_keys=True).encode()).hexdigest()
    version = f"kg-tagger-{hashlib.sha256((fp + cfg_hash).encode()).hexdigest()[:10]}"
    config = {
        "format_version": FORMAT_VERSION,
        "model_version": version,
        "encoder": {
            "name": "intfloat/multilingual-e5-small",
            "dim": int(emb_dim),
            "prefix": "query: ",
            "pooling": "mean",
            "trained_with": encoder.name,
            "layers": encoder.layers,
        },
        "features": {"surface": cfg.surface_features},
        "heads": {name: {"labels": list(h.labels), "hidden": h.hidden} for name, h in heads.items()},
        "lexical": {
            "weight": {name: cfg.lexical.weight for name in lexical},
            "ngram_range": list(NGRAMS),
            "vocabulary_size": len(next(iter(lexical.values())).vocabulary) if lexical else 0,
        },
        "training": {
            "config": cfg.to_dict(),
            "examples": len(corpus),
            "aux_examples": len(aux),
            "data_sha256": fp,
        },
    }
    return Tagger(encoder, heads, config, lexical)
