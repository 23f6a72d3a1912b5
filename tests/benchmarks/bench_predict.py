"""`make bench`: end-to-end `voc predict` speed against a plain-transformers baseline measured in the same run.

Texts: 2,000 distinct utterances drawn (seeded) from the project's own corpus, so lengths are those of real
customer messages, plus a run on short (~50 character) sentences like the shared note's. The baseline is
plain transformers: batch 32, texts in input order, fp32, mean pooling; its model load is *not* counted,
while `voc predict` is timed as a user runs it, process start and model load included.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

N = 2000


def corpus_texts() -> list[str]:
    texts = []
    for f in sorted((ROOT / "data" / "train").glob("*.jsonl")) + sorted((ROOT / "data" / "test").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.open(encoding="utf-8") if line.strip()]
    return [t.replace("\n", " ") for t in dict.fromkeys(texts)]


def short_texts(texts: list[str]) -> list[str]:
    """~50-character sentences: the first sentence-ish span of each utterance."""
    out = []
    for t in texts:
        s = t[:60].rsplit(" ", 1)[0] if len(t) > 60 else t
        if len(s) >= 25:
            out.append(s)
    return list(dict.fromkeys(out))


def baseline_rate(texts: list[str], checkpoint: str) -> float:
    import torch
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(checkpoint)
    model = AutoModel.from_pretrained(checkpoint, add_pooling_layer=False).eval()
    start = time.perf_counter()
    with torch.inference_mode():
        for i in range(0, len(texts), 32):
            batch = tok(["query: " + t for t in texts[i : i + 32]], padding=True, truncation=True,
                        max_length=512, return_tensors="pt")
            h = model(**batch).last_hidden_state
            m = batch["attention_mask"].unsqueeze(-1).float()
            _ = torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1)
    return len(texts) / (time.perf_counter() - start)


def voc_predict(texts: list[str]) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp) / "in.txt", Path(tmp) / "out.jsonl"
        inp.write_text("\n".join(texts) + "\n", encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "service.cli", "predict", str(inp), "-o", str(out)],
                       check=True, cwd=ROOT, env=os.environ.copy())
        elapsed = time.perf_counter() - start
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        lines = sum(1 for _ in out.open(encoding="utf-8"))
    assert lines == len(texts), f"{lines} output lines for {len(texts)} inputs"
    return len(texts) / elapsed, elapsed, max(peak_kb, before)


def main() -> None:
    from models.encoder.encoder import resolve_checkpoint
    from service.settings import Settings

    s = Settings()
    checkpoint = resolve_checkpoint(s.encoder, s.cache_dir.expanduser())
    rng = random.Random(2026)
    all_texts = corpus_texts()
    sets = {
        "corpus utterances": rng.sample(all_texts, min(N, len(all_texts))),
        "short sentences (~50 chars)": rng.sample(short_texts(all_texts), min(N, len(short_texts(all_texts)))),
    }
    print(f"cores: {os.cpu_count()}, torch threads default, encoder: {s.encoder} ({s.encoder_backend})")
    for name, texts in sets.items():
        chars = np.mean([len(t) for t in texts])
        base = baseline_rate(texts, checkpoint)
        rate, elapsed, peak_kb = voc_predict(texts)
        print(f"\n== {name}: {len(texts)} texts, mean {chars:.0f} chars ==")
        print(f"baseline  plain transformers (batch 32, input order, fp32, load excluded): {base:7.1f} texts/s")
        print(f"voc predict end to end (process start + model load included):        {rate:7.1f} texts/s"
              f"  ({elapsed:.1f} s)")
        print(f"ratio voc predict / baseline: {rate / base:.2f}x   peak RSS of voc predict: {peak_kb / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
