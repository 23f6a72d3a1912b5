"""`make bench` (part 3): the API under load, on a store of N generated tagged contacts (issue 4's figures).

    python tests/benchmarks/bench_api.py                       # 1,000,000 contacts, SQLite and PostgreSQL
    BENCH_API_CONTACTS=20000 python tests/benchmarks/bench_api.py --seconds 5   # a quick run

For each backend: the store is made once by tests/benchmarks/make_contacts.py (kept in KLANTGEVOEL_BENCH_DIR,
default $TMPDIR/klantgevoel-bench; a PostgreSQL store in its own database on the tests/services/postgres.sh
server) and reused while it holds exactly N generated contacts of the seed. A read key comes from
`voc apikey create`, the server is `voc serve --no-ingest --no-access-log` (uvicorn, as the project runs it),
and the load is wrk (a compiled HTTP load generator: little CPU taken from the server) with 20 connections =
20 concurrent clients, each sending its next request when the last is answered, rotating over a list of URLs
(tests/benchmarks/wrk_rotate.lua). Without wrk on the PATH a Python asyncio+httpx client does the same (said so in
the output; it costs the server CPU).

Scenarios, each run for --seconds after a short warm-up:
- health: GET /api/v1/health: the HTTP floor of this server on this machine (no key, no query);
- heatmap: touchpoint x emotion and phase x emotion, the four metrics, seven filter sets (none, date ranges,
  channel, channel + date range, touchpoint), rotated;
- contacts: the contacts page (page_size 50) under nine filter sets (drill-downs of heatmap cells, a date range,
  rare combinations), pages 1, 2, 3 and 10, rotated;
- heatmap_segment: heatmaps with segment.* filters (answered by SQL over the facts: the cube does not know
  segments); not part of the target;
- heatmap_live: the heatmap scenario while a writer adds 20 contacts a second through the bulk writer: every write
  moves the data version, so the in-memory cube refreshes and the result cache starts empty again;
- cold: the first request of every heatmap and contacts URL right after start-up, one at a time (and the
  start-up itself: migrations check and reading the rollup into the cube);
- *_nocache: heatmap, contacts and heatmap_segment with the result cache off (KLANTGEVOEL_API_RESULT_CACHE=false):
  every request computed, as for questions nobody asked before (the cold-cache figures);
- *_sql: heatmap and contacts with the cube off too (KLANTGEVOEL_API_CUBE=false): every aggregate from SQL, for
  comparison (only with --sql: at a million contacts a request takes seconds of CPU).

Printed per scenario: requests/s, latency p50/p95/p99/max, non-2xx answers, server CPU (cores busy, of the whole
server process tree) and server CPU per request (the figure that depends least on what else runs on the machine),
load generator CPU, and the machine's load average before and after. Targets (issue 4, at
20 clients, 1,000,000 contacts): heatmap p95 <= 100 ms, contacts page p95 <= 150 ms; printed, never asserted.
Figures also go to tests/artifacts/bench_api.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_contacts  # noqa: E402

VOC = [sys.executable, "-m", "service.cli"]
LUA = Path(__file__).resolve().parent / "wrk_rotate.lua"
TARGETS_MS = {"heatmap": 100.0, "contacts": 150.0}
CLK_TCK = os.sysconf("SC_CLK_TCK")


def bench_dir() -> Path:
    d = Path(os.environ.get("KLANTGEVOEL_BENCH_DIR") or Path(tempfile.gettempdir()) / "klantgevoel-bench")
    d.mkdir(parents=True, exist_ok=True)
    return d


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# ---- the store ---------------------------------------------------------------------------------------------


def generated(url: str, seed: int) -> int:
    """Generated contacts of this seed in the store (0 if there is no store, or it was made with another seed)."""
    from sqlalchemy import create_engine, text

    from pipelines.store.db import normalise_url

    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            first = conn.execute(text("SELECT external_id FROM contact WHERE source = :s ORDER BY id LIMIT 1"),
                                 {"s": make_contacts.SOURCE}).scalar()
            if not first or not str(first).startswith(f"GEN-{seed}-"):
                return 0
            return int(conn.execute(text("SELECT count(*) FROM contact WHERE source = :s"),
                                    {"s": make_contacts.SOURCE}).scalar() or 0)
    except Exception:  # no database, no tables yet
        return 0
    finally:
        engine.dispose()


def sqlite_store(n: int, seed: int, regenerate: bool) -> str:
    db = bench_dir() / f"sqlite-{n}-seed{seed}.db"
    url = f"sqlite:///{db}"
    if not regenerate and db.exists() and generated(url, seed) == n:
        print(f"store: reusing {db} ({n:,} contacts)")
        return url
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    make_contacts.generate(url, n, seed)
    return url


def postgres_store(n: int, seed: int, regenerate: bool) -> str | None:
    """A database of its own on the test server (tests/services/postgres.sh, or KLANTGEVOEL_TEST_POSTGRES_URL)."""
    from sqlalchemy import create_engine, text

    from pipelines.store.db import normalise_url

    server = os.environ.get("KLANTGEVOEL_TEST_POSTGRES_URL")
    if not server:
        proc = subprocess.run([str(ROOT / "tests" / "services" / "postgres.sh")], capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"PostgreSQL: skipped, no server ({proc.stderr.strip()})")
            return None
        server = proc.stdout.strip().splitlines()[-1]
    name = f"kg_bench_{n}_s{seed}"
    url = server.rsplit("/", 1)[0] + "/" + name
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
            if exists and not regenerate and generated(url, seed) == n:
                print(f"store: reusing PostgreSQL database {name} ({n:,} contacts)")
                return url
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    make_contacts.generate(url, n, seed)
    return url


# ---- the server ----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live descendants (uvicorn workers), from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total / CLK_TCK


def get(url: str, key: str | None = None, timeout: float = 60) -> tuple[int, bytes, float]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
            return r.status, body, time.perf_counter() - start
    except urllib.error.HTTPError as e:
        return e.code, e.read(), time.perf_counter() - start


def create_key(db_url: str) -> str:
    made = subprocess.run([*VOC, "apikey", "create", "--db", db_url, "--scope", "read", "--name", "bench"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    if made.returncode != 0:
        raise SystemExit(f"voc apikey create failed:\n{made.stderr[-2000:]}")
    return made.stdout.strip().splitlines()[-1]


@contextmanager
def serve(db_url: str, workers: int, log: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, int, float]]:
    """`voc serve` until the block ends: yields (base URL, pid, seconds until /health answered)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [*VOC, "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
           "--no-ingest", "--no-access-log"]
    with log.open("w") as fh:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=fh, stderr=subprocess.STDOUT)
        try:
            while True:
                try:
                    if get(f"{base}/api/v1/health", timeout=5)[0] == 200:
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.perf_counter() - start > 900:
                    raise SystemExit(f"voc serve did not come up:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)
            yield base, proc.pid, time.perf_counter() - start
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ---- the URLs --------------------------------------------------------------------------------------------------


def q(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v is not None})


