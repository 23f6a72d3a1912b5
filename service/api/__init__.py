"""The Klantgevoel HTTP API under /api/v1 (see docs/api.md): ``create_app(settings)``."""

from service.api.app import create_app

__all__ = ["create_app"]
