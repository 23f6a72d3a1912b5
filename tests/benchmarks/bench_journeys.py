"""Journey stitching over a large store: contacts/s and peak memory of ``iter_journeys`` over every customer.

    python tests/benchmarks/bench_journeys.py [--contacts 1000000] [--db URL]

Fills a fresh SQLite file (or the given database URL, which must be empty) with ``--contacts`` contacts of
``contacts / 4`` customers spread over six months, each with one customer turn and one contact-level tag, then
streams every journey once, with and without the turn texts. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session  # noqa: E402

from models.tagger import valence_of  # noqa: E402
from models.taxonomy import EMOTION_IDS, PHASE_IDS, stdc_of  # noqa: E402
from pipelines.journeys import JourneyConfig, iter_journeys  # noqa: E402
from pipelines.store.db import open_store  # noqa: E402
from pipelines.store.tables import Contact, Customer, Tag, Turn  # noqa: E402

CHANNELS = ("email", "chat", "phone", "webform", "review", "social")
TOUCHPOINTS = ("delivery", "returns", "billing", "app", None)
TEXTS = ("Mijn pakket KK-{n} is nog niet bezorgd.", "Bedankt voor de snelle hulp!", "De app doet het niet meer.",
         "Waarom is mijn factuur zo hoog?", "Kan ik bestelling {n} nog retourneren?")


def fill(url: str, n: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    engine = open_store(url)
    customers = max(1, n // 4)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    chunk = 50_000
    with Session(engine) as s:
        s.execute(insert(Customer.__table__), [{"id": i + 1, "pseudonym": f"p{i:010d}"}  # type: ignore[attr-defined]
                                               for i in range(customers)])
        s.commit()
    for start in range(0, n, chunk):
        ids = range(start + 1, min(n, start + chunk) + 1)
        contacts, turns, tags = [], [], []
        for cid in ids:
            emotion = rng.choice(EMOTION_IDS)
            intensity = 1 if emotion == "neutral" else rng.randint(1, 5)
            valence, label = valence_of(emotion, intensity)
            phase = rng.choice(PHASE_IDS)
            contacts.append({"id": cid, "source": "bench", "external_id": f"B{cid}", "channel": rng.choice(CHANNELS),
                             "touchpoint": rng.choice(TOUCHPOINTS), "language": "nl", "language_confidence": 1.0,
                             "is_auto_reply": False, "metadata": {}, "dedup_key": f"bench-{cid}",
                             "customer_id": rng.randint(1, customers), "file": "", "row": 0,
                             "timestamp": t0 + timedelta(minutes=rng.randint(0, 180 * 24 * 60))})
            turns.append({"id": cid, "contact_id": cid, "position": 0, "speaker": "customer",
                          "text": rng.choice(TEXTS).format(n=rng.randint(100000, 100400))})
            tags.append({"id": cid, "contact_id": cid, "turn_id": None, "emotion": emotion, "emotion_scores": {},
                         "valence": valence, "valence_label": label, "intensity": intensity, "phase": phase,
                         "stdc": stdc_of(phase), "confidence": 0.9, "model_version": "bench",
                         "created_at": t0})
        with Session(engine) as s:
            s.execute(insert(Contact.__table__), contacts)  # type: ignore[attr-defined]
            s.execute(insert(Turn.__table__), turns)  # type: ignore[attr-defined]
            s.execute(insert(Tag.__table__), tags)  # type: ignore[attr-defined]
            s.commit()
    engine.dispose()


def run(url: str, with_text: bool) -> None:
    engine = open_store(url)
    cfg = JourneyConfig(with_text=with_text)
    t = time.perf_counter()
    journeys = contacts = flagged = 0
    with Session(engine) as s:
        for j in iter_journeys(s, cfg):
            journeys += 1
            contacts += len(j.contacts)
            flagged += j.flags.negative_peak_unresolved_end
    dt = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"with_text={with_text}: {contacts:,} contacts -> {journeys:,} journeys ({flagged:,} negative peak, "
          f"unresolved end) in {dt:.1f} s = {contacts / dt:,.0f} contacts/s; peak RSS so far {rss:,.0f} MB")
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=1_000_000)
    ap.add_argument("--db", default="")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        t = time.perf_counter()
        fill(url, args.contacts)
        print(f"filled {args.contacts:,} contacts in {time.perf_counter() - t:.0f} s "
              f"(peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB)")
        run(url, with_text=False)
        run(url, with_text=True)


if __name__ == "__main__":
    main()
