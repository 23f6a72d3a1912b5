"""One error shape for every failure: ``{"error": {"code", "message", "details"}}``, set by one global handler."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipelines.store.aggregations import QueryError

log = logging.getLogger(__name__)

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 413: "payload_too_large", 415: "unsupported_media_type",
              422: "validation_error", 429: "too_many_requests", 503: "unavailable"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None, details: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details, self.headers = status, message, details, headers
        self.code = code or HTTP_CODES.get(status, "error")


def error_response(status: int, code: str, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "details": details}}, status_code=status,
                        headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    # the body's union ("one contact" or "a batch") adds its tag to the location: not part of the field's name
    return ".".join(str(p) for p in loc if p not in ("one", "batch"))


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"field": _field(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()]


async def handle(request: Request, exc: Exception) -> JSONResponse:
    """The global exception handler (registered for every exception type the app can meet)."""
    if isinstance(exc, ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)
    if isinstance(exc, QueryError):
        return error_response(400, "bad_request", str(exc), exc.details)
    if isinstance(exc, RequestValidationError):
        details = _validation_details(exc)
        message = "; ".join(f"{d['field']}: {d['message']}" for d in details[:5]) or "invalid request"
        return error_response(422, "validation_error", message, details)
    if isinstance(exc, StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else HTTP_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, HTTP_CODES.get(exc.status_code, "error"), message,
                              headers=getattr(exc, "headers", None))
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "internal server error")


def install(app: FastAPI) -> None:
    for kind in (ApiError, QueryError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle)
