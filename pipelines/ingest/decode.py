"""Text decoding of exports as they really arrive: UTF-8 with or without BOM, UTF-16 (BOM or not), cp1252,
and mojibake (UTF-8 read as cp1252 somewhere upstream: "CafÃ©") repaired with ftfy.

The encoding is decided on a sample of the file's head, then the file is read as a stream, so memory does
not grow with the file.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import ftfy

SAMPLE = 1 << 16


@dataclass(frozen=True)
class Decoded:
    encoding: str  # the codec used to read the file
    note: str = ""  # how it was decided, for the run log


def sniff_encoding(head: bytes) -> Decoded:
    if head.startswith(codecs.BOM_UTF8):
        return Decoded("utf-8-sig", "UTF-8 BOM")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded("utf-16", "UTF-16 BOM")
    if len(head) >= 4:
        # UTF-16 without BOM: every other byte of ASCII-range text is NUL
        even, odd = head[0:200:2], head[1:200:2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            return Decoded("utf-16-le", "UTF-16-LE without BOM")
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            return Decoded("utf-16-be", "UTF-16-BE without BOM")
    try:
        head.decode("utf-8")
        return Decoded("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # the sample cut a multi-byte character in half
            return Decoded("utf-8")
    return Decoded("cp1252", "not UTF-8: read as Windows-1252")


def open_text(path: Path) -> tuple[IO[str], Decoded]:
    """A text stream of the file with the sniffed encoding. Undecodable bytes become U+FFFD (reported by the
    readers as a broken-encoding row) rather than stopping the file."""
    with path.open("rb") as fh:
        head = fh.read(SAMPLE)
    dec = sniff_encoding(head)
    raw = path.open("rb")
    return io.TextIOWrapper(raw, encoding=dec.encoding, errors="replace", newline=""), dec


def decode_bytes(data: bytes) -> tuple[str, Decoded]:
    dec = sniff_encoding(data[:SAMPLE])
    return data.decode(dec.encoding, errors="replace"), dec


def repair(text: str) -> str:
    """Fix mojibake ("Ã©" -> "é", "â€™" -> "’") and stray control characters; leaves clean text unchanged."""
    if not text or text.isascii():
        return text
    return ftfy.fix_text(text, normalization="NFC", unescape_html=False, fix_latin_ligatures=False,
                         uncurl_quotes=False, fix_character_width=False)
