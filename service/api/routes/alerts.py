"""``/alerts`` (read scope): touchpoint x emotion cells whose share rose significantly against their own history.
Thin: the counting, the test and the decision are ``pipelines.alerts``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from pipelines.alerts import DIRECTIONS, VALENCES, AlertConfig, evaluate
from pipelines.store.aggregations import INTERVALS
from service.api.cache import respond
from service.api.deps import CubeDep, FiltersDep, ReadKey, SessionDep
from service.api.formats import alerts_csv, json_response, wants_csv
from service.api.routes.analytics import CSV, ERRORS
from service.api.schemas import Alerts

router = APIRouter(tags=["analytics"])


@router.get("/alerts", response_model=Alerts, responses=ERRORS | CSV)
def alerts(
    _: ReadKey, request: Request, session: SessionDep, cube: CubeDep, filters: FiltersDep,
    interval: Annotated[str, Query(description=" | ".join(INTERVALS))] = "week",
    baseline: Annotated[int | None, Query(ge=1, le=104, description="history: periods before the one tested "
                                          "(default day 28, week 8, month 3)")] = None,
    min_history: Annotated[int | None, Query(ge=1, le=104, description="baseline periods with contacts of the "
                                             "touchpoint needed (default: half the baseline, rounded up)")] = None,
    min_baseline: Annotated[int, Query(ge=1, le=1_000_000, description="contacts of the touchpoint over the "
                                       "baseline needed")] = 20,
    min_count: Annotated[int, Query(ge=0, le=1_000_000, description="contacts with the emotion in the period "
                                    "needed (fall: expected from the baseline share)")] = 5,
    min_rise: Annotated[float, Query(ge=0, le=100, description="smallest move of the share, percentage "
                                     "points")] = 5.0,
    alpha: Annotated[float, Query(gt=0, le=1, description="Benjamini-Hochberg q-value at or below which a cell "
                                  "fires")] = 0.05,
    direction: Annotated[str, Query(description=" | ".join(DIRECTIONS))] = "rise",
    as_of: Annotated[date | None, Query(description="evaluate the latest complete period ending on or before "
                                       "this day (default: date_to, else the last day with data)")] = None,
    history: Annotated[bool, Query(description="every complete period from date_from (else the first with "
                                   "data) to as_of, not only the latest")] = False,
    valence: Annotated[list[str], Query(description=" | ".join(VALENCES) + " (of the emotion; repeatable)")]
    = [],  # noqa: B006
    all_cells: Annotated[bool, Query(description="list every cell tested, alert or not")] = False,
    format: Annotated[Literal["json", "csv"] | None, Query(description="json (default) or csv")] = None,
) -> Any:
    """Alerts: per period, each touchpoint x emotion cell's share of the touchpoint's tagged contacts (as the
    heatmap counts them) against the same cell over the ``baseline`` periods before. Test: exact one-sided Fisher
    test (hypergeometric tail), Benjamini-Hochberg q-values across all cells tested in the period; a cell fires
    when q <= alpha, its count >= min_count and its share rose >= min_rise percentage points. The date range
    chooses the periods evaluated; touchpoint, emotion and valence the cells listed; channel, phase, stdc and
    segment filters the contacts counted."""
    csv = wants_csv(request, format)
    values = [v.strip() for item in valence for v in item.split(",") if v.strip()]

    def produce() -> Response:
        cfg = AlertConfig(interval=interval, baseline=baseline, min_history=min_history, min_baseline=min_baseline,
                          min_count=min_count, min_rise=min_rise, alpha=alpha, direction=direction, as_of=as_of,
                          history=history)
        data = evaluate(session, cfg, filters, cube, valence=values).as_dict(all_cells=all_cells)
        return alerts_csv(data) if csv else json_response(data)

    return respond(request, session, produce, "csv" if csv else "json")
