"""The read side of the store: contact facts, the daily rollup and segments, kept in step with contacts and tags.

Every write path (``pipelines.batch``: ingest and retag; ``pipelines.store.bulk``) calls :func:`index_contacts` in
the same transaction as it writes contacts or tags, so a reader never sees tags without their facts. The API reads
these tables instead of joining contacts and tags (see ``pipelines/store/aggregations.py``):

- ``contact_fact``: one narrow row per contact (day, dimensions, contact-level emotion, phase, valence);
- ``contact_rollup``: contacts per day and dimension combination with count, valence sum and negative count,
  each row stamped with the data version that last changed it (readers refresh what changed since they looked);
- ``contact_segment`` / ``segment_value``: short scalar metadata values, for ``segment.<field>`` filters;
- ``contact_card``: the contact as the API lists it, as JSON (``pipelines/store/cards.py``);
- ``data_version``: bumped by every such transaction.

Days are Europe/Amsterdam calendar days (the zone the ingest assumes for times without one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import and_, delete, insert, select, update
from sqlmodel import Session

from pipelines.ingest.dates import LOCAL, as_utc
from pipelines.store.cards import CARD, insert_cards, write_cards
from pipelines.store.db import OnConflict, insert_rows
from pipelines.store.tables import (
    Contact,
    ContactFact,
    ContactRollup,
    ContactSegment,
    DataVersion,
    SegmentValue,
    Tag,
)

NO_TIMESTAMP = datetime(1900, 1, 1, tzinfo=UTC)  # facts need a timestamp to sort on; contacts without one sort last
NO_DAY = date(1900, 1, 1)
UNKNOWN = "unknown"  # the touchpoint key of contacts without one
UNTAGGED = ""  # phase and emotion of untagged contacts in the rollup (a primary key column cannot be null)
SEGMENT_MAX_LEN = 64
SEGMENT_SKIP = {"subject", "rows", "part", "unparseable_dates", "messages"}  # free text and reader bookkeeping
ID_LIKE = re.compile(r"\d{5}|\[[A-Z_]+\]")  # order numbers, dates, ids, redacted values: no segment, one per contact
CHUNK = 5000  # ids per IN list: well under SQLite's parameter limit

FACT = ContactFact.__table__  # type: ignore[attr-defined]
ROLLUP = ContactRollup.__table__  # type: ignore[attr-defined]
SEGMENT = ContactSegment.__table__  # type: ignore[attr-defined]
SEGMENT_VALUE = SegmentValue.__table__  # type: ignore[attr-defined]
VERSION = DataVersion.__table__  # type: ignore[attr-defined]
ROLLUP_KEY = ("day", "channel", "touchpoint", "phase", "emotion")


def local_day(ts: datetime) -> date:
    return ts.astimezone(LOCAL).date()


def day_start(d: date) -> datetime:
    """The UTC instant a local day starts (the bound of a date filter on timestamps)."""
    return datetime.combine(d, time(), LOCAL).astimezone(UTC)


def segment_values(metadata: dict[str, Any]) -> dict[str, str]:
    """The segment fields of a contact: short scalar metadata values, as strings ("true", "4.5", "koksmes"); values
    that identify one contact (numbers of five digits or more, redaction placeholders) are no segment."""
    out: dict[str, str] = {}
    for key, v in metadata.items():
        if not isinstance(key, str) or not 0 < len(key) <= SEGMENT_MAX_LEN or key.lower() in SEGMENT_SKIP:
            continue
        if isinstance(v, bool):
            s = "true" if v else "false"
        elif isinstance(v, int):
            s = str(v)
        elif isinstance(v, float):
            s = f"{v:g}"
        elif isinstance(v, str):
            s = v.strip()
        else:
            continue
        if 0 < len(s) <= SEGMENT_MAX_LEN and not ID_LIKE.search(s):
            out[key] = s
    return out


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def bump_version(session: Session) -> int:
    """The data version of this transaction (holds the version row until commit: writers take turns here)."""
    stmt = update(VERSION).where(VERSION.c.id == 1).values(version=VERSION.c.version + 1).returning(VERSION.c.version)
    v = session.execute(stmt).scalar()
    if v is None:  # a database made by create_all rather than the migrations
        session.execute(insert(VERSION).values(id=1, version=1))
        return 1
    return int(v)


_CURRENT = select(VERSION.c.version).where(VERSION.c.id == 1)  # every API request reads it: built once


def current_version(session: Session) -> int:
    return int(session.connection().execute(_CURRENT).scalar() or 0)


def _upsert_add(session: Session, table: Any, key: Sequence[str], rows: list[dict[str, Any]],
                add: Sequence[str], keep: Sequence[str] = ()) -> None:
    """INSERT ... ON CONFLICT DO UPDATE adding ``add`` columns (and overwriting ``keep``); rows in key order, so two
    writers lock rows in the same order (no deadlock on PostgreSQL)."""
    rows.sort(key=lambda r: tuple(r[k] for k in key))
    insert_rows(session, table, rows, OnConflict(tuple(key), tuple(add), tuple(keep)))


class FactSource(NamedTuple):
    """What the read side needs of one contact: its row and its newest contact-level tag (None where untagged)."""

    id: int
    timestamp: datetime | None
    channel: str
    touchpoint: str | None
    metadata: dict[str, Any] | None
    emotion: str | None = None
    phase: str | None = None
    valence: float | None = None
    valence_label: str | None = None


Delta = dict[tuple[Any, ...], list[float]]


def _add(delta: Delta, key: tuple[Any, ...], sign: int, valence: float | None, negative: bool) -> None:
    d = delta.setdefault(key, [0, 0.0, 0])
    d[0] += sign
    d[1] += sign * (valence or 0.0)
    d[2] += sign * int(bool(negative))


def index_contacts(session: Session, contact_ids: Iterable[int], cards: bool = True) -> int:
    """Bring the facts, rollup, segments and cards of these contacts in line with their rows and tags: call it in
    the transaction that wrote them (new contacts, new tags, replaced tags). Returns the new data version.
    (``cards=False``: for migration 0002's backfill, which runs before the card table exists.)"""
    ids = sorted(set(contact_ids))
    if not ids:
        return current_version(session)
    version = bump_version(session)
    delta: Delta = {}
    indexed: set[int] = set()
    for chunk in chunks(ids):
        old = session.execute(
            select(FACT.c.contact_id, FACT.c.day, FACT.c.channel, FACT.c.touchpoint, FACT.c.phase, FACT.c.emotion,
                   FACT.c.valence, FACT.c.negative).where(FACT.c.contact_id.in_(chunk))
        ).all()
        for cid, day, channel, tp, phase, emotion, valence, negative in old:
            indexed.add(cid)
            _add(delta, (day, channel, tp, phase or UNTAGGED, emotion or UNTAGGED), -1, valence, negative)
        if old:
            session.execute(delete(FACT).where(FACT.c.contact_id.in_(chunk)))
    sources: list[FactSource] = []
    c, t = Contact.__table__, Tag.__table__  # type: ignore[attr-defined]
    for chunk in chunks(ids):
        rows = session.execute(
            select(c.c.id, c.c.timestamp, c.c.channel, c.c.touchpoint, c.c.metadata, t.c.emotion, t.c.phase,
                   t.c.valence, t.c.valence_label)
            .outerjoin(t, and_(t.c.contact_id == c.c.id, t.c.turn_id.is_(None)))
            .where(c.c.id.in_(chunk))
            .order_by(c.c.id, t.c.id)
        ).all()
        latest = {r[0]: r for r in rows}  # a contact with tags of two model versions: the newest tag counts
        sources += (FactSource(*r) for r in latest.values())
    _write_facts(session, sources, indexed, delta, version)
    if cards:
        write_cards(session, ids)
    return version


def index_new_contacts(session: Session, sources: Sequence[FactSource], items: Sequence[dict[str, Any]]) -> int:
    """:func:`index_contacts` for contacts written in this transaction and not indexed yet, given from memory (the
    batch writing them has their rows at hand: reading them back would cost more than writing them). ``items``:
    their cards, as ``cards.contact_items`` would build them. Writes the same rows as ``index_contacts``."""
    if not sources:
        return current_version(session)
    version = bump_version(session)
    _write_facts(session, sources, set(), {}, version)
    insert_cards(session, items)
    return version


def _write_facts(session: Session, sources: Iterable[FactSource], indexed: set[int], delta: Delta,
                 version: int) -> None:
    """Facts, segments and the rollup change of these contacts (``indexed``: contacts whose segments are written
    already; ``delta``: rollup changes so far, e.g. the old facts taken out)."""
    facts: list[dict[str, Any]] = []
    segments: list[dict[str, Any]] = []
    counts: dict[tuple[str, str], int] = {}
    for cid, ts, channel, tp, metadata, emotion, phase, valence, valence_label in sources:
        when = as_utc(ts) or NO_TIMESTAMP
        day = local_day(when) if ts is not None else NO_DAY
        negative = valence_label == "negative"
        facts.append({"contact_id": cid, "ts": when, "day": day, "channel": channel, "touchpoint": tp or UNKNOWN,
                      "phase": phase, "emotion": emotion, "valence": valence, "negative": negative})
        _add(delta, (day, channel, tp or UNKNOWN, phase or UNTAGGED, emotion or UNTAGGED), 1, valence, negative)
        if cid not in indexed:  # metadata never changes after ingest: segments are written once
            for field, value in segment_values(metadata or {}).items():
                segments.append({"contact_id": cid, "field": field, "value": value})
                counts[(field, value)] = counts.get((field, value), 0) + 1
    # in time order: every fact index has the time right after a few low-cardinality columns (emotion, phase,
    # touchpoint), so consecutive rows land on neighbouring index pages (random times in input order: 10% slower)
    facts.sort(key=itemgetter("ts"))
    insert_rows(session, FACT, facts)
    insert_rows(session, SEGMENT, segments)
    _upsert_add(session, SEGMENT_VALUE, ("field", "value"),
                [{"field": f, "value": v, "n": n} for (f, v), n in counts.items()], add=("n",))
    rollup = [
        dict(zip(ROLLUP_KEY, key, strict=True)) | {"n": int(n), "valence_sum": vs, "negative": int(neg),
                                                   "version": version}
        for key, (n, vs, neg) in delta.items() if n or neg or abs(vs) > 1e-9
    ]
    _upsert_add(session, ROLLUP, ROLLUP_KEY, rollup, add=("n", "valence_sum", "negative"), keep=("version",))


def reindex_all(session: Session, batch: int = CHUNK, cards: bool = True) -> int:
    """Rebuild the whole read side from contacts and tags (after a restore, or to check the incremental path)."""
    for table in (SEGMENT, SEGMENT_VALUE, FACT, ROLLUP, *((CARD,) if cards else ())):
        session.execute(delete(table))
    c = Contact.__table__  # type: ignore[attr-defined]
    ids = list(session.scalars(select(c.c.id).order_by(c.c.id)).all())
    for chunk in chunks(ids, batch):
        index_contacts(session, chunk, cards=cards)
    return len(ids)


def day_range_bounds(date_from: date | None, date_to: date | None) -> tuple[date, date | None]:
    """Inclusive day bounds of a date filter; the lower bound always leaves out contacts without a timestamp."""
    lo = max(date_from or NO_DAY + timedelta(days=1), NO_DAY + timedelta(days=1))
    return lo, date_to
