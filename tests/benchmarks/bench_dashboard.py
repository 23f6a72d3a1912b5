"""`make bench` (part 4): the dashboard's first load on the sample data, in Debian's Chromium (issue 4: under 2 s).

    python tests/benchmarks/bench_dashboard.py                 # the sample exports, ingested and tagged once
    python tests/benchmarks/bench_dashboard.py --db /tmp/klantgevoel-bench/sqlite-1000000-seed7.db   # any store

The store: data/samples/exports ingested and tagged by `voc ingest` (as `make demo` does; kept in
KLANTGEVOEL_BENCH_DIR and reused). The server: `voc serve --no-ingest` with a read key from `voc apikey create`.
The browser: Playwright driving /usr/bin/chromium headless, 1400x900. Figure: from navigation start to the first
heatmap drawn (``window.klantgevoel.heatmapDrawnAt``, set by the dashboard itself), plus DOMContentLoaded and the
load event, for a cold start (a new browser context: empty HTTP cache) and a warm reload, --runs times each;
median and worst printed. Nothing asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_api  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
NAV = """() => { const n = performance.getEntriesByType('navigation')[0];
                 return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                         heatmap: window.klantgevoel.heatmapDrawnAt}; }"""


def sample_store() -> str:
    """The sample exports ingested and tagged, once (the tagger is the real one: a few minutes on 2 cores)."""
    import subprocess

    db = bench_api.bench_dir() / "samples.db"
    done = db.with_suffix(".ingested")
    if not done.exists():
        db.unlink(missing_ok=True)
        print("ingesting and tagging data/samples/exports (once) ...", flush=True)
        subprocess.run([*bench_api.VOC, "ingest", str(ROOT / "data" / "samples" / "exports"), "--db", str(db)],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        done.touch()
    return f"sqlite:///{db}"


def measure(base: str, key: str, runs: int) -> dict[str, list[dict[str, float]]]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--lang=nl-NL"])
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
                context.add_init_script(f"sessionStorage.setItem('klantgevoel.apiKey', {key!r})")
                page = context.new_page()
                for run in ("cold", "warm"):
                    page.goto(base + "/")
                    page.wait_for_selector("#hm-touchpoint[data-state=drawn]", timeout=60_000)
                    page.wait_for_load_state("load")
                    out[run].append(page.evaluate(NAV))
                    page.wait_for_selector("#trend[data-state=drawn]", timeout=60_000)
                context.close()
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="a store (SQLite path or URL); default: the sample exports, ingested once")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args(argv)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("bench_dashboard: skipped (playwright is not installed)")
        return
    if not CHROMIUM.exists():
        print(f"bench_dashboard: skipped ({CHROMIUM} missing: apt-get install chromium)")
        return
    url = args.db if args.db and "://" in args.db else f"sqlite:///{Path(args.db).resolve()}" if args.db \
        else sample_store()
    key = bench_api.create_key(url)
    with bench_api.serve(url, 1, bench_api.bench_dir() / "serve-dashboard.log") as (base, _pid, _startup):
        meta = bench_api.get(f"{base}/api/v1/meta", key)
        contacts = json.loads(meta[1])["contacts"]
        load_before = bench_api.loadavg()
        figures = measure(base, key, args.runs)
        load_after = bench_api.loadavg()
    print(f"dashboard first load, {contacts:,} contacts ({url.rsplit('/', 1)[-1]}), Chromium headless, "
          f"{args.runs} runs, load average {load_before} -> {load_after}:")
    for run, rows in figures.items():
        parts = []
        for name, label in (("heatmap", "first heatmap drawn"), ("dcl", "DOMContentLoaded"), ("load", "load event")):
            values = [r[name] for r in rows if r[name] is not None]
            parts.append(f"{label} median {statistics.median(values):.0f} ms (worst {max(values):.0f})")
        print(f"  {run:<5} " + "; ".join(parts))


if __name__ == "__main__":
    main()