def scenario_paths(meta: dict[str, Any]) -> dict[str, list[str]]:
    from datetime import date

    hi = date.fromisoformat(meta["date_max"])
    last3 = {"date_from": (hi - timedelta(days=91)).isoformat(), "date_to": hi.isoformat()}
    month = {"date_from": hi.replace(day=1).isoformat(), "date_to": hi.isoformat()}
    december = {"date_from": f"{hi.year - 1 if hi.month < 12 else hi.year}-12-01",
                "date_to": f"{hi.year - 1 if hi.month < 12 else hi.year}-12-31"}
    filters: list[dict[str, Any]] = [
        {}, last3, {"channel": "chat"}, {"channel": "email,phone", **last3}, {"touchpoint": "delivery"},
        {"channel": "review", **december}, month,
    ]
    heatmap = [f"/api/v1/heatmap?{q(rows=rows, cols='emotion', metric=metric, **f)}"
               for f in filters for rows in ("touchpoint", "phase")
               for metric in ("count", "share", "mean_valence", "negative_share")]
    drill: list[dict[str, Any]] = [
        {}, {"emotion": "anger"}, {"touchpoint": "delivery", "emotion": "annoyance"}, {"channel": "chat"}, last3,
        {"touchpoint": "billing", "emotion": "nervousness", **last3}, {"phase": "orientation", "emotion": "desire"},
        {"channel": "review", "emotion": "joy", **december}, {"touchpoint": "presales", "emotion": "anger",
                                                               "channel": "store"},
    ]
    contacts = [f"/api/v1/contacts?{q(page=page, page_size=50, **f)}" for f in drill for page in (1, 2, 3, 10)]
    segment = [f"/api/v1/heatmap?{q(rows='touchpoint', cols='emotion', metric=m, **f)}"
               for f in ({"segment.product": "koksmes"}, {"segment.regio": "Utrecht", **last3},
                         {"segment.klanttype": "zakelijk", "channel": "chat"})
               for m in ("count", "negative_share")]
    return {"heatmap": heatmap, "contacts": contacts, "heatmap_segment": segment, "health": ["/api/v1/health"]}


