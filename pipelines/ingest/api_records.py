"""Contacts posted to the API (``POST /api/v1/contacts``) as the drafts the batch pipeline stores: the same
touchpoint vocabulary and customer keys as the export readers, times without a zone read as Europe/Amsterdam."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pipelines.ingest.dates import LOCAL
from pipelines.ingest.records import BadRow, ContactDraft, TurnDraft
from pipelines.ingest.sources import customer_key, normalise_touchpoint

API_FILE = "api"  # the file name quarantined rows of a request carry


def _aware(ts: datetime | None, default: datetime) -> datetime:
    if ts is None:
        return default
    return (ts.replace(tzinfo=LOCAL) if ts.tzinfo is None else ts).astimezone(UTC)


def draft_from_api(index: int, data: dict[str, Any], received: datetime) -> ContactDraft | BadRow:
    """One validated contact (a dict of ``ContactIn`` fields) as a draft, or a bad row with the reason it cannot
    become a contact (``index``: its place in the request)."""
    turn_data = data.get("turns") or []
    if turn_data:
        turns = [TurnDraft(t.get("speaker") or "customer", (t.get("text") or "").strip(),
                           _aware(t["timestamp"], received) if t.get("timestamp") else None) for t in turn_data]
    else:
        turns = [TurnDraft("customer", (data.get("text") or "").strip())]
    turns = [t for t in turns if t.text]
    raw = json.dumps(data, ensure_ascii=False, default=str)
    if not turns:
        return BadRow(API_FILE, index, "no text", raw)
    if data.get("text") and turn_data:
        return BadRow(API_FILE, index, "both text and turns: send one of them", raw)
    if not any(t.speaker == "customer" for t in turns):
        return BadRow(API_FILE, index, "no customer turn", raw)
    return ContactDraft(
        source=data.get("source") or "api", external_id=(data.get("external_id") or "").strip() or None,
        channel=data["channel"], touchpoint=normalise_touchpoint(data.get("touchpoint")),
        timestamp=_aware(data.get("timestamp"), received), customer_ref=customer_key(data.get("customer")),
        turns=turns, metadata=dict(data.get("metadata") or {}), file=API_FILE, row=index,
    )
