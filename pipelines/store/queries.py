"""Read-side queries of the store (counts for ``voc stats``, contacts needing new tags)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from pipelines.store.tables import Contact, Customer, QuarantinedRow, Tag, Turn


def stats(session: Session) -> dict[str, Any]:
    def count(model: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)

    per_channel = dict(session.execute(select(Contact.channel, func.count()).group_by(Contact.channel)).all())
    per_language = dict(session.execute(select(Contact.language, func.count()).group_by(Contact.language)).all())
    per_version = dict(
        session.execute(select(Tag.model_version, func.count()).where(col(Tag.turn_id).is_not(None))
                        .group_by(Tag.model_version)).all()
    )
    return {
        "contacts": count(Contact),
        "turns": count(Turn),
        "customer_turns": int(session.scalar(select(func.count()).where(col(Turn.speaker) == "customer")) or 0),
        "customers": count(Customer),
        "quarantined": count(QuarantinedRow),
        "per_channel": dict(sorted(per_channel.items())),
        "per_language": dict(sorted(per_language.items())),
        "tagged_turns_per_model_version": per_version,
    }


def contacts_needing_tags(session: Session, model_version: str, languages: tuple[str, ...], limit: int,
                          after_id: int = 0) -> list[int]:
    """Ids of contacts with customer turns and no tag from ``model_version`` (older or no tags)."""
    current = select(Tag.contact_id).where(col(Tag.model_version) == model_version, col(Tag.turn_id).is_(None))
    q = (
        select(Contact.id)
        .where(col(Contact.id) > after_id, col(Contact.language).in_(languages), col(Contact.id).not_in(current))
        .where(col(Contact.is_auto_reply).is_(False))
        .where(select(Turn.id).where(col(Turn.contact_id) == Contact.id, col(Turn.speaker) == "customer").exists())
        .order_by(col(Contact.id))
        .limit(limit)
    )
    return list(session.scalars(q).all())
