"""Explanations of stored turns: the words that drove each turn's tags (models/explain.py), computed on demand and
kept in the ``explanation`` table per (turn, model version).

Occlusion costs one forward pass per word of a turn, far too much for bulk ingest; the first request for a contact
pays it (all missing turns of all requested contacts in one batched pass), later ones read the stored JSON. The key
is :func:`models.explain.explainer_version` (tagger + cause classifier + method): a new model recomputes.

What is explained: the customer turns (at most ``MAX_TURNS`` per contact) of contacts that carry a tag. The labels
are the tags shown for them - the turn's own tag, else the contact's - so the highlighted words are those behind the
tag on screen; the cause is the contact's (none where it is "other" or absent).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from models.explain import explain_batch, explainer_version
from pipelines.store.tables import Contact, Tag, Turn, utcnow
from pipelines.store.tables import Explanation as ExplanationRow

MAX_TURNS = 50  # customer turns explained per contact (the first ones): bounds the cost of a long chat

EXPLANATION = ExplanationRow.__table__  # type: ignore[attr-defined]


def _insert_ignoring_duplicates(session: Session, rows: list[dict[str, Any]]) -> None:
    """Another request may have stored the same explanation meanwhile: keep the first (the two are equal)."""
    dialect = session.get_bind().dialect.name
    stmt: Any
    if dialect == "postgresql":
        stmt = postgresql.insert(EXPLANATION).on_conflict_do_nothing(constraint="uq_explanation_turn_version")
    elif dialect == "sqlite":
        stmt = sqlite.insert(EXPLANATION).on_conflict_do_nothing(index_elements=["turn_id", "model_version"])
    else:  # pragma: no cover - the store runs on SQLite and PostgreSQL only
        raise RuntimeError(f"unsupported database {dialect}")
    session.execute(stmt, rows)


def contact_explanations(session: Session, tagger: Any, contact_ids: Sequence[int], causes: Any = None
                         ) -> dict[int, list[dict[str, Any]]]:
    """Per contact id (known, tagged contacts only): its customer turns with their explanations, in turn order,
    as ``{"turn_id", "position", "text", "method", "units", "words_per_unit", "tags": [...]}``.

    Missing explanations are computed in one batch and added to the session (the caller commits)."""
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        return {}
    version = explainer_version(tagger, causes)
    tags: dict[tuple[int, int | None], tuple[str, str, str | None]] = {}
    for cid, tid, emotion, phase, cause in session.execute(
            select(col(Tag.contact_id), col(Tag.turn_id), col(Tag.emotion), col(Tag.phase), col(Tag.cause))
            .where(col(Tag.contact_id).in_(ids)).order_by(col(Tag.id))):
        tags[(cid, tid)] = (emotion, phase, cause)  # newest wins, as in the contact cards
    turns = session.execute(
        select(col(Turn.id), col(Turn.contact_id), col(Turn.position), col(Turn.text))
        .where(col(Turn.contact_id).in_(ids), col(Turn.speaker) == "customer")
        .order_by(col(Turn.contact_id), col(Turn.position))).all()
    per_contact: dict[int, list[Any]] = {}
    for t in turns:
        if (t.contact_id, None) in tags and len(per_contact.setdefault(t.contact_id, [])) < MAX_TURNS:
            per_contact[t.contact_id].append(t)
    chosen = [t for c in ids for t in per_contact.get(c, [])]
    stored: dict[int, dict[str, Any]] = {}
    if chosen:
        stored = dict(session.execute(
            select(EXPLANATION.c.turn_id, EXPLANATION.c.attributions)
            .where(EXPLANATION.c.turn_id.in_([t.id for t in chosen]), EXPLANATION.c.model_version == version)).all())
    missing = [t for t in chosen if t.id not in stored]
    if missing:
        targets = []
        for t in missing:
            emotion, phase, _ = tags.get((t.contact_id, t.id)) or tags[(t.contact_id, None)]
            cause = tags[(t.contact_id, None)][2]
            targets.append({"emotion": emotion, "phase": phase, **({"cause": cause} if cause else {})})
        found = explain_batch(tagger, [t.text for t in missing], causes=causes, targets=targets)
        rows = [{"turn_id": t.id, "contact_id": t.contact_id, "model_version": version,
                 "attributions": e.to_dict(), "created_at": utcnow()} for t, e in zip(missing, found, strict=True)]
        _insert_ignoring_duplicates(session, rows)
        stored.update((r["turn_id"], r["attributions"]) for r in rows)
    out: dict[int, list[dict[str, Any]]] = {}
    for c in ids:
        if (c, None) not in tags:
            continue
        out[c] = [{"turn_id": t.id, "position": t.position, "text": t.text, **stored[t.id]}
                  for t in per_contact.get(c, [])]
    return out


def contact_exists(session: Session, contact_id: int) -> bool:
    return session.get(Contact, contact_id) is not None
