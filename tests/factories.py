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
