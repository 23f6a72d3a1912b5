"""Contacts ready for the store: the per-contact CPU work of the batch path (rows -> contacts, redaction, language
id, keyed hashes), as pure functions. It runs in the ingest's worker processes, so it imports no database code:
a worker starts in a fraction of the time (SQLAlchemy alone takes longer to import than all of this).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from pipelines.ingest.dates import as_utc
from pipelines.ingest.readers import Row
from pipelines.ingest.records import BadRow, ContactDraft
from pipelines.ingest.sources import PendingRow

MAX_RAW_QUARANTINE = 4000
WORKER_NICENESS = 10
IN_FLIGHT = 3  # parts being prepared by the workers while the main process reads and writes
# Contacts handed to the workers at a time, and then to the writer: a part of a committed batch. Small enough that the
# workers start soon and the last part stored alone is short; the writer commits several in one transaction (each
# commit rewrites the index pages a transaction touched, all over the random-keyed indexes: fewer, larger commits
# write a third fewer pages).
HANDOFF = 2000


def handoff_size(batch_size: int) -> int:
    """Contacts per part of a committed batch of ``batch_size``."""
    return min(batch_size, HANDOFF)
MIN_SPLIT = 64  # a smaller batch is prepared in-process: sending it costs more than it saves

Redactor = Callable[[str], str]
LanguageId = Callable[[str], tuple[str, float]]


def pseudonymise(ref: str, key: bytes) -> str:
    """Keyed hash of a customer key: stable across runs with the same key, not reversible without it."""
    return keyed_hash(key, ref.strip().lower())


def dedup_key(draft: ContactDraft, key: bytes) -> str:
    if draft.external_id:
        basis = ["id", draft.source, draft.external_id.strip()]
    else:
        basis = [
            "content", draft.source, draft.channel,
            draft.timestamp.isoformat() if draft.timestamp else "",
            (draft.customer_ref or "").strip().lower(),
            *(f"{t.speaker}:{t.text}" for t in draft.turns),
        ]
    return keyed_hash(key, "\x1f".join(basis))


def keyed_hash(key: bytes, text: str) -> str:
    """HMAC-SHA256 in hex (RFC 2104), from copies of the SHA-256 states after the key's inner and outer pads, made
    once per key: hmac.new sets the key up again for every message, and even a copy of an HMAC object costs twice
    this (its Python wrapper)."""
    inner, outer = _pads(key)
    h = inner.copy()
    h.update(text.encode("utf-8"))
    o = outer.copy()
    o.update(h.digest())
    return o.hexdigest()


_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


@lru_cache(maxsize=16)
def _pads(key: bytes) -> tuple[Any, Any]:
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    return hashlib.sha256(key.translate(_IPAD)), hashlib.sha256(key.translate(_OPAD))


class Ready(NamedTuple):
    """A contact ready for the store: redacted, its language known, its keys computed. No raw text is left in
    it: turn texts and metadata are the redacted ones, the customer only a pseudonym. Plain values (a named
    tuple of dicts and tuples): it travels back from the worker processes, and pickling dataclasses costs more."""

    key: str  # dedup key
    customer: str | None  # pseudonym
    contact: dict[str, Any]  # Contact columns, less the database's own (ids, run)
    turns: list[tuple[str, str, datetime | None]]  # (speaker, redacted text, timestamp)


Item = ContactDraft | BadRow | PendingRow


def make_ready(items: Sequence[Item], redact: Redactor, detect_language: LanguageId, key: bytes
               ) -> list[Ready | BadRow]:
    """Everything a contact needs before the store, as one pure function (it runs in worker processes): rows
    become contacts, redaction first (nothing after it sees the raw text), then the keys, and language id last,
    for all contacts in a row. Bad rows keep only a redacted, shortened copy of their raw text."""
    out: list[Ready | BadRow] = []
    languages: list[tuple[dict[str, Any], str]] = []  # (contact, its text to identify)
    for item in items:
        if isinstance(item, PendingRow):
            item = item.convert()
        if isinstance(item, BadRow):
            out.append(replace(item, raw=redact(item.raw[:MAX_RAW_QUARANTINE])))
            continue
        d = item
        texts: list[str] = []  # redacted, in one pass over the turns
        said: list[str] = []  # ... the customer's
        turns: list[tuple[str, str, datetime | None]] = []
        for t in d.turns:
            text = redact(t.text)
            texts.append(text)
            if t.speaker == "customer":
                said.append(text)
            turns.append((t.speaker, text, as_utc(t.timestamp)))
        meta = _redacted_metadata(d.metadata, redact)
        contact: dict[str, Any] = {
            "source": d.source, "external_id": d.external_id, "channel": d.channel, "touchpoint": d.touchpoint,
            "timestamp": as_utc(d.timestamp), "language": None, "language_confidence": None,
            "is_auto_reply": bool(meta.get("auto_reply", False)), "metadata": meta, "file": d.file[-500:],
            "row": d.row,
        }
        languages.append((contact, " ".join(said) or " ".join(texts)))
        out.append(Ready(dedup_key(d, key), pseudonymise(d.customer_ref, key) if d.customer_ref else None,
                         contact, turns))
    # language id of the whole batch in one go, after the rest: langid's tables (a 10 M-entry automaton, 3 MB of
    # weights) stay in the CPU caches from one text to the next instead of being read from memory for each text
    for contact, text in languages:
        lang, conf = detect_language(text)
        contact["language"], contact["language_confidence"] = lang, round(conf, 4)
    return out


class Prepared:
    """Input items, batch by batch, made ready by ``make_ready`` in the worker processes while the consumer stores
    earlier batches: up to ``IN_FLIGHT`` batches ahead of it, so reading, redaction and the store overlap instead of
    taking turns. Without an executor each batch is made ready in this process when it is read.

    ``start()`` reads and hands out the first batches at once: the workers start on them while the consumer still
    gets ready (imports its database code, migrates the store)."""

    def __init__(self, items: Iterable[Item], batch_size: int, redact: Redactor, detect_language: LanguageId,
                 key: bytes, executor: Executor | None = None, workers: int = 1) -> None:
        self._chunks = _chunks(items, batch_size)
        self._args = (redact, detect_language, key)
        self._executor, self._workers = executor, workers
        self._depth = IN_FLIGHT if executor is not None else 0
        self._pending: deque[tuple[int, Callable[[], list[Ready | BadRow]]]] = deque()
        self._read_all = False

    def start(self) -> Prepared:
        self._fill()
        return self

    def __iter__(self) -> Iterator[tuple[int, list[Ready | BadRow]]]:
        """(rows in the batch, its contacts and bad rows in input order), batch by batch."""
        while True:
            self._fill()
            if not self._pending:
                return
            n, result = self._pending.popleft()
            yield n, result()

    def _fill(self) -> None:
        while not self._read_all and len(self._pending) <= self._depth:
            chunk = next(self._chunks, None)
            if chunk is None:
                self._read_all = True
            else:
                self._pending.append((len(chunk), self._submit(chunk)))

    def _submit(self, items: list[Item]) -> Callable[[], list[Ready | BadRow]]:
        """Start ``make_ready`` on a batch, in strided chunks (long and short messages spread evenly over the
        workers). Returns a function that waits for the result, in input order."""
        if self._executor is None or len(items) < MIN_SPLIT:
            done = make_ready(items, *self._args)
            return lambda: done
        n = self._workers
        futures = [self._executor.submit(_make_ready_sent, _send(items[i::n]), *self._args) for i in range(n)]

        def result() -> list[Ready | BadRow]:
            out: list[Ready | BadRow] = [None] * len(items)  # type: ignore[list-item]
            for i, f in enumerate(futures):
                out[i::n] = [r if isinstance(r, BadRow) else Ready._make(r) for r in f.result()]
            return out

        return result


# Between the processes, rows and results travel as plain tuples: pickle writes and reads a tuple at a fraction of
# the cost of a dataclass or a named tuple (~6 µs a contact less in all, a few percent of the whole ingest).
Sent = tuple[str, int, dict[str, Any], Any] | ContactDraft | BadRow


def _send(items: Sequence[Item]) -> list[Sent]:
    return [(i.row.file, i.row.row, i.row.fields, i.ctx) if isinstance(i, PendingRow) else i for i in items]


def _make_ready_sent(sent: list[Sent], redact: Redactor, detect_language: LanguageId, key: bytes
                     ) -> list[tuple[Any, ...] | BadRow]:
    items = [PendingRow(Row(i[0], i[1], i[2]), i[3]) if isinstance(i, tuple) else i for i in sent]
    return [r if isinstance(r, BadRow) else tuple(r) for r in make_ready(items, redact, detect_language, key)]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_PLAIN = (str, int, float, bool, type(None))


def _redacted_metadata(meta: dict[str, Any], redact: Redactor) -> dict[str, Any]:
    """JSON-ready metadata (dates and the like as strings) with its texts redacted; values without letters or
    digits to hide (numbers, flags) are kept as they are."""
    if not meta:  # most contacts: every column is a field of the contact
        return {}
    if not all(isinstance(v, _PLAIN) for v in meta.values()):
        meta = json.loads(json.dumps(meta, default=str))
    return {k: redact(v) if isinstance(v, str) and v else v for k, v in meta.items()}


# One text in each language path: the fast Dutch path, langid (its model loads on first use) and the redaction
# passes' lazy tables (names, streets).
_WARM_UP = ("Hallo, ik heb mijn bestelling nog niet ontvangen. Groet, Jan de Vries, Kerkstraat 1, 1234 AB Utrecht",
            "Hello, where is my order? I have been waiting for two weeks now.")


def warm_up(redact: Redactor, detect_language: LanguageId, load: Callable[[], object] | None = None) -> None:
    """Load what the first contacts would otherwise load (``load``: the language model, from where the caller
    keeps it)."""
    if load is not None:
        load()
    for text in _WARM_UP:
        detect_language(redact(text))


def init_worker(parent_pid: int, warm: tuple[Redactor, LanguageId, Callable[[], object] | None] | None = None
                ) -> None:
    """A worker process's initializer. It runs at a lower priority than the main process, and exits when the main
    process is gone (killed with SIGKILL, the pool never shuts it down: it would wait for work forever). ``warm``:
    warm up here (a spawned worker; a forked one has the main process's warm tables)."""
    threading.Thread(target=_exit_with, args=(parent_pid,), name="exit-with-parent", daemon=True).start()
    # The main process, the one writer, bounds the whole pipeline: where there are more processes than cores, it
    # gets the CPU first and the workers the rest (at equal priority it got two thirds of a core on two cores).
    os.nice(WORKER_NICENESS)
    if warm is not None:
        warm_up(*warm)
    settle_gc()


GC_YOUNG = 50_000  # allocations between two collections of the youngest generation (Python's default: 700)


def settle_gc() -> None:
    """Garbage collection for a process that has loaded what it needs and now streams batches through. What is
    loaded by now (modules, the redaction tables, the language model: millions of objects) stays for good: frozen,
    the collector's full passes no longer walk all of it each time (they took a fifth of the main process's time).
    And a young generation larger than the default lets a batch's many short-lived dicts and lists die before a
    collection looks at them, instead of being walked and promoted every 700 allocations."""
    gc.freeze()
    gc.set_threshold(GC_YOUNG, 10, 10)


def _exit_with(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)
