"""pipelines.prepare: batches made ready in worker processes equal the in-process ones, in input order."""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from pipelines.ingest.records import BadRow
from pipelines.langid import detect_language
from pipelines.prepare import GC_YOUNG, IN_FLIGHT, WORKER_NICENESS, Prepared, init_worker
from pipelines.redact import redact
from tests.factories import make_draft

KEY = b"k"


def _items(n: int) -> list:
    items: list = [make_draft(f"Pakket {i} is zoek. Bel me op 06-1234567{i % 10}. Groet, Anouk") for i in range(n)]
    items[7] = BadRow(file="x.csv", row=8, reason="broken quoting", raw="Jan Jansen, 06-12345678")
    return items


def test_worker_batches_equal_in_process_ones_in_input_order():
    items = _items(300)
    alone = list(Prepared(items, 100, redact, detect_language, KEY))
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(2, mp_context=ctx, initializer=init_worker, initargs=(os.getpid(),)) as pool:
        pooled = list(Prepared(items, 100, redact, detect_language, KEY, pool, 2).start())
        niceness = pool.submit(os.nice, 0).result()
        threshold, frozen = pool.submit(gc.get_threshold).result(), pool.submit(gc.get_freeze_count).result()
    assert [n for n, _ in pooled] == [100, 100, 100]
    assert pooled == alone
    ready = [r for _, batch in pooled for r in batch]
    assert isinstance(ready[7], BadRow) and "06-12345678" not in ready[7].raw
    assert ready[0].turns[0][1] == "Pakket 0 is zoek. Bel me op [TELEFOON]. Groet, [NAAM]"
    # the main process (the one writer) goes first where the cores are busy
    assert niceness == min(19, os.nice(0) + WORKER_NICENESS)
    # the tables loaded before are frozen out of the collector's passes, and young objects get more room
    assert frozen > 0 and threshold[0] == GC_YOUNG


def test_start_hands_out_the_first_batches_at_once():
    read = []

    def items():
        for i, item in enumerate(_items(1000)):
            read.append(i)
            yield item

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(2, mp_context=ctx) as pool:
        prepared = Prepared(items(), 100, redact, detect_language, KEY, pool, 2).start()
        assert len(read) == (IN_FLIGHT + 1) * 100  # read and with the workers before anyone asks
        assert sum(n for n, _ in prepared) == 1000


def test_keyed_hashes_are_standard_hmac_sha256_for_any_key_length():
    import hashlib
    import hmac

    from pipelines.prepare import keyed_hash

    for key in (b"", b"k", b"x" * 64, b"y" * 65, bytes(range(256))):  # short, a block, longer (hashed first)
        for text in ("", "klant1@example.nl", "é ünïcode €"):
            assert keyed_hash(key, text) == hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
