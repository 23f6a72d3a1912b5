"""The emotion / valence / intensity / journey-phase tagger: one encoder pass, small heads on top.

    tagger = Tagger.from_pretrained()            # committed heads + the configured encoder, loaded once
    tagger.predict("Top service weer, 3 weken wachten")          -> TagResult
    tagger.predict([...])                                         -> list[TagResult]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np

from models.encoder import Encoder
from models.encoder.encoder import encoder_for
from models.heads import Head, surface_features
from models.lexical import LexicalHead
from models.taxonomy import (
    EMOTION_BY_ID,
    EMOTION_IDS,
    INTENSITY_LEVELS,
    PHASE_IDS,
    ValenceLabel,
    stdc_of,
)

DEFAULT_WEIGHTS = Path(__file__).parent / "weights"
CONFIG_NAME = "tagger_config.json"
WEIGHTS_NAME = "heads.safetensors"
VOCAB_NAME = "lexical_vocab.json"
FORMAT_VERSION = 1
HEAD_LABELS: dict[str, tuple[str, ...]] = {
    "emotion": EMOTION_IDS,
    "phase": PHASE_IDS,
    "intensity": tuple(str(i) for i in INTENSITY_LEVELS),
}


@dataclass
class TagResult:
    emotion: str
    emotion_scores: dict[str, float]
    valence: float
    valence_label: ValenceLabel
    intensity: int
    phase: str
    stdc: str
    confidence: float
    phase_confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Probabilities:
    emotion: np.ndarray  # (n, 9) in EMOTION_IDS order
    phase: np.ndarray  # (n, 11) in PHASE_IDS order
    intensity: np.ndarray  # (n, 5) for 1..5


def valence_of(emotion: str, intensity: int) -> tuple[float, ValenceLabel]:
    """Valence follows the chosen emotion, so tag and polarity never contradict each other.

    The label is the emotion's polarity; the score is its prior valence scaled by intensity
    (intensity 1 keeps half of it, 5 all of it): "een beetje jammer" is mildly, "woedend" strongly negative.
    """
    prior = EMOTION_BY_ID[emotion]
    return round(prior.valence * (0.5 + 0.5 * (intensity - 1) / 4), 4), prior.valence_label


class Tagger:
    """Encoder + MLP heads on embeddings, optionally blended with lexical (TF-IDF) heads per task."""

    def __init__(
        self,
        encoder: Encoder | None,
        heads: dict[str, Head],
        config: dict[str, Any],
        lexical: dict[str, LexicalHead] | None = None,
    ) -> None:
        self.encoder = encoder
        self.heads = heads
        self.config = config
        self.lexical = lexical or {}
        self.surface = bool(config.get("features", {}).get("surface", False))
        self.blend: dict[str, float] = dict(config.get("lexical", {}).get("weight", {}))

    @property
    def model_version(self) -> str:
        return str(self.config["model_version"])

    # -- persistence ---------------------------------------------------------------------------------
    @classmethod
    def from_pretrained(
        cls,
        path: str | Path = DEFAULT_WEIGHTS,
        encoder: Encoder | None = None,
        *,
        load_encoder: bool = True,
        **encoder_kwargs: Any,
    ) -> Tagger:
        """Load heads from ``path``; the encoder is passed in, or loaded with ``Encoder.load(**encoder_kwargs)``."""
        from safetensors.numpy import load_file

        path = Path(path)
        cfg_path = path / CONFIG_NAME
        if not cfg_path.is_file():
            raise FileNotFoundError(f"{cfg_path} not found: train a tagger first (voc train)")
        config = json.loads(cfg_path.read_text(encoding="utf-8"))
        if config.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{cfg_path}: format_version {config.get('format_version')} != {FORMAT_VERSION}")
        tensors = load_file(str(path / WEIGHTS_NAME))
        heads = {name: Head.from_tensors(name, labels, tensors) for name, labels in HEAD_LABELS.items()}
        lexical = {}
        if config.get("lexical", {}).get("weight"):
            vocab = json.loads((path / VOCAB_NAME).read_text(encoding="utf-8"))
            lexical = {
                name: LexicalHead.from_tensors(name, HEAD_LABELS[name], vocab, tensors)
                for name in config["lexical"]["weight"]
            }
        encoder = encoder_for(config.get("encoder", {}).get("layers"), encoder, load_encoder,
                              f"the heads in {path} need", **encoder_kwargs)
        return cls(encoder, heads, config, lexical)

    def save_pretrained(self, path: str | Path) -> Path:
        from safetensors.numpy import save_file

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        tensors: dict[str, np.ndarray] = {}
        for name, head in self.heads.items():
            tensors.update(head.to_tensors(name))
        for name, lex in self.lexical.items():
            tensors.update(lex.to_tensors(name))
        if self.lexical:
            vocab = next(iter(self.lexical.values())).vocabulary
            (path / VOCAB_NAME).write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        save_file(tensors, str(path / WEIGHTS_NAME), metadata={"model_version": self.model_version})
        (path / CONFIG_NAME).write_text(json.dumps(self.config, indent=2, ensure_ascii=False) + "\n")
        return path

    # -- inference -----------------------------------------------------------------------------------
    def features(self, texts: Sequence[str]) -> np.ndarray:
        if self.encoder is None:
            raise RuntimeError("this tagger was loaded without an encoder")
        return self.features_from_embeddings(self.encoder.encode(texts), texts)

    def features_from_embeddings(self, emb: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        return np.hstack([emb, surface_features(texts)]) if self.surface else emb

    def _head_proba(self, name: str, x: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        p = self.heads[name].predict_proba(x)
        w = self.blend.get(name, 0.0)
        if w and name in self.lexical:
            p = (1.0 - w) * p + w * self.lexical[name].predict_proba(texts)
        return p

    def probabilities(self, x: np.ndarray, texts: Sequence[str]) -> Probabilities:
        """Per-task probabilities from features ``x`` of ``texts`` (the lexical heads read the texts)."""
        return Probabilities(
            emotion=self._head_proba("emotion", x, texts),
            phase=self._head_proba("phase", x, texts),
            intensity=self._head_proba("intensity", x, texts),
        )

    def _probs(self, texts: Sequence[str]) -> Probabilities:
        return self.probabilities(self.features(texts), texts)

    @overload
    def predict_proba(self, texts: str) -> dict[str, float]: ...  # type: ignore[overload-overlap]
    @overload
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...
    def predict_proba(self, texts: str | Sequence[str]) -> dict[str, float] | np.ndarray:
        """Emotion probabilities: a {id: p} dict for one text, an (n, 9) array for a list."""
        if isinstance(texts, str):
            p = self._probs([texts]).emotion[0]
            return dict(zip(EMOTION_IDS, map(float, p), strict=True))
        return self._probs(list(texts)).emotion

    @overload
    def predict(self, texts: str) -> TagResult: ...  # type: ignore[overload-overlap]
    @overload
    def predict(self, texts: Sequence[str]) -> list[TagResult]: ...
    def predict(self, texts: str | Sequence[str]) -> TagResult | list[TagResult]:
        if isinstance(texts, str):
            return self.results(self._probs([texts]))[0]
        texts = list(texts)
        if not texts:
            return []
        return self.results(self._probs(texts))

    @staticmethod
    def results(p: Probabilities) -> list[TagResult]:
        levels = np.array(INTENSITY_LEVELS, dtype=np.float32)
        expected_intensity = p.intensity @ levels
        out = []
        for i in range(p.emotion.shape[0]):
            e = int(p.emotion[i].argmax())
            ph = int(p.phase[i].argmax())
            emotion = EMOTION_IDS[e]
            # Neutral has no intensity to speak of (labelling guide); elsewhere the expected level.
            intensity = 1 if emotion == "neutral" else int(np.clip(np.rint(expected_intensity[i]), 1, 5))
            valence, vlabel = valence_of(emotion, intensity)
            out.append(
                TagResult(
                    emotion=emotion,
                    emotion_scores={k: round(float(v), 4) for k, v in zip(EMOTION_IDS, p.emotion[i], strict=True)},
                    valence=valence,
                    valence_label=vlabel,
                    intensity=intensity,
                    phase=PHASE_IDS[ph],
                    stdc=stdc_of(PHASE_IDS[ph]),
                    confidence=round(float(p.emotion[i, e]), 4),
                    phase_confidence=round(float(p.phase[i, ph]), 4),
                )
            )
        return out
