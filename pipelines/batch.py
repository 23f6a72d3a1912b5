"""The batch path: contact drafts -> redacted turns -> language -> tags -> store, in committed batches.

Idempotency: every contact gets a ``dedup_key`` (keyed hash of source + external id, or of its content where
the export has no id) with a unique constraint. A batch (contacts, turns, tags, quarantined rows) commits in
one transaction, so a run killed at any moment leaves whole batches only, and running it again skips what is
already stored: every row ends up exactly once.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from pipelines.ingest.records import BadRow, ContactDraft
from pipelines.prepare import Item, LanguageId, Prepared, Ready, Redactor, dedup_key, handoff_size, keyed_hash
from pipelines.store.bulk import customer_ids
from pipelines.store.cards import card_item, card_turn
from pipelines.store.db import insert_rows, rows_by_key
from pipelines.store.facts import FactSource, index_contacts, index_new_contacts
from pipelines.store.tables import Contact, IngestRun, QuarantinedRow, Tag, Turn

log = logging.getLogger(__name__)

TAGGED_LANGUAGES = ("nl", "und")  # "und": too short to tell; exports are Dutch unless shown otherwise


class TaggerLike(Protocol):
    @property
    def model_version(self) -> str: ...

    def predict(self, texts: list[str]) -> list[Any]: ...


class CauseClassifierLike(Protocol):
    """What the tagger step needs of a cause classifier (models.causes.CauseClassifier): per contact (its customer
    turns), an object with ``cause`` and ``phrases``."""

    def predict_contacts(self, contacts: list[list[str]]) -> list[Any]: ...


@dataclass
class Pipeline:
    """What the batch path needs, passed down explicitly (built once at the edge)."""

    pseudonym_key: bytes
    redact: Redactor
    detect_language: LanguageId
    tagger: TaggerLike | None = None  # None: ingest without tagging (tag later with retag)
    causes: CauseClassifierLike | None = None  # cause + key phrases on contact-level tags (needs a tagger)
    batch_size: int = 500
    executor: Executor | None = None  # worker processes for redaction + language id (None: in-process)
    workers: int = 1


@dataclass
class IngestSummary:
    rows_read: int = 0
    contacts_added: int = 0
    duplicates: int = 0
    turns_added: int = 0
    tagged_turns: int = 0
    not_dutch: int = 0
    quarantined: int = 0
    quarantine_reasons: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    run_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in vars(self).items() if k != "quarantine_reasons"}
        d["quarantine_reasons"] = dict(self.quarantine_reasons.most_common())
        return d


def _table(model: type) -> Any:
    """The Core table of a model: bulk inserts by column name, without the ORM's per-row bookkeeping."""
    return model.__table__  # type: ignore[attr-defined]


def _quarantine_row(bad: BadRow, run_id: int | None, key: bytes) -> dict[str, Any]:
    """``bad.raw`` is redacted already (by ``make_ready``)."""
    dkey = keyed_hash(key, f"{bad.file}\x1f{bad.row}\x1f{bad.reason}\x1f{bad.raw}")
    return {
        "file": bad.file[-500:], "row": bad.row, "reason": bad.reason, "raw": bad.raw, "dedup_key": dkey,
        "ingest_run_id": run_id, "created_at": datetime.now(UTC),
    }


def tag_rows(tagger: TaggerLike, texts: list[str]) -> list[dict[str, Any]]:
    results = tagger.predict(texts) if texts else []
    return [
        {
            "emotion": r.emotion, "emotion_scores": r.emotion_scores, "valence": r.valence,
            "valence_label": r.valence_label, "intensity": r.intensity, "phase": r.phase, "stdc": r.stdc,
            "confidence": r.confidence, "model_version": tagger.model_version,
        }
        for r in results
    ]


