"""What a benchmark records: one result per figure, timing helpers, the machine and its load.

A result is one figure at one size: name, size (named participations; None when size does not
matter), value, unit and, where one applies, target (same unit; lower is better). Core figures
carry the naive baseline measured in the same run and their ratio to it, since absolute times
on a shared machine drift. Every result notes the machine's 1-minute load average when taken.

Most targets are not absolute times but multiples of a *calibration*: a fixed piece of work the
task must at least do (a pandas group-by over the same number of rows, plotly's JSON of a fixed
figure, a bare Streamlit rerun...), measured on the same machine in the same run
(`bench/calibration.py`; the rules in `bench/targets.py`). Such a result carries the bound's name
(`calibration`), its seconds here (`calibration_s`), the measured `multiple` of it and the
allowed `target_multiple`; its verdict compares the two, so it does not change on a machine that
is uniformly faster or slower. `target` is then the allowed time on this machine, for reading.
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
    # What the task did, counted in calibration units (e.g. {"queries": 4, "figures": 2}).
    counts: dict[str, float] | None = None
    calibration: str | None = None
    calibration_s: float | None = None
    calibration_cpu_s: float | None = None
    calibration_load_1m: float | None = None
    multiple: float | None = None
    cpu_multiple: float | None = None
    target_multiple: float | None = None
    # "lower" (times, bytes, errors) or "higher" (throughput, scaling): which side passes.
    better: str = "lower"
    # Calibrations measured next to this result (each a calibration result's as_dict, by
    # name): its floor takes them before the run's own, measured minutes earlier.
    beside: dict[str, dict] | None = None

    def __post_init__(self) -> None:
        if self.ratio is None and self.baseline and self.value is not None:
            self.ratio = round(self.value / self.baseline, 3)
        if not self.verdict:
            self.verdict = self.judge()

    def judge(self) -> str:
        """pass / miss / miss (load) / info / not measured, from the multiple when there is one."""
        if self.value is None:
            return NOT_MEASURED
        if self.target_multiple is not None and self.multiple is not None:
            if self.multiple <= self.target_multiple:
                return "pass"
            # Over in wall time, within in CPU time (against the calibration's CPU): busy machine.
            within = self.cpu_multiple is not None and self.cpu_multiple <= self.target_multiple
            return "miss (load)" if within else "miss"
        if self.target is None:
            return "info"
        if self.better == "higher":
            return "pass" if self.value >= self.target else "miss"
        if self.value <= self.target:
            return "pass"
        within = self.cpu is not None and self.cpu <= self.target
        return "miss (load)" if within else "miss"

    def calibrate(
        self,
        name: str,
        seconds: float,
        allowed: float,
        *,
        cpu_seconds: float | None = None,
        load_1m: float | None = None,
    ) -> None:
        """Bound this result by a calibration of `seconds` here: allowed `allowed` times it."""
        self.calibration = name
        self.calibration_s = round(seconds, 5)
        self.calibration_cpu_s = round(cpu_seconds, 5) if cpu_seconds is not None else None
        self.calibration_load_1m = load_1m
        self.target_multiple = allowed
        self.target = round(allowed * seconds, 4)
        self.multiple = round(self.value / seconds, 2) if self.value is not None else None
        if self.cpu is not None and cpu_seconds:
            self.cpu_multiple = round(self.cpu / cpu_seconds, 2)
        self.verdict = self.judge()

    def as_dict(self) -> dict[str, object]:
        always = ("name", "size", "value", "unit")
        out = {k: v for k, v in asdict(self).items() if k in always or (v is not None and v != "")}
        if out.get("better") == "lower":
            del out["better"]
        return out


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
