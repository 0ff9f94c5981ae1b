"""Several dashboard processes behind HAProxy on one machine: `make run-replicas N=2`.

Each replica is `streamlit run serve.py` (the dashboard, warmed) on its own loopback port, all with the same cookie
secret (so a session's XSRF token and cookies are valid on any of them) and the same data
settings (`COOPSTATS_*` are passed through: one shared store or one read-only folder). HAProxy
(Debian's package) listens on the public port and

- keeps each browser on one replica with a cookie it inserts (`COOPSTATS_REPLICA`): the
  WebSocket (`_stcore/stream`) and uploads (`PUT _stcore/upload_file/...`) are requests of the
  same browser, so the cookie takes both to the replica holding the session;
- checks health with `GET <baseUrlPath>/_stcore/health` every 2 s (5 s to answer, down after
  three misses), and sends a browser whose replica is down to another one (`option
  redispatch`): the browser reconnects there and the page reruns from its URL, which carries
  every filter;
- passes the original `Host` header through (HAProxy does not rewrite it), as Streamlit's
  CORS and XSRF checks need;
- keeps WebSockets open for an hour of silence (`timeout tunnel`).

This module starts no thread and imports no Streamlit: it writes the configuration and runs
the processes. Only loopback addresses are used unless `--address` says otherwise.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coopstats.settings import PACKAGE_DIR

ROOT = PACKAGE_DIR.parent.parent
DASHBOARD = ROOT / "serve.py"
AFFINITY_COOKIE = "COOPSTATS_REPLICA"
HEALTH_TIMEOUT_S = 120.0


class ReplicaError(RuntimeError):
    """A replica or the balancer could not be started."""


def health_path(base_url_path: str = "") -> str:
    """The health check's path under Streamlit's `server.baseUrlPath` ("" or "a/b")."""
    base = base_url_path.strip("/")
    return f"/{base}/_stcore/health" if base else "/_stcore/health"


def haproxy_config(
    ports: Sequence[int],
    *,
    port: int,
    address: str = "127.0.0.1",
    base_url_path: str = "",
    stats_socket: Path | None = None,
) -> str:
    """HAProxy 2.6 configuration for replicas on 127.0.0.1:`ports`, listening on `port`."""
    servers = "\n".join(
        f"    server r{i} 127.0.0.1:{p} check cookie r{i} inter 2s fall 3 rise 1"
        for i, p in enumerate(ports, start=1)
    )
    stats = f"    stats socket {stats_socket} mode 600 level admin\n" if stats_socket else ""
    return f"""# Written by coopstats.replicas: {len(ports)} Streamlit replicas behind one port.
global
    maxconn 4096
{stats}
defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    # WebSockets stay open while a browser is idle.
    timeout tunnel 1h
    timeout http-request 30s
    # A replica busy with a long run answers its health check late (the check waits for the
    # GIL): give it 5 s, and three misses in a row, before its browsers are moved elsewhere.
    timeout check 5s
    retries 2
    # A browser whose replica is down is sent to another one; it reruns there from its URL.
    option redispatch

frontend dashboard
    bind {address}:{port}
    default_backend replicas

backend replicas
    balance leastconn
    # Affinity for the WebSocket and the uploads alike: both are requests of one browser.
    cookie {AFFINITY_COOKIE} insert indirect nocache httponly
    option httpchk
    http-check send meth GET uri {health_path(base_url_path)}
    http-check expect status 200
{servers}
"""


def streamlit_command(
    port: int,
    *,
    base_url_path: str = "",
    python: str = sys.executable,
    app: Path = DASHBOARD,
) -> list[str]:
    """The command of one replica (run from the repository root, so .streamlit/ applies):
    headless, on a loopback port, with no file watcher (nothing to watch in a deployment) and
    no usage statistics. `app` is the dashboard unless a benchmark or a test serves another.

    The cookie secret goes in the environment (STREAMLIT_SERVER_COOKIE_SECRET): Streamlit
    refuses it on the command line, where `ps` would show it."""
    command = [
        python,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    if base_url_path.strip("/"):
        command += ["--server.baseUrlPath", base_url_path.strip("/")]
    return command


STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def unblock_stop_signals() -> None:
    """In a child, before it runs: `main` blocks SIGINT and SIGTERM to wait for them, and a
    child inherits the mask; a replica that ignored SIGTERM could only be killed."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def free_ports(count: int) -> list[int]:
    """`count` free loopback ports (the tests' way; a deployment names its own)."""
    import socket

    sockets, ports = [], []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
        ports.append(sock.getsockname()[1])
    for sock in sockets:
        sock.close()
    return ports


