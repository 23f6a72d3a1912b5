"""The customer-service leads' dashboard at ``/``: one HTML page, its script and style, and plotly.js.

Everything is served by the app itself (no CDN, no external fonts), so the dashboard works without internet.
The page only talks to ``/api/v1`` with the key the user types in. Assets are gzipped once per process and sent
pre-compressed; their URLs carry a content hash, so browsers may cache them for a year.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import threading
from functools import cache
from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import Response

STATIC = Path(__file__).parent / "static"
ASSET_PREFIX = "/dashboard/"
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
               ".html": "text/html; charset=utf-8"}
IMMUTABLE = "public, max-age=31536000, immutable"
# The page loads nothing from elsewhere; plotly injects <style> elements, hence 'unsafe-inline' for styles only.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class Asset:
    """A file's bytes, its version (first 12 hex digits of its sha256) and, made on first use, its gzip."""

    def __init__(self, body: bytes, suffix: str) -> None:
        self.body = body
        self.media_type = MEDIA_TYPES[suffix]
        self.version = hashlib.sha256(body).hexdigest()[:12]
        self._gzipped: bytes | None = None
        self._lock = threading.Lock()

    @property
    def gzipped(self) -> bytes:
        with self._lock:  # the first requests come together; compress once
            if self._gzipped is None:
                # level 6: 0.16 s for plotly's 4.8 MB, within 1% of level 9's size
                self._gzipped = gzip.compress(self.body, 6, mtime=0)
            return self._gzipped


def plotly_path() -> Path:
    """plotly.js as bundled in the plotly Python package."""
    return Path(str(importlib.resources.files("plotly") / "package_data" / "plotly.min.js"))


@cache
def asset(name: str) -> Asset:
    path = plotly_path() if name == "plotly.min.js" else STATIC / name
    return Asset(path.read_bytes(), path.suffix)


@cache
def _index() -> Asset:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    for name in ("style.css", "app.js", "plotly.min.js"):
        html = html.replace(f'"{name}"', f'"{ASSET_PREFIX}{name}?v={asset(name).version}"')
    return Asset(html.encode("utf-8"), ".html")


def _send(request: Request, a: Asset, cache_control: str, extra: dict[str, str] | None = None) -> Response:
    etag = f'"{a.version}"'
    headers = {"Cache-Control": cache_control, "ETag": etag, "Vary": "Accept-Encoding",
               "X-Content-Type-Options": "nosniff", **(extra or {})}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(a.gzipped, media_type=a.media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Response(a.body, media_type=a.media_type, headers=headers)


router = APIRouter(include_in_schema=False)


@router.api_route("/", methods=["GET", "HEAD"])
def index(request: Request) -> Response:
    # revalidated on every visit (cheap 304), so a new version of the assets is picked up at once
    return _send(request, _index(), "no-cache", {"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"})


@router.api_route(ASSET_PREFIX + "{name}", methods=["GET", "HEAD"])
def static_asset(name: str, request: Request) -> Response:
    if name not in ("app.js", "style.css", "plotly.min.js"):
        raise HTTPException(404, f"no dashboard asset {name!r}")
    versioned = request.query_params.get("v") == asset(name).version
    return _send(request, asset(name), IMMUTABLE if versioned else "no-cache")


def mount_dashboard(app: FastAPI) -> None:
    """Serve the dashboard at ``/`` (call from the app factory)."""
    app.include_router(router)
