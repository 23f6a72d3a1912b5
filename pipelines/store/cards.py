"""Contact cards: each contact as the API shows it (customer pseudonym, contact-level tag, redacted turns with their
tags), kept as one JSON document per contact in ``contact_card``.

Assembling a page of 50 contacts from contacts, turns, tags and customers costs three queries over scattered rows
and a JSON decode per tag, on every request; the card is written once, in the transaction that writes or re-tags
the contact (``facts.index_contacts``), and a page is then one primary-key lookup per contact and a string join.
:func:`contact_items` is the definition of a card (and builds them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import bindparam, delete, select
from sqlmodel import Session

from pipelines.ingest.dates import as_utc
from pipelines.store.db import insert_rows
from pipelines.store.tables import Contact, ContactCard, Customer, Tag, Turn

CONTACT = Contact.__table__  # type: ignore[attr-defined]
CUSTOMER = Customer.__table__  # type: ignore[attr-defined]
TURN = Turn.__table__  # type: ignore[attr-defined]
TAG = Tag.__table__  # type: ignore[attr-defined]
CARD = ContactCard.__table__  # type: ignore[attr-defined]
UNKNOWN = "unknown"  # the touchpoint key of contacts without one (as facts.UNKNOWN)
CHUNK = 5000

TAG_FIELDS = ("emotion", "emotion_scores", "valence", "valence_label", "intensity", "phase", "stdc", "confidence",
              "model_version")
_IDS: Any = bindparam("ids", expanding=True)
_CONTACTS = select(CONTACT.c.id, CONTACT.c.source, CONTACT.c.external_id, CONTACT.c.channel, CONTACT.c.touchpoint,
                   CONTACT.c.timestamp, CONTACT.c.language, CUSTOMER.c.pseudonym, CONTACT.c.metadata) \
    .outerjoin(CUSTOMER, CUSTOMER.c.id == CONTACT.c.customer_id).where(CONTACT.c.id.in_(_IDS))
_TURNS = select(TURN.c.id, TURN.c.contact_id, TURN.c.position, TURN.c.speaker, TURN.c.text, TURN.c.timestamp) \
    .where(TURN.c.contact_id.in_(_IDS)).order_by(TURN.c.contact_id, TURN.c.position)
_TAGS = select(TAG.c.contact_id, TAG.c.turn_id, *(TAG.c[k] for k in TAG_FIELDS)) \
    .where(TAG.c.contact_id.in_(_IDS)).order_by(TAG.c.id)
_CARDS = select(CARD.c.contact_id, CARD.c.card).where(CARD.c.contact_id.in_(_IDS))
_JSON: TypeAdapter[Any] = TypeAdapter(Any)  # datetimes as ISO 8601 with Z, as the API writes them


def card_item(cid: int, source: str, external_id: str | None, channel: str, touchpoint: str | None, timestamp: Any,
              language: str | None, customer: str | None, metadata: dict[str, Any] | None) -> dict[str, Any]:
    """The contact part of a card (``tag`` and ``turns`` are added by the caller): the one definition of a card's
    fields, for cards built from stored rows and from a batch still in memory."""
    return {"id": cid, "source": source, "external_id": external_id, "channel": channel,
            "touchpoint": touchpoint or UNKNOWN, "timestamp": as_utc(timestamp), "language": language,
            "customer": customer, "metadata": metadata or {}}


def card_turn(position: int, speaker: str, text: str, timestamp: Any) -> dict[str, Any]:
    return {"position": position, "speaker": speaker, "text": text, "timestamp": as_utc(timestamp)}


def contact_items(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Contacts as the API shows them, built from their rows, in the order of ``ids`` (unknown ids left out)."""
    items: dict[int, dict[str, Any]] = {}
    turns: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    tags: dict[tuple[int, int | None], dict[str, Any]] = {}
    conn = session.connection()
    for i in range(0, len(ids), CHUNK):
        params = {"ids": list(ids[i:i + CHUNK])}
        for row in conn.execute(_CONTACTS, params):
            items[row[0]] = card_item(*row)
        for tid, cid, position, speaker, text, ts in conn.execute(_TURNS, params):
            turns.setdefault(cid, []).append((tid, card_turn(position, speaker, text, ts)))
        for row in conn.execute(_TAGS, params):
            tags[(row[0], row[1])] = dict(zip(TAG_FIELDS, row[2:], strict=True))  # newest wins
    out = []
    for i in ids:
        if (item := items.get(i)) is None:
            continue
        item["tag"] = tags.get((i, None))
        item["turns"] = [t | {"tag": tags.get((i, tid))} for tid, t in turns.get(i, [])]
        out.append(item)
    return out


def write_cards(session: Session, ids: Sequence[int]) -> None:
    """(Re)write the cards of these contacts from their rows: in the transaction that changed them."""
    for i in range(0, len(ids), CHUNK):
        chunk = list(ids[i:i + CHUNK])
        session.execute(delete(CARD).where(CARD.c.contact_id.in_(chunk)))
        insert_cards(session, contact_items(session, chunk))


def insert_cards(session: Session, items: Sequence[dict[str, Any]]) -> None:
    """Write the cards of contacts that have none yet (``contact_items``'s shape, e.g. built in memory by the batch
    that is writing those contacts)."""
    rows = [{"contact_id": item["id"], "card": _JSON.dump_json(item).decode("utf-8")} for item in items]
    insert_rows(session, CARD, rows)


def read_cards(session: Session, ids: Sequence[int]) -> list[str]:
    """The cards (JSON text) of these contacts in the order of ``ids``; unknown ids left out."""
    if not ids:
        return []
    found: dict[int, str] = {}
    conn = session.connection()
    for i in range(0, len(ids), CHUNK):
        found.update((cid, card) for cid, card in conn.execute(_CARDS, {"ids": list(ids[i:i + CHUNK])}))
    if missing := [i for i in ids if i not in found]:  # not indexed yet (a write in flight elsewhere): build them
        found.update((item["id"], _JSON.dump_json(item).decode("utf-8")) for item in contact_items(session, missing))
    return [found[i] for i in ids if i in found]
