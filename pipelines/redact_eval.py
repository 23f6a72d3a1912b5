"""Measuring the redactor: recall on planted personal data, and how much clean text it alters."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipelines.redact import find_pii


def load_planted(path: Path) -> list[dict[str, Any]]:
    """Records ``{"text", "pii": [{"value", "kind", "start"?, "end"?}]}``; a value without offsets is located at
    its first occurrence after the previous value's start (hand-written corpora carry values only)."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        pii, pos = [], 0
        for p in r["pii"]:
            if "start" not in p:
                start = r["text"].find(p["value"], pos)
                start = r["text"].index(p["value"]) if start < 0 else start
                p = {**p, "start": start, "end": start + len(p["value"])}
            pos = p["start"]
            pii.append(p)
        records.append({**r, "pii": pii})
    return records


def evaluate_planted(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A planted value counts as found when detected spans cover all of its characters. "clean altered" is the
    share of non-personal characters that fell inside a detected span (over-redaction)."""
    found: Counter = Counter()
    total: Counter = Counter()
    clean_hit = clean_total = 0
    misses: list[str] = []
    for r in records:
        covered: set[int] = set()
        for s in find_pii(r["text"]):
            covered.update(range(s.start, s.end))
        planted: set[int] = set()
        for p in r["pii"]:
            chars = set(range(p["start"], p["end"]))
            planted |= chars
            total[p["kind"]] += 1
            if chars <= covered:
                found[p["kind"]] += 1
            elif len(misses) < 30:
                misses.append(f"{p['kind']}: {p['value']!r} in {r['text']!r}")
        clean_total += len(r["text"]) - len(planted)
        clean_hit += len(covered - planted)
    n_found, n_total = sum(found.values()), sum(total.values())
    return {
        "items": n_total,
        "recall": n_found / n_total if n_total else 0.0,
        "recall_per_kind": {k: round(found[k] / total[k], 4) for k in sorted(total)},
        "clean_chars_altered": clean_hit / clean_total if clean_total else 0.0,
        "misses": misses,
    }


def altered_share(texts: Iterable[str]) -> dict[str, float]:
    """On texts without personal data: the share of texts changed at all, and of characters redacted."""
    n = changed = chars = hit = 0
    for t in texts:
        spans = find_pii(t)
        n += 1
        chars += len(t)
        if spans:
            changed += 1
            hit += sum(s.end - s.start for s in spans)
    return {"texts": n, "texts_altered": changed / n if n else 0.0, "chars_altered": hit / chars if chars else 0.0}
