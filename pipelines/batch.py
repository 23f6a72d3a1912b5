"""The batch path: contact drafts -> redacted turns -> language -> tags -> store, in committed batches.

Idempotency: every contact gets a ``dedup_key`` (keyed hash of source + external id, or of its content where
the export has no id) with a unique constraint. A batch (contacts, turns, tags, quarantined rows) commits in
one transaction, so a run killed at any moment leaves whole batches only, and running it again skips what is
already stored: every row ends up exactly once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from pipelines.ingest.records import BadRow, ContactDraft
from pipelines.store.tables import Contact, Customer, IngestRun, QuarantinedRow, Tag, Turn

log = logging.getLogger(__name__)

TAGGED_LANGUAGES = ("nl", "und")  # "und": too short to tell; exports are Dutch unless shown otherwise
MAX_RAW_QUARANTINE = 4000


class TaggerLike(Protocol):
    @property
    def model_version(self) -> str: ...

    def predict(self, texts: list[str]) -> list[Any]: ...


class CauseClassifierLike(Protocol):
    """What the tagger step needs of a cause classifier (models.causes.CauseClassifier): per contact (its customer
    turns), an object with ``cause`` and ``phrases``."""

    def predict_contacts(self, contacts: list[list[str]]) -> list[Any]: ...


Redactor = Callable[[str], str]
LanguageId = Callable[[str], tuple[str, float]]


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


def pseudonymise(ref: str, key: bytes) -> str:
    """Keyed hash of a customer key: stable across runs with the same key, not reversible without it."""
    return hmac.new(key, ref.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()


def dedup_key(draft: ContactDraft, key: bytes) -> str:
    if draft.external_id:
        basis = ["id", draft.source, draft.external_id.strip()]
    else:
        basis = [
            "content", draft.source, draft.channel,
            draft.timestamp.isoformat() if draft.timestamp else "",
            (draft.customer_ref or "").strip().lower(),
            *(f"{t.speaker}:{t.text}" for t in draft.turns),
        ]
    return hmac.new(key, "\x1f".join(basis).encode("utf-8"), hashlib.sha256).hexdigest()


def _utc(ts: datetime | None) -> datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def _quarantine_row(bad: BadRow, run_id: int | None, pipe: Pipeline) -> dict[str, Any]:
    key = hmac.new(pipe.pseudonym_key, f"{bad.file}\x1f{bad.row}\x1f{bad.reason}\x1f{bad.raw}".encode(),
                   hashlib.sha256).hexdigest()
    return {
        "file": bad.file[-500:], "row": bad.row, "reason": bad.reason,
        "raw": pipe.redact(bad.raw[:MAX_RAW_QUARANTINE]), "dedup_key": key, "ingest_run_id": run_id,
        "created_at": datetime.now(UTC),
    }


def _customer_ids(session: Session, pseudonyms: set[str]) -> dict[str, int]:
    if not pseudonyms:
        return {}
    q = select(Customer.pseudonym, Customer.id)
    have = dict(session.execute(q.where(col(Customer.pseudonym).in_(pseudonyms))).all())
    new = sorted(pseudonyms - set(have))
    if new:
        session.execute(insert(_table(Customer)), [{"pseudonym": p} for p in new])
        have.update(session.execute(q.where(col(Customer.pseudonym).in_(new))).all())
    return have


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


def _store_batch(
    engine: Engine, drafts: list[ContactDraft], bad: list[BadRow], pipe: Pipeline, run_id: int | None,
    summary: IngestSummary,
) -> None:
    keys = [dedup_key(d, pipe.pseudonym_key) for d in drafts]
    with Session(engine) as session, session.begin():
        existing = set(session.scalars(select(Contact.dedup_key).where(col(Contact.dedup_key).in_(set(keys)))).all())
        fresh: list[tuple[str, ContactDraft]] = []
        seen: set[str] = set()
        for k, d in zip(keys, drafts, strict=True):
            if k in existing or k in seen:
                summary.duplicates += 1
                continue
            seen.add(k)
            fresh.append((k, d))
        prepared = _prepare_all([d for _, d in fresh], pipe)
        redacted = [p.texts for p in prepared]
        langs = [(p.language, p.confidence) for p in prepared]
        cust = _customer_ids(
            session, {pseudonymise(d.customer_ref, pipe.pseudonym_key) for _, d in fresh if d.customer_ref}
        )
        contact_rows = [
            {
                "dedup_key": k, "source": d.source, "external_id": d.external_id, "channel": d.channel,
                "touchpoint": d.touchpoint, "timestamp": _utc(d.timestamp), "language": lang, "language_confidence":
                round(conf, 4), "is_auto_reply": bool(d.metadata.get("auto_reply", False)),
                "metadata": prep.metadata,
                "customer_id": cust.get(pseudonymise(d.customer_ref, pipe.pseudonym_key)) if d.customer_ref else None,
                "ingest_run_id": run_id, "file": d.file[-500:], "row": d.row,
            }
            for (k, d), (lang, conf), prep in zip(fresh, langs, prepared, strict=True)
        ]
        if contact_rows:
            session.execute(insert(_table(Contact)), contact_rows)
            q = select(Contact.dedup_key, Contact.id).where(col(Contact.dedup_key).in_(seen))
            ids: dict[str, int] = dict(session.execute(q).all())
            turn_rows = [
                {"contact_id": ids[k], "position": i, "speaker": t.speaker, "text": text,
                 "timestamp": _utc(t.timestamp)}
                for (k, d), texts in zip(fresh, redacted, strict=True)
                for i, (t, text) in enumerate(zip(d.turns, texts, strict=True))
            ]
            if turn_rows:
                session.execute(insert(_table(Turn)), turn_rows)
            summary.turns_added += len(turn_rows)
            summary.contacts_added += len(contact_rows)
            summary.not_dutch += sum(1 for lang, _ in langs if lang not in TAGGED_LANGUAGES)
            if pipe.tagger is not None:
                summary.tagged_turns += tag_contacts(session, pipe.tagger, [ids[k] for k, _ in fresh], pipe.causes)
        if bad:
            rows = [_quarantine_row(b, run_id, pipe) for b in bad]
            keys_q = {r["dedup_key"] for r in rows}
            have = set(session.scalars(
                select(QuarantinedRow.dedup_key).where(col(QuarantinedRow.dedup_key).in_(keys_q))
            ).all())
            rows = [r for r in {r["dedup_key"]: r for r in rows}.values() if r["dedup_key"] not in have]
            if rows:
                session.execute(insert(_table(QuarantinedRow)), rows)
            summary.quarantined += len(bad)
            summary.quarantine_reasons.update(b.reason.split(":")[0] for b in bad)


@dataclass
class Prepared:
    """A contact's redacted turn texts and metadata, and the language of its customer text."""

    texts: list[str]
    language: str
    confidence: float
    metadata: dict[str, Any]