# The figures a replica's /_stcore/metrics gives (Streamlit's OpenMetrics text): the family
# (and labels) each is summed from.
_METRICS = {
    "active_sessions": ("active_sessions", ()),
    "sessions_connected": ("session_events_total", ('type="connect"',)),
    "cache_bytes": ("cache_memory_bytes", ()),
    "query_hits": ("cache_lookups_total", ('cache="coopstats.app.view.query"', 'result="hit"')),
    "query_misses": (
        "cache_lookups_total",
        ('cache="coopstats.app.view.query"', 'result="miss"'),
    ),
}


def parse_metrics(text: str) -> dict[str, float]:
    """The figures of `_METRICS` from the text of /_stcore/metrics (0 where a family is absent)."""
    out = dict.fromkeys(_METRICS, 0.0)
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        sample, _, value = line.rpartition(" ")
        family, _, labels = sample.partition("{")
        for key, (name, wanted) in _METRICS.items():
            if family == name and all(label in labels for label in wanted):
                try:
                    out[key] += float(value)
                except ValueError:
                    continue
    return out


@dataclass(frozen=True)
class ReplicaFigures:
    """One replica's figures: its own /_stcore/metrics, and psutil for its process."""

    port: int
    active_sessions: float
    sessions_connected: float
    cache_bytes: float
    query_hits: float
    query_misses: float
    cpu_s: float
    rss_mb: float

    def line(self) -> str:
        asked = self.query_hits + self.query_misses
        hits = f"{self.query_hits / asked:.0%}" if asked else "–"
        return (
            f"127.0.0.1:{self.port}: {self.active_sessions:.0f} sessions open "
            f"({self.sessions_connected:.0f} connected so far), CPU {self.cpu_s:.1f} s, "
            f"{self.rss_mb:.0f} MB resident, caches {self.cache_bytes / 2**20:.1f} MB, "
            f"query cache hits {hits}"
        )


