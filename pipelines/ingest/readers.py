"""Row readers for CSV (any delimiter, quoted multi-line fields), XLSX, JSON and JSON Lines.

Every reader yields ``Row`` (file, row number, fields) or ``BadRow`` (file, row number, reason, raw text): a
broken row never stops a file, and nothing is dropped without a reason. CSV and JSON Lines are streamed line
by line with a cap on what one record may hold, so memory stays flat however big the file; XLSX is read with
openpyxl's streaming mode; a JSON document is parsed whole up to STREAM_JSON_BYTES (so a malformed one can be
recovered record by record), a bigger one is streamed record by record with ijson.

CSV quoting is parsed strictly: a quote that is opened and not closed properly makes that record a BadRow,
and the physical lines the broken field swallowed are read again as records of their own, so one stray quote
costs one row, not the rest of the file.
"""

from __future__ import annotations

import csv
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pipelines.ingest.decode import Decoded, Line, ReadError, iter_lines, open_text, plain_ascii, repair
from pipelines.ingest.records import BadRow

__all__ = ["MAX_FIELD", "MAX_RECORD", "BadRow", "ReadError", "Row", "file_kind", "flatten", "iter_rows"]

SUPPORTED = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json",
             ".jsonl": "jsonl", ".ndjson": "jsonl"}
MAX_FIELD = 1_000_000  # characters; a larger field is quarantined, not stored
MAX_RECORD = 4 * MAX_FIELD  # characters of one CSV record or JSON line held in memory at most
STREAM_JSON_BYTES = 64 * 1024 * 1024  # JSON documents up to this are parsed whole; bigger ones are streamed
RAW_KEEP = 4000  # characters of a bad row kept for the quarantine
DELIMITERS = ",;\t|"


@dataclass
class Row:
    file: str
    row: int  # 1-based line (CSV, JSONL: the physical line where the record starts), sheet row, or array index
    fields: dict[str, Any]


def file_kind(path: Path) -> str | None:
    return SUPPORTED.get(path.suffix.lower())


def iter_rows(path: Path) -> Iterator[Row | BadRow]:
    """Rows of one export. Raises ReadError when the file as a whole is unreadable (before or while reading)."""
    kind = file_kind(path)
    if kind is None:
        raise ReadError(f"{path}: unsupported file type {path.suffix!r} (use CSV, XLSX, JSON or JSON Lines)")
    readers = {"csv": _csv_rows, "xlsx": _xlsx_rows, "json": _json_rows, "jsonl": _jsonl_rows}
    try:
        if path.stat().st_size == 0:
            raise ReadError(f"{path}: the file is empty")
        yield from readers[kind](path)
    except ReadError as exc:
        raise ReadError(str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}") from exc
    except OSError as exc:  # gone, a folder, no permission: the run goes on with the other files
        raise ReadError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return repair(value).strip()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # spreadsheets store ids as floats: 1234.0 is the id 1234
    return value


def _check(fields: dict[str, Any], dec: Decoded | None = None) -> str | None:
    for k, v in fields.items():
        if isinstance(v, str):
            if "\ufffd" in v:
                how = f" as {dec.encoding}" if dec else ""
                return f"broken encoding: bytes that cannot be decoded{how} in column {k!r}"
            if len(v) > MAX_FIELD:
                return f"field too large: column {k!r} has {len(v)} characters (max {MAX_FIELD})"
    return None


def _header(values: Iterable[Any]) -> list[str]:
    """Column names: empty ones become column_N, repeated ones get _2, _3 (exports do repeat columns)."""
    names: list[str] = []
    for i, v in enumerate(values):
        base = str(_clean(v)) if v not in (None, "") else f"column_{i + 1}"
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}_{n}"
        names.append(name)
    return names


# ---- CSV ------------------------------------------------------------------------------------------------------

class _Overflow(Exception):
    """A record grew past MAX_RECORD characters."""


