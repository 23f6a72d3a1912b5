"""Customer journeys (each customer's contacts across channels, split by silences) and the turn-by-turn emotion
trajectory of a chat or call, with the agent moves before each shift (read scope). Thin: the domain logic is
``pipelines.journeys`` and ``pipelines.trajectories``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from pipelines.cause_stats import AXES, cause_cells
from pipelines.journeys import FLAG_NAMES, JourneyConfig, JourneyFilter, journeys_for_customer, list_journeys
from pipelines.store.facts import day_start
from pipelines.trajectories import trajectory_for_contact
from service.api.deps import ReadKey, SessionDep
from service.api.errors import ApiError

router = APIRouter(tags=["journeys"])
MAX_LIMIT = 200


def _config(gap_days: int) -> JourneyConfig:
    return JourneyConfig(gap=timedelta(days=gap_days))


def _bound(d: date | None, end: bool = False) -> datetime | None:
    """A date filter as an instant: the start of the local day (of the next day for an inclusive end)."""
    if d is None:
        return None
    return day_start(d + timedelta(days=1)) if end else day_start(d)


@router.get("/journeys")
def get_journeys(
    _: ReadKey, session: SessionDep,
    date_from: Annotated[date | None, Query(description="journeys that end on or after this day")] = None,
    date_to: Annotated[date | None, Query(description="journeys that start on or before this day")] = None,
    channel: str | None = None, touchpoint: str | None = None,
    flag: Annotated[str | None, Query(description=" | ".join(FLAG_NAMES))] = None,
    peak_emotion: str | None = None,
    min_contacts: Annotated[int, Query(ge=1, le=1000)] = 1,
    gap_days: Annotated[int, Query(ge=1, le=365, description="a longer silence starts a new journey")] = 14,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    after: Annotated[str | None, Query(description="the previous page's next_cursor")] = None,
) -> Any:
    """Journeys: per customer (pseudonym), the contacts in time order with channel, time and tags, the phases
    passed, the emotional peak, the end, the peak-end score and flags (negative peak with an unresolved end,
    repeat contact on the same issue, cross-channel). Keyset pages: pass ``next_cursor`` back as ``after``."""
    try:
        filt = JourneyFilter(since=_bound(date_from), until=_bound(date_to, end=True), channel=channel,
                             touchpoint=touchpoint, flag=flag, peak_emotion=peak_emotion, min_contacts=min_contacts)
        page = list_journeys(session, _config(gap_days), filt, limit=limit, after=after)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from exc
    applied = {k: v for k, v in {
        "date_from": date_from and date_from.isoformat(), "date_to": date_to and date_to.isoformat(),
        "channel": channel, "touchpoint": touchpoint, "flag": flag, "peak_emotion": peak_emotion,
        "min_contacts": min_contacts, "gap_days": gap_days}.items() if v is not None}
    return {**page.as_dict(), "filters": applied, "limit": limit}


@router.get("/journeys/{customer}")
def get_customer_journeys(
    customer: str, _: ReadKey, session: SessionDep,
    gap_days: Annotated[int, Query(ge=1, le=365)] = 14,
) -> Any:
    """All journeys of one customer (its pseudonym, as the contacts and journeys lists give it), oldest first."""
    found = journeys_for_customer(session, customer, _config(gap_days))
    if not found:
        raise ApiError(404, f"no journeys for customer {customer!r}")
    return {"customer": customer, "journeys": [j.as_dict() for j in found]}


@router.get("/contacts/{contact_id}/trajectory")
def get_trajectory(contact_id: int, _: ReadKey, session: SessionDep) -> Any:
    """The customer's emotion turn by turn inside one contact (chat, call, e-mail thread), the shifts between
    consecutive customer turns and the agent moves (apology, explanation, empathy, offline help, request for
    information) in the agent turns before each shift."""
    found = trajectory_for_contact(session, contact_id)
    if found is None:
        raise ApiError(404, f"no turns for contact {contact_id}")
    return found.as_dict()


@router.get("/causes")
def get_causes(
    _: ReadKey, session: SessionDep,
    rows: Annotated[str, Query(description=" | ".join(sorted(AXES)))] = "touchpoint",
    cols: Annotated[str, Query(description=" | ".join(sorted(AXES)))] = "cause",
    date_from: date | None = None, date_to: date | None = None,
    channel: Annotated[list[str] | None, Query()] = None,
    top: Annotated[int, Query(ge=1, le=20, description="key phrases per cell")] = 5,
) -> Any:
    """What customers say caused their emotion: contacts with a cause per (rows, cols) cell (e.g. touchpoint x
    cause, cause x emotion), each cell with its most frequent key phrases (lemmatised)."""
    try:
        cells = cause_cells(session, rows, cols, since=_bound(date_from), until=_bound(date_to, end=True),
                            channels=channel)
    except ValueError as exc:
        raise ApiError(400, str(exc)) from exc
    row_keys = sorted({str(r) for r, _ in cells}, key=str)
    col_keys = sorted({str(c) for _, c in cells}, key=str)
    counts = [[0] * len(col_keys) for _ in row_keys]
    items = []
    for (r, c), cell in sorted(cells.items(), key=lambda kv: -kv[1].n):
        counts[row_keys.index(str(r))][col_keys.index(str(c))] = cell.n
        items.append({"row": str(r), "col": str(c), **cell.as_dict(top)})
    applied = {k: v for k, v in {"date_from": date_from and date_from.isoformat(),
                                 "date_to": date_to and date_to.isoformat(), "channel": channel}.items() if v}
    return {"rows": row_keys, "cols": col_keys, "counts": counts, "cells": items, "filters": applied,
            "row_dim": rows, "col_dim": cols}
