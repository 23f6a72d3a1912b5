"""Causes: what the customer says caused the emotion, as one of the eight EmoTwiCS cause categories, plus the
key phrases (lemmatised) that name it.

    causes = CauseClassifier.from_pretrained(encoder=encoder)     # committed weights, the tagger's encoder
    causes.predict("Mijn internet ligt eruit omdat er een storing is in de wijk")
        -> CauseResult(cause="breakdowns", ..., phrases=["storing wijk", ...])

Same recipe as the tagger's heads (models/training.py): frozen encoder embeddings -> an MLP head, blended with a
TF-IDF + logistic-regression head; weights in safetensors, labels and settings in JSON, never pickle. Key
phrases: spaCy's Dutch tokenizer (``spacy.blank("nl")``, no model download) and simplemma lemmas; first the
content words after a cause cue ("omdat", "doordat", "want", "vanwege", "door de", "dankzij" ...), then the
content-word runs that weigh most for the predicted cause in the lexical head. Categories and borderlines:
data/causes/GUIDE.md. Train with ``train_causes`` (``causes_train_cli`` wraps it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, overload

import numpy as np

from models.data import iter_records
from models.encoder import Encoder
from models.encoder.encoder import encoder_for
from models.evaluation import Report, classification_report
from models.heads import Head, HeadConfig, train_head
from models.lexical import LexicalHead, fit_vocabulary, train_lexical
from models.taxonomy import CAUSE_IDS, CAUSE_NL  # noqa: F401  (CAUSE_NL: re-exported)

log = logging.getLogger(__name__)

DEFAULT_WEIGHTS = Path(__file__).parent / "weights"
CONFIG_NAME = "causes_config.json"
WEIGHTS_NAME = "causes_heads.safetensors"
VOCAB_NAME = "causes_vocab.json"
FORMAT_VERSION = 1
HEAD = "cause"
MAX_PHRASES = 3
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")  # the redactor's [NAAM], [EMAIL], ...: no cause in them
_WORDS = re.compile(r"[^\W\d_]{2,}")


def clean_text(text: str) -> str:
    """The text without redaction placeholders, whitespace collapsed."""
    return " ".join(_PLACEHOLDER.sub(" ", text).split())


def _usable(turn: str, min_words: int = 3) -> bool:
    """A customer turn that can state a cause: not a name, postcode or "ja" alone."""
    return len(_WORDS.findall(turn)) >= min_words


# ---- key phrases ------------------------------------------------------------------------------------------------

# Words after which the customer names a cause. "door" only with an article or possessive: alone it is mostly a
# verb particle ("doorgeven", "ga door").
_CUES = ("omdat", "doordat", "want", "vanwege", "wegens", "dankzij", "aangezien", "daardoor", "waardoor")
_CUE_BIGRAMS = {("door", w) for w in ("de", "het", "een", "die", "dat", "jullie", "uw", "hun", "mijn")}
_CUE_BIGRAMS |= {("ligt", "aan"), ("komt", "door"), ("kwam", "door"), ("te", "wijten")}
_CLAUSE_END = frozenset(".!?;:,()\n") | {"maar", "dus", "terwijl", "toch", "en", "of", "want", "omdat"}
_KEEP = frozenset({"geen"})  # "geen bereik", "geen retourlabel": the negation is the cause
_EXTRA_STOP = frozenset({
    "alweer", "weer", "echt", "gewoon", "even", "nog", "steeds", "al", "heel", "zo", "ook", "helemaal", "eens",
    "ineens", "opeens", "telkens", "gisteren", "vandaag", "morgen", "vanochtend", "vanavond", "week", "weken",
    "dag", "dagen", "maand", "maanden", "uur", "keer", "jullie", "hallo", "beste", "groet", "vriendelijke",
    "graag", "bedankt", "dank", "goedemiddag", "goedemorgen", "euh", "eh", "ja", "nee", "oke", "oké",
})
# Verbs and words of any conversation: never a key phrase on their own (fallback phrases only; after a cue they
# can belong to one: "niet komen opdagen")
_GENERIC = frozenset({
    "horen", "hopen", "weten", "zien", "gaan", "kijken", "zitten", "maken", "vinden", "komen", "doen", "zeggen",
    "krijgen", "staan", "liggen", "willen", "moeten", "kunnen", "laten", "fijn", "blij", "mee", "blij mee", "goed",
    "prima", "leuk", "denken", "vragen", "helpen", "bellen", "mailen", "sturen", "wachten", "eindelijk", "tijd",
    "naam", "adres", "postcode", "nummer", "pak", "drie", "twee", "paar", "helft", "allemaal",
})
# simplemma reads a few frequent service nouns as verbs
_LEMMA_FIX = {"internet": "internet", "modem": "modem", "app": "app", "wifi": "wifi", "site": "site",
              "website": "website", "factuur": "factuur", "pakket": "pakket", "levering": "levering"}


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    lemma: str
    content: bool
    boundary: bool


class PhraseExtractor:
    """Lemmatised key phrases of cause statements: spaCy's blank Dutch tokenizer + simplemma."""

    def __init__(self) -> None:
        import spacy
        from spacy.lang.nl.stop_words import STOP_WORDS

        self._nlp = spacy.blank("nl")
        self._stop = frozenset(STOP_WORDS) | _EXTRA_STOP

    def tokens(self, text: str) -> list[_Token]:
        import simplemma

        out = []
        for i, t in enumerate(self._nlp.make_doc(text)):
            if t.is_space:
                if "\n" in t.text:
                    out.append(_Token("\n", "\n", "\n", False, True))
                continue
            low = t.lower_
            boundary = low in _CLAUSE_END or (t.is_punct and low not in "-/")
            alpha = any(c.isalpha() for c in low)
            # capitalised inside a sentence: a name (company, place, person) names no cause
            proper = i > 0 and t.text[:1].isupper() and not t.text.isupper() and not _sentence_start(t)
            content = alpha and len(low) >= 3 and (low in _KEEP or low not in self._stop) and not proper \
                and not low.startswith("[")
            lemma = _LEMMA_FIX.get(low) or (simplemma.lemmatize(low, lang="nl") if content else low)
            lemma = lemma.replace("_", "")  # simplemma marks separable verbs: "uit_breiden"
            out.append(_Token(t.text, low, lemma.lower(), content, boundary))
        return out

    def cue_phrases(self, tokens: Sequence[_Token], max_words: int = 4) -> list[str]:
        """The content lemmas of the clause after each cause cue, as one phrase per cue."""
        out: list[str] = []
        n = len(tokens)
        for i, t in enumerate(tokens):
            start = None
            if t.lower in _CUES:
                start = i + 1
            elif i + 1 < n and (t.lower, tokens[i + 1].lower) in _CUE_BIGRAMS:
                start = i + 2 if tokens[i + 1].lower in ("aan", "door", "wijten") else i + 1
            if start is None:
                continue
            words: list[str] = []
            for u in tokens[start:start + 12]:
                if u.boundary and words:
                    break
                if u.content and u.lemma not in words:
                    words.append(u.lemma)
                if len(words) == max_words:
                    break
            if words:
                out.append(" ".join(words))
        return out

    @staticmethod
    def runs(tokens: Sequence[_Token], max_len: int = 3) -> list[list[_Token]]:
        """Maximal runs of content words (at most ``max_len``) between function words and punctuation."""
        out: list[list[_Token]] = []
        cur: list[_Token] = []
        for t in tokens:
            if t.content:
                cur.append(t)
                if len(cur) == max_len:
                    out.append(cur)
                    cur = []
            else:
                if cur:
                    out.append(cur)
                cur = []
        if cur:
            out.append(cur)
        return out


