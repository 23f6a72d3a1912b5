"""The records that flow from the readers to the store: one contact with its speaker turns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CHANNELS = ("email", "chat", "phone", "review", "social", "webform", "store")
SPEAKERS = ("customer", "agent", "system")


@dataclass
class TurnDraft:
    speaker: str  # one of SPEAKERS
    text: str
    timestamp: datetime | None = None


@dataclass
class ContactDraft:
    source: str  # source kind, e.g. "zendesk"
    external_id: str | None
    channel: str  # one of CHANNELS
    touchpoint: str | None  # delivery, returns, billing, app ... where the data says so
    timestamp: datetime | None
    customer_ref: str | None  # raw customer key (e-mail, number): pseudonymised by the store, never stored raw
    turns: list[TurnDraft]
    metadata: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    row: int = 0


@dataclass
class BadRow:
    """A row that cannot become a contact: kept in quarantine with the reason, never silently dropped."""

    file: str
    row: int
    reason: str
    raw: str = ""
