"""Replicas behind HAProxy (coopstats.replicas): the configuration, and two served replicas.

The configuration tests are fast. The served test starts two dashboard processes and Debian's
HAProxy on free loopback ports (marked slow; skipped with the package's name when HAProxy is
missing): affinity by cookie, health through the balancer, and a session that goes on through
the other replica when its own is killed.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coopstats.replicas import (
    AFFINITY_COOKIE,
    STOP_SIGNALS,
    Replicas,
    free_ports,
    haproxy_config,
    health_path,
    parse_metrics,
    streamlit_command,
    unblock_stop_signals,
)
from loops import run_alone

HAPROXY = shutil.which("haproxy") or (
    "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
)
needs_haproxy = pytest.mark.skipif(
    HAPROXY is None, reason="needs haproxy (apt-get install haproxy)"
)


@pytest.mark.parametrize(
    ("base", "path"),
    [("", "/_stcore/health"), ("stats", "/stats/_stcore/health"), ("/a/b/", "/a/b/_stcore/health")],
)
def test_health_checks_honour_the_base_url_path(base: str, path: str) -> None:
    assert health_path(base) == path
    assert f"uri {path}" in haproxy_config([9001], port=9000, base_url_path=base)


def test_the_balancer_keeps_a_browser_on_one_replica_and_moves_it_when_that_one_is_down() -> None:
    config = haproxy_config([9001, 9002], port=9000)
    assert f"cookie {AFFINITY_COOKIE} insert" in config
    assert "server r1 127.0.0.1:9001 check cookie r1" in config
    assert "server r2 127.0.0.1:9002 check cookie r2" in config
    assert "option redispatch" in config
    assert "timeout tunnel 1h" in config
    # HAProxy passes Host through unless told otherwise: nothing may rewrite it.
    assert "set-header Host" not in config and "http-request set-header host" not in config.lower()


def test_the_cookie_secret_never_appears_on_the_command_line() -> None:
    command = streamlit_command(9001, base_url_path="stats")
    assert not any("cookieSecret" in part for part in command)
    assert command[command.index("--server.baseUrlPath") + 1] == "stats"
    assert command[command.index("--server.address") + 1] == "127.0.0.1"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_replicas_started_while_the_runner_waits_for_sigterm_still_obey_it() -> None:
    # `python -m coopstats.replicas` blocks SIGINT and SIGTERM to wait for them; its children
    # inherited the mask and ignored SIGTERM, so stopping them took a SIGKILL after 10 s each.
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        status = subprocess.run(
            ["cat", "/proc/self/status"],
            capture_output=True,
            text=True,
            check=True,
            preexec_fn=unblock_stop_signals,
        ).stdout
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    blocked = int(
        next(line for line in status.splitlines() if line.startswith("SigBlk:")).split()[1], 16
    )
    assert not blocked & (1 << (signal.SIGTERM - 1))
    assert not blocked & (1 << (signal.SIGINT - 1))


@needs_haproxy
def test_haproxy_accepts_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config([9001, 9002], port=9000, base_url_path="x"), encoding="utf-8")
    checked = subprocess.run([HAPROXY, "-c", "-q", "-f", str(config)], capture_output=True)
    assert checked.returncode == 0, checked.stderr.decode()


def _get(url: str, cookie: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
        return response.status, next((c for c in cookies if c.startswith(AFFINITY_COOKIE)), "")


@pytest.mark.slow
@needs_haproxy
def test_two_replicas_behind_haproxy_serve_keep_affinity_and_survive_one_killed(
    tmp_path: Path,
) -> None:
    from bench import sessions

    ports = free_ports(3)
    with Replicas(ports[1:], ports[0], log_dir=tmp_path) as replicas:
        status, cookie = _get(replicas.url + "/")
        assert status == 200 and cookie.startswith(f"{AFFINITY_COOKIE}=r")
        served_by = cookie.split(";")[0]
        # The same browser (its cookie) stays on its replica: no new cookie is set.
        assert _get(replicas.url + "/_stcore/health", served_by) == (200, "")

        async def one_change() -> tuple[int, int]:
            official = sessions.Session(replicas.url, "map")
            await official.open()
            await official.change(random.Random(1))
            await official.close()
            return len(official.widgets), len(official.problems)

        widgets, problems = run_alone(one_change)
        assert widgets >= 1 and problems == 0
        # Each replica's own figures: the session went to one of them, whose query cache
        # answered the page's queries; both are live processes with memory of their own.
        figures = replicas.figures()
        assert sorted(f.port for f in figures) == sorted(ports[1:])
        assert sum(f.sessions_connected for f in figures) >= 1
        assert sum(f.query_misses for f in figures) >= 1
        assert all(f.rss_mb > 50 and f.cpu_s > 0 for f in figures)

        # Kill the replica this browser was on: the balancer sends it to the other one.
        replicas.kill(ports[1] if served_by.endswith("r1") else ports[2])
        status, moved = _get(replicas.url + "/", served_by)
        assert status == 200 and moved.startswith(f"{AFFINITY_COOKIE}=r") and served_by not in moved
        widgets, problems = run_alone(one_change)
        assert widgets >= 1 and problems == 0


# As Streamlit 1.67 writes /_stcore/metrics (abridged).
METRICS_TEXT = """\
# TYPE cache_memory_bytes gauge
cache_memory_bytes{cache_type="st_cache_data",cache="coopstats.app.view.query"} 104216
cache_memory_bytes{cache_type="st_cache_resource",cache="coopstats.app.data_source._store"} 1
cache_lookups_total{cache="coopstats.app.view.query",cache_type="st_cache_data",result="hit"} 3
cache_lookups_total{cache="coopstats.app.view.query",cache_type="st_cache_data",result="miss"} 5
cache_lookups_total{cache="coopstats.app.freshness.last_change",cache_type="st_cache_data",result="hit"} 9
session_events_total{type="connect"} 4
session_events_total{type="disconnect"} 2
# HELP active_sessions Current number of active sessions.
active_sessions 2
"""


def test_a_replicas_metrics_give_its_sessions_caches_and_query_cache_hits() -> None:
    found = parse_metrics(METRICS_TEXT)
    assert found == {
        "active_sessions": 2.0,
        "sessions_connected": 4.0,
        "cache_bytes": 104217.0,
        "query_hits": 3.0,
        "query_misses": 5.0,
    }
    assert parse_metrics("")["active_sessions"] == 0.0


@pytest.mark.slow
@needs_haproxy
def test_run_replicas_reports_each_replicas_figures_until_stopped(tmp_path: Path) -> None:
    port, replica = free_ports(2)
    command = [sys.executable, "-m", "coopstats.replicas", "--replicas", "1", "--port",
               str(port), "--first-replica-port", str(replica), "--report-every", "1",
               "--logs", str(tmp_path)]  # fmt: skip
    out = tmp_path / "out.txt"
    with out.open("wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while "sessions open" not in out.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, out.read_text()[-2000:]
            time.sleep(0.5)
        text = out.read_text()
        assert f"127.0.0.1:{replica}: 0 sessions open" in text, text[-2000:]
        assert "MB resident" in text and "query cache hits" in text
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        assert process.wait(timeout=30) == 0
