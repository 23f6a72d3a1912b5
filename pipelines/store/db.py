"""Engine, schema migration and sessions. SQLite file by default; PostgreSQL through the same URL setting."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Engine, event, insert, select
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept a plain path (``tags.db``) for SQLite and ``postgresql://`` for psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class SqliteTuning(NamedTuple):
    """How a process uses a SQLite file. ``mmap_bytes``: how much of it to map (the mapped pages a process has touched
    count in its RSS). ``wal_pages``: the write-ahead log's size that triggers a checkpoint (copying its pages into the
    database file, then an fsync). ``cache_kib``: the page cache of each connection."""

    mmap_bytes: int
    wal_pages: int
    cache_kib: int = 16000


# The API reads pages all over a large file; SQLite's default checkpoint size.
READ = SqliteTuning(mmap_bytes=1 << 30, wal_pages=1000)
# A batch ingest mostly appends (mapped pages would only count as its memory). Its transactions are big, and each one
# touches pages all over the random-keyed indexes (dedup keys, pseudonyms): with the default, every commit would
# checkpoint, writing those pages twice and syncing. A longer log lets a page changed by several batches be copied
# once. 16,384 pages are 64 MiB of log file (past that, the next commit checkpoints). The one writer's cache holds
# what a transaction changes: a smaller one spills changed pages to the log before the commit and reads them back.
BULK = SqliteTuning(mmap_bytes=64 << 20, wal_pages=16384, cache_kib=131072)


def make_engine(url: str, tuning: SqliteTuning = READ) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")  # readers (the API) do not block the batch writer
            cur.execute("PRAGMA synchronous=NORMAL")  # durable at each commit in WAL mode, much faster
            # map the file (no read() per page) and keep more of it cached
            cur.execute(f"PRAGMA mmap_size={int(tuning.mmap_bytes)}")
            cur.execute(f"PRAGMA cache_size=-{int(tuning.cache_kib)}")
            cur.execute(f"PRAGMA wal_autocheckpoint={int(tuning.wal_pages)}")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (creates it on an empty database)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_store(url: str, tuning: SqliteTuning = READ) -> Engine:
    """An engine on a migrated database."""
    engine = make_engine(url, tuning)
    migrate(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work commits at the end of the block, or rolls back on an exception."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class OnConflict(NamedTuple):
    """An upsert: rows whose ``key`` exists already add their ``add`` columns to the stored ones and overwrite the
    ``keep`` columns."""

    key: tuple[str, ...]
    add: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


_PREPARED: dict[tuple[str, tuple[str, ...], OnConflict | None], tuple[str, list[Any]] | None] = {}


def insert_rows(session: Session, table: Any, rows: Sequence[dict[str, Any]], upsert: OnConflict | None = None
                ) -> None:
    """``INSERT`` many rows (all with the same keys) into a Core table, inside the session's transaction
    (``upsert``: ``INSERT ... ON CONFLICT DO UPDATE``).

    On SQLite the rows go to the driver's ``executemany`` directly, each value through its column type's own bind
    processor (what SQLAlchemy stores: the same text for datetimes and JSON), skipping SQLAlchemy's per-row parameter
    bookkeeping, which costs more than SQLite's own work on a bulk insert (17 µs against 3 µs a row). Elsewhere, and
    wherever a column left out has a Python-side default, the plain SQLAlchemy insert."""
    if not rows:
        return
    conn = session.connection()
    cols = tuple(rows[0])
    prepared = _prepare(table, cols, upsert, conn.dialect) if conn.dialect.name == "sqlite" else None
    if prepared is None:
        conn.execute(_statement(table, upsert, conn.dialect.name), rows)
        return
    sql, procs = prepared
    params: list[tuple[Any, ...]] = list(map(itemgetter(*cols), rows)) if len(cols) > 1 else \
        [(r[cols[0]],) for r in rows]
    if any(procs):  # column by column: only the columns that need it pay for a conversion
        columns = list(zip(*params, strict=True))
        for i, proc in enumerate(procs):
            if proc is not None:
                columns[i] = tuple(None if v is None else proc(v) for v in columns[i])
        params = list(zip(*columns, strict=True))
    conn.connection.dbapi_connection.cursor().executemany(sql, params)  # type: ignore[union-attr]


IN_CHUNK = 999  # values in one IN list: SQLite's oldest default limit of bound variables


def rows_by_key(session: Session, table: Any, key: str, values: Collection[Any], columns: Sequence[str]
                ) -> list[tuple[Any, ...]]:
    """``SELECT columns FROM table WHERE key IN values``, for plain columns (text, integers: values the driver
    returns as they are stored). On SQLite straight through the driver: SQLAlchemy's expanding IN costs more per
    value than SQLite's own lookup (3.5 against 1.8 µs a value)."""
    if not values:
        return []
    conn = session.connection()
    items = list(values)
    if conn.dialect.name != "sqlite":
        q = select(*(table.c[c] for c in columns)).where(table.c[key].in_(items))
        return [tuple(r) for r in conn.execute(q)]
    quote = conn.dialect.identifier_preparer.quote
    head = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table.name)} WHERE {quote(key)} IN "
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(items), IN_CHUNK):
        chunk = items[i:i + IN_CHUNK]
        out += cursor.execute(head + f"({', '.join('?' * len(chunk))})", chunk).fetchall()
    return out


def _statement(table: Any, upsert: OnConflict | None, dialect: str) -> Any:
    if upsert is None:
        return insert(table)
    from sqlalchemy.dialects import postgresql, sqlite

    stmt: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    sets = {c: table.c[c] + stmt.excluded[c] for c in upsert.add} | {c: stmt.excluded[c] for c in upsert.keep}
    return stmt.on_conflict_do_update(index_elements=list(upsert.key), set_=sets)


def _prepare(table: Any, cols: tuple[str, ...], upsert: OnConflict | None, dialect: Any
             ) -> tuple[str, list[Any]] | None:
    key = (table.name, cols, upsert)
    if key not in _PREPARED:
        defaulted = {c.name for c in table.c if c.default is not None and not c.primary_key}
        if defaulted - set(cols):
            _PREPARED[key] = None
        else:
            q = dialect.identifier_preparer.quote
            sql = (f"INSERT INTO {q(table.name)} ({', '.join(q(c) for c in cols)}) "
                   f"VALUES ({', '.join('?' * len(cols))})")
            if upsert is not None:
                sets = [f"{q(c)} = {q(table.name)}.{q(c)} + excluded.{q(c)}" for c in upsert.add]
                sets += [f"{q(c)} = excluded.{q(c)}" for c in upsert.keep]
                sql += f" ON CONFLICT ({', '.join(q(c) for c in upsert.key)}) DO UPDATE SET {', '.join(sets)}"
            _PREPARED[key] = (sql, [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in cols])
    return _PREPARED[key]