def _store_batch(session: Session, results: list[Ready | BadRow], pipe: Pipeline, run_id: int | None,
                 summary: IngestSummary) -> None:
    """Write one batch (contacts, turns, tags, quarantined rows) in the session's transaction; contacts whose key is
    stored already (an earlier run, an earlier batch, or twice in this one) are counted as duplicates."""
    ready = [r for r in results if isinstance(r, Ready)]
    bad = [r for r in results if isinstance(r, BadRow)]
    keys = {r.key for r in ready}
    seen = {k for (k,) in rows_by_key(session, _table(Contact), "dedup_key", keys, ("dedup_key",))}
    fresh: list[Ready] = []
    for r in ready:
        if r.key in seen:
            summary.duplicates += 1
            continue
        seen.add(r.key)
        fresh.append(r)
    cust = customer_ids(session, {r.customer for r in fresh if r.customer})
    contact_rows = [
        {**r.contact, "dedup_key": r.key, "customer_id": cust.get(r.customer) if r.customer else None,
         "ingest_run_id": run_id}
        for r in fresh
    ]
    if contact_rows:
        insert_rows(session, _table(Contact), contact_rows)
        ids: dict[str, int] = dict(rows_by_key(session, _table(Contact), "dedup_key", [r.key for r in fresh],
                                               ("dedup_key", "id")))
        turn_rows = [
            {"contact_id": ids[r.key], "position": i, "speaker": speaker, "text": text, "timestamp": ts}
            for r in fresh
            for i, (speaker, text, ts) in enumerate(r.turns)
        ]
        if turn_rows:
            insert_rows(session, _table(Turn), turn_rows)
        summary.turns_added += len(turn_rows)
        summary.contacts_added += len(contact_rows)
        summary.not_dutch += sum(1 for r in fresh if r.contact["language"] not in TAGGED_LANGUAGES)
        # the API's read side, in the same transaction
        if pipe.tagger is not None:
            summary.tagged_turns += tag_contacts(session, pipe.tagger, [ids[r.key] for r in fresh],
                                                 pipe.causes)
            index_contacts(session, [ids[r.key] for r in fresh])
        else:  # untagged: everything the read side needs is in memory
            index_new_contacts(session, *_read_side(fresh, ids))
    if bad:
        qrows = [_quarantine_row(b, run_id, pipe.pseudonym_key) for b in bad]
        keys_q = {r["dedup_key"] for r in qrows}
        have = set(session.scalars(
            select(QuarantinedRow.dedup_key).where(col(QuarantinedRow.dedup_key).in_(keys_q))
        ).all())
        qrows = [r for r in {r["dedup_key"]: r for r in qrows}.values() if r["dedup_key"] not in have]
        if qrows:
            session.execute(insert(_table(QuarantinedRow)), qrows)
        summary.quarantined += len(bad)
        summary.quarantine_reasons.update(b.reason.split(":")[0] for b in bad)


def _read_side(fresh: Sequence[Ready], ids: dict[str, int]) -> tuple[list[FactSource], list[dict[str, Any]]]:
    """Facts and cards of untagged contacts just written, from the batch in memory."""
    sources, cards = [], []
    for r in fresh:
        cid, c = ids[r.key], r.contact
        sources.append(FactSource(cid, c["timestamp"], c["channel"], c["touchpoint"], c["metadata"]))
        card = card_item(cid, c["source"], c["external_id"], c["channel"], c["touchpoint"], c["timestamp"],
                         c["language"], r.customer, c["metadata"])
        card["tag"] = None
        card["turns"] = [card_turn(i, speaker, text, ts) | {"tag": None}
                         for i, (speaker, text, ts) in enumerate(r.turns)]
        cards.append(card)
    return sources, cards


def tag_contacts(session: Session, tagger: TaggerLike, contact_ids: Sequence[int],
                 causes: CauseClassifierLike | None = None) -> int:
    """Tag the customer turns of these contacts (Dutch or undetermined language, no auto-replies), and each contact as a
    whole (its customer turns joined; a one-turn contact reuses its turn's tag). With ``causes``, the contact-level tag
    also gets the cause category and key phrases of the contact's customer text. Returns turns tagged."""
    if not contact_ids:
        return 0
    rows = session.execute(
        select(Turn.id, Turn.contact_id, Turn.text)
        .join(Contact, col(Contact.id) == Turn.contact_id)
        .where(col(Turn.contact_id).in_(contact_ids), col(Turn.speaker) == "customer")
        .where(col(Contact.language).in_(TAGGED_LANGUAGES), col(Contact.is_auto_reply).is_(False))
        .order_by(col(Turn.contact_id), col(Turn.position))
    ).all()
    if not rows:
        return 0
    by_contact: dict[int, list[tuple[int, str]]] = {}
    for turn_id, contact_id, text in rows:
        by_contact.setdefault(contact_id, []).append((turn_id, text))
    turn_tags = tag_rows(tagger, [text for _, _, text in rows])
    whole = {c: "\n".join(t for _, t in turns) for c, turns in by_contact.items() if len(turns) > 1}
    whole_tags = dict(zip(whole, tag_rows(tagger, list(whole.values())), strict=True))
    now = datetime.now(UTC)
    no_cause = {"cause": None, "cause_phrases": None}
    out = [
        {**tag, **no_cause, "contact_id": contact_id, "turn_id": turn_id, "created_at": now}
        for (turn_id, contact_id, _), tag in zip(rows, turn_tags, strict=True)
    ]
    first_tag: dict[int, dict[str, Any]] = {}
    for (_, contact_id, _), tag in zip(rows, turn_tags, strict=True):
        first_tag.setdefault(contact_id, tag)
    cause_of: dict[int, dict[str, Any]] = {}
    if causes is not None:
        turn_texts = [[t for _, t in turns] for turns in by_contact.values()]
        cause_of = {c: {"cause": r.cause, "cause_phrases": list(r.phrases)}
                    for c, r in zip(by_contact, causes.predict_contacts(turn_texts), strict=True)}
    for c in by_contact:
        out.append({**whole_tags.get(c, first_tag[c]), **cause_of.get(c, no_cause), "contact_id": c, "turn_id": None,
                    "created_at": now})
    session.execute(insert(_table(Tag)), out)
    return len(rows)


