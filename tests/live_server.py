"""The real service for browser and notebook tests: ``voc apikey create`` and ``voc serve`` as subprocesses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import ROOT

VOC = [sys.executable, "-m", "service.cli"]


def voc_env(cache_dir: Path) -> dict[str, str]:
    return {**os.environ, "KLANTGEVOEL_CACHE_DIR": str(cache_dir.expanduser())}


def create_key(db_url: str, env: dict[str, str], scope: str = "read", name: str = "test") -> str:
    """A new API key, as ``voc apikey create`` prints it on its last line."""
    made = subprocess.run([*VOC, "apikey", "create", "--db", db_url, "--scope", scope, "--name", name],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if made.returncode != 0:
        raise RuntimeError(f"voc apikey create failed: {made.stderr[-2000:]}")
    return made.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db_url: str, env: dict[str, str], log_path: Path, start_timeout: float = 300) -> Iterator[str]:
    """``voc serve`` on a free port until the block ends; yields its base URL once /api/v1/health answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        proc = subprocess.Popen([*VOC, "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                try:
                    if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"voc serve did not come up:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
