"""Throughput of one replica against two behind HAProxy (coopstats.replicas), as a ratio.

The same closed loop of simulated officials (bench/sessions.py, Streamlit's own protocol) runs
against the balancer with 1 replica, then with 2: `SESSIONS` sessions changing filters with a
short pause (`THINK_S`), so that the server side, not the pace of the officials, limits how
many changes finish per second. Throughput is changes finished per second of the level; the
ratio 2-over-1 says how far a second process scales on this machine (a second core is the
most it can add on 2 cores). Each replica's figures (sessions it served, its CPU, memory and
cache figures) come from its own `/_stcore/metrics` and psutil (`Replicas.figures`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench import sessions
from bench.measure import Result
from coopstats.replicas import Replicas, free_ports

SESSIONS = 20
THINK_S = 0.5
SCALING_TARGET = 1.6


async def _throughput(count: int, duration_s: float, log_dir: Path) -> tuple[float, str, float]:
    ports = free_ports(count + 1)
    with Replicas(ports[1:], ports[0], log_dir=log_dir) as replicas:
        for _ in range(2 * count):  # every replica loads the data before the level
            warm = sessions.Session(replicas.url, "map")
            await warm.open()
            await warm.close()
        before = {f.port: f for f in replicas.figures()}
        level = await sessions.run_level(
            replicas.url, None, SESSIONS, duration_s=duration_s, think_s=THINK_S
        )
        after = replicas.figures()
    cpu = sum(f.cpu_s - before[f.port].cpu_s for f in after)
    memory = max(f.rss_mb for f in after)
    each = "; ".join(
        f"replica {i}: {f.sessions_connected - before[f.port].sessions_connected:.0f} sessions, "
        f"CPU {f.cpu_s - before[f.port].cpu_s:.1f} s, {f.rss_mb:.0f} MB, "
        f"caches {f.cache_bytes / 2**20:.1f} MB"
        for i, f in enumerate(after, start=1)
    )
    rate = len(level.changes) / level.wall_s if level.wall_s else 0.0
    note = (
        f"{count} replica(s): {len(level.changes)} changes in {level.wall_s:.0f} s by "
        f"{SESSIONS} sessions pausing {THINK_S:g} s on average; p50 "
        f"{level.p50 or float('nan'):.2f} s, p95 {level.p95 or float('nan'):.2f} s; "
        f"{len(level.errors)} errors; replicas' CPU {cpu:.1f} s; load {level.load_1m:g}; "
        f"per replica (its /_stcore/metrics and psutil): {each}"
    )
    return rate, note, memory


def measure(log_dir: Path, duration_s: float = 30.0, log=print) -> list[Result]:
    """Throughput with 1 and 2 replicas, and their ratio (target: 2 give 1.6x one or more)."""
    one, note_one, memory = asyncio.run(_throughput(1, duration_s, log_dir))
    log(note_one)
    two, note_two, _ = asyncio.run(_throughput(2, duration_s, log_dir))
    log(note_two)
    return [
        Result(
            "replicas.memory",
            None,
            round(memory, 1),
            "MB",
            note="resident memory of one replica on the bundled data after a level of "
            f"{SESSIONS} sessions (its process and children, psutil)",
        ),
        Result("replicas.1.throughput", None, round(one, 3), "changes/s", note=note_one),
        Result("replicas.2.throughput", None, round(two, 3), "changes/s", note=note_two),
        Result(
            "replicas.scaling",
            None,
            round(two / one, 3) if one else None,
            "×",
            better="higher",
            note=f"throughput of 2 replicas over 1, behind HAProxy, on "
            f"this machine's cores (target ≥ {SCALING_TARGET:g}×)",
        ),
    ]
