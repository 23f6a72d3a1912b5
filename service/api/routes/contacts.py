"""Contacts: the list behind every heatmap cell, one contact, the export (read scope), and real-time ingest
through the batch pipeline (ingest scope); word explanations of the tags (read scope)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from sqlmodel import Session

from models.explain import explainer_version
from pipelines.batch import ingest_drafts
from pipelines.explanations import contact_exists, contact_explanations
from pipelines.ingest.api_records import draft_from_api
from pipelines.ingest.records import BadRow
from pipelines.store import aggregations as agg
from pipelines.store.cards import contact_items
from service.api.cache import respond
from service.api.deps import CubeDep, EngineDep, FiltersDep, IngestKey, ReadKey, SessionDep, explainer
from service.api.errors import ApiError
from service.api.formats import export_csv, export_parquet, json_text_response
from service.api.schemas import (
    ContactBatchIn,
    ContactExplanations,
    ContactOut,
    ContactPage,
    ErrorOut,
    ExplainedContactPage,
    IngestBody,
    IngestResult,
)

router = APIRouter(tags=["contacts"])
MAX_PAGE_SIZE = 500
MAX_CONTACTS = 1000  # per POST
MAX_EXPLAIN_PAGE = 50  # contacts a page with explain=true (each turn costs a model pass per word, once)
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}, 401: {"model": ErrorOut},
                                           403: {"model": ErrorOut}, 422: {"model": ErrorOut}}


@router.get("/contacts", response_model=ContactPage | ExplainedContactPage,
            responses=ERRORS | {503: {"model": ErrorOut}})
def list_contacts(
    _: ReadKey, request: Request, session: SessionDep, cube: CubeDep, filters: FiltersDep,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
    sort: Annotated[str, Query(description=" | ".join(agg.SORTS))] = "-timestamp",
    explain: Annotated[bool, Query(description=f"attach each contact's word explanations (page_size at most "
                                   f"{MAX_EXPLAIN_PAGE}; computed on first request, then stored)")] = False,
) -> Any:
    """Contacts with their redacted turns and tags, newest first. The drill-down of heatmap cell (r, c) is
    ``contacts?<row_dim>=r&<col_dim>=c`` with the heatmap's filters; untagged contacts are listed unless a tag
    filter (emotion, phase, stdc) is set. With ``explain=true`` each item carries ``explanations`` (as
    ``/contacts/{id}/explanations`` gives them)."""
    if not explain:
        return respond(request, session, lambda: json_text_response(
            agg.list_contacts_json(session, filters, page, page_size, sort, cube)))
    if page_size > MAX_EXPLAIN_PAGE:
        raise ApiError(422, f"explain=true lists at most {MAX_EXPLAIN_PAGE} contacts a page",
                       details={"max_page_size": MAX_EXPLAIN_PAGE})

    def produce() -> Any:
        tagger, causes = explainer(request)
        body = json.loads(agg.list_contacts_json(session, filters, page, page_size, sort, cube))
        found = contact_explanations(session, tagger, [c["id"] for c in body["items"]], causes)
        session.commit()
        for item in body["items"]:
            item["explanations"] = found.get(item["id"], [])
        return JSONResponse(body)

    return respond(request, session, produce)


@router.get("/contacts/{contact_id}", response_model=ContactOut, responses=ERRORS | {404: {"model": ErrorOut}})
def get_contact(contact_id: int, _: ReadKey, request: Request, session: SessionDep) -> Any:
    def produce() -> Any:
        found = agg.contact_detail_json(session, contact_id)
        if found is None:
            raise ApiError(404, f"no contact {contact_id}")
        return json_text_response(found)

    return respond(request, session, produce)


@router.get("/contacts/{contact_id}/explanations", response_model=ContactExplanations,
            responses=ERRORS | {404: {"model": ErrorOut}, 503: {"model": ErrorOut}})
def get_explanations(contact_id: int, _: ReadKey, request: Request, session: SessionDep) -> Any:
    """The words that drove the tags of each customer turn (emotion, journey phase, and the contact's cause where
    it has one), by occlusion: a word's weight is the drop in the label's probability when the word is left out
    (negative: the word speaks against the label). Offsets point into the turn's redacted text as the contact
    endpoints return it. Computed on first request (one model pass per word) and stored per model version.
    503 where the server runs without the tagger."""
    def produce() -> Any:
        if not contact_exists(session, contact_id):
            raise ApiError(404, f"no contact {contact_id}")
        tagger, causes = explainer(request)
        found = contact_explanations(session, tagger, [contact_id], causes)
        session.commit()
        return JSONResponse({"contact_id": contact_id, "model_version": explainer_version(tagger, causes),
                             "turns": found.get(contact_id, [])})

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
