"""Line-oriented tagging for ``voc predict``: one JSON object out for every line in, same order.

Input is plain text (one utterance a line) or JSON Lines with a ``text`` field; ``auto`` decides by the
first non-empty line. A line that cannot be used (empty, not UTF-8, malformed JSON, no ``text``) yields an
object with an ``error`` field instead of stopping the run. Lines are processed in chunks so memory stays
bounded on large files while each chunk still gets length-sorted batches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol

InputFormat = Literal["auto", "text", "jsonl"]
CHUNK_LINES = 2048
MAX_CHARS = 1_000_000  # a single line beyond this is refused rather than tagged


class _Tagger(Protocol):
    model_version: str

    def predict(self, texts: list[str]) -> list[Any]: ...


@dataclass
class ParsedLine:
    text: str | None
    error: str | None = None
    id: Any = None


def parse_line(raw: bytes, fmt: Literal["text", "jsonl"]) -> ParsedLine:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ParsedLine(None, f"not valid UTF-8 (byte {exc.start})")
    line = line.rstrip("\r\n").lstrip("\ufeff")
    if fmt == "jsonl":
        if not line.strip():
            return ParsedLine(None, "empty line")
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            return ParsedLine(None, f"malformed JSON ({exc.msg} at column {exc.colno})")
        if not isinstance(rec, dict):
            return ParsedLine(None, "expected a JSON object with a 'text' field")
        text = rec.get("text")
        if not isinstance(text, str):
            return ParsedLine(None, "no 'text' string field", rec.get("id"))
        line, ident = text, rec.get("id")
    else:
        ident = None
    if not line.strip():
        return ParsedLine(None, "empty text", ident)
    if len(line) > MAX_CHARS:
        return ParsedLine(None, f"text of {len(line)} characters exceeds {MAX_CHARS}", ident)
    return ParsedLine(line, None, ident)


def detect_format(first_line: bytes) -> Literal["text", "jsonl"]:
    try:
        rec = json.loads(first_line.decode("utf-8", errors="replace").lstrip("\ufeff"))
    except json.JSONDecodeError:
        return "text"
    return "jsonl" if isinstance(rec, dict) else "text"


def _chunks(lines: Iterable[bytes], fmt: InputFormat) -> Iterator[list[ParsedLine]]:
    chunk: list[ParsedLine] = []
    resolved: Literal["text", "jsonl"] | None = None if fmt == "auto" else fmt
    pending: list[bytes] = []  # lines before the first non-empty one, while the format is undecided
    for raw in lines:
        if resolved is None:
            pending.append(raw)
            if not raw.strip():
                continue
            resolved = detect_format(raw)
            for r in pending:
                chunk.append(parse_line(r, resolved))
            pending = []
        else:
            chunk.append(parse_line(raw, resolved))
        if len(chunk) >= CHUNK_LINES:
            yield chunk
            chunk = []
    for r in pending:  # the whole input was blank
        chunk.append(parse_line(r, "text"))
    if chunk:
        yield chunk


def tag_lines(lines: Iterable[bytes], tagger: _Tagger, fmt: InputFormat = "auto") -> Iterator[dict[str, Any]]:
    """Yield one result dict per input line, in order."""
    lineno = 0
    for chunk in _chunks(lines, fmt):
        texts = [p.text for p in chunk if p.text is not None]
        results = iter(tagger.predict(texts) if texts else [])
        for p in chunk:
            lineno += 1
            out: dict[str, Any] = {"line": lineno}
            if p.id is not None:
                out["id"] = p.id
            if p.text is None:
                out["error"] = f"line {lineno}: {p.error}"
            else:
                out.update(next(results).to_dict())
                out["model_version"] = tagger.model_version
            yield out
