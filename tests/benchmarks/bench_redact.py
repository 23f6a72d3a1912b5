"""`make bench`: redaction speed per text, against a plain-regex baseline measured in the same run.

    python tests/benchmarks/bench_redact.py [--texts 20000] [--repeat 5]

Texts: the messages of the ingest benchmark's export (tests/benchmarks/bench_ingest.py, write_export, seed 7):
data/test utterances, a quarter of them with a signature or a phone number appended. Single process, after a
warm-up pass (first-name lists, phonenumbers metadata). Baseline: one e-mail and one mobile-number regex
substitution over the same texts (redact's own EMAIL and NL_MOBILE patterns), the floor of any regex redactor.
Reported: microseconds per text of redact() and of the baseline (each the fastest of ``--repeat`` passes), and
their ratio. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import write_export  # noqa: E402


def export_texts(n: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        write_export(path, n)
        with path.open(encoding="utf-8", newline="") as fh:
            return [row["Bericht"] for row in csv.DictReader(fh, delimiter=";")]


def per_text_us(fn: Callable[[str], str], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from pipelines.redact import EMAIL, NL_MOBILE, redact

    def baseline(text: str) -> str:
        return NL_MOBILE.sub("[TELEFOON]", EMAIL.sub("[EMAIL]", text))

    texts = export_texts(args.texts)
    for t in texts[:500]:  # warm-up: lazy first-name lists and phone metadata
        redact(t)
    base = per_text_us(baseline, texts, args.repeat)
    full = per_text_us(redact, texts, args.repeat)
    print(f"redact: {full:.1f} us/text ({1e6 / full:,.0f} texts/s, single process) on {len(texts):,} export texts "
          f"of {sum(map(len, texts)) / len(texts):.0f} characters; e-mail + mobile regex baseline {base:.1f} us/text; "
          f"ratio {full / base:.1f}")


if __name__ == "__main__":
    main()
