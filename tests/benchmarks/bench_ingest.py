"""`make bench` (part 2): batch ingest speed, with and without tagging, against baselines from the same run.

Input: a generated ticket export (CSV, semicolon, multi-line quoted messages with personal data), written by
tests/factories-like code here so the figure does not depend on data/samples. Baselines:
- parse only: the standard library's csv reader over the same file (the floor any ingest pays);
- tagging ceiling: the tagger alone on the same customer texts (the model's own speed).
Reported: contacts/s for `voc ingest --no-tag` and `voc ingest` (tagging), each end to end as a user runs it
(process start, migrations, model load included), their ratio to the baselines, and peak memory. The untagged runs
use a cache directory of their own, filled by a first run that is timed too: a machine's first run converts the
language model and the first-name list into it, and every later run loads them from there.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

N_PLAIN = 50_000
N_TAGGED = 3_000


def write_export(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    texts = []
    for f in sorted((ROOT / "data" / "test").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in f.open(encoding="utf-8") if line.strip()]
    signoffs = ["", "\n\nMet vriendelijke groet,\nJan de Vries", "\nGroetjes, Sanne", " Bel me op 06-12345678."]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Ticketnummer", "Datum", "E-mailadres", "Kanaal", "Categorie", "Bericht"])
        for i in range(n):
            w.writerow([f"T{i:08d}", f"{1 + i % 28:02d}-0{1 + i % 6}-2026 {i % 24:02d}:{i % 60:02d}",
                        f"klant{rng.randrange(n // 3)}@voorbeeld.nl", rng.choice(["e-mail", "chat", "telefoon"]),
                        rng.choice(["Bezorging", "Retour", "Factuur", "App"]),
                        rng.choice(texts) + rng.choice(signoffs)])


def parse_only_rate(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as fh:
        n = sum(1 for _ in csv.DictReader(fh, delimiter=";"))
    return n / (time.perf_counter() - start)


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (the ingest worker processes), from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_ingest(path: Path, db: Path, tag: bool, cache_dir: Path | None = None) -> tuple[float, dict, int]:
    """Run `voc ingest` as a user would; returns seconds, its JSON summary and the peak RSS (KiB) of its whole
    process tree, sampled every 50 ms. ``cache_dir``: instead of the user's (where the tagger's encoder is kept)."""
    env = {**os.environ, "KLANTGEVOEL_PSEUDONYM_KEY": "bench"}
    if cache_dir is not None:
        env["KLANTGEVOEL_CACHE_DIR"] = str(cache_dir)
    cmd = [sys.executable, "-m", "service.cli", "ingest", str(path), "--db", str(db), "--json",
           "--tag" if tag else "--no-tag"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode != 0:
        raise RuntimeError(f"voc ingest failed ({proc.returncode})")
    return elapsed, json.loads(out.strip().splitlines()[-1]), peak


def model_rates(path: Path, n: int) -> tuple[float, float]:
    """The ceilings: texts/s of the tagger alone, and of the whole model the pipeline runs on a one-turn contact
    (tagger, then the cause classifier on the same encoder), each from an empty encoder memo."""
    from pipelines.redact import redact
    from service.cli import _load_tagger
    from service.cli_pipeline import load_causes
    from service.settings import Settings

    with path.open(encoding="utf-8", newline="") as fh:  # redacted, as the pipeline tags them
        texts = [redact(r["Bericht"]) for r in csv.DictReader(fh, delimiter=";")][:n]
    settings = Settings()
    tagger = _load_tagger(settings)
    causes = load_causes(settings, tagger)
    start = time.perf_counter()
    tagger.predict(texts)
    alone = len(texts) / (time.perf_counter() - start)
    if causes is None:
        return alone, alone
    causes.phrases(texts[0], "other")  # the lemmatiser's tables load once, as in a long ingest
    tagger.encoder._memo.clear()
    start = time.perf_counter()
    tagger.predict(texts)
    causes.predict_contacts([[t] for t in texts])
    return alone, len(texts) / (time.perf_counter() - start)


def big_file(path: Path, megabytes: int) -> int:
    """A large export for the memory check: the tagged-bench rows repeated with fresh ids up to the size."""
    write_export(path.with_suffix(".seed.csv"), 5000, seed=9)
    rows = path.with_suffix(".seed.csv").read_text(encoding="utf-8").split("\n", 1)[1]
    header = "Ticketnummer;Datum;E-mailadres;Kanaal;Categorie;Bericht\n"
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(header)
        while fh.tell() < megabytes * 1024 * 1024:
            fh.write(rows.replace("T0000", f"B{n:05d}"))
            n += 1
    return n * 5000


def memory_check(tmp: Path, megabytes: int) -> None:
    path = tmp / f"big-{megabytes}.csv"
    big_file(path, megabytes)
    size = path.stat().st_size / 2**20
    t, summary, peak = run_ingest(path, tmp / f"big-{megabytes}.db", tag=False)
    print(f"streaming: {size:,.0f} MiB CSV, {summary['rows_read']:,} rows -> {summary['contacts_added']:,} contacts "
          f"in {t:.0f} s ({summary['contacts_added'] / t:,.0f}/s), peak RSS {peak / 1024:.0f} MiB")
    path.unlink()


def main() -> None:
    big_mb = [int(x) for x in os.environ.get("BENCH_BIG_MB", "16,64").split(",") if x]
    with tempfile.TemporaryDirectory() as tmp:
        plain, tagged = Path(tmp) / "plain.csv", Path(tmp) / "tagged.csv"
        write_export(plain, N_PLAIN)
        write_export(tagged, N_TAGGED, seed=8)
        base = parse_only_rate(plain)
        # a fifth of the rows, first with an empty cache directory: the first run on a machine converts the language
        # model and the name list into it, later runs (all the ones below) load them from there
        fifth, cache = Path(tmp) / "fifth.csv", Path(tmp) / "cache"
        write_export(fifth, N_PLAIN // 5)
        cold, _, _ = run_ingest(fifth, Path(tmp) / "fifth-cold.db", tag=False, cache_dir=cache)
        t, summary, peak1 = run_ingest(plain, Path(tmp) / "plain.db", tag=False, cache_dir=cache)
        rate = summary["contacts_added"] / t
        print(f"ingest without tagging: {summary['contacts_added']} contacts in {t:.1f} s = {rate:,.0f} contacts/s "
              f"(end to end); csv parse-only baseline {base:,.0f} rows/s; ratio {rate / base:.3f}; "
              f"peak RSS {peak1 / 1024:.0f} MiB")
        # the same run on a fifth of the rows splits the time into a fixed cost (process start, imports, migrations,
        # workers) and a cost per contact: the rate a long export approaches
        t5, summary5, _ = run_ingest(fifth, Path(tmp) / "fifth.db", tag=False, cache_dir=cache)
        marginal = (summary["contacts_added"] - summary5["contacts_added"]) / (t - t5)
        fixed = t5 - summary5["contacts_added"] / marginal
        print(f"  {summary5['contacts_added']} contacts in {t5:.1f} s: fixed cost {fixed:.1f} s, "
              f"{marginal:,.0f} contacts/s after it; the first run on a machine (empty cache directory) "
              f"{cold:.1f} s")
        t2, summary2, peak2 = run_ingest(tagged, Path(tmp) / "tagged.db", tag=True)
        rate2 = summary2["contacts_added"] / t2
        alone, ceiling = model_rates(tagged, N_TAGGED)
        print(f"ingest with tagging: {summary2['contacts_added']} contacts ({summary2['tagged_turns']} turns tagged) "
              f"in {t2:.1f} s = {rate2:,.0f} contacts/s (end to end, model load included); on the same texts the "
              f"tagger alone {alone:,.0f} texts/s, tagger + cause classifier {ceiling:,.0f} texts/s; ratio "
              f"{rate2 / ceiling:.2f}; peak RSS {peak2 / 1024:.0f} MiB")
        for mb in big_mb:  # peak memory must not grow with the file (BENCH_BIG_MB=1024 for the 1 GB check)
            memory_check(Path(tmp), mb)


if __name__ == "__main__":
    main()
