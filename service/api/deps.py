"""Dependencies of the handlers, as ``Annotated`` types (tests swap them through ``app.dependency_overrides``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlmodel import Session

from pipelines.store import apikeys
from pipelines.store.aggregations import Filters, QueryError, RollupCube, make_filters
from service.api.errors import ApiError
from service.settings import Settings

SEGMENT_PREFIX = "segment."


# Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency in the thread pool, and
# each such hop costs more than these functions do. (Opening a Session does not connect; closing it hands the
# connection back to the pool.)


async def get_engine(request: Request) -> Engine:
    return request.app.state.engine


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_cube(request: Request) -> RollupCube | None:
    return request.app.state.cube


async def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> AsyncIterator[Session]:
    with Session(engine) as session:
        yield session


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
CubeDep = Annotated[RollupCube | None, Depends(get_cube)]

_bearer = HTTPBearer(auto_error=False, description="an API key made with `voc apikey create`")


def require(scope: str) -> Callable[..., apikeys.KeyInfo]:
    def check(session: SessionDep,
              credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> apikeys.KeyInfo:
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise ApiError(401, "missing API key: send 'Authorization: Bearer <key>'", headers=challenge)
        key = apikeys.verify_key(session, credentials.credentials)
        if key is None:
            raise ApiError(401, "unknown or revoked API key", headers=challenge)
        if not apikeys.has_scope(key, scope):
            raise ApiError(403, f"this key lacks the '{scope}' scope", details={"scopes": list(key.scopes)})
        if apikeys.touch(session, key):
            session.commit()
        return key

    return check


ReadKey = Annotated[apikeys.KeyInfo, Depends(require("read"))]
IngestKey = Annotated[apikeys.KeyInfo, Depends(require("ingest"))]

Multi = Annotated[list[str], Query(description="repeatable, or comma-separated")]


async def get_filters(
    request: Request,
    date_from: Annotated[date | None, Query(description="first day (inclusive, Europe/Amsterdam)")] = None,
    date_to: Annotated[date | None, Query(description="last day (inclusive)")] = None,
    channel: Multi = [],  # noqa: B006  (FastAPI copies defaults)
    touchpoint: Multi = [],  # noqa: B006
    phase: Multi = [],  # noqa: B006
    stdc: Multi = [],  # noqa: B006
    emotion: Multi = [],  # noqa: B006
    cause: Multi = [],  # noqa: B006
) -> Filters:
    """The common filters; ``segment.<field>=value`` parameters (repeatable) filter on contact metadata."""
    segments: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        if name.startswith(SEGMENT_PREFIX):
            field = name[len(SEGMENT_PREFIX):]
            if not field:
                raise QueryError("segment filter without a field: use segment.<field>=value",
                                 {"parameter": name})
            segments.setdefault(field, []).append(value)
    return make_filters(date_from, date_to, channel=channel, touchpoint=touchpoint, phase=phase, stdc=stdc,
                        emotion=emotion, segments=segments, cause=cause)


FiltersDep = Annotated[Filters, Depends(get_filters)]


def explainer(request: Request) -> tuple[Any, Any]:
    """The tagger loaded at start-up and its cause classifier (explanations reuse them), else a 503."""
    state = request.app.state
    if state.tagger is None:
        raise ApiError(503, "explanations need the tagger: this server runs without it "
                       "(set KLANTGEVOEL_API_EXPLAIN=true or KLANTGEVOEL_API_INGEST=true)")
    return state.tagger, state.causes