def ingest_items(
    engine: Engine,
    items: Iterable[Item],
    pipe: Pipeline,
    source: str = "generic",
    paths: Sequence[str] = (),
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store a stream of drafts (and bad rows, into quarantine), batch by batch. Returns the run summary."""
    prepared = Prepared(items, handoff_size(pipe.batch_size), pipe.redact, pipe.detect_language, pipe.pseudonym_key,
                        pipe.executor, pipe.workers)
    return ingest_prepared(engine, prepared, pipe, source, paths, on_batch)


def _copy(summary: IngestSummary) -> IngestSummary:
    return replace(summary, quarantine_reasons=Counter(summary.quarantine_reasons))


def ingest_prepared(
    engine: Engine,
    prepared: Prepared,
    pipe: Pipeline,
    source: str = "generic",
    paths: Sequence[str] = (),
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """:func:`ingest_items` for items being made ready already (``Prepared.start``: the CLI starts the workers on
    the first batches before it opens the store)."""
    t0 = time.perf_counter()
    summary = IngestSummary()
    with Session(engine) as session, session.begin():
        run = IngestRun(source=source, paths=list(paths), started_at=datetime.now(UTC),
                        model_version=pipe.tagger.model_version if pipe.tagger else None)
        session.add(run)
        session.flush()
        run_id = run.id
    summary.run_id = run_id
    status = "failed"
    committed = _copy(summary)  # what the last commit stored: the run's record on failure
    try:
        with Session(engine) as session:
            pending = 0
            for n, results in prepared:  # handed over in parts of a batch (prepare.HANDOFF)
                summary.rows_read += n
                _store_batch(session, results, pipe, run_id, summary)
                pending += n
                if pending >= pipe.batch_size:
                    session.commit()
                    committed, pending = _copy(summary), 0
                if on_batch:
                    on_batch(summary)
            session.commit()
        status = "done"
    except BaseException:
        summary = committed  # the rows of the batches rolled back are not in the store
        raise
    finally:
        summary.seconds = time.perf_counter() - t0
        with Session(engine) as session, session.begin():
            stored = session.get(IngestRun, run_id)
            if stored is not None:
                stored.status, stored.finished_at = status, datetime.now(UTC)
                stored.rows_read, stored.contacts_added, stored.duplicates = (
                    summary.rows_read, summary.contacts_added, summary.duplicates)
                stored.turns_added, stored.quarantined = summary.turns_added, summary.quarantined
    return summary


def ingest_drafts(
    engine: Engine, items: Sequence[ContactDraft | BadRow], pipe: Pipeline, source: str = "api",
) -> tuple[IngestSummary, list[int | None]]:
    """A few contacts at once (the API's POST), through the same path as ``voc ingest``: one run, its contacts
    written in one transaction. Returns the summary and, per item, the id of its contact (new or already stored;
    None for a bad row)."""
    summary = ingest_items(engine, items, replace(pipe, batch_size=max(1, len(items))), source=source)
    keys = [dedup_key(i, pipe.pseudonym_key) if isinstance(i, ContactDraft) else None for i in items]
    with Session(engine) as session:
        wanted = {k for k in keys if k}
        ids: dict[str, int] = dict(session.execute(
            select(Contact.dedup_key, Contact.id).where(col(Contact.dedup_key).in_(wanted))).all()) if wanted else {}
    return summary, [ids.get(k) if k else None for k in keys]


def retag(engine: Engine, tagger: TaggerLike, batch_size: int = 500,
          on_batch: Callable[[int], None] | None = None, causes: CauseClassifierLike | None = None) -> int:
    """Re-tag contacts whose tags come from another model version (or are missing). Old tags are replaced
    in the same transaction as the new ones are written. Returns the number of contacts re-tagged."""
    from sqlalchemy import delete

    from pipelines.store.queries import contacts_needing_tags

    done, after = 0, 0
    while True:
        with Session(engine) as session, session.begin():
            ids = contacts_needing_tags(session, tagger.model_version, TAGGED_LANGUAGES, batch_size, after)
            if not ids:
                return done
            session.execute(delete(Tag).where(col(Tag.contact_id).in_(ids)))
            tag_contacts(session, tagger, ids, causes)
            index_contacts(session, ids)
        done += len(ids)
        after = ids[-1]
        if on_batch:
            on_batch(done)
