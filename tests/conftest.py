"""Shared fixtures: the real encoder and the committed tagger, each loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def settings():
    from service.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def tagger_layers(settings) -> int | None:
    """How many encoder layers the committed heads were trained on."""
    import json

    from models.tagger import CONFIG_NAME

    return json.loads((settings.model_dir / CONFIG_NAME).read_text())["encoder"].get("layers")


@pytest.fixture(scope="session")
def encoder(settings, tagger_layers):
    from models.encoder import Encoder

    return Encoder.load(**settings.encoder_kwargs(), layers=tagger_layers)


@pytest.fixture(scope="session")
def torch_encoder(settings, tagger_layers):
    from models.encoder import Encoder

    return Encoder.load(**{**settings.encoder_kwargs(), "backend": "torch"}, layers=tagger_layers)


@pytest.fixture(scope="session")
def full_encoder(settings):
    """All 12 layers, torch: what the reference engine computes."""
    from models.encoder import Encoder

    return Encoder.load(**{**settings.encoder_kwargs(), "backend": "torch"})


@pytest.fixture(scope="session")
def tagger(encoder, settings):
    from models.tagger import Tagger

    return Tagger.from_pretrained(settings.model_dir, encoder=encoder)


@pytest.fixture(scope="session")
def checkpoint_dir(settings) -> Path:
    from models.encoder.encoder import resolve_checkpoint

    return Path(resolve_checkpoint(settings.encoder, settings.cache_dir.expanduser()))


@pytest.fixture()
def cli_env(settings) -> dict[str, str]:
    env = dict(os.environ)
    env["KLANTGEVOEL_CACHE_DIR"] = str(settings.cache_dir.expanduser())
    return env