class _Feed:
    """The physical lines csv.reader consumes: numbered, capped per record, and replayable, so the lines a
    broken quote swallowed can be read again as records of their own."""

    def __init__(self, lines: Iterator[Line]) -> None:
        self.lines = lines
        self.replay: deque[Line] = deque()
        self.record: list[Line] = []
        self.size = 0

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        line = self.replay.popleft() if self.replay else next(self.lines)
        self.record.append(line)
        self.size += len(line.text)
        if line.overflow or self.size > MAX_RECORD:
            raise _Overflow
        return line.text

    def start(self) -> None:
        self.record, self.size = [], 0

    def push_back(self, lines: list[Line]) -> None:
        self.replay.extendleft(reversed(lines))

    def skip_open_quote(self) -> None:
        """After an overflow inside a quoted field: read on (without keeping) to the line that closes it."""
        quotes = sum(ln.quotes for ln in self.record)
        while quotes % 2:
            line = self.replay.popleft() if self.replay else next(self.lines, None)
            if line is None:
                return
            self.record.append(line)
            quotes += line.quotes
            del self.record[1:-1]  # keep the first and last line only: their numbers go in the reason

    def raw(self) -> str:
        return "".join(ln.text for ln in self.record)[:RAW_KEEP]


def _count_outside_quotes(line: str, ch: str) -> int:
    return sum(part.count(ch) for part in line.split('"')[::2])


