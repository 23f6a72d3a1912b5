"""Causes in aggregate: counts per cause and the top key phrases per heatmap cell (e.g. touchpoint x cause).

    cause_cells(session, rows="touchpoint", cols="cause")   -> {(row, col): CauseCell(n, top phrases)}

Reads the contact-level tags (``Tag.turn_id`` null) that carry a cause; one grouped pass over the rows of the
chosen axes and the phrases, counted in Python (JSON arrays do not group portably across SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from pipelines.store.tables import Contact, Tag

AXES: dict[str, Any] = {
    "cause": Tag.cause, "emotion": Tag.emotion, "phase": Tag.phase, "stdc": Tag.stdc,
    "valence_label": Tag.valence_label, "touchpoint": Contact.touchpoint, "channel": Contact.channel,
}


@dataclass
class CauseCell:
    n: int = 0
    phrases: Counter = field(default_factory=Counter)

    def top(self, k: int = 5) -> list[tuple[str, int]]:
        return self.phrases.most_common(k)

    def as_dict(self, k: int = 5) -> dict[str, Any]:
        return {"n": self.n, "top_phrases": [{"phrase": p, "n": c} for p, c in self.top(k)]}


def cause_cells(session: Session, rows: str = "touchpoint", cols: str = "cause", *,
                since: datetime | None = None, until: datetime | None = None,
                model_version: str | None = None, channels: Sequence[str] | None = None,
                yield_per: int = 5000) -> dict[tuple[Any, Any], CauseCell]:
    """Contacts with a cause per (``rows`` value, ``cols`` value), each with its key-phrase counts."""
    for axis in (rows, cols):
        if axis not in AXES:
            raise ValueError(f"unknown axis {axis!r}; one of {sorted(AXES)}")
    q = (
        select(AXES[rows], AXES[cols], Tag.cause_phrases)
        .join(Contact, col(Contact.id) == Tag.contact_id)
        .where(col(Tag.turn_id).is_(None), col(Tag.cause).is_not(None))
    )
    if since is not None:
        q = q.where(col(Contact.timestamp) >= since)
    if until is not None:
        q = q.where(col(Contact.timestamp) < until)
    if model_version is not None:
        q = q.where(col(Tag.model_version) == model_version)
    if channels is not None:
        q = q.where(col(Contact.channel).in_(list(channels)))
    out: dict[tuple[Any, Any], CauseCell] = {}
    for r, c, phrases in session.connection().execute(q.execution_options(yield_per=yield_per)):
        cell = out.setdefault((r, c), CauseCell())
        cell.n += 1
        cell.phrases.update(phrases or ())
    return out
