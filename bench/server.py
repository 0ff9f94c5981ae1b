"""Start and stop `streamlit run` for the browser benchmarks, as tests/browser/conftest.py does.

The server runs with cwd = the repository root (so .streamlit/config.toml applies and static/
is served at app/static/), on a free loopback port, in its own process group so that stopping
it ends its children too. Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from coopstats.export.chromium import PAGE_ARGS
from coopstats.replicas import healthy as answers
from coopstats.replicas import streamlit_command

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = list(PAGE_ARGS)
HEALTH_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(base_url: str) -> bool:
    """Whether the server at base_url answers its health check."""
    return answers(f"{base_url}/_stcore/health")


@dataclass
class Server:
    """A running `streamlit run`: its process, base URL and the monotonic time it was started."""

    process: subprocess.Popen[bytes]
    base_url: str
    started: float
    log: Path

    def wait_healthy(self) -> float:
        """Seconds from start until /_stcore/health answers."""
        deadline = self.started + HEALTH_TIMEOUT_S
        while not healthy(self.base_url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError(f"streamlit did not become healthy at {self.base_url}:\n{tail}")
            time.sleep(0.05)
        return time.monotonic() - self.started

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def start(app: Path, log_dir: Path, env: Mapping[str, str] | None = None) -> Server:
    """Start `streamlit run app` on a free port; returns at once (see Server.wait_healthy)."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{Path(app).stem}-{port}.log"
    command = streamlit_command(port, app=Path(app))
    environment = {k: v for k, v in os.environ.items() if k != "COOPSTATS_DATA_DIR"}
    environment.update(env or {})
    with log.open("wb") as handle:
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(process, f"http://127.0.0.1:{port}", started, log)
