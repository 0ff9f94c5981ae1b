"""Run the benchmark suite: `make bench` (or `python -m bench.run`).

Generates the synthetic folders (cached under bench/data/), runs each task in a fresh process,
writes bench/results.json and the generated part of docs/performance.md. `--quick` runs the
same code at small sizes in a minute or two, for debugging the suite itself.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import report, sessions, synthetic, targets
from bench.measure import (
    Result,
    growth_exponent,
    machine,
    not_measured,
    read_results,
    uptime,
    write_results,
)

ROOT = Path(__file__).resolve().parents[1]
DATA_ROOT = ROOT / "bench" / "data"
WORK = ROOT / "bench" / "results"
WORKER_TIMEOUT_S = 900


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message} ({uptime()})", flush=True)


def _worker(
    args: list[str], what: str, names: list[tuple[str, str]], size: int | None
) -> list[Result]:
    """Run `python -m bench.worker ARGS`; on failure, the figures it owed as not measured."""
    command = [sys.executable, "-m", "bench.worker", *args]
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S
        )
        if done.returncode == 0:
            return read_results(done.stdout.strip().splitlines()[-1])
        reason = f"{what} failed (exit {done.returncode}): {done.stderr.strip()[-300:]}"
    except subprocess.TimeoutExpired:
        reason = f"{what} took longer than {WORKER_TIMEOUT_S} s"
    print(reason, file=sys.stderr)
    return [not_measured(name, unit, reason, size=size) for name, unit in names]


def _bundled_size() -> int:
    """Named participations in the bundled data (rows of data/participations.csv)."""
    with (ROOT / "data" / "participations.csv").open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _growth(results: list[Result]) -> list[Result]:
    """Growth exponent across sizes of every timed figure measured at three sizes or more."""
    by_name: dict[str, list[tuple[int, float]]] = {}
    for r in results:
        if r.size and r.unit == "s" and r.value and r.name.startswith(("aggregation.", "load.")):
            by_name.setdefault(r.name, []).append((r.size, r.cpu or r.value))
    out = []
    for name, points in by_name.items():
        # Below ~10 ms a timing is mostly fixed overhead; fit where the data size shows.
        large = [(s, t) for s, t in points if s >= 10_000] if len(points) >= 4 else points
        exponent = growth_exponent(large)
        if exponent is not None and len(large) >= 2:
            sizes = ", ".join(f"{s:,}" for s, _ in sorted(large))
            out.append(
                Result(
                    f"{name}.growth",
                    None,
                    exponent,
                    "exponent",
                    note=f"slope of log CPU time over log size, sizes {sizes}",
                )
            )
    return out


def _browser(work: Path, *, startup_runs: int, levels: tuple[int, ...], changes: int = 0):
    """Start-up and/or concurrency in headless Chromium; figures not measured on failure."""
    try:
        from bench import browser

        return asyncio.run(
            browser.run(
                work, startup_runs=startup_runs, levels=levels, changes=changes, data_dir=None
            )
        )
    except Exception as error:  # e.g. no Chromium: record why, keep the other figures
        reason = f"browser benchmark failed: {type(error).__name__}: {str(error)[:300]}"
        names = ["startup.map_painted"] if startup_runs else ["concurrency.10.p95"]
        return [not_measured(name, "s", reason) for name in names]


def _sessions(folder: Path | None, size: int | None, levels: list[int], seconds: float):
    """Simulated officials at each level on one fresh server; the capacity where p95 > 2 s."""
    label = f"{size:,}" if size else "the bundled data"
    _log(f"sessions (Streamlit protocol, no browser) on {label}: levels {levels}")
    try:
        return asyncio.run(
            sessions.measure(
                folder,
                size,
                levels=tuple(levels),
                duration_s=seconds,
                log_dir=WORK / "work" / "logs",
                log=_log,
            )
        )
    except Exception as error:  # a server that would not start: record why, go on
        reason = f"sessions benchmark failed: {type(error).__name__}: {str(error)[:300]}"
        return [not_measured("sessions.10.p95", "s", reason, size=size)]


def _settle(limit: float = 2.0, budget_s: float = 90.0) -> None:
    """Wait until the 1-minute load average drops under `limit` (at most `budget_s`): the
    concurrency level before leaves dozens of Chromium processes winding down."""
    began = time.monotonic()
    while os.getloadavg()[0] > limit and time.monotonic() - began < budget_s:
        time.sleep(5)
    _log(f"settled for {time.monotonic() - began:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: debug the suite")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(synthetic.SIZES))
    parser.add_argument("--page-sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--sessions",
        type=int,
        nargs="+",
        default=list(sessions.LEVELS),
        help="concurrent simulated officials per level (Streamlit's protocol, no browser)",
    )
    parser.add_argument(
        "--level-seconds", type=float, default=30.0, help="how long each level of sessions runs"
    )
    parser.add_argument(
        "--capacity-size",
        type=int,
        default=100_000,
        help="synthetic size at which the sessions per process are also found",
    )
    parser.add_argument(
        "--browser-sessions",
        type=int,
        nargs="*",
        default=[],
        help="concurrent headless Chromium sessions per level (measures the browsers too)",
    )
    parser.add_argument("--changes", type=int, default=3, help="filter changes per browser session")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["data", "pages", "browser", "sessions", "replicas", "export"],
        help="groups to leave out",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.page_sizes, args.changes = [1_000, 10_000], [10_000], 2
        args.sessions, args.level_seconds, args.capacity_size = [1, 3], 10.0, 10_000

    started = time.monotonic()
    info = machine()
    _log(f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB")
    results: list[Result] = []
    folders = {}
    for size in sorted(set(args.sizes) | set(args.page_sizes) | {args.capacity_size}):
        folder = DATA_ROOT / f"syn-{size}-seed{args.seed}"
        began = time.perf_counter()
        folders[size] = synthetic.ensure(size, folder, args.seed)
        _log(f"synthetic data {size:,}: {folder} ({time.perf_counter() - began:.1f} s)")

    def save() -> None:
        targets.judge(results)
        write_results(results, args.results)
        report.write(args.doc, results, info, time.monotonic() - started, quick=args.quick)

    # Calibration first: every time target is a multiple of one of these (bench/targets.py).
    _log("calibration: group-by, read_csv, plotly JSON, bare Streamlit rerun")
    results += _worker(
        ["calibration", *(f"--folder={size}={folder}" for size, folder in folders.items())],
        "calibration",
        [("calibration.groupby", "s")],
        None,
    )
    save()
    browser_group = "browser" not in args.skip
    if browser_group:
        _log("browser: start-up beside a bare Streamlit map app")
        results += _browser(WORK / "work", startup_runs=1 if args.quick else 7, levels=())
        save()
    if "data" not in args.skip:
        for size in args.sizes:
            _log(f"load and aggregations at {size:,}")
            results += _worker(
                ["data", "--data", str(folders[size]), "--size", str(size)],
                f"data benchmark at {size:,}",
                [("load.validate", "s")],
                size,
            )
            save()
        results += _growth(results)
        size = max(args.sizes)
        _log(f"store: load from SQLite beside the CSV load at {size:,}; bulk resolution")
        results += _worker(
            ["store", "--data", str(folders[size]), "--size", str(size)],
            f"store benchmark at {size:,}",
            [("store.load", "s")],
            size,
        )
        save()
    if "pages" not in args.skip:
        bundled = _bundled_size()
        _log(f"pages (AppTest) on the bundled data ({bundled} participations)")
        results += _worker(
            ["pages", "--size", str(bundled)],
            "page benchmark on the bundled data",
            [("page.world_map.figure_bytes", "KB")],
            bundled,
        )
        save()
        for size in args.page_sizes:
            _log(f"pages (AppTest) at {size:,}")
            results += _worker(
                ["pages", "--data", str(folders[size]), "--size", str(size)],
                f"page benchmark at {size:,}",
                [("page.world_map.filter_change", "s")],
                size,
            )
            save()
    if "sessions" not in args.skip:
        results += _sessions(None, None, args.sessions, args.level_seconds)
        save()
        size = args.capacity_size
        results += _sessions(folders[size], size, args.sessions, args.level_seconds)
        save()
    if "replicas" not in args.skip:
        _log("replicas: throughput of 1 and 2 behind HAProxy")
        try:
            from bench import scaleout

            results += scaleout.measure(
                WORK / "work" / "logs", duration_s=args.level_seconds, log=_log
            )
        except Exception as error:  # no haproxy, a replica that would not start: say why
            reason = f"replica benchmark failed: {type(error).__name__}: {str(error)[:300]}"
            results.append(not_measured("replicas.scaling", "×", reason))
        save()
    if browser_group and args.browser_sessions:
        _log("browser: concurrency in headless Chromium")
        results += _browser(
            WORK / "work", startup_runs=0, levels=tuple(args.browser_sessions), changes=args.changes
        )
        save()
    if "export" not in args.skip:
        _settle()
        _log("export")
        results += _worker(
            ["export"],
            "export benchmark",
            [("export.png.warm", "s"), ("export.pptx_pack", "s")],
            None,
        )
    save()
    _log(f"done in {time.monotonic() - started:.0f} s: {args.results} and {args.doc}")
    misses = [r for r in results if r.verdict.startswith("miss")]
    for r in misses:
        print(f"  miss: {r.name} size={r.size} {r.value} {r.unit} > {r.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