def check_paths(base: str, key: str, paths: list[str]) -> None:
    """Every URL answers 200 with data before it is put under load (a benchmark of error pages measures nothing)."""
    for p in dict.fromkeys(paths):
        status, body, _ = get(base + p, key)
        if status != 200:
            raise SystemExit(f"{p}: HTTP {status}: {body[:300]!r}")
    status, body, _ = get(base + paths[0], key)
    data = json.loads(body)
    if "total" in data and not data["total"]:
        raise SystemExit(f"{paths[0]}: an empty answer")


# ---- the load ----------------------------------------------------------------------------------------------------


def run_wrk(base: str, key: str, paths: list[str], seconds: float, clients: int, threads: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(paths) + "\n")
    try:
        cmd = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
               "-s", str(LUA), base, "--", fh.name]
        out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "BENCH_API_KEY": key},
                             timeout=seconds + 120)
    finally:
        os.unlink(fh.name)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no figures:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    r = json.loads(line.split(" ", 1)[1])
    seconds_run = r["duration_us"] / 1e6
    return {"requests": r["requests"], "rps": r["requests"] / seconds_run, "seconds": seconds_run,
            "p50_ms": r["p50_us"] / 1e3, "p95_ms": r["p95_us"] / 1e3, "p99_ms": r["p99_us"] / 1e3,
            "max_ms": r["max_us"] / 1e3, "mean_ms": r["mean_us"] / 1e3,
            "errors": r["non2xx"] + r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]}


def run_python_load(base: str, key: str, paths: list[str], seconds: float, clients: int) -> dict[str, Any]:
    """The fallback: ``clients`` asyncio tasks on one httpx client, each sending its next request when answered."""
    import httpx

    lat: list[float] = []
    errors = 0

    async def client(i: int, http: httpx.AsyncClient, stop: float) -> None:
        nonlocal errors
        j = i * 7919
        while time.perf_counter() < stop:
            j += 1
            t = time.perf_counter()
            try:
                r = await http.get(paths[j % len(paths)])
                if r.status_code >= 300:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            lat.append(time.perf_counter() - t)

    async def main() -> float:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, limits=limits,
                                     timeout=30) as http:
            start = time.perf_counter()
            await asyncio.gather(*(client(i, http, start + seconds) for i in range(clients)))
            return time.perf_counter() - start

    took = asyncio.run(main())
    lat.sort()
    if not lat:
        return {"requests": 0, "rps": 0.0, "seconds": took, "p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0,
                "max_ms": 0.0, "mean_ms": 0.0, "errors": errors}

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1e3

    return {"requests": len(lat), "rps": len(lat) / took, "seconds": took, "p50_ms": pct(50), "p95_ms": pct(95),
            "p99_ms": pct(99), "max_ms": lat[-1] * 1e3, "mean_ms": statistics.fmean(lat) * 1e3, "errors": errors}


class Load:
    def __init__(self, clients: int, threads: int) -> None:
        self.clients, self.threads = clients, threads
        self.tool = "wrk" if shutil.which("wrk") else "python-httpx"
        if self.tool != "wrk":
            print("NOTE: wrk not found (apt-get install wrk): falling back to a Python asyncio+httpx client, which "
                  "runs in this process and takes CPU from the server on a small machine")

    def run(self, name: str, base: str, key: str, paths: list[str], seconds: float, server_pid: int,
            warmup: float = 2.0) -> dict[str, Any]:
        if warmup:
            self._run(base, key, paths, warmup)
        load_before = loadavg()
        cpu0 = tree_cpu_seconds(server_pid)
        own0 = resource.getrusage(resource.RUSAGE_CHILDREN if self.tool == "wrk" else resource.RUSAGE_SELF)
        wall0 = time.perf_counter()
        r = self._run(base, key, paths, seconds)
        wall = time.perf_counter() - wall0
        own1 = resource.getrusage(resource.RUSAGE_CHILDREN if self.tool == "wrk" else resource.RUSAGE_SELF)
        cpu = tree_cpu_seconds(server_pid) - cpu0
        r.update(scenario=name, urls=len(paths), server_cpu=cpu / wall,
                 cpu_ms_per_request=1e3 * cpu / r["requests"] if r["requests"] else None,
                 load_cpu=(own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime) / wall,
                 load_before=load_before, load_after=loadavg(), tool=self.tool, clients=self.clients)
        print(row(r), flush=True)
        return r

    def _run(self, base: str, key: str, paths: list[str], seconds: float) -> dict[str, Any]:
        if self.tool == "wrk":
            return run_wrk(base, key, paths, seconds, self.clients, self.threads)
        return run_python_load(base, key, paths, seconds, self.clients)


