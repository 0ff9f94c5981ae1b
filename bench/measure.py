"""What a benchmark records: one result per figure, timing helpers, the machine and its load.

A result is one figure at one size: name, size (named participations; None when size does not
matter), value, unit and, where one applies, target (same unit; lower is better). Core figures
carry the naive baseline measured in the same run and their ratio to it, since absolute times
on a shared machine drift. Every result notes the machine's 1-minute load average when taken.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

NOT_MEASURED = "not measured"


@dataclass
class Result:
    """One measured figure. `verdict`: pass, miss, miss (load), info (no target), not measured.

    "miss (load)" is a wall time over its target whose CPU time is within it: on a machine
    shared with other work the process waited for a core.
    """

    name: str
    size: int | None
    value: float | None
    unit: str
    target: float | None = None
    baseline: float | None = None
    baseline_name: str | None = None
    ratio: float | None = None
    cpu: float | None = None
    runs: int | None = None
    note: str = ""
    load_1m: float = field(default_factory=lambda: round(os.getloadavg()[0], 2))
    verdict: str = ""

    def __post_init__(self) -> None:
        if self.ratio is None and self.baseline and self.value is not None:
            self.ratio = round(self.value / self.baseline, 3)
        if not self.verdict:
            if self.value is None:
                self.verdict = NOT_MEASURED
            elif self.target is None:
                self.verdict = "info"
            elif self.value <= self.target:
                self.verdict = "pass"
            else:
                # Over the target in wall time but within it in CPU time: the machine was busy.
                within = self.cpu is not None and self.cpu <= self.target
                self.verdict = "miss (load)" if within else "miss"

    def as_dict(self) -> dict[str, object]:
        always = ("name", "size", "value", "unit")
        return {k: v for k, v in asdict(self).items() if k in always or (v is not None and v != "")}


def not_measured(
    name: str, unit: str, reason: str, *, size: int | None = None, target: float | None = None
) -> Result:
    """A figure that could not be taken, with the reason."""
    return Result(name, size, None, unit, target=target, note=reason)


@dataclass(frozen=True)
class Timing:
    """Median wall and CPU seconds of some runs of one call."""

    wall: float
    cpu: float
    runs: int


def timed(
    call: Callable[[], object], *, min_runs: int = 2, max_runs: int = 7, budget_s: float = 2.0
) -> Timing:
    """Run `call` at least `min_runs` times, and more while within `budget_s` (one run past 5 s)."""
    walls, cpus = [], []
    started = time.perf_counter()
    while True:
        wall0, cpu0 = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall0)
        cpus.append(time.process_time() - cpu0)
        spent = time.perf_counter() - started
        if len(walls) >= max_runs or walls[0] > 5.0:
            break
        if len(walls) >= min_runs and spent > budget_s:
            break
    return Timing(statistics.median(walls), statistics.median(cpus), len(walls))


def growth_exponent(points: Iterable[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) against log(size): 1 is linear, 2 quadratic."""
    pairs = [(math.log(s), math.log(t)) for s, t in points if s > 0 and t and t > 0]
    if len(pairs) < 2:
        return None
    mx = statistics.fmean(x for x, _ in pairs)
    my = statistics.fmean(y for _, y in pairs)
    sxx = sum((x - mx) ** 2 for x, _ in pairs)
    return round(sum((x - mx) * (y - my) for x, y in pairs) / sxx, 2) if sxx else None


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    Linux's VmHWM belongs to the process image, so it starts afresh at exec; getrusage's
    ru_maxrss would carry over the parent's peak (the runner holds the generated tables).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, object]:
    """What the figures were taken on: processor, cores, memory, versions, load, date."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    versions = {}
    for package in ("pandas", "pyarrow", "pandera", "streamlit", "plotly", "kaleido", "playwright"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # a package the run did not need
            versions[package] = "absent"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_1m_5m_15m": [round(x, 2) for x in os.getloadavg()],
        "versions": versions,
    }


def uptime() -> str:
    """The load line `uptime` prints, for the log beside each step."""
    one, five, fifteen = os.getloadavg()
    return f"load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"


def write_results(results: list[Result], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([r.as_dict() for r in results], indent=1) + "\n", encoding="utf-8")


def read_results(text: str) -> list[Result]:
    """Results from a worker's JSON output (a list of result dicts)."""
    return [Result(**item) for item in json.loads(text)]
