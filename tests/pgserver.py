"""A throw-away PostgreSQL server from Debian's `postgresql` package, for tests and benches.

    with PostgresServer() as server:
        url = server.create_database("coopstats")   # postgresql+psycopg://...

The server lives in a temporary folder and listens on 127.0.0.1 on a free port. `initdb`
refuses to run as root, so as root the data folder belongs to the package's `postgres` user
and the server runs as that user (`runuser`); otherwise it runs as the current user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = "install Debian's postgresql package (apt-get install postgresql)"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl of the newest installed PostgreSQL, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(
        p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)  # fmt: skip
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """Start with `start()` (or `with`), stop with `stop()`; `url(db)` gives a store URL."""

    def __init__(self) -> None:
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError(f"PostgreSQL not found: {INSTALL_HINT}")
        self.port = _free_port()
        self.user = "coopstats"
        self.folder = Path(tempfile.mkdtemp(prefix="coopstats-pg-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, cwd=self.folder)

    def start(self) -> PostgresServer:
        self.folder.chmod(0o755)
        self.data.mkdir()
        if self.as_root:
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                  self.user, "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8")  # fmt: skip
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")  # fmt: skip
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "log"), "-w", "start")  # fmt: skip
        return self

    def create_database(self, name: str) -> str:
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", self.user, name], check=True, capture_output=True)  # fmt: skip
        return self.url(name)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
