"""``voc ingest / redact / stats / retag``: thin wrappers over pipelines.batch and pipelines.store."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from service.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from pipelines.store.db import SqliteTuning


def build_pipeline(settings: Settings, tag: bool, executor=None, workers: int = 1, tagger=None):
    """The batch pipeline with everything it needs, built once here at the edge (``tagger``: one loaded already,
    as the API's is)."""
    from pipelines.batch import Pipeline
    from pipelines.langid import detect_language
    from pipelines.redact import redact

    load_tables(settings.cache_dir)  # now, not at the first contact
    causes = None
    if not tag:
        tagger = None
    elif tagger is None:
        from service.cli import _load_tagger

        tagger = _load_tagger(settings)
    if tagger is not None:
        causes = load_causes(settings, tagger)
    return Pipeline(
        pseudonym_key=settings.pseudonym_key_bytes(), redact=redact, detect_language=detect_language,
        tagger=tagger, batch_size=settings.ingest_batch(tag), executor=executor, workers=workers, causes=causes,
    )


def load_tables(cache_dir: Path) -> None:
    """The language model and the first-name gazetteer: built from their packages on first use (0.6 s in all), and
    kept converted in the cache directory, from where they load in a fraction of that."""
    from pipelines.langid import load_model
    from pipelines.redact_names import first_names

    load_model(cache_dir.expanduser())
    first_names(cache_dir.expanduser())


def load_causes(settings: Settings, tagger):
    """The cause classifier next to the tagger's heads, sharing its encoder (None, with a warning, where the heads
    folder has none: contacts are then tagged without a cause)."""
    import logging

    from models.causes import CauseClassifier

    try:
        return CauseClassifier.from_pretrained(settings.model_dir, encoder=getattr(tagger, "encoder", None),
                                               load_encoder=False)
    except (FileNotFoundError, ValueError) as exc:
        logging.getLogger(__name__).warning("no cause classifier: %s", exc)
        return None


SMALL_INPUT = 1 << 20  # bytes: less than a few seconds of work for one process, less than starting the workers


@contextmanager
def worker_pool(settings: Settings, input_bytes: int | None = None) -> Iterator[tuple[Executor | None, int]]:
    """Worker processes for the per-contact CPU work (pipelines.prepare), started at once. With the default
    setting (one per core), none for a small input (``input_bytes``).

    Forked, after this process has loaded the redaction tables and the language model: the workers start warm and
    share those pages. That is safe only before a model has started threads (torch's), so call this before loading
    the tagger; where torch is loaded already, the workers are spawned instead and warm up on their own."""
    n = settings.ingest_workers or (os.cpu_count() or 1)
    small = not settings.ingest_workers and input_bytes is not None and input_bytes < SMALL_INPUT
    if n <= 1 or small:
        yield None, 1
        return
    from functools import partial

    from pipelines.langid import detect_language
    from pipelines.prepare import init_worker, warm_up
    from pipelines.redact import redact

    warm = (redact, detect_language, partial(load_tables, settings.cache_dir))
    fork = "torch" not in sys.modules and "fork" in multiprocessing.get_all_start_methods()
    if fork:
        warm_up(*warm)
    context = multiprocessing.get_context("fork" if fork else "spawn")
    initargs = (os.getpid(), None if fork else warm)
    with ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=init_worker, initargs=initargs) as pool:
        for _ in range(n):  # start every worker now, while this process opens the store
            pool.submit(int)
        yield pool, n


def _input_bytes(paths: list[Path]) -> int:
    return sum(f.stat().st_size for p in paths for f in (p.rglob("*") if p.is_dir() else [p]) if f.is_file())


def _db(db: str | None, settings: Settings) -> str:
    return db or settings.database_url


