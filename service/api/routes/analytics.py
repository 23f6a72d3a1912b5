"""Aggregates for dashboards and BI tools: ``/meta``, ``/heatmap``, ``/trends`` (read scope)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from pipelines.store import aggregations as agg
from service.api.cache import respond
from service.api.deps import CubeDep, FiltersDep, ReadKey, SessionDep
from service.api.formats import heatmap_csv, json_response, trends_csv, wants_csv
from service.api.schemas import ErrorOut, Heatmap, Meta, Trends

router = APIRouter(tags=["analytics"])
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}, 401: {"model": ErrorOut},
                                           403: {"model": ErrorOut}, 422: {"model": ErrorOut}}
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "JSON, or tidy CSV with format=csv / Accept: text/csv"}}
Format = Annotated[Literal["json", "csv"] | None, Query(description="json (default) or csv")]
Dim = Annotated[str, Query(description=" | ".join(agg.DIMENSIONS))]
Metric = Annotated[str, Query(description=" | ".join(agg.METRICS))]


@router.get("/meta", response_model=Meta, responses=ERRORS)
def meta(_: ReadKey, request: Request, session: SessionDep, cube: CubeDep) -> Any:
    """Filter choices: channels and touchpoints with data, the taxonomy (Dutch names), the date range, segments."""
    return respond(request, session, lambda: json_response(agg.meta(session, cube)))


@router.get("/heatmap", response_model=Heatmap, responses=ERRORS | CSV)
def heatmap(_: ReadKey, request: Request, session: SessionDep, cube: CubeDep, filters: FiltersDep,
            rows: Dim = "touchpoint", cols: Dim = "emotion", metric: Metric = "count",
            format: Format = None) -> Any:
    """Tagged contacts by two dimensions. ``share`` = count / row total; ``mean_valence`` and ``negative_share``
    per cell. Filters: date_from, date_to, channel, touchpoint, phase, stdc, emotion, ``segment.<field>=value``."""
    csv = wants_csv(request, format)

    def produce() -> Response:
        data = agg.heatmap(session, rows, cols, metric, filters, cube)
        return heatmap_csv(data) if csv else json_response(data)

    return respond(request, session, produce, "csv" if csv else "json")


@router.get("/trends", response_model=Trends, responses=ERRORS | CSV)
def trends(_: ReadKey, request: Request, session: SessionDep, cube: CubeDep, filters: FiltersDep,
           by: Dim = "emotion", interval: Annotated[str, Query(description="day | week | month")] = "week",
           metric: Metric = "count", format: Format = None) -> Any:
    """Tagged contacts per period (weeks start on Monday) and key of one dimension; ``share`` is the key's share
    of the period."""
    csv = wants_csv(request, format)

    def produce() -> Response:
        data = agg.trends(session, by, interval, metric, filters, cube)
        return trends_csv(data) if csv else json_response(data)

    return respond(request, session, produce, "csv" if csv else "json")