def _delimiter(first: str) -> str:
    """The separator of a CSV from its header line: the candidate that occurs most outside quotes. A header of
    one column gets a separator that cannot occur, so commas in its texts stay text."""
    counts = {d: _count_outside_quotes(first, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else "\x1f"


def _open_csv(path: Path) -> tuple[IO[str], Decoded, _Feed, str]:
    stream, dec = open_text(path)
    feed = _Feed(iter_lines(stream, MAX_RECORD))
    head: list[Line] = []
    for line in feed.lines:
        head.append(line)
        if line.text.strip():
            break
    delimiter = _delimiter(head[-1].text) if head else ","
    if head and (m := re.fullmatch(r'"?sep=(.)"?\s*', head[-1].text)):  # Excel's "sep=;" hint line
        delimiter = m[1]
        head.pop()
    feed.push_back(head)
    return stream, dec, feed, delimiter


def _csv_rows(path: Path) -> Iterator[Row | BadRow]:
    stream, dec, feed, delimiter = _open_csv(path)
    file = str(path)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD + 1))  # our own cap (MAX_RECORD) applies first
    with stream:
        reader = csv.reader(feed, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
        header: list[str] | None = None
        cut: _Truncated | None = None  # a record the file ends in the middle of, while its lines are read again
        while True:
            feed.start()
            try:
                values = next(reader)
            except StopIteration:
                break
            except _Overflow:
                if cut is not None:
                    yield cut.bad_row()
                    cut = None
                yield _overflow(feed, file)
                continue
            except csv.Error as exc:
                swallowed = feed.record[1:]
                if cut is not None and feed.record[0].number <= cut.last:  # a quote in the cut-off text
                    cut.lines.append(feed.record[0])
                    feed.push_back(swallowed)
                    continue
                bad = BadRow(file, feed.record[0].number, f"broken quoting: {exc}", feed.record[0].text[:RAW_KEEP])
                feed.push_back(swallowed)  # the lines a runaway quote swallowed are read again
                if swallowed and header is not None and "unexpected end of data" in str(exc):
                    cut = _Truncated(bad, swallowed[-1].number, feed.record[:1])
                else:
                    yield bad
                continue
            if cut is not None:
                if feed.record[0].number <= cut.last and not _fits(values, header):
                    cut.lines += feed.record  # the rest of the cut-off record, not a record of its own
                    continue
                yield cut.bad_row()
                cut = None
            joined = "".join(values)
            if not joined or joined.isspace():
                continue  # blank line, or a line of empty fields: no data to lose
            if header is None:
                header = _header(values)
                continue
            yield _csv_record(file, feed, header, values, joined, dec)
        if cut is not None:
            yield cut.bad_row()
        if header is None:
            raise ReadError(f"{path}: no header row found")


@dataclass
class _Truncated:
    """The file ends inside a quoted field. The lines after the opening quote are read again: those that are
    whole records of their own (a stray quote swallowed them) stay rows; those that are not (blank, or the wrong
    number of fields) right after it are the rest of the same cut-off record, and go in its one BadRow."""

    bad: BadRow
    last: int  # the last line the open quote swallowed
    lines: list[Line]  # the record's first line and the lines taken back into it

    def bad_row(self) -> BadRow:
        first, end = self.lines[0].number, self.lines[-1].number
        if end == first:
            return self.bad
        raw = "".join(ln.text for ln in self.lines)[:RAW_KEEP]
        return BadRow(self.bad.file, self.bad.row, f"{self.bad.reason} (lines {first}-{end}: the file ends inside "
                      "this record's quoted field, a cut-off export?)", raw)


def _fits(values: list[str], header: list[str] | None) -> bool:
    """A whole record: a blank line is not one, and neither is a line with the wrong number of fields."""
    if header is None or not any(v.strip() for v in values):
        return False
    while len(values) > len(header) and not values[-1].strip():
        values = values[:-1]
    return len(values) == len(header)


def _overflow(feed: _Feed, file: str) -> BadRow:
    first = feed.record[0].number
    feed.skip_open_quote()
    last = feed.record[-1].number
    where = f"line {first}" if last == first else f"lines {first}-{last}"
    return BadRow(file, first, f"field too large: the record on {where} is over {MAX_RECORD} characters",
                  feed.record[0].text[:RAW_KEEP])


def _csv_record(file: str, feed: _Feed, header: list[str], values: list[str], joined: str, dec: Decoded
                ) -> Row | BadRow:
    """A row from a record's values (``joined``: them all in one string, trailing empty ones included)."""
    line = feed.record[0].number
    while len(values) > len(header) and not values[-1].strip():
        values = values[:-1]  # a trailing delimiter at the end of every line
    if len(values) != len(header):
        return BadRow(file, line, f"wrong number of fields: expected {len(header)}, got {len(values)} "
                      "(broken quoting or stray delimiter)", feed.raw())
    # _clean and _check of every value, with one look at all of them together first: most records need no repair,
    # and the per-field checks run only where one of them may fail
    if plain_ascii(joined):
        fields = dict(zip(header, map(str.strip, values), strict=True))
    else:
        fields = {h: repair(v).strip() for h, v in zip(header, values, strict=True)}
        joined = "".join(fields.values())
    problem = _check(fields, dec) if len(joined) > MAX_FIELD or "\ufffd" in joined else None
    return BadRow(file, line, problem, feed.raw()) if problem else Row(file, line, fields)


# ---- XLSX -----------------------------------------------------------------------------------------------------

def _xlsx_rows(path: Path) -> Iterator[Row | BadRow]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException: all mean "not a workbook"
        raise ReadError(f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()  # some writers store a wrong sheet size; read what is there
            try:
                yield from _sheet_rows(f"{path}#{ws.title}", ws.iter_rows(values_only=True))
            except (ValueError, KeyError, TypeError, SyntaxError) as exc:  # broken sheet XML (ParseError is one)
                raise ReadError(f"{path}: sheet {ws.title!r} is damaged ({type(exc).__name__}: {exc})") from exc
    finally:
        wb.close()


def _sheet_rows(where: str, rows: Iterable[tuple[Any, ...]]) -> Iterator[Row | BadRow]:
    header: list[str] | None = None
    for r, values in enumerate(rows, 1):
        if not any(v not in (None, "") for v in values):
            continue
        if header is None:
            header = _header(values)
            continue
        extra = len(values) - len(header)
        if extra > 0 and any(v not in (None, "") for v in values[len(header):]):
            header += [f"column_{len(header) + i + 1}" for i in range(extra)]  # data right of the header
        padded = list(values) + [None] * (len(header) - len(values))
        fields = {h: _clean(v) for h, v in zip(header, padded, strict=False)}
        problem = _check(fields)
        raw = json.dumps(fields, ensure_ascii=False, default=str)[:RAW_KEEP]
        yield BadRow(where, r, problem, raw) if problem else Row(where, r, fields)


# ---- JSON and JSON Lines --------------------------------------------------------------------------------------

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


def _record(file: str, n: int, rec: Any, raw: str, dec: Decoded | None) -> Row | BadRow:
    if not isinstance(rec, dict):
        return BadRow(file, n, f"not a JSON object: a {type(rec).__name__}", raw[:RAW_KEEP])
    fields = flatten(rec)
    problem = _check(fields, dec)
    return BadRow(file, n, problem, raw[:RAW_KEEP]) if problem else Row(file, n, fields)


def _json_rows(path: Path) -> Iterator[Row | BadRow]:
    if path.stat().st_size > STREAM_JSON_BYTES:
        yield from _json_stream(path)
        return
    stream, dec = open_text(path)
    with stream:
        text = stream.read()
    if not text.strip():
        raise ReadError(f"{path}: the file is empty")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield from _json_recover(path, text, exc, dec)
        return
    file = str(path)
    for i, rec in enumerate(_records_of(path, doc), 1):
        yield _record(file, i, rec, json.dumps(rec, ensure_ascii=False, default=str), dec)


def _json_stream(path: Path) -> Iterator[Row | BadRow]:
    """A big JSON document, record by record (memory stays flat): an array of objects, or an object holding one
    ({"count": 2, "tickets": [...]}). A syntax error ends the file there, with a quarantined row that says how
    many records came before it."""
    import ijson

    stream, dec = open_text(path)
    file = str(path)
    with stream:
        if not stream.read(4096).strip():
            raise ReadError(f"{path}: the file is empty")
        stream.seek(0)
        prefix = _array_prefix(stream, path)
        stream.seek(0)
        n = 0
        try:
            for rec in ijson.items(_Utf8(stream), prefix, use_float=True):
                n += 1
                yield _record(file, n, rec, json.dumps(rec, ensure_ascii=False, default=str), dec)
        except ijson.JSONError as exc:
            yield BadRow(file, n + 1, f"malformed JSON after record {n}: {exc}; the rest of the file was not read")


def _array_prefix(stream: IO[str], path: Path) -> str:
    """Where the records are: the top-level array ("item"), or the first key of the top-level object that
    holds an array ("tickets.item")."""
    import ijson

    try:
        for prefix, event, _ in ijson.parse(_Utf8(stream)):
            if event == "start_array" and prefix == "":
                return "item"
            if event == "start_array" and prefix and "." not in prefix:
                return f"{prefix}.item"
            if event in ("end_map", "string", "number", "boolean", "null") and prefix == "":
                break
    except ijson.JSONError as exc:
        raise ReadError(f"{path}: malformed JSON before the first record: {exc}") from exc
    raise ReadError(f"{path}: a JSON document this big must be an array of objects or an object holding one; "
                    "export JSON Lines otherwise")


class _Utf8:
    """A binary view of a decoded text stream for ijson (which parses UTF-8 bytes): exports in UTF-16 or cp1252
    are decoded once by open_text, like every other reader's input."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson probes the stream's type with read(0)
            return b""
        return self.stream.read(size if size > 0 else 65536).encode("utf-8")


def _records_of(path: Path, doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        lists = [v for v in doc.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        return lists[0] if len(lists) == 1 else [doc]  # {"tickets": [...], "count": 2} or one record
    raise ReadError(f"{path}: expected a JSON array of objects or an object holding one, got {type(doc).__name__}")


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


@dataclass
class _ArrayScan:
    """Element-by-element parse of a JSON array whose document as a whole is malformed."""

    text: str
    pos: int
    decoder: json.JSONDecoder = field(default_factory=json.JSONDecoder)

    def skip_ws(self) -> str:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1
        return self.text[self.pos: self.pos + 1]

    def resync(self, indent: int) -> bool:
        """Move to the next element that starts a line at the indentation of the first element."""
        m = re.compile(rf"\n[ \t]{{{indent}}}\{{").search(self.text, self.pos + 1)
        if not m:
            return False
        self.pos = m.end() - 1
        return True


ARRAY_HOLDER = re.compile(r'\s*(?:\{\s*"(?:[^"\\]|\\.)*"\s*:\s*)?\[\s*\{')  # "[{" or '{"tickets": [{'


def _json_recover(path: Path, text: str, err: json.JSONDecodeError, dec: Decoded) -> Iterator[Row | BadRow]:
    """A malformed JSON document: keep the records that parse, quarantine each broken one with its line and
    the parser's reason. Also reads a ".json" file that is really JSON Lines."""
    file = str(path)
    first_line = text.lstrip().split("\n", 1)[0]
    if err.msg == "Extra data" and first_line.startswith("{") and _parses(first_line):
        yield from _jsonl_lines(file, (Line(i, s) for i, s in enumerate(text.split("\n"), 1)), dec)
        return
    m = ARRAY_HOLDER.match(text)
    if not m:
        line, col = _line_col(text, err.pos)
        yield BadRow(file, line, f"malformed JSON: {err.msg} at line {line}, column {col}", text[:RAW_KEEP])
        return
    yield from _scan_array(file, _ArrayScan(text, m.end() - 1), dec)


def _parses(s: str) -> bool:
    try:
        json.loads(s)
    except json.JSONDecodeError:
        return False
    return True


def _scan_array(file: str, scan: _ArrayScan, dec: Decoded) -> Iterator[Row | BadRow]:
    n, indent = 0, -1
    while scan.skip_ws() not in ("", "]"):
        n += 1
        at = scan.pos
        line, col = _line_col(scan.text, at)
        indent = col - 1 if indent < 0 else indent
        try:
            rec, scan.pos = scan.decoder.raw_decode(scan.text, at)
        except json.JSONDecodeError as exc:
            eline, ecol = _line_col(scan.text, exc.pos)
            yield BadRow(file, line, f"malformed JSON: record {n} (line {line}): {exc.msg} at line {eline}, "
                         f"column {ecol}", scan.text[at: at + RAW_KEEP])
            if not scan.resync(indent):
                return
            continue
        yield _record(file, line, rec, scan.text[at: scan.pos], dec)
        sep = scan.skip_ws()
        if sep == ",":
            scan.pos += 1
        elif sep == "":
            break
        elif sep != "]":
            eline, ecol = _line_col(scan.text, scan.pos)
            yield BadRow(file, eline, f"malformed JSON: expected ',' or ']' after a record at line {eline}, "
                         f"column {ecol}", scan.text[scan.pos: scan.pos + RAW_KEEP])
            if not scan.resync(indent):
                return
    if scan.skip_ws() == "":
        eline, _ = _line_col(scan.text, len(scan.text))
        yield BadRow(file, eline, f"malformed JSON: the file ends at line {eline} before the list of records is "
                     "closed (a truncated export?)", scan.text[-200:])


def _jsonl_rows(path: Path) -> Iterator[Row | BadRow]:
    stream, dec = open_text(path)
    with stream:
        yield from _jsonl_lines(str(path), iter_lines(stream, MAX_RECORD), dec)


def _jsonl_lines(file: str, lines: Iterable[Line], dec: Decoded) -> Iterator[Row | BadRow]:
    for line in lines:
        if line.overflow:
            yield BadRow(file, line.number, f"field too large: line over {MAX_RECORD} characters", line.text[:RAW_KEEP])
            continue
        if not line.text.strip():
            continue
        try:
            rec = json.loads(line.text.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield BadRow(file, line.number, f"malformed JSON: {exc.msg} at line {line.number}, column {exc.colno}",
                         line.text[:RAW_KEEP])
            continue
        yield _record(file, line.number, rec, line.text, dec)
