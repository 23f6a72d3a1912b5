"""Text decoding of exports as they really arrive: UTF-8 with or without BOM, UTF-16 (BOM or not), cp1252,
and mojibake (UTF-8 read as cp1252 somewhere upstream: "CafÃ©") repaired with ftfy.

The encoding is decided on a sample of the file's head, then the file is read as a stream, so memory does
not grow with the file. Bytes that do not fit the decided encoding become U+FFFD, which the readers report as
a broken-encoding row; the one exception is a head that is plain ASCII (no evidence either way), where bytes
that are not UTF-8 are read as cp1252, the usual encoding of Dutch Windows exports.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import ftfy
from ftfy.badness import is_bad

SAMPLE = 1 << 16
CP1252_FALLBACK = "klantgevoel-cp1252"  # codec error handler: undecodable UTF-8 bytes are read as cp1252


class ReadError(ValueError):
    """The file as a whole cannot be read (empty, binary, not the format its name says)."""


@dataclass(frozen=True)
class Decoded:
    encoding: str  # the codec used to read the file
    note: str = ""  # how it was decided, for the run log
    errors: str = "replace"  # codec error handler


def _utf16_without_bom(head: bytes) -> str | None:
    # ASCII-range text in UTF-16 has a NUL in every other byte: odd bytes for LE, even bytes for BE
    even, odd = head[0:400:2], head[1:400:2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def sniff_encoding(head: bytes) -> Decoded:
    """The encoding of a file, decided on its first bytes. Raises ReadError for binary data."""
    if head.startswith(codecs.BOM_UTF8):
        return Decoded("utf-8-sig", "UTF-8 BOM")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded("utf-16", "UTF-16 BOM")
    if head.startswith(b"PK\x03\x04"):
        raise ReadError("this is a ZIP container (an XLSX workbook?), not text: give it the .xlsx extension")
    if len(head) >= 4 and (enc := _utf16_without_bom(head)):
        return Decoded(enc, f"{enc.upper()} without BOM")
    if b"\x00" in head:
        raise ReadError("binary data (NUL bytes), not a text export")
    if head.isascii():
        return Decoded("utf-8", "ASCII head: UTF-8, other bytes read as cp1252", CP1252_FALLBACK)
    try:
        head.decode("utf-8")
        return Decoded("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":  # sample cut a character
            return Decoded("utf-8")
    return Decoded("cp1252", "not UTF-8: read as Windows-1252")


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return bytes(err.object[err.start:err.end]).decode("cp1252", errors="replace"), err.end


def open_text(path: Path) -> tuple[IO[str], Decoded]:
    """A text stream of the file with the sniffed encoding (universal newlines kept as they are, for csv)."""
    with path.open("rb") as fh:
        head = fh.read(SAMPLE)
    dec = sniff_encoding(head)
    codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)  # idempotent; registered here, not at import
    raw = path.open("rb")
    return io.TextIOWrapper(raw, encoding=dec.encoding, errors=dec.errors, newline=""), dec


def decode_bytes(data: bytes) -> tuple[str, Decoded]:
    dec = sniff_encoding(data[:SAMPLE])
    codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)
    return data.decode(dec.encoding, errors=dec.errors), dec


@dataclass
class Line:
    number: int  # 1-based physical line number
    text: str  # the line with its line ending; only the first ``limit`` characters when ``overflow``
    quotes: int = 0  # '"' characters in the whole line, also the part not kept (CSV quote parity)
    overflow: bool = False  # the line was longer than the limit: the rest was read and dropped


def iter_lines(stream: IO[str], limit: int, start: int = 1) -> Iterator[Line]:
    """Physical lines, each held in memory up to ``limit`` characters: a longer line is read on in chunks and
    dropped, so one huge line cannot exhaust memory."""
    n = start
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(("\n", "\r")):
            yield Line(n, line, line.count('"'))
        else:
            quotes = line.count('"')
            while (chunk := stream.readline(SAMPLE)) and not chunk.endswith(("\n", "\r")):
                quotes += chunk.count('"')
            quotes += chunk.count('"')
            yield Line(n, line[:limit], quotes, overflow=True)
        n += 1


_NEEDS_FIX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")
_ASCII_CONTROLS = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


# UTF-8 read as cp1252/Latin-1 always shows a lead byte (Â..ô) followed by a continuation byte (0x80-0xBF as
# Latin-1, or cp1252's printable characters in that range): text without such a pair is not mojibake.
_MOJIBAKE_PAIR = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152"
    "\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)


def plain_ascii(text: str) -> bool:
    """ASCII without the control characters _NEEDS_FIX looks for (line breaks and tabs are fine): text that repair
    leaves as it is. Tested at C speed: printable up to the first line break, then the controls deleted from the
    bytes (the search takes four times as long)."""
    return text.isascii() and (text.isprintable()
                               or len(text.encode("ascii").translate(None, _ASCII_CONTROLS)) == len(text))


def repair(text: str) -> str:
    """Fix mojibake ("Ã©" -> "é", "â€™" -> "’") and stray control characters; leaves clean text unchanged
    (NFC-normalised). ftfy runs only where its own mojibake test or a control character says so: it is most
    of the reading time otherwise."""
    if plain_ascii(text):
        return text
    if not text.isascii() and not _NEEDS_FIX.search(text) and (not _MOJIBAKE_PAIR.search(text) or not is_bad(text)):
        return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    return ftfy.fix_text(text, normalization="NFC", unescape_html=False, fix_latin_ligatures=False,
                         uncurl_quotes=False, fix_character_width=False)
