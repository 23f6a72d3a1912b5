"""An in-process cache of read answers, keyed by the request and valid for one data version.

Dashboards ask the same questions over and over (the same heatmap for every lead who opens the page), and the
answers change only when contacts or tags do, which bumps ``data_version``. A request still checks its key and
reads the version (one indexed row); a repeated question is then answered from memory. Bounded in bytes (least
recently used out first); switched off with ``KLANTGEVOEL_API_RESULT_CACHE=false``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from pipelines.store.facts import current_version


class ResultCache:
    def __init__(self, max_bytes: int = 64 << 20) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, ...], tuple[bytes, int, str, dict[str, str]]] = OrderedDict()
        self._version = -1
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def respond(self, request: Request, session: Session, produce: Callable[[], Response],
                variant: str = "") -> Response:
        """The cached answer to this request at the current data version, else ``produce()``'s (then kept)."""
        version = current_version(session)
        key = (request.url.path, str(request.query_params), variant)
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version, self._bytes = version, 0
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                self.hits += 1
                body, status, media_type, headers = hit
                return Response(body, status_code=status, media_type=media_type, headers=headers)
            self.misses += 1
        response = produce()
        body = bytes(response.body)
        if response.status_code == 200 and len(body) <= self.max_bytes // 16:
            headers = {k: v for k, v in response.headers.items() if k.lower() in ("content-disposition",)}
            with self._lock:
                if self._version == version and key not in self._items:
                    self._items[key] = (body, response.status_code, response.media_type or "", headers)
                    self._bytes += len(body)
                    while self._bytes > self.max_bytes:
                        _, (old, *_rest) = self._items.popitem(last=False)
                        self._bytes -= len(old)
        return response


def respond(request: Request, session: Session, produce: Callable[[], Response], variant: str = "") -> Response:
    """Through the app's result cache where it has one."""
    cache: ResultCache | None = request.app.state.result_cache
    return cache.respond(request, session, produce, variant) if cache is not None else produce()