def _sentence_start(t: Any) -> bool:
    prev = t.nbor(-1) if t.i > 0 else None
    return prev is None or (prev.is_punct and prev.text in ".!?:") or "\n" in prev.text or prev.is_space


# ---- the classifier -------------------------------------------------------------------------------------------


@dataclass
class CauseResult:
    cause: str
    scores: dict[str, float]
    confidence: float
    phrases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class CauseClassifier:
    """Encoder + MLP head on embeddings, blended with a lexical (TF-IDF) head; key phrases on top."""

    def __init__(self, encoder: Encoder | None, head: Head, config: dict[str, Any],
                 lexical: LexicalHead | None = None) -> None:
        self.encoder = encoder
        self.head = head
        self.lexical = lexical
        self.config = config
        self.blend = float(config.get("lexical", {}).get("weight", 0.0)) if lexical is not None else 0.0

    @property
    def model_version(self) -> str:
        return str(self.config["model_version"])

    @cached_property
    def phraser(self) -> PhraseExtractor:
        return PhraseExtractor()

    @cached_property
    def _vocab_index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.lexical.vocabulary)} if self.lexical is not None else {}

    # -- persistence -------------------------------------------------------------------------------------------
    @classmethod
    def from_pretrained(cls, path: str | Path = DEFAULT_WEIGHTS, encoder: Encoder | None = None, *,
                        load_encoder: bool = True, **encoder_kwargs: Any) -> CauseClassifier:
        """Load from ``path``; pass the tagger's encoder (same layers) to share it, else one is loaded."""
        from safetensors.numpy import load_file

        path = Path(path)
        cfg_path = path / CONFIG_NAME
        if not cfg_path.is_file():
            raise FileNotFoundError(f"{cfg_path} not found: train the cause classifier first")
        config = json.loads(cfg_path.read_text(encoding="utf-8"))
        if config.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{cfg_path}: format_version {config.get('format_version')} != {FORMAT_VERSION}")
        labels = tuple(config["labels"])
        tensors = load_file(str(path / WEIGHTS_NAME))
        head = Head.from_tensors(HEAD, labels, tensors)
        lexical = None
        if config.get("lexical", {}).get("weight"):
            vocab = json.loads((path / VOCAB_NAME).read_text(encoding="utf-8"))
            lexical = LexicalHead.from_tensors(HEAD, labels, vocab, tensors)
        encoder = encoder_for(config.get("encoder", {}).get("layers"), encoder, load_encoder,
                              f"the cause head in {path} needs", **encoder_kwargs)
        return cls(encoder, head, config, lexical)

    def save_pretrained(self, path: str | Path) -> Path:
        from safetensors.numpy import save_file

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        tensors = self.head.to_tensors(HEAD)
        if self.lexical is not None:
            tensors.update(self.lexical.to_tensors(HEAD))
            (path / VOCAB_NAME).write_text(json.dumps(self.lexical.vocabulary, ensure_ascii=False), encoding="utf-8")
        save_file(tensors, str(path / WEIGHTS_NAME), metadata={"model_version": self.model_version})
        (path / CONFIG_NAME).write_text(json.dumps(self.config, indent=2, ensure_ascii=False) + "\n")
        return path

    # -- inference ---------------------------------------------------------------------------------------------
    def proba_from_embeddings(self, emb: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """(n, 8) cause probabilities from the encoder's embeddings of ``texts`` (share one encoder pass)."""
        p = self.head.predict_proba(np.asarray(emb, dtype=np.float32))
        if self.lexical is not None and self.blend:
            p = (1.0 - self.blend) * p + self.blend * self.lexical.predict_proba(texts)
        return p

    def _proba(self, texts: Sequence[str]) -> np.ndarray:
        if self.encoder is None:
            raise RuntimeError("this cause classifier was loaded without an encoder")
        cleaned = [clean_text(t) or t for t in texts]
        return self.proba_from_embeddings(self.encoder.encode(cleaned), cleaned)

    @overload
    def predict_proba(self, texts: str) -> dict[str, float]: ...  # type: ignore[overload-overlap]
    @overload
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...
    def predict_proba(self, texts: str | Sequence[str]) -> dict[str, float] | np.ndarray:
        if isinstance(texts, str):
            return dict(zip(self.head.labels, map(float, self._proba([texts])[0]), strict=True))
        return self._proba(list(texts))

    @overload
    def predict(self, texts: str) -> CauseResult: ...  # type: ignore[overload-overlap]
    @overload
    def predict(self, texts: Sequence[str]) -> list[CauseResult]: ...
    def predict(self, texts: str | Sequence[str]) -> CauseResult | list[CauseResult]:
        if isinstance(texts, str):
            return self.results(self._proba([texts]), [texts])[0]
        texts = list(texts)
        return self.results(self._proba(texts), texts) if texts else []

    def predict_contacts(self, contacts: Sequence[Sequence[str]]) -> list[CauseResult]:
        """One cause per contact from its customer turns (one encoder pass for all of them).

        Each usable turn (three words or more, placeholders removed) is classified on its own; the contact's
        probabilities are the turns' average weighted by ``1 - p(other)``, so greetings, names, order numbers and
        sign-offs ("laat maar, ik wacht het af") weigh little next to the turn that names the cause. Phrases come
        from the turns that score the winning cause highest. A contact with no usable turn is read as a whole.
        """
        owner: list[int] = []
        texts: list[str] = []
        for i, turns in enumerate(contacts):
            usable = [t for t in turns if _usable(clean_text(t))]
            for t in usable or ["\n".join(turns)]:
                owner.append(i)
                texts.append(t)
        if not texts:
            return []
        proba = self._proba(texts)
        other = self.head.labels.index("other") if "other" in self.head.labels else None
        out = []
        for i in range(len(contacts)):
            rows = [j for j, o in enumerate(owner) if o == i]
            p = proba[rows]
            w = np.clip(1.0 - p[:, other], 1e-3, None) if other is not None else np.ones(len(rows))
            mean = (p * w[:, None]).sum(0) / w.sum()
            k = int(mean.argmax())
            cause = self.head.labels[k]
            phrases: list[str] = []
            for j in np.argsort(-p[:, k]):
                phrases += self.phrases(texts[rows[int(j)]], cause)
            out.append(CauseResult(cause, {lab: round(float(v), 4) for lab, v in zip(self.head.labels, mean,
                                                                                         strict=True)},
                                   round(float(mean[k]), 4), list(dict.fromkeys(phrases))[:MAX_PHRASES]))
        return out

    def results(self, proba: np.ndarray, texts: Sequence[str]) -> list[CauseResult]:
        labels = self.head.labels
        out = []
        for p, text in zip(proba, texts, strict=True):
            k = int(p.argmax())
            out.append(CauseResult(labels[k], {lab: round(float(v), 4) for lab, v in zip(labels, p, strict=True)},
                                   round(float(p[k]), 4), self.phrases(text, labels[k])))
        return out

    def phrases(self, text: str, cause: str, k: int = MAX_PHRASES) -> list[str]:
        """Up to ``k`` lemmatised key phrases: the clauses after cause cues first, then the content-word runs
        (not only generic words) that weigh most for ``cause`` in the lexical head (any run, in order, without
        one)."""
        tokens = self.phraser.tokens(clean_text(text[:4000]))
        out = list(dict.fromkeys(self.phraser.cue_phrases(tokens)))
        if len(out) < k:
            scored = []
            for i, run in enumerate(self.phraser.runs(tokens)):
                lemmas = list(dict.fromkeys(t.lemma for t in run))
                if all(lem in _GENERIC for lem in lemmas):
                    continue
                phrase = " ".join(lemmas)
                score = self._weight(run, cause)
                if score > 0 and phrase not in out:
                    scored.append((-score, i, phrase))
            out += [p for _, _, p in sorted(scored)]
        return list(dict.fromkeys(out))[:k]

    def _weight(self, run: Sequence[_Token], cause: str) -> float:
        if self.lexical is None:
            return 1.0
        row = self.head.labels.index(cause)
        idx = [self._vocab_index[t.lower] for t in run if t.lower in self._vocab_index]
        return float(self.lexical.coef[row, idx].max()) if idx else 0.0


# ---- data, training, evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CauseExample:
    text: str
    cause: str
    key_terms: tuple[str, ...] = ()
    source: str = ""


def read_causes(paths: Iterable[str | Path]) -> list[CauseExample]:
    """Labelled cause utterances (JSON Lines with ``text`` and ``cause``); all problems are raised together."""
    out: list[CauseExample] = []
    problems: list[str] = []
    for where, rec in iter_records(paths, problems):
        if not isinstance(rec.get("text"), str) or not rec["text"].strip():
            problems.append(f"{where}: text missing or empty")
        elif rec.get("cause") not in CAUSE_IDS:
            problems.append(f"{where}: cause {rec.get('cause')!r} not in {list(CAUSE_IDS)}")
        else:
            out.append(CauseExample(rec["text"], rec["cause"], tuple(rec.get("key_terms", ())), where))
    if problems:
        raise ValueError(f"{len(problems)} problem(s) in cause data:\n" + "\n".join(problems[:50]))
    return out


@dataclass
class CauseTrainConfig:
    seed: int = 13
    train: tuple[str, ...] = ("data/causes/train.jsonl",)
    encoder_layers: int | None = 8  # the tagger's: one encoder serves both
    head: HeadConfig = field(default_factory=lambda: HeadConfig(hidden=(256,), epochs=60))
    lexical_weight: float = 0.5  # share of the TF-IDF head in the blend; 0 = embeddings only
    lexical_c: float = 30.0  # chosen by 5-fold CV on the training set (models/MODEL_CARD.md)
    min_df: int = 1
    vocabulary: str = "content"  # "content": n-grams of stop words only are dropped; "all": every n-gram
    max_examples: int = 0  # >0: a per-cause sample, for the CI smoke run

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["train"] = list(self.train)
        d["head"]["hidden"] = list(self.head.hidden)
        return d


def _sample(examples: list[CauseExample], n: int, seed: int) -> list[CauseExample]:
    rng = np.random.default_rng(seed)
    per = max(1, n // len(CAUSE_IDS))
    out: list[CauseExample] = []
    for cause in CAUSE_IDS:
        group = [e for e in examples if e.cause == cause]
        out += [group[i] for i in sorted(rng.permutation(len(group))[:per])]
    return out


def content_vocabulary(texts: Sequence[str], min_df: int) -> tuple[list[str], np.ndarray]:
    """The TF-IDF vocabulary without n-grams made of stop words only: "dat", "in de", "ik wil" say how a writer
    writes, not what caused the emotion (they made the lexical head read style, not causes)."""
    from spacy.lang.nl.stop_words import STOP_WORDS

    vocab, idf = fit_vocabulary(texts, min_df)
    keep = [i for i, term in enumerate(vocab) if not all(w in STOP_WORDS for w in term.split())]
    return [vocab[i] for i in keep], idf[keep]


def fit_causes(cfg: CauseTrainConfig, emb: np.ndarray, examples: Sequence[CauseExample]
               ) -> tuple[Head, LexicalHead | None]:
    """The MLP head on embeddings and (if its blend weight is set) the lexical head, for these examples."""
    texts, y = [e.text for e in examples], [e.cause for e in examples]
    head = train_head(emb, y, CAUSE_IDS, cfg.head, cfg.seed)
    lexical = None
    if cfg.lexical_weight > 0:
        vocab, idf = (content_vocabulary(texts, cfg.min_df) if cfg.vocabulary == "content"
                      else fit_vocabulary(texts, cfg.min_df))
        lexical = train_lexical(texts, y, CAUSE_IDS, vocab, idf, cfg.lexical_c, cfg.seed)
    return head, lexical


def train_causes(cfg: CauseTrainConfig, encoder: Encoder, cache_dir: Path | None = None,
                 root: Path = Path(".")) -> CauseClassifier:
    """Train the cause classifier on frozen embeddings, reproducibly (same seed and data -> same weights)."""
    from models.training import embed_cached

    if encoder.layers != cfg.encoder_layers:
        raise ValueError(f"config wants {cfg.encoder_layers} encoder layers, the encoder runs {encoder.layers}")
    examples = read_causes([root / p for p in cfg.train])
    if cfg.max_examples:
        examples = _sample(examples, cfg.max_examples, cfg.seed)
    log.info("training the cause classifier on %d examples", len(examples))
    texts = [e.text for e in examples]
    emb = embed_cached(encoder, texts, cache_dir)
    head, lexical = fit_causes(cfg, emb, examples)
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.text, e.cause], ensure_ascii=False).encode())
    h.update(json.dumps(cfg.to_dict(), sort_keys=True).encode())
    config = {
        "format_version": FORMAT_VERSION,
        "model_version": f"kg-causes-{h.hexdigest()[:10]}",
        "labels": list(CAUSE_IDS),
        "encoder": {"name": "intfloat/multilingual-e5-small", "dim": int(emb.shape[1]), "prefix": "query: ",
                    "pooling": "mean", "trained_with": encoder.name, "layers": encoder.layers},
        "head": {"hidden": head.hidden},
        "lexical": {"weight": cfg.lexical_weight if lexical is not None else 0.0,
                    "vocabulary_size": len(lexical.vocabulary) if lexical is not None else 0},
        "training": {"config": cfg.to_dict(), "examples": len(examples)},
    }
    return CauseClassifier(encoder, head, config, lexical)


