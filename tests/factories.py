"""Factories for test data: contact drafts and export files with sensible defaults."""

from __future__ import annotations

import csv
import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pipelines.ingest.records import ContactDraft, TurnDraft

_seq = itertools.count(1)


def make_draft(text: str = "Mijn pakket is nog steeds niet bezorgd.", **kw: Any) -> ContactDraft:
    n = next(_seq)
    turns = kw.pop("turns", None) or [TurnDraft("customer", text)]
    defaults: dict[str, Any] = dict(
        source="generic", external_id=f"T-{n}", channel="email", touchpoint="delivery",
        timestamp=datetime(2026, 3, 1, 12, tzinfo=UTC) + timedelta(hours=n), customer_ref=f"klant{n % 7}@example.nl",
        metadata={},
    )
    defaults.update(kw)
    return ContactDraft(turns=turns, **defaults)


def write_ticket_csv(path: Path, n: int, bad_every: int = 0, delimiter: str = ";", encoding: str = "utf-8") -> Path:
    """A generic ticket export of ``n`` rows; every ``bad_every``-th row has an unparseable date."""
    with path.open("w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(["Ticketnummer", "Datum", "E-mailadres", "Kanaal", "Categorie", "Bericht"])
        for i in range(1, n + 1):
            date = "gisteren" if bad_every and i % bad_every == 0 else f"{1 + i % 28:02d}-03-2026 {i % 24:02d}:05"
            w.writerow([f"K{i:07d}", date, f"klant{i % 997}@voorbeeld.nl", "e-mail", "Bezorging",
                        f"Bestelling {i} is nog niet binnen,\nwanneer komt die? Mijn nummer is 06-1234{i % 10000:04d}"])
    return path


# ---- tagged contacts written straight into the store (no model): fast data for the API tests -----------------


def make_tagged(emotion: str | None = "annoyance", phase: str = "delivery", *, valence: float | None = None,
                text: str | None = None, **kw: Any):
    """A tagged contact as the bulk writer takes it (``emotion=None``: untagged, e.g. not Dutch). Keyword
    arguments override the contact's fields (channel, touchpoint, timestamp, metadata, turns, ...)."""
    from pipelines.store.bulk import TaggedContact, TurnRecord, make_tag

    n = next(_seq)
    tag = make_tag(emotion, phase, valence=valence) if emotion else None
    turns = kw.pop("turns", None) or [
        TurnRecord("customer", text or f"Bericht {n}: waar blijft mijn bestelling?", tag=tag),
        TurnRecord("agent", "Dank voor uw bericht, [NAAM]."),
    ]
    defaults: dict[str, Any] = dict(
        channel="email", touchpoint="delivery", timestamp=datetime(2026, 3, 1, 12, tzinfo=UTC) + timedelta(hours=n),
        source="factory", external_id=f"F-{n}", customer=f"pseudonym-{n % 7}", language="nl" if emotion else "en",
        metadata={},
    )
    defaults.update(kw)
    return TaggedContact(turns=turns, tag=tag, **defaults)


def store_tagged(engine, contacts) -> list[int]:
    """Write tagged contacts in one transaction (facts and rollup included); returns their ids."""
    from sqlmodel import Session

    from pipelines.store.bulk import write_tagged_contacts

    with Session(engine) as session, session.begin():
        return write_tagged_contacts(session, list(contacts))


def add_contact(
    session: Any,
    customer: str,
    when: datetime,
    channel: str = "email",
    *,
    emotion: str | None = "neutral",
    intensity: int = 1,
    phase: str = "usage",
    touchpoint: str | None = None,
    text: str = "Ik heb een vraag.",
    turns: list[tuple[str, str]] | None = None,
    cause: str | None = None,
    model_version: str = "kg-tagger-test",
    auto_reply: bool = False,
) -> int:
    """Store one contact of ``customer`` (a pseudonym; created when new) with its turns and, unless ``emotion`` is
    None, a contact-level tag whose valence follows the tagger's rule. Returns the contact id."""
    from sqlmodel import select

    from models.tagger import valence_of
    from models.taxonomy import stdc_of
    from pipelines.store.tables import Contact, Customer, Tag, Turn

    cust = session.exec(select(Customer).where(Customer.pseudonym == customer)).first()
    if cust is None:
        cust = Customer(pseudonym=customer)
        session.add(cust)
        session.flush()
    n = next(_seq)
    contact = Contact(source="generic", external_id=f"F-{n}", channel=channel, touchpoint=touchpoint, timestamp=when,
                      language="nl", is_auto_reply=auto_reply, dedup_key=f"factory-{n}", customer_id=cust.id)
    session.add(contact)
    session.flush()
    assert contact.id is not None
    for i, (speaker, t) in enumerate(turns or [("customer", text)]):
        session.add(Turn(contact_id=contact.id, position=i, speaker=speaker, text=t))
    if emotion is not None:
        intensity = 1 if emotion == "neutral" else intensity
        valence, label = valence_of(emotion, intensity)
        session.add(Tag(contact_id=contact.id, emotion=emotion, valence=valence, valence_label=label,
                        intensity=intensity, phase=phase, stdc=stdc_of(phase), confidence=0.9,
                        model_version=model_version, cause=cause))
    session.flush()
    return contact.id


def add_conversation(
    session: Any,
    customer: str,
    when: datetime,
    turns: list[tuple[Any, ...]],
    channel: str = "chat",
    model_version: str = "kg-tagger-test",
) -> int:
    """Store a chat or call: ``("customer", text, emotion, intensity)`` turns get a per-turn tag (emotion None: no
    tag), ``("agent", text)`` turns none. Returns the contact id."""
    from models.tagger import valence_of
    from pipelines.store.tables import Tag, Turn

    cid = add_contact(session, customer, when, channel, emotion=None, turns=[(t[0], t[1]) for t in turns],
                      model_version=model_version)
    from sqlmodel import select

    ids = dict(session.exec(select(Turn.position, Turn.id).where(Turn.contact_id == cid)).all())
    for pos, t in enumerate(turns):
        if t[0] == "customer" and len(t) > 2 and t[2] is not None:
            emotion, intensity = t[2], (1 if t[2] == "neutral" else t[3])
            valence, label = valence_of(emotion, intensity)
            session.add(Tag(contact_id=cid, turn_id=ids[pos], emotion=emotion, valence=valence, valence_label=label,
                            intensity=intensity, phase="usage", stdc="care", confidence=0.9,
                            model_version=model_version))
    session.flush()
    return cid


def migrate_to(db_url: str, fn: Any, rev: str) -> Any:
    """Run an Alembic command (``alembic.command.upgrade`` / ``downgrade``) to ``rev`` on the database at ``db_url``
    and return its inspector afterwards (the migration tests check tables and columns on it)."""
    from alembic.config import Config
    from sqlalchemy import inspect

    from pipelines.store.db import MIGRATIONS, make_engine

    eng = make_engine(db_url)
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            fn(cfg, rev)
        insp = inspect(eng)
        return {"tables": set(insp.get_table_names()),
                "tag_columns": {c["name"] for c in insp.get_columns("tag")} if insp.has_table("tag") else set()}
    finally:
        eng.dispose()
