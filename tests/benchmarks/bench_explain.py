"""Explanations: latency of one typical turn and of a 20-verbatim drill-down page, cold and cached, as ratios to
plain tagging of the same texts measured in the same run; and the deletion check over labelled test utterances.

    python tests/benchmarks/bench_explain.py [--deletion 200] [--repeat 5]

* one turn: the median-length utterance (in words) of data/test. Baseline ``tagger.predict([text])``; explanation
  ``explain(tagger, text, causes=...)`` (emotion, phase, cause): medians of ``--repeat`` runs; then as a stored
  one-turn contact through ``GET /contacts/{id}/explanations``, cold (first request) and cached.
* a drill-down page: 20 utterances drawn (seeded) from data/test stored as contacts (their tags the tagger's own),
  then ``GET /contacts?page_size=20`` against ``...&explain=true`` through the API (TestClient, in-memory result cache
  off, so "cached" means read from the explanation table): cold (first request computes and stores) and cached
  (median of the next ``--repeat``). Baselines: the plain page request and ``tagger.predict`` of the page's 20 texts.
* deletion check: over ``--deletion`` utterances of data/test (seeded sample; 0 = all), the mean drop of the
  predicted emotion's probability when the top-3 words are removed, next to 3 random words (3 draws); < 0 skips it.

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def test_utterances() -> list[str]:
    return [json.loads(line)["text"] for f in sorted((ROOT / "data" / "test").glob("*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def timed(fn, repeat: int) -> tuple[float, float]:
    """(first call, median of the next ``repeat``) in milliseconds."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--deletion", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from models.causes import CauseClassifier
    from models.explain import deletion_check, explain, words
    from models.tagger import Tagger
    from pipelines.batch import tag_rows
    from pipelines.store import apikeys
    from pipelines.store.bulk import TaggedContact, TurnRecord
    from pipelines.store.db import open_store
    from service.api import create_app
    from service.settings import Settings
    from tests.factories import store_tagged

    s = Settings()
    tagger = Tagger.from_pretrained(s.model_dir, **s.encoder_kwargs())
    causes = CauseClassifier.from_pretrained(s.model_dir, encoder=tagger.encoder)
    texts = test_utterances()
    print(f"cores: {os.cpu_count()}, encoder: {s.encoder} ({s.encoder_backend}), tagger {tagger.model_version}")

    # -- one typical turn
    by_len = sorted(texts, key=lambda t: len(words(t)))
    turn = by_len[len(by_len) // 2]
    tagger.predict([turn])  # warm-up
    _, base = timed(lambda: tagger.predict([turn]), args.repeat)
    _, cold = timed(lambda: explain(tagger, turn, causes=causes), args.repeat)
    print(f"\n== one turn: {len(words(turn))} words, {len(turn)} chars (median of data/test) ==")
    print(f"plain tagging            {base:8.1f} ms")
    print(f"explain (no cache)       {cold:8.1f} ms   ratio {cold / base:5.1f}x")

    # -- a 20-verbatim drill-down page through the API
    page_texts = random.Random(2026).sample(texts, 20)
    tags = tag_rows(tagger, page_texts)
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(f"sqlite:///{tmp}/bench.db")
        start = datetime(2026, 3, 1, tzinfo=UTC)
        contacts = [TaggedContact(channel="email", timestamp=start + timedelta(hours=i), touchpoint="delivery",
                                  source="bench", external_id=f"B-{i}", language="nl", tag=tag,
                                  turns=[TurnRecord("customer", text, tag=tag)])
                    for i, (text, tag) in enumerate(zip([*page_texts, turn], [*tags, *tag_rows(tagger, [turn])],
                                                        strict=True))]
        contacts[-1].timestamp = start - timedelta(days=1)  # the typical turn: not on the newest page
        turn_id = store_tagged(engine, contacts)[-1]
        with Session(engine) as session:
            key, _ = apikeys.create_key(session, ["read"])
            session.commit()
        settings = Settings(api_ingest=False, api_result_cache=False, pseudonym_key="bench")
        with TestClient(create_app(settings, engine=engine, tagger=tagger)) as client:
            client.headers["Authorization"] = f"Bearer {key}"

            def get(explain_: bool) -> None:
                params = {"page_size": 20, **({"explain": "true"} if explain_ else {})}
                r = client.get("/api/v1/contacts", params=params)
                assert r.status_code == 200 and len(r.json()["items"]) == 20, r.text

            get(False)
            _, plain_page = timed(lambda: get(False), args.repeat)
            _, tag_page = timed(lambda: tagger.predict(page_texts), args.repeat)
            page_cold, page_cached = timed(lambda: get(True), args.repeat)

            def one(path: str) -> None:
                assert client.get(f"/api/v1/contacts/{turn_id}{path}").status_code == 200

            one("")
            _, one_plain = timed(lambda: one(""), args.repeat)
            one_cold, one_cached = timed(lambda: one("/explanations"), args.repeat)
        engine.dispose()
    print(f"GET /contacts/{{id}}/explanations, cold  {one_cold:8.1f} ms   ratio {one_cold / base:5.1f}x tagging")
    print(f"GET /contacts/{{id}}/explanations, cached {one_cached:8.1f} ms   ratio {one_cached / base:5.2f}x tagging, "
          f"{one_cached / one_plain:.1f}x GET /contacts/{{id}} ({one_plain:.1f} ms)")
    words_page = [len(words(t)) for t in page_texts]
    print(f"\n== drill-down page: 20 verbatims, {sum(words_page)} words (median {statistics.median(words_page):.0f}, "
          f"max {max(words_page)}) ==")
    print(f"GET /contacts?page_size=20 (plain)        {plain_page:8.1f} ms")
    print(f"tagging the page's 20 texts               {tag_page:8.1f} ms")
    print(f"GET ...&explain=true, cold (computes)     {page_cold:8.1f} ms   ratio {page_cold / tag_page:5.1f}x "
          f"tagging, {page_cold / plain_page:6.1f}x plain page")
    print(f"GET ...&explain=true, cached (stored)     {page_cached:8.1f} ms   ratio {page_cached / tag_page:5.2f}x "
          f"tagging, {page_cached / plain_page:6.1f}x plain page")

    # -- deletion check
    if args.deletion < 0:
        return
    sample = texts if args.deletion <= 0 else random.Random(7).sample(texts, min(args.deletion, len(texts)))
    start = time.perf_counter()
    top, rand, n = deletion_check(tagger, sample)
    print(f"\n== deletion check: {n} of {len(sample)} data/test utterances (> 3 units), k = 3 ==")
    print(f"mean drop of p(predicted emotion): top-3 words removed {top:.3f}, 3 random words removed {rand:.3f} "
          f"(ratio {top / rand:.1f}x; {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