def prepare(drafts: Sequence[ContactDraft], redact: Redactor, detect_language: LanguageId) -> list[Prepared]:
    """Redaction first: nothing after this (language id, tagger, database) sees the raw text."""
    out = []
    for d in drafts:
        texts = [redact(t.text) for t in d.turns]
        customer = " ".join(t for t, turn in zip(texts, d.turns, strict=True) if turn.speaker == "customer")
        lang, conf = detect_language(customer or " ".join(texts))
        meta = {k: redact(v) if isinstance(v, str) else v
                for k, v in json.loads(json.dumps(d.metadata, default=str)).items()}
        out.append(Prepared(texts, lang, conf, meta))
    return out


def _prepare_all(drafts: list[ContactDraft], pipe: Pipeline) -> list[Prepared]:
    """Redaction and language id are pure CPU work per contact: spread over worker processes when there are any
    (the main process meanwhile has nothing else to do; the database writes follow)."""
    if pipe.executor is None or len(drafts) < 64:
        return prepare(drafts, pipe.redact, pipe.detect_language)
    n = pipe.workers
    chunks = [drafts[i::n] for i in range(n)]  # strided: long and short messages spread evenly
    parts = list(pipe.executor.map(prepare, chunks, [pipe.redact] * n, [pipe.detect_language] * n))
    out: list[Prepared] = [None] * len(drafts)  # type: ignore[list-item]
    for i, part in enumerate(parts):
        out[i::n] = part
    return out


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


def _batches(items: Iterable[ContactDraft | BadRow], size: int) -> Iterator[tuple[list[ContactDraft], list[BadRow]]]:
    drafts: list[ContactDraft] = []
    bad: list[BadRow] = []
    for item in items:
        if isinstance(item, BadRow):
            bad.append(item)
        else:
            drafts.append(item)
        if len(drafts) + len(bad) >= size:
            yield drafts, bad
            drafts, bad = [], []
    if drafts or bad:
        yield drafts, bad


def ingest_items(
    engine: Engine,
    items: Iterable[ContactDraft | BadRow],
    pipe: Pipeline,
    source: str = "generic",
    paths: Sequence[str] = (),
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store a stream of drafts (and bad rows, into quarantine), batch by batch. Returns the run summary."""
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
    try:
        for drafts, bad in _batches(items, pipe.batch_size):
            summary.rows_read += len(drafts) + len(bad)
            _store_batch(engine, drafts, bad, pipe, run_id, summary)
            if on_batch:
                on_batch(summary)
        status = "done"
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
        done += len(ids)
        after = ids[-1]
        if on_batch:
            on_batch(done)