HEADER = (f"{'scenario':<24}{'urls':>5}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>8}{'errors':>7}"
          f"{'srv cpu':>8}{'cpu ms/req':>11}{'gen cpu':>8}  load avg before -> after")


def row(r: dict[str, Any]) -> str:
    if not r["requests"]:
        return (f"{r['scenario']:<24}{r['urls']:>5}  no request finished in {r['seconds']:.0f} s (server cpu "
                f"{r['server_cpu']:.2f})  {r['load_before']} -> {r['load_after']}")
    return (f"{r['scenario']:<24}{r['urls']:>5}{r['rps']:>8.0f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}"
            f"{r['p99_ms']:>9.1f}{r['max_ms']:>8.0f}{r['errors']:>7}{r['server_cpu']:>8.2f}"
            f"{r['cpu_ms_per_request']:>11.2f}{r['load_cpu']:>8.2f}  {r['load_before']} -> {r['load_after']}")


# ---- a writer during the load: the cube's refresh path -------------------------------------------------------


@contextmanager
def live_writer(db_url: str, seed: int, per_second: int) -> Iterator[dict[str, int]]:
    """Adds ``per_second`` generated contacts a second (one transaction each) through the bulk writer, as a live
    ingest would; they are told apart from the store's own by their source, so the store stays reusable."""
    from pipelines.store.bulk import bulk_write
    from pipelines.store.db import open_store

    engine = open_store(db_url)
    stop = threading.Event()
    stats = {"written": 0, "batches": 0}
    # contacts of the store's last day (a live ingest adds to the newest data; the date range stays as it was)
    last_day = make_contacts.FIRST_DAY + timedelta(days=make_contacts.DAYS - 1)
    gen = make_contacts.Generator(per_second * 3600, seed + 1, last_day, 1)
    contacts = gen.contacts()

    def work() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            batch = [next(contacts) for _ in range(per_second)]
            for c in batch:
                c.source, c.external_id = "bench-live", f"LIVE-{uuid.uuid4().hex}"
            stats["written"] += bulk_write(engine, batch, batch_size=per_second)
            stats["batches"] += 1
            stop.wait(max(0.0, 1.0 - (time.perf_counter() - t)))

    th = threading.Thread(target=work, daemon=True)
    th.start()
    try:
        yield stats
    finally:
        stop.set()
        th.join(30)
        engine.dispose()


# ---- one backend -------------------------------------------------------------------------------------------------