def connect_store(url: str, tuning: SqliteTuning | None = None) -> Engine:
    """The migrated store at ``url``; a store that cannot be opened (no server, a bad URL, no permission) ends the
    command with one line that says which and why (the URL without its password), not a traceback."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, OperationalError

    from pipelines.store.db import READ, normalise_url, open_store

    try:
        return open_store(url, tuning or READ)
    except (OperationalError, ArgumentError) as exc:
        try:
            where = make_url(normalise_url(url)).render_as_string(hide_password=True)
        except ArgumentError:
            where = "(an unreadable URL)"
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        typer.echo(f"error: cannot open the store {where}: {reason}", err=True)
        raise typer.Exit(2) from exc


DbOption = Annotated[str | None, typer.Option("--db", help="SQLite path or database URL (default: DATABASE_URL)")]


def ingest_cli(
    paths: Annotated[list[Path], typer.Argument(help="export files or folders (CSV, XLSX, JSON, JSON Lines)")],
    db: DbOption = None,
    source: Annotated[str, typer.Option(help="source kind; 'auto' guesses per file")] = "auto",
    mapping: Annotated[Path | None, typer.Option(help="column mapping file (TOML or JSON)")] = None,
    tag: Annotated[bool, typer.Option("--tag/--no-tag", help="tag customer turns while ingesting")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="print the run summary as JSON")] = False,
) -> None:
    """Ingest exports: contacts -> redacted turns -> tags -> database. Re-running adds nothing twice."""
    import threading

    from pipelines.langid import detect_language

    settings = get_settings()
    # the language model and the name list load while this thread imports the rest
    threading.Thread(target=load_tables, args=(settings.cache_dir,), name="load-tables", daemon=True).start()
    from pipelines.ingest.mapping import Mapping, MappingError
    from pipelines.ingest.sources import SOURCES, iter_paths
    from pipelines.prepare import Prepared, handoff_size, settle_gc
    from pipelines.redact import redact

    if source != "auto" and source not in SOURCES:
        typer.echo(f"error: unknown source {source!r}; choose from auto, {', '.join(SOURCES)}", err=True)
        raise typer.Exit(2)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    try:
        if mapping is not None:
            Mapping.load(mapping)  # fail early, before a run is recorded, on a broken mapping file
    except MappingError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    items = iter_paths(paths, source=None if source == "auto" else source, mapping=mapping, defer=True)
    with worker_pool(settings, _input_bytes(paths)) as (pool, n):  # first: it may fork this process
        prepared = Prepared(items, handoff_size(settings.ingest_batch(tag)), redact, detect_language,
                            settings.pseudonym_key_bytes(), pool, n).start()
        # the workers have the first batches; meanwhile this process imports the store's code and migrates
        from tqdm import tqdm

        from pipelines.batch import ingest_prepared
        from pipelines.store.db import BULK

        bar = tqdm(desc="ingest", unit=" rows", file=sys.stderr, disable=None, dynamic_ncols=True)

        def progress(summary) -> None:
            bar.update(summary.rows_read - bar.n)
            bar.set_postfix(new=summary.contacts_added, dup=summary.duplicates, quarantined=summary.quarantined)

        engine = connect_store(_db(db, settings), BULK)
        pipe = build_pipeline(settings, tag, pool, n)
        settle_gc()  # as the workers do (prepare.init_worker)
        summary = ingest_prepared(engine, prepared, pipe, source=source, paths=[str(p) for p in paths],
                                  on_batch=progress)
        engine.dispose()  # closed: SQLite folds its write-ahead log back into the database file
    bar.close()
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
        return
    rate = summary.rows_read / summary.seconds if summary.seconds else 0.0
    typer.echo(
        f"ingest run {summary.run_id}: {summary.rows_read} rows read in {summary.seconds:.1f} s ({rate:.0f}/s)\n"
        f"  contacts added   {summary.contacts_added}\n"
        f"  already stored   {summary.duplicates}\n"
        f"  turns added      {summary.turns_added} ({summary.tagged_turns} customer turns tagged)\n"
        f"  not Dutch        {summary.not_dutch} (flagged, not tagged)\n"
        f"  quarantined      {summary.quarantined}"
        + "".join(f"\n    {n:>6}  {reason}" for reason, n in summary.quarantine_reasons.most_common())
    )


def redact_cli(
    file: Annotated[str, typer.Argument(help="text, one item a line; - for stdin")] = "-",
) -> None:
    """Redact personal data: one line in, the redacted line out, same count and order."""
    from pipelines.redact import redact

    src = sys.stdin.buffer if file == "-" else Path(file).open("rb")  # noqa: SIM115
    out = sys.stdout
    for raw in src:
        line = raw.decode("utf-8", errors="replace")
        end = "\n" if line.endswith("\n") else ""
        out.write(redact(line.rstrip("\r\n")) + end)
    out.flush()


def stats_cli(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Counts in the store: contacts, turns, customers, quarantined rows, per channel and language."""
    from sqlmodel import Session

    from pipelines.store.queries import stats

    with Session(connect_store(_db(db, get_settings()))) as session:
        s = stats(session)
    if as_json:
        typer.echo(json.dumps(s, ensure_ascii=False))
        return
    for k in ("contacts", "turns", "customer_turns", "customers", "quarantined"):
        typer.echo(f"{k:<16}{s[k]:>10}")
    for group in ("per_channel", "per_language", "tagged_turns_per_model_version"):
        typer.echo(f"{group.replace('_', ' ')}:")
        for k, v in s[group].items():
            typer.echo(f"  {k:<30}{v:>10}")


def retag_cli(db: DbOption = None) -> None:
    """Re-tag contacts whose tags came from an older model version."""
    from pipelines.batch import retag

    settings = get_settings()
    pipe = build_pipeline(settings, tag=True)
    assert pipe.tagger is not None
    n = retag(connect_store(_db(db, settings)), pipe.tagger, batch_size=settings.ingest_batch(tag=True),
              causes=pipe.causes)
    typer.echo(f"re-tagged {n} contacts with model {pipe.tagger.model_version}")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_cli)
    app.command("redact")(redact_cli)
    app.command("stats")(stats_cli)
    app.command("retag")(retag_cli)
