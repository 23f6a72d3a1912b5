"""SQLModel tables of the store, in families: ``XBase`` (shared fields), ``X`` (the table), ``XPublic`` (what the
API returns). Texts are stored redacted only; customers only as keyed pseudonyms.

Schema changes go through Alembic (``pipelines/store/migrations``); ``SQLModel.metadata`` is its target.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
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
