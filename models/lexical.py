"""A lexical head: TF-IDF word uni/bigrams + multinomial logistic regression.

The frozen encoder reads meaning well but blurs decisive words ("opzeggen", "pakket", "aanraden",
"gelukkig"); a linear model over words catches them. The tagger averages the two heads' probabilities.
The fitted vectoriser is stored as data (vocabulary in JSON, idf and coefficients in safetensors), never as
a pickle, and applied with a fixed-vocabulary CountVectorizer at inference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.heads import softmax

NGRAMS = (1, 2)


def _counter(vocabulary: Sequence[str]):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(vocabulary={t: i for i, t in enumerate(vocabulary)}, ngram_range=NGRAMS, lowercase=True)


@dataclass
class LexicalHead:
    labels: tuple[str, ...]
    vocabulary: list[str]
    idf: np.ndarray  # (V,)
    coef: np.ndarray  # (labels, V)
    intercept: np.ndarray  # (labels,)

    def __post_init__(self) -> None:
        self._vec = _counter(self.vocabulary)

    def transform(self, texts: Sequence[str]):
        x = self._vec.transform(texts).astype(np.float32)
        x.data = 1.0 + np.log(x.data)  # sublinear tf, as in training
        x = x.multiply(self.idf).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel()).clip(min=1e-12)
        return x.multiply(1.0 / norms[:, None]).tocsr()

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return softmax(np.asarray(self.transform(texts) @ self.coef.T) + self.intercept)

    def to_tensors(self, name: str) -> dict[str, np.ndarray]:
        return {
            f"{name}.lex.idf": self.idf.astype(np.float32),
            f"{name}.lex.coef": np.ascontiguousarray(self.coef, dtype=np.float32),
            f"{name}.lex.intercept": self.intercept.astype(np.float32),
        }

    @classmethod
    def from_tensors(
        cls, name: str, labels: Sequence[str], vocabulary: list[str], tensors: dict[str, np.ndarray]
    ) -> LexicalHead:
        coef = tensors[f"{name}.lex.coef"]
        if coef.shape != (len(labels), len(vocabulary)):
            raise ValueError(f"lexical head {name!r}: coef {coef.shape} vs {len(labels)} labels x {len(vocabulary)}")
        return cls(tuple(labels), vocabulary, tensors[f"{name}.lex.idf"], coef, tensors[f"{name}.lex.intercept"])


def fit_vocabulary(texts: Sequence[str], min_df: int = 2) -> tuple[list[str], np.ndarray]:
    """The shared vocabulary and idf of all lexical heads."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(ngram_range=NGRAMS, min_df=min_df, sublinear_tf=True, lowercase=True)
    vec.fit(texts)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    return vocab, vec.idf_.astype(np.float32)


def train_lexical(
    texts: Sequence[str],
    y: Sequence[str | None],
    labels: Sequence[str],
    vocabulary: list[str],
    idf: np.ndarray,
    c: float,
    seed: int,
) -> LexicalHead:
    from sklearn.linear_model import LogisticRegression

    head = LexicalHead(tuple(labels), vocabulary, idf, np.zeros((len(labels), len(vocabulary)), np.float32),
                       np.zeros(len(labels), np.float32))
    x = head.transform(texts)
    lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=seed)
    lr.fit(x, [str(v) for v in y])
    coef = np.zeros((len(labels), len(vocabulary)), np.float32)
    intercept = np.full(len(labels), -30.0, np.float32)  # a label absent from training is never predicted
    rows, bias = lr.coef_, lr.intercept_
    if len(lr.classes_) == 2:  # sklearn keeps one row for two classes; split it into a softmax pair
        rows, bias = np.vstack([-rows[0] / 2, rows[0] / 2]), np.array([-bias[0] / 2, bias[0] / 2])
    index = list(labels)
    for i, cls in enumerate(lr.classes_):
        coef[index.index(cls)] = rows[i]
        intercept[index.index(cls)] = bias[i]
    return LexicalHead(tuple(labels), vocabulary, idf, coef, intercept)
