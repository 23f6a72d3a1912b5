"""SQLModel tables of the store, in families: ``XBase`` (shared fields), ``X`` (the table), ``XPublic`` (what the
API returns). Texts are stored redacted only; customers only as keyed pseudonyms.

Schema changes go through Alembic (``pipelines/store/migrations``); ``SQLModel.metadata`` is its target.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Date, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(**kw: Any) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), **kw))


class CustomerBase(SQLModel):
    pseudonym: str = Field(max_length=64, description="keyed hash (HMAC-SHA256) of the customer's key")


class Customer(CustomerBase, table=True):
    __table_args__ = (UniqueConstraint("pseudonym", name="uq_customer_pseudonym"),)
    id: int | None = Field(default=None, primary_key=True)


class CustomerPublic(CustomerBase):
    id: int


class IngestRun(SQLModel, table=True):
    __tablename__ = "ingest_run"
    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = _ts(nullable=False, default=utcnow)
    finished_at: datetime | None = _ts(nullable=True)
    source: str = Field(max_length=32)
    paths: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="running", max_length=16)  # running | done | failed
    rows_read: int = 0
    contacts_added: int = 0
    duplicates: int = 0
    turns_added: int = 0
    quarantined: int = 0
    model_version: str | None = Field(default=None, max_length=64)


class ContactBase(SQLModel):
    source: str = Field(max_length=32)
    external_id: str | None = Field(default=None, max_length=200)
    channel: str = Field(max_length=16)
    touchpoint: str | None = Field(default=None, max_length=64)
    timestamp: datetime | None = _ts(nullable=True)
    language: str = Field(default="und", max_length=8)
    language_confidence: float = 0.0
    is_auto_reply: bool = False
    metadata_: dict[str, Any] = Field(default_factory=dict, sa_column=Column("metadata", JSON, nullable=False))


class Contact(ContactBase, table=True):
    __table_args__ = (
        # idempotency: one row per (source, external id), or per content hash where the export has no id
        UniqueConstraint("dedup_key", name="uq_contact_dedup_key"),
        Index("ix_contact_timestamp", "timestamp"),
        Index("ix_contact_customer", "customer_id"),
        Index("ix_contact_channel_touchpoint", "channel", "touchpoint"),
    )
    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=64)
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    ingest_run_id: int | None = Field(default=None, foreign_key="ingest_run.id")
    file: str = Field(default="", max_length=500)
    row: int = 0


class ContactPublic(ContactBase):
    id: int
    customer_id: int | None


class TurnBase(SQLModel):
    position: int
    speaker: str = Field(max_length=16)  # customer | agent | system
    text: str  # redacted
    timestamp: datetime | None = _ts(nullable=True)


class Turn(TurnBase, table=True):
    __table_args__ = (UniqueConstraint("contact_id", "position", name="uq_turn_position"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)


class TurnPublic(TurnBase):
    id: int
    contact_id: int


class TagBase(SQLModel):
    """One model output. ``turn_id`` set: the tag of that customer turn; null: the contact as a whole."""

    emotion: str = Field(max_length=16, index=True)
    emotion_scores: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    valence: float
    valence_label: str = Field(max_length=8)
    intensity: int
    phase: str = Field(max_length=16, index=True)
    stdc: str = Field(max_length=8)
    confidence: float
    model_version: str = Field(max_length=64, index=True)
    # what the customer says caused the emotion (contact-level tags only; models/causes.py): one of
    # models.causes.CAUSE_IDS and the lemmatised key phrases; null where no cause classifier ran
    cause: str | None = Field(default=None, max_length=32, index=True)
    cause_phrases: list[str] | None = Field(default=None, sa_column=Column(JSON(none_as_null=True), nullable=True))


class Tag(TagBase, table=True):
    __table_args__ = (
        UniqueConstraint("contact_id", "turn_id", "model_version", name="uq_tag_target_version"),
        Index("ix_tag_contact", "contact_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    turn_id: int | None = Field(default=None, foreign_key="turn.id")
    created_at: datetime = _ts(nullable=False, default=utcnow)


class TagPublic(TagBase):
    id: int
    contact_id: int
    turn_id: int | None


class QuarantinedRowBase(SQLModel):
    file: str = Field(max_length=500)
    row: int
    reason: str
    raw: str = ""  # redacted, cut to a few KB


class QuarantinedRow(QuarantinedRowBase, table=True):
    __tablename__ = "quarantined_row"
    __table_args__ = (UniqueConstraint("dedup_key", name="uq_quarantine_dedup_key"),)
    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=64)
    ingest_run_id: int | None = Field(default=None, foreign_key="ingest_run.id")
    created_at: datetime = _ts(nullable=False, default=utcnow)


class QuarantinedRowPublic(QuarantinedRowBase):
    id: int


# ---- API keys ----------------------------------------------------------------------------------------------


class ApiKeyBase(SQLModel):
    name: str = Field(default="", max_length=100)
    prefix: str = Field(max_length=16, description="first characters of the key, to recognise it in lists")
    scopes: str = Field(default="read", max_length=64, description="space-separated: read, ingest, admin")
    created_at: datetime = _ts(nullable=False, default=utcnow)
    last_used_at: datetime | None = _ts(nullable=True)
    revoked: bool = False


class ApiKey(ApiKeyBase, table=True):
    """Only the SHA-256 of a key is stored: the key itself is shown once, when it is made."""

    __tablename__ = "api_key"
    __table_args__ = (UniqueConstraint("key_hash", name="uq_api_key_hash"),)
    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(max_length=64)


class ApiKeyPublic(ApiKeyBase):
    id: int


# ---- read side: facts, rollup, segments (kept in step with contacts and tags in the same transaction) ---------
# A GROUP BY over a join of a million contacts and tags is far too slow for an interactive heatmap; these narrow
# tables are what the API reads. pipelines/store/facts.py writes them.


class ContactFact(SQLModel, table=True):
    """One narrow row per contact: its dimensions and its contact-level tag (null: not tagged)."""

    __tablename__ = "contact_fact"
    __table_args__ = (
        # the contacts page: newest first, optionally narrowed to one value of a dimension (heatmap drill-down)
        Index("ix_contact_fact_ts", "ts", "contact_id"),
        Index("ix_contact_fact_emotion_ts", "emotion", "ts", "contact_id"),
        Index("ix_contact_fact_touchpoint_ts", "touchpoint", "ts", "contact_id"),
        Index("ix_contact_fact_phase_ts", "phase", "ts", "contact_id"),
        # ... and to one cell of the dashboard's two heatmaps (migration 0003); the trailing columns let a further
        # channel/phase/touchpoint filter be checked in the index, without a table lookup per contact of the cell
        Index("ix_contact_fact_touchpoint_emotion_ts", "touchpoint", "emotion", "ts", "contact_id", "channel",
              "phase"),
        Index("ix_contact_fact_phase_emotion_ts", "phase", "emotion", "ts", "contact_id", "channel", "touchpoint"),
    )
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    ts: datetime = _ts(nullable=False)  # Contact.timestamp; NO_TIMESTAMP where it has none
    day: date = Field(sa_column=Column(Date, nullable=False))  # UTC day of ts
    channel: str = Field(max_length=16)
    touchpoint: str = Field(max_length=64)  # "unknown" where the contact has none
    phase: str | None = Field(default=None, max_length=16)
    emotion: str | None = Field(default=None, max_length=16)
    valence: float | None = None
    negative: bool = False


class ContactRollup(SQLModel, table=True):
    """Contacts per UTC day and dimension combination, with the sums every heatmap metric needs. Untagged contacts
    are counted with phase = emotion = "" (the contacts list counts them, emotion aggregates leave them out)."""

    __tablename__ = "contact_rollup"
    __table_args__ = (Index("ix_contact_rollup_version", "version"),)
    day: date = Field(sa_column=Column(Date, primary_key=True))
    channel: str = Field(max_length=16, primary_key=True)
    touchpoint: str = Field(max_length=64, primary_key=True)
    phase: str = Field(max_length=16, primary_key=True)
    emotion: str = Field(max_length=16, primary_key=True)
    n: int = 0
    valence_sum: float = 0.0
    negative: int = 0
    version: int = 0  # DataVersion.version of the transaction that last changed this row


class ContactCard(SQLModel, table=True):
    """The contact as the API shows it, as JSON (pipelines/store/cards.py): one lookup per listed contact."""

    __tablename__ = "contact_card"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    card: str = Field(sa_column=Column(Text, nullable=False))


class ContactSegment(SQLModel, table=True):
    """Segment fields of a contact (short scalar metadata values), for ``segment.<field>=value`` filters."""

    __tablename__ = "contact_segment"
    __table_args__ = (Index("ix_contact_segment_value", "field", "value", "contact_id"),)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    field: str = Field(max_length=64, primary_key=True)
    value: str = Field(max_length=64)


class SegmentValue(SQLModel, table=True):
    """How many contacts have each segment value (the filter choices in /meta without scanning the contacts)."""

    __tablename__ = "segment_value"
    field: str = Field(max_length=64, primary_key=True)
    value: str = Field(max_length=64, primary_key=True)
    n: int = 0


class DataVersion(SQLModel, table=True):
    """One row, bumped by every transaction that changes facts: readers cache aggregates against it."""

    __tablename__ = "data_version"
    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    version: int = 0


# ---- explanations: word attributions of a turn's tags (models/explain.py), computed on demand and kept ----------


class ExplanationBase(SQLModel):
    model_version: str = Field(max_length=128, description="tagger + cause classifier + method (explainer_version)")
    attributions: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Explanation(ExplanationBase, table=True):
    """One per (turn, model version): occlusion costs a forward pass per word, so it is kept once computed
    (pipelines/explanations.py). ``attributions``: models.explain.Explanation.to_dict() of the turn's text."""

    __table_args__ = (UniqueConstraint("turn_id", "model_version", name="uq_explanation_turn_version"),)
    id: int | None = Field(default=None, primary_key=True)
    turn_id: int = Field(foreign_key="turn.id")
    contact_id: int = Field(foreign_key="contact.id", index=True)
    created_at: datetime = _ts(nullable=False, default=utcnow)


class ExplanationPublic(ExplanationBase):
    turn_id: int
    contact_id: int
