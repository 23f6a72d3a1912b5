"""``GET /api/v1/health``: no key needed."""

from __future__ import annotations

import json
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fastapi import APIRouter, Request
from sqlalchemy import text

from service.api.deps import SessionDep, SettingsDep
from service.api.errors import ApiError
from service.api.schemas import Health

router = APIRouter(tags=["health"])


@cache
def _package_version() -> str:
    try:
        return version("klantgevoel")
    except PackageNotFoundError:
        return "unknown"


@cache
def _configured_model_version(model_dir: Path) -> str | None:
    """The model version of the configured heads, read from their config (the tagger need not be loaded)."""
    from models.tagger import CONFIG_NAME

    try:
        return str(json.loads((model_dir / CONFIG_NAME).read_text())["model_version"])
    except (OSError, ValueError, KeyError):
        return None


@router.get("/health", response_model=Health)
def health(request: Request, session: SessionDep, settings: SettingsDep) -> dict:
    try:
        session.execute(text("SELECT 1"))
    except Exception as exc:  # the database is down: say so, with the right status
        raise ApiError(503, "database unavailable", details=str(exc)[:200]) from exc
    tagger = request.app.state.tagger
    return {"status": "ok", "version": _package_version(),
            "model_version": tagger.model_version if tagger is not None else _configured_model_version(
                settings.model_dir),
            "database": session.get_bind().dialect.name}