def evaluate_causes(clf: CauseClassifier, examples: Sequence[CauseExample]) -> Report:
    results = clf.predict([e.text for e in examples])
    return classification_report("cause", [e.cause for e in examples], [r.cause for r in results], CAUSE_IDS)


_WORD = re.compile(r"\w+")


def key_term_hit_rate(clf: CauseClassifier, examples: Sequence[CauseExample], k: int = MAX_PHRASES) -> float:
    """Share of examples with key terms where a lemma of the top-``k`` phrases is one of them (phrases are
    extracted for the gold cause, so the figure checks the phrases, not the classifier)."""
    hits = n = 0
    for e in examples:
        if not e.key_terms:
            continue
        n += 1
        words = {w for p in clf.phrases(e.text, e.cause, k) for w in _WORD.findall(p)}
        hits += bool(words & set(e.key_terms))
    return hits / n if n else 0.0


def cross_validate(cfg: CauseTrainConfig, encoder: Encoder, folds: int = 5, cache_dir: Path | None = None,
                   root: Path = Path("."), weights: Sequence[float] = (0.0, 0.5, 1.0)) -> dict[float, float]:
    """Macro-F1 of stratified k-fold CV on the training data for each lexical blend weight (0: MLP only,
    1: TF-IDF only); how the committed weight was chosen. Needs the embeddings once."""
    from sklearn.model_selection import StratifiedKFold

    from models.training import embed_cached

    examples = read_causes([root / p for p in cfg.train])
    texts = [e.text for e in examples]
    emb = embed_cached(encoder, texts, cache_dir)
    y = np.array([e.cause for e in examples])
    pred: dict[float, np.ndarray] = {w: np.empty(len(y), dtype=object) for w in weights}
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=cfg.seed).split(texts, y):
        sub = [examples[i] for i in tr]
        head, lexical = fit_causes(CauseTrainConfig(**{**vars(cfg), "lexical_weight": 1.0}), emb[tr], sub)
        assert lexical is not None
        p_mlp = head.predict_proba(emb[te])
        p_lex = lexical.predict_proba([texts[i] for i in te])
        for w in weights:
            pred[w][te] = np.array(CAUSE_IDS)[((1 - w) * p_mlp + w * p_lex).argmax(1)]
    return {w: round(classification_report("cause", list(y), list(p), CAUSE_IDS).macro_f1, 4)
            for w, p in pred.items()}