def bench_backend(backend: str, url: str, args: argparse.Namespace, load: Load) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    logs = bench_dir()
    key = create_key(url)
    print(f"\n== {backend}: {args.contacts:,} contacts, {args.clients} concurrent clients ({load.tool}), "
          f"voc serve --workers {args.workers}, {args.seconds:.0f} s per scenario ==")
    with serve(url, args.workers, logs / f"serve-{backend}.log") as (base, pid, startup):
        status, body, _ = get(f"{base}/api/v1/meta", key)
        if status != 200:
            raise SystemExit(f"/meta: HTTP {status}: {body[:300]!r}")
        meta = json.loads(body)
        paths = scenario_paths(meta)
        # cold: the first answer to each URL after start-up, one at a time, before anything else asked it
        cold = {name: [get(base + p, key)[2] * 1e3 for p in paths[name]] for name in ("heatmap", "contacts")}
        print(f"start-up (process start, migration check, rollup read into the cube) until /health answers: "
              f"{startup:.1f} s  [load {loadavg()}]")
        for name, ms in cold.items():
            print(f"cold first request per URL, {name} ({len(ms)} URLs, one at a time): median "
                  f"{statistics.median(ms):.1f} ms, max {max(ms):.1f} ms")
            out.append({"scenario": f"{name}_cold_first", "median_ms": statistics.median(ms), "max_ms": max(ms),
                        "startup_s": startup, "load_before": loadavg()})
        for name in ("health", "heatmap", "contacts", "heatmap_segment"):
            check_paths(base, key, paths[name])
        print(HEADER)
        for name in ("health", "heatmap", "contacts", "heatmap_segment"):
            out.append(load.run(name, base, key, paths[name], args.seconds, pid))
        with live_writer(url, args.seed, args.live_rate) as written:
            r = load.run("heatmap_live", base, key, paths["heatmap"], args.seconds, pid, warmup=0)
        r["live_written"] = written["written"]
        out.append(r)
        print(f"  (heatmap_live: {written['written']} contacts written in {written['batches']} transactions "
              f"during the run, each one moving the data version)")
    # the result cache off: every request computed (the cold-cache figures); then the cube off too (SQL only)
    nocache = {"KLANTGEVOEL_API_RESULT_CACHE": "false"}
    with serve(url, args.workers, logs / f"serve-{backend}-nocache.log", nocache) as (base, pid, _):
        for name in ("heatmap", "contacts", "heatmap_segment"):
            out.append(load.run(f"{name}_nocache", base, key, paths[name], args.seconds, pid))
    if args.sql:
        with serve(url, args.workers, logs / f"serve-{backend}-sql.log", {**nocache, "KLANTGEVOEL_API_CUBE": "false"}
                   ) as (base, pid, _):
            for name in ("heatmap", "contacts"):
                out.append(load.run(f"{name}_sql", base, key, paths[name], min(args.seconds, 10), pid))
    for r in out:
        r["backend"] = backend
    return out


def summary(results: list[dict[str, Any]], n: int) -> None:
    print(f"\n== targets (issue 4: 20 concurrent clients, 1,000,000 contacts; this run: {n:,}) ==")
    for r in results:
        base_name = r["scenario"].removesuffix("_nocache")
        if base_name in TARGETS_MS and r["requests"]:
            t = TARGETS_MS[base_name]
            floor = next((x for x in results if x["backend"] == r["backend"] and x["scenario"] == "health"), None)
            print(f"{r['backend']:<11} {r['scenario']:<17} p95 {r['p95_ms']:7.1f} ms (target <= {t:.0f} ms: "
                  f"{'met' if r['p95_ms'] <= t else 'NOT met'}), {r['rps']:.0f} req/s, "
                  f"{r['cpu_ms_per_request']:.2f} ms server CPU a request; HTTP floor (health) p95 "
                  f"{floor['p95_ms'] if floor else float('nan'):.1f} ms, {floor['rps'] if floor else 0:.0f} req/s; "
                  f"load {r['load_before']}")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--contacts", "-n", type=int, default=int(os.environ.get("BENCH_API_CONTACTS", 1_000_000)))
    p.add_argument("--backend", choices=("sqlite", "postgresql", "both"),
                   default=os.environ.get("BENCH_API_BACKEND", "both"))
    p.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_API_SECONDS", 20)))
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    # one server process per core, as `voc serve --workers` is meant to run under load (docs/api.md)
    p.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_API_WORKERS", os.cpu_count() or 1)),
                   help="voc serve --workers (default: one per core)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--live-rate", type=int, default=20, help="contacts a second written during heatmap_live")
    p.add_argument("--sql", action="store_true",
                   help="also the SQL-only runs (cube and result cache off: seconds a request at a million contacts)")
    p.add_argument("--regenerate", action="store_true", help="make the store again even if one is there")
    args = p.parse_args(argv)
    load = Load(args.clients, args.threads)
    results: list[dict[str, Any]] = []
    print(f"machine: {os.cpu_count()} cores, load average {loadavg()}")
    for backend in (("sqlite", "postgresql") if args.backend == "both" else (args.backend,)):
        url = (sqlite_store if backend == "sqlite" else postgres_store)(args.contacts, args.seed, args.regenerate)
        if url is None:
            continue
        results += bench_backend(backend, url, args, load)
    summary(results, args.contacts)
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "bench_api.json").write_text(json.dumps(
        {"contacts": args.contacts, "clients": args.clients, "workers": args.workers, "results": results}, indent=1))


if __name__ == "__main__":
    main()