def process_figures(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) and resident MB of a process and its children (psutil)."""
    import psutil

    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
        cpu = sum(sum(p.cpu_times()[:2]) for p in family)  # user + system
        return cpu, sum(p.memory_info().rss for p in family) / 2**20
    except psutil.NoSuchProcess:
        return 0.0, 0.0


@dataclass
class Replicas:
    """N running replicas and their balancer. Use as a context manager, or call stop()."""

    ports: list[int]
    port: int
    base_url_path: str = ""
    env: Mapping[str, str] | None = None
    log_dir: Path | None = None
    cookie_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    processes: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    balancer: subprocess.Popen[bytes] | None = None
    _work: Path | None = None

    @property
    def url(self) -> str:
        base = self.base_url_path.strip("/")
        return f"http://127.0.0.1:{self.port}" + (f"/{base}" if base else "")

    def replica_url(self, port: int) -> str:
        base = self.base_url_path.strip("/")
        return f"http://127.0.0.1:{port}" + (f"/{base}" if base else "")

    def start(self) -> Replicas:
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(haproxy).exists():
            raise ReplicaError("haproxy is not installed; on Debian: apt-get install haproxy")
        self._work = Path(tempfile.mkdtemp(prefix="coopstats-replicas-"))
        logs = self.log_dir or self._work
        logs.mkdir(parents=True, exist_ok=True)
        environment = {**os.environ, **(self.env or {})}
        for port in self.ports:
            self.start_replica(port, environment, logs)
        config = self._work / "haproxy.cfg"
        config.write_text(
            haproxy_config(self.ports, port=self.port, base_url_path=self.base_url_path),
            encoding="utf-8",
        )
        check = subprocess.run([haproxy, "-c", "-q", "-f", str(config)], capture_output=True)
        if check.returncode:
            self.stop()
            raise ReplicaError(f"haproxy refused {config}: {check.stderr.decode()[-500:]}")
        with (logs / "haproxy.log").open("wb") as log:
            self.balancer = subprocess.Popen(
                [haproxy, "-db", "-f", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=unblock_stop_signals,
            )
        self.wait_healthy()
        return self

    def start_replica(
        self, port: int, environment: Mapping[str, str] | None = None, logs: Path | None = None
    ) -> None:
        """Start (or restart) the replica on `port`."""
        logs = logs or self.log_dir or self._work or Path(tempfile.gettempdir())
        command = streamlit_command(port, base_url_path=self.base_url_path)
        environment = dict(environment or {**os.environ, **(self.env or {})})
        environment["STREAMLIT_SERVER_COOKIE_SECRET"] = self.cookie_secret
        with (logs / f"replica-{port}.log").open("ab") as log:
            self.processes[port] = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=unblock_stop_signals,
            )

    def wait_healthy(self, ports: Sequence[int] | None = None) -> None:
        """Wait until each replica and the balancer answer their health checks."""
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        path = health_path(self.base_url_path)
        for port in ports if ports is not None else [*self.ports, self.port]:
            while not healthy(f"http://127.0.0.1:{port}{path}"):
                process = self.processes.get(port, self.balancer)
                if (process is not None and process.poll() is not None) or (
                    time.monotonic() > deadline
                ):
                    self.stop()
                    raise ReplicaError(f"127.0.0.1:{port} did not become healthy")
                time.sleep(0.1)

    def figures(self) -> list[ReplicaFigures]:
        """Each running replica's figures, read from the replica itself (not the balancer)."""
        out = []
        for port, process in self.processes.items():
            if process.poll() is not None:
                continue
            url = self.replica_url(port) + "/_stcore/metrics"
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    found = parse_metrics(response.read().decode("utf-8", "replace"))
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                found = parse_metrics("")
            cpu, rss = process_figures(process.pid)
            out.append(ReplicaFigures(port, **found, cpu_s=cpu, rss_mb=rss))
        return out

    def kill(self, port: int) -> None:
        """Kill one replica at once (SIGKILL), as a crash would."""
        process = self.processes[port]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop(self) -> None:
        for process in [*self.processes.values(), self.balancer]:
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self._work is not None and self.log_dir is not None:
            shutil.rmtree(self._work, ignore_errors=True)

    def __enter__(self) -> Replicas:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coopstats.replicas",
        description="Run N dashboard replicas behind HAProxy until interrupted.",
    )
    parser.add_argument("--replicas", "-n", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501, help="the balancer's port")
    parser.add_argument(
        "--first-replica-port",
        type=int,
        default=None,
        help="replicas listen on 127.0.0.1 from this port up (default: the port + 1)",
    )
    parser.add_argument("--base-url-path", default="", help="Streamlit's server.baseUrlPath")
    parser.add_argument("--logs", type=Path, default=None, help="folder for the processes' logs")
    parser.add_argument(
        "--report-every",
        type=float,
        default=0,
        metavar="SECONDS",
        help="print each replica's sessions, CPU, memory and cache figures this often (0: never)",
    )
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be 1 or more")
    first = args.first_replica_port or args.port + 1
    ports = list(range(first, first + args.replicas))
    secret = os.environ.get("COOPSTATS_COOKIE_SECRET") or secrets.token_urlsafe(32)
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    replicas = Replicas(
        ports, args.port, base_url_path=args.base_url_path, log_dir=args.logs, cookie_secret=secret
    )
    replicas.start()
    print(
        f"{args.replicas} replicas on 127.0.0.1:{first}-{ports[-1]} behind HAProxy at "
        f"{replicas.url} (logs: {args.logs or replicas._work}); Ctrl-C stops them all.",
        flush=True,
    )
    try:
        while args.report_every > 0 and not signal.sigtimedwait(STOP_SIGNALS, args.report_every):
            for figures in replicas.figures():
                print(figures.line(), flush=True)
        if args.report_every <= 0:
            signal.sigwait(STOP_SIGNALS)
    finally:
        replicas.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
