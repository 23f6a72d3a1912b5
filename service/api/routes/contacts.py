"""Contacts: the list behind every heatmap cell, one contact, the export (read scope), and real-time ingest
through the batch pipeline (ingest scope)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import StreamingResponse
from sqlmodel import Session

from pipelines.batch import ingest_drafts
from pipelines.ingest.api_records import draft_from_api
from pipelines.ingest.records import BadRow
from pipelines.store import aggregations as agg
from pipelines.store.cards import contact_items
from service.api.cache import respond
from service.api.deps import CubeDep, EngineDep, FiltersDep, IngestKey, ReadKey, SessionDep
from service.api.errors import ApiError
from service.api.formats import export_csv, export_parquet, json_text_response
from service.api.schemas import ContactBatchIn, ContactOut, ContactPage, ErrorOut, IngestBody, IngestResult

router = APIRouter(tags=["contacts"])
MAX_PAGE_SIZE = 500
MAX_CONTACTS = 1000  # per POST
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}, 401: {"model": ErrorOut},
                                           403: {"model": ErrorOut}, 422: {"model": ErrorOut}}


@router.get("/contacts", response_model=ContactPage, responses=ERRORS)
def list_contacts(
    _: ReadKey, request: Request, session: SessionDep, cube: CubeDep, filters: FiltersDep,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
    sort: Annotated[str, Query(description=" | ".join(agg.SORTS))] = "-timestamp",
) -> Any:
    """Contacts with their redacted turns and tags, newest first. The drill-down of heatmap cell (r, c) is
    ``contacts?<row_dim>=r&<col_dim>=c`` with the heatmap's filters; untagged contacts are listed unless a tag
    filter (emotion, phase, stdc) is set."""
    return respond(request, session, lambda: json_text_response(
        agg.list_contacts_json(session, filters, page, page_size, sort, cube)))


@router.get("/contacts/{contact_id}", response_model=ContactOut, responses=ERRORS | {404: {"model": ErrorOut}})
def get_contact(contact_id: int, _: ReadKey, request: Request, session: SessionDep) -> Any:
    def produce() -> Any:
        found = agg.contact_detail_json(session, contact_id)
        if found is None:
            raise ApiError(404, f"no contact {contact_id}")
        return json_text_response(found)

    return respond(request, session, produce)


@router.get("/export", responses=ERRORS | {200: {"content": {"text/csv": {}, "application/vnd.apache.parquet": {}},
                                                 "description": "one row per tagged contact, streamed"}})
def export(_: ReadKey, engine: EngineDep, filters: FiltersDep,
           format: Annotated[Literal["csv", "parquet"], Query()] = "csv") -> StreamingResponse:
    """Tagged contacts under the filters, one row each (``text``: the customer turns joined), streamed."""
    def batches() -> Any:
        # its own session: the response is streamed after the request's session has closed
        with Session(engine) as session:
            yield from agg.export_rows(session, filters)

    return export_parquet(batches) if format == "parquet" else export_csv(batches)


@router.post("/contacts", status_code=201, response_model=IngestResult,
             responses=ERRORS | {413: {"model": ErrorOut}, 503: {"model": ErrorOut}})
def post_contacts(body: Annotated[IngestBody, Body()], _: IngestKey, request: Request, engine: EngineDep,
                  session: SessionDep) -> dict:
    """Ingest and tag one contact, or ``{"contacts": [...]}`` (at most 1,000; body at most 5 MB), through the same
    pipeline as ``voc ingest``: redaction, language id, de-duplication, tagging. Contacts already stored count as
    duplicates; items that cannot become a contact are quarantined (with their index and the reason)."""
    items = body.contacts if isinstance(body, ContactBatchIn) else [body]
    if len(items) > MAX_CONTACTS:
        raise ApiError(413, f"{len(items)} contacts in one request; at most {MAX_CONTACTS}",
                       details={"max_contacts": MAX_CONTACTS})
    state = request.app.state
    if state.pipeline is None:
        raise ApiError(503, "ingest is switched off on this server (KLANTGEVOEL_API_INGEST=false)")
    received = datetime.now(UTC)
    drafts = [draft_from_api(i, c.model_dump(), received) for i, c in enumerate(items)]
    with state.ingest_lock:  # one batch at a time: the tagger is shared, the store takes one writer anyway
        summary, ids = ingest_drafts(engine, drafts, state.pipeline, source="api")
    unique = list(dict.fromkeys(i for i in ids if i is not None))
    return {"added": summary.contacts_added, "duplicates": summary.duplicates,
            "quarantined": [{"index": d.row, "reason": d.reason} for d in drafts if isinstance(d, BadRow)],
            "contacts": contact_items(session, unique)}
