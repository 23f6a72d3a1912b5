"""Labelled utterances: reading, validating and summarising the project's JSON Lines corpora."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.taxonomy import EMOTION_IDS, PHASE_IDS

CHANNELS = ("email", "chat", "phone", "review", "social", "webform")
# "general": everyday reviews and spoken turns outside customer service, to broaden the model's Dutch
SECTORS = ("webshop", "telecom", "energy", "finance", "travel", "public", "general")


class DataError(ValueError):
    """A labelled file has records that break the schema; the message lists file:line and field."""


@dataclass(frozen=True)
class Example:
    text: str
    emotion: str | None = None
    phase: str | None = None
    intensity: int | None = None
    channel: str | None = None
    sector: str | None = None
    variant: str | None = None
    source: str = ""  # file:line, for error messages and audits
    weight: float = 1.0


@dataclass
class Corpus:
    examples: list[Example] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.examples)

    def __iter__(self) -> Iterator[Example]:
        return iter(self.examples)

    @property
    def texts(self) -> list[str]:
        return [e.text for e in self.examples]

    def counts(self, attr: str) -> Counter:
        return Counter(getattr(e, attr) for e in self.examples)


def _check(rec: dict, where: str, strict: bool) -> list[str]:
    errs = []
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        errs.append("text: missing or empty")
    if ("emotion" in rec or strict) and rec.get("emotion") not in EMOTION_IDS:
        errs.append(f"emotion: {rec.get('emotion')!r} not in {list(EMOTION_IDS)}")
    if ("phase" in rec or strict) and rec.get("phase") not in PHASE_IDS:
        errs.append(f"phase: {rec.get('phase')!r} not in {list(PHASE_IDS)}")
    if "intensity" in rec or strict:
        if rec.get("intensity") not in (1, 2, 3, 4, 5):
            errs.append(f"intensity: {rec.get('intensity')!r} not in 1..5")
        elif rec.get("emotion") == "neutral" and rec.get("intensity") != 1:
            errs.append("intensity: neutral utterances have intensity 1")
    if strict:
        if rec.get("channel") not in CHANNELS:
            errs.append(f"channel: {rec.get('channel')!r} not in {list(CHANNELS)}")
        if rec.get("sector") not in SECTORS:
            errs.append(f"sector: {rec.get('sector')!r} not in {list(SECTORS)}")
        if rec.get("variant") not in ("nl", "be"):
            errs.append(f"variant: {rec.get('variant')!r} not in ['nl', 'be']")
    return [f"{where}: {e}" for e in errs]


def read_jsonl(paths: Iterable[str | Path], strict: bool = False) -> Corpus:
    """Read labelled JSON Lines. ``strict`` demands the full schema of the project's own corpus.

    Every problem in every file is collected and raised together, so one run shows all that needs fixing.
    """
    corpus = Corpus()
    problems: list[str] = []
    seen: dict[str, tuple[str, tuple]] = {}
    for where, rec in iter_records(paths, problems):
        errs = _check(rec, where, strict)
        if errs:
            problems.extend(errs)
            continue
        labels = (rec.get("emotion"), rec.get("phase"), rec.get("intensity"))
        if strict and rec["text"] in seen:
            first, first_labels = seen[rec["text"]]
            if first_labels != labels:  # the same words cannot carry two sets of labels
                problems.append(f"{where}: same text as {first} with other labels")
            continue  # an identical duplicate is kept once
        seen[rec["text"]] = (where, labels)
        corpus.examples.append(
            Example(
                text=rec["text"],
                emotion=rec.get("emotion"),
                phase=rec.get("phase"),
                intensity=rec.get("intensity"),
                channel=rec.get("channel"),
                sector=rec.get("sector"),
                variant=rec.get("variant"),
                source=where,
            )
        )
    if problems:
        shown = "\n".join(problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise DataError(f"{len(problems)} problem(s) in labelled data:\n{shown}{more}")
    return corpus


def iter_records(paths: Iterable[str | Path], problems: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The JSON objects of labelled JSON Lines files (folders: their ``*.jsonl``), each with its ``file:line``;
    lines that are not valid JSON or not an object are added to ``problems`` (callers raise them together)."""
    for path in _expand(paths):
        with path.open(encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    problems.append(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})")
                    continue
                if not isinstance(rec, dict):
                    problems.append(f"{where}: expected a JSON object")
                    continue
                yield where, rec


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.jsonl")))
        elif p.is_file():
            out.append(p)
        else:
            raise DataError(f"{p}: no such file or directory")
    return out
