"""Row readers for CSV (any delimiter, quoted multi-line fields), XLSX, JSON and JSON Lines.

Every reader streams and yields ``Row`` (file, row number, fields) or ``BadRow`` (file, row number, reason,
raw text): a broken row never stops a file, and nothing is dropped without a reason.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.ingest.decode import open_text, repair
from pipelines.ingest.records import BadRow

SUPPORTED = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json",
             ".jsonl": "jsonl", ".ndjson": "jsonl"}
MAX_FIELD = 1_000_000  # characters; a larger field is quarantined, not stored
MAX_JSON_BYTES = 512 * 1024 * 1024  # a whole-file JSON document is parsed in memory; bigger: use JSON Lines
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class ReadError(ValueError):
    """The file as a whole cannot be read (empty, not the format its name says)."""


@dataclass
class Row:
    file: str
    row: int  # 1-based line (CSV, JSONL: the physical line where the record starts), sheet row, or array index
    fields: dict[str, Any]


def file_kind(path: Path) -> str | None:
    return SUPPORTED.get(path.suffix.lower())


def iter_rows(path: Path) -> Iterator[Row | BadRow]:
    kind = file_kind(path)
    if kind is None:
        raise ReadError(f"{path}: unsupported file type {path.suffix!r} (use CSV, XLSX, JSON or JSON Lines)")
    if path.stat().st_size == 0:
        raise ReadError(f"{path}: the file is empty")
    readers = {"csv": _csv_rows, "xlsx": _xlsx_rows, "json": _json_rows, "jsonl": _jsonl_rows}
    yield from readers[kind](path)


def _clean(value: Any) -> Any:
    return repair(value).strip() if isinstance(value, str) else value


def _check(fields: dict[str, Any]) -> str | None:
    for k, v in fields.items():
        if isinstance(v, str):
            if "\ufffd" in v:
                return f"broken encoding: undecodable bytes in column {k!r}"
            if len(v) > MAX_FIELD:
                return f"field too large: column {k!r} has {len(v)} characters (max {MAX_FIELD})"
    return None


def _sniff_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    first = sample.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        if dialect.delimiter in first:
            return dialect
    except csv.Error:
        pass
    # the sniffer fails on long quoted multi-line fields: take the separator most frequent in the header
    delim = max(",;\t|", key=first.count)

    class Guessed(csv.excel):
        delimiter = delim

    return Guessed


def _csv_rows(path: Path) -> Iterator[Row | BadRow]:
    stream, _dec = open_text(path)
    with stream:
        sample = stream.read(1 << 16)
        stream.seek(0)
        dialect = _sniff_dialect(sample)
        reader = csv.reader(stream, dialect)
        header: list[str] | None = None
        start = 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield BadRow(str(path), start, f"broken quoting: {exc}")
                start = reader.line_num + 1
                continue
            line, start = start, reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            if header is None:
                header = [_clean(h) or f"column_{i + 1}" for i, h in enumerate(values)]
                if len(set(header)) != len(header):
                    raise ReadError(f"{path}: duplicate column names in the header: {header}")
                continue
            raw = dialect.delimiter.join(values) if isinstance(dialect.delimiter, str) else ""
            if len(values) != len(header):
                yield BadRow(str(path), line, f"wrong number of fields: expected {len(header)}, got {len(values)} "
                             "(broken quoting or stray delimiter)", raw)
                continue
            fields = {h: _clean(v) for h, v in zip(header, values, strict=True)}
            problem = _check(fields)
            yield BadRow(str(path), line, problem, raw) if problem else Row(str(path), line, fields)
        if header is None:
            raise ReadError(f"{path}: no header row found")


def _xlsx_rows(path: Path) -> Iterator[Row | BadRow]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException: all mean "not a workbook"
        raise ReadError(f"{path}: not a readable XLSX workbook ({exc})") from exc
    try:
        for ws in wb.worksheets:
            header: list[str] | None = None
            for r, values in enumerate(ws.iter_rows(values_only=True), 1):
                if not any(v not in (None, "") for v in values):
                    continue
                if header is None:
                    header = [str(_clean(h)) if h not in (None, "") else f"column_{i + 1}"
                              for i, h in enumerate(values)]
                    continue
                fields = {h: _clean(v) for h, v in zip(header, values, strict=False)}
                problem = _check(fields)
                where = f"{path}#{ws.title}"
                yield BadRow(where, r, problem, json.dumps(fields, default=str)) if problem else Row(where, r, fields)
    finally:
        wb.close()


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects become dotted keys ("requester.email"); lists (chat messages) are kept as they are."""
    out: dict[str, Any] = {}
    for k, v in obj.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        else:
            out[key] = _clean(v)
    return out


def _json_rows(path: Path) -> Iterator[Row | BadRow]:
    if path.stat().st_size > MAX_JSON_BYTES:
        raise ReadError(f"{path}: JSON document over {MAX_JSON_BYTES >> 20} MiB; export JSON Lines instead")
    stream, _dec = open_text(path)
    with stream:
        text = stream.read()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    if isinstance(doc, dict):
        lists = [v for v in doc.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        records = lists[0] if len(lists) == 1 else [doc]
    elif isinstance(doc, list):
        records = doc
    else:
        raise ReadError(f"{path}: expected a JSON array of objects or an object holding one")
    for i, rec in enumerate(records, 1):
        if not isinstance(rec, dict):
            yield BadRow(str(path), i, f"record {i} is not a JSON object", json.dumps(rec)[:4000])
            continue
        fields = flatten(rec)
        problem = _check(fields)
        yield BadRow(str(path), i, problem, json.dumps(rec)[:4000]) if problem else Row(str(path), i, fields)


def _jsonl_rows(path: Path) -> Iterator[Row | BadRow]:
    stream, _dec = open_text(path)
    with stream:
        for i, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadRow(str(path), i, f"malformed JSON: {exc.msg} at column {exc.colno}", line)
                continue
            if not isinstance(rec, dict):
                yield BadRow(str(path), i, "not a JSON object", line)
                continue
            fields = flatten(rec)
            problem = _check(fields)
            yield BadRow(str(path), i, problem, line) if problem else Row(str(path), i, fields)
