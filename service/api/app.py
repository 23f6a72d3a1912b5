"""The app factory: ``create_app(settings)`` builds the FastAPI app (no side effects at import); its lifespan opens
the store, loads the tagger once (only where ingest or explanations are on) and warms the aggregate cube."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipelines.store.aggregations import RollupCube
from service.api import errors
from service.api.cache import ResultCache
from service.api.routes import alerts, analytics, contacts, health, journeys
from service.settings import Settings, get_settings

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
MAX_BODY = 5 * 1024 * 1024


class BodyLimit:
    """Requests with a body over ``max_bytes`` get a 413, whether they announce their length or stream it."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        message = f"request body larger than {self.max_bytes // (1024 * 1024)} MB"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            response = errors.error_response(413, "payload_too_large", message, {"max_bytes": self.max_bytes})
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_bytes:  # FastAPI passes an HTTPException from the body read on unchanged
                    raise HTTPException(413, message)
            return msg

        await self.app(scope, limited, send)


def _load_tagger(settings: Settings) -> Any:
    from models.tagger import Tagger

    return Tagger.from_pretrained(settings.model_dir, **settings.encoder_kwargs())


def create_app(settings: Settings | None = None, engine: Engine | None = None, tagger: Any = None) -> FastAPI:
    """The API (and the dashboard at ``/``). ``engine`` / ``tagger``: ones made already (tests, embedding);
    otherwise the lifespan opens ``settings.database_url`` and loads the tagger if ingest is on."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from pipelines.store.db import open_store
        from service.cli_pipeline import build_pipeline, load_causes

        eng = engine if engine is not None else open_store(settings.database_url)
        wanted = settings.api_ingest or settings.api_explain
        tg = tagger if tagger is not None or not wanted else _load_tagger(settings)
        cube = RollupCube(settings.api_cube_max_cells) if settings.api_cube else None
        app.state.engine, app.state.tagger, app.state.cube = eng, tg, cube
        ingest = tg is not None and (settings.api_ingest or tagger is not None)
        app.state.pipeline = build_pipeline(settings, tag=True, tagger=tg) if ingest else None
        # explanations (GET .../explanations) reuse this tagger and the pipeline's cause classifier
        app.state.causes = app.state.pipeline.causes if ingest else load_causes(settings, tg) if tg else None
        app.state.ingest_lock = threading.Lock()
        app.state.result_cache = ResultCache() if settings.api_result_cache else None
        if cube is not None:
            with Session(eng) as session:  # the first request should not pay for reading the rollup
                cube.snapshot(session)
        try:
            yield
        finally:
            if engine is None:
                eng.dispose()

    app = FastAPI(
        title="Klantgevoel API", version="1", lifespan=lifespan,
        description="Emotions of Dutch customer contacts: heatmaps, trends, contacts, export, ingest. "
        "Every endpoint but /api/v1/health needs `Authorization: Bearer <key>` (`voc apikey create`).",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.tagger = tagger
    app.state.causes = None
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)
    for r in (health.router, analytics.router, alerts.router, contacts.router, journeys.router):
        app.include_router(r, prefix=API_PREFIX)
    from service.dashboard import mount_dashboard

    mount_dashboard(app)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` (``voc serve``): settings from the environment."""
    return create_app(get_settings())
