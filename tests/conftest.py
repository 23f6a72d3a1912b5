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


# ---- databases: every storage test runs on SQLite and on a real PostgreSQL server ---------------------------


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """URL of a running PostgreSQL server: KLANTGEVOEL_TEST_POSTGRES_URL, else one started by
    tests/services/postgres.sh. CI sets KLANTGEVOEL_REQUIRE_POSTGRES=1, so a missing server fails there."""
    import subprocess

    url = os.environ.get("KLANTGEVOEL_TEST_POSTGRES_URL")
    if url:
        return url
    proc = subprocess.run([str(ROOT / "tests" / "services" / "postgres.sh")], capture_output=True, text=True)
    if proc.returncode != 0:
        msg = f"no PostgreSQL server: {proc.stderr.strip()}"
        if os.environ.get("KLANTGEVOEL_REQUIRE_POSTGRES") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    return proc.stdout.strip().splitlines()[-1]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database for one test (a new SQLite file, or a new PostgreSQL database dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'klantgevoel.db'}"
        return
    import uuid

    from sqlalchemy import create_engine, text

    from pipelines.store.db import normalise_url

    server = normalise_url(request.getfixturevalue("postgres_server"))
    name = f"kg_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture()
def engine(db_url):
    from pipelines.store.db import open_store

    eng = open_store(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, tagger, encoder, settings):
    """data/samples/exports ingested and tagged by the real tagger, once per session (the sample-data tests and the
    notebook test share it; nothing may write to it but a re-ingest, which adds nothing)."""
    from pipelines.batch import Pipeline, ingest_items
    from pipelines.ingest.sources import iter_paths
    from pipelines.langid import detect_language
    from pipelines.redact import redact
    from pipelines.store.db import open_store

    exports = ROOT / "data" / "samples" / "exports"
    path = tmp_path_factory.mktemp("samples") / "samples.db"
    engine = open_store(str(path))
    from models.causes import CauseClassifier

    causes = CauseClassifier.from_pretrained(settings.model_dir, encoder=encoder)
    pipe = Pipeline(pseudonym_key=b"samples", redact=redact, detect_language=detect_language, tagger=tagger,
                    causes=causes)
    summary = ingest_items(engine, iter_paths([exports]), pipe, paths=[str(exports)])
    yield engine, summary, pipe, f"sqlite:///{path}"
    engine.dispose()
