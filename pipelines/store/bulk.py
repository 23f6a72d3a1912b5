"""Writing already-tagged contacts straight into the store, fast: for data generators, load tests and test
factories (no redaction, no language id, no model: the caller vouches for the texts and the tags).

    from pipelines.store.bulk import TaggedContact, TurnRecord, make_tag, bulk_write
    n = bulk_write(engine, (TaggedContact(channel="chat", timestamp=ts, turns=[TurnRecord("customer", text)],
                                          tag=make_tag("anger", "delivery"), touchpoint="delivery")
                            for ...), batch_size=5000)

Contacts, turns and tags are written as the pipeline writes them, and the read side (facts, rollup, segments)
through the same ``index_contacts`` as ``voc ingest``, batch by batch, each batch in one transaction.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session

from models.taxonomy import EMOTION_BY_ID, EMOTION_IDS, stdc_of, valence_label
from pipelines.ingest.dates import as_utc
from pipelines.store.db import insert_rows, rows_by_key
from pipelines.store.facts import index_contacts
from pipelines.store.tables import Contact, Customer, Tag, Turn

CONTACT = Contact.__table__  # type: ignore[attr-defined]
TURN = Turn.__table__  # type: ignore[attr-defined]
TAG = Tag.__table__  # type: ignore[attr-defined]
CUSTOMER = Customer.__table__  # type: ignore[attr-defined]


def make_tag(emotion: str, phase: str = "unknown", valence: float | None = None, intensity: int = 3,
             confidence: float = 0.9, model_version: str = "generated") -> dict[str, Any]:
    """A tag as the tagger would write it; valence defaults to the emotion's prior."""
    v = EMOTION_BY_ID[emotion].valence if valence is None else valence
    scores = {e: (confidence if e == emotion else round((1 - confidence) / (len(EMOTION_IDS) - 1), 4))
              for e in EMOTION_IDS}
    return {"emotion": emotion, "emotion_scores": scores, "valence": v, "valence_label": valence_label(v),
            "intensity": intensity, "phase": phase, "stdc": stdc_of(phase), "confidence": confidence,
            "model_version": model_version}


@dataclass
class TurnRecord:
    speaker: str  # customer | agent | system
    text: str  # already redacted
    timestamp: datetime | None = None
    tag: dict[str, Any] | None = None  # make_tag(...) for a tagged customer turn


@dataclass
class TaggedContact:
    channel: str
    timestamp: datetime | None
    turns: list[TurnRecord]
    tag: dict[str, Any] | None = None  # the contact-level tag (None: not tagged, e.g. not Dutch)
    touchpoint: str | None = None
    source: str = "generated"
    external_id: str | None = None
    customer: str | None = None  # a pseudonym (never a raw key: nothing here hashes it)
    language: str = "nl"
    metadata: dict[str, Any] = field(default_factory=dict)


def customer_ids(session: Session, pseudonyms: set[str]) -> dict[str, int]:
    """Ids of these customers, made where new."""
    if not pseudonyms:
        return {}
    have: dict[str, int] = dict(rows_by_key(session, CUSTOMER, "pseudonym", pseudonyms, ("pseudonym", "id")))
    new = sorted(pseudonyms - set(have))
    if new:
        insert_rows(session, CUSTOMER, [{"pseudonym": p} for p in new])
        have.update(rows_by_key(session, CUSTOMER, "pseudonym", new, ("pseudonym", "id")))
    return have


def _dedup_key(c: TaggedContact) -> str:
    basis = f"{c.source}\x1f{c.external_id}" if c.external_id else uuid.uuid4().hex
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def write_tagged_contacts(session: Session, contacts: Sequence[TaggedContact]) -> list[int]:
    """Write one batch inside the caller's transaction; returns the new contact ids in input order."""
    if not contacts:
        return []
    cust = customer_ids(session, {c.customer for c in contacts if c.customer})
    rows = [
        {"dedup_key": _dedup_key(c), "source": c.source, "external_id": c.external_id, "channel": c.channel,
         "touchpoint": c.touchpoint, "timestamp": as_utc(c.timestamp), "language": c.language,
         "language_confidence": 1.0, "is_auto_reply": False, "metadata": c.metadata,
         "customer_id": cust.get(c.customer) if c.customer else None, "ingest_run_id": None, "file": "", "row": 0}
        for c in contacts
    ]
    ids = list(session.execute(insert(CONTACT).returning(CONTACT.c.id, sort_by_parameter_order=True), rows)
               .scalars())
    turn_rows = [
        {"contact_id": cid, "position": i, "speaker": t.speaker, "text": t.text, "timestamp": as_utc(t.timestamp)}
        for cid, c in zip(ids, contacts, strict=True) for i, t in enumerate(c.turns)
    ]
    now = datetime.now(UTC)
    tags = [{**c.tag, "contact_id": cid, "turn_id": None, "created_at": now}
            for cid, c in zip(ids, contacts, strict=True) if c.tag is not None]
    turn_tags = [t.tag for c in contacts for t in c.turns]
    if any(t is not None for t in turn_tags):
        turn_ids = list(session.execute(insert(TURN).returning(TURN.c.id, sort_by_parameter_order=True), turn_rows)
                        .scalars())
        tags += [{**tag, "contact_id": r["contact_id"], "turn_id": tid, "created_at": now}
                 for r, tid, tag in zip(turn_rows, turn_ids, turn_tags, strict=True) if tag is not None]
    elif turn_rows:
        session.execute(insert(TURN), turn_rows)
    if tags:
        session.execute(insert(TAG), tags)
    index_contacts(session, ids)
    return ids


def bulk_write(engine: Engine, contacts: Iterable[TaggedContact], batch_size: int = 5000,
               on_batch: Callable[[int], None] | None = None) -> int:
    """Write a stream of tagged contacts, ``batch_size`` per transaction. Returns how many were written."""
    done = 0
    batch: list[TaggedContact] = []

    def flush() -> None:
        nonlocal done
        with Session(engine) as session, session.begin():
            write_tagged_contacts(session, batch)
        done += len(batch)
        batch.clear()
        if on_batch:
            on_batch(done)

    for c in contacts:
        batch.append(c)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return done
