"""In headless Chromium (Debian's, never a downloaded one): start-up to a painted map, geometry
bytes, and concurrent sessions changing filters on one server.

Start-up is timed from `streamlit run` being started to the first choropleth shape painted on
/map, on the bundled data, beside the same for a bare app that draws one plotly map (the
harness app of tests/browser): the floor Streamlit, plotly.js and the base map cost.

Concurrency: N browser contexts (one Chromium) open /map, then each toggles the sidebar's
"Include sub-forums" checkbox several times; a change's latency runs from the click until the
browser sees the app's rerun finished; the time until the map is painted again is in the note.
The browsers run on the same cores as the server, so their CPU time is measured too and
reported beside the latencies.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from bench import server as servers
from bench.measure import Result

ROOT = servers.ROOT
# Each concurrency level stops asking for changes after this long (page loads still finish).
LEVEL_BUDGET_S = 100.0
ARRIVAL_GAP_S = 0.5
# A level still running after this long is stopped; its unfinished sessions count as errors.
LEVEL_TIMEOUT_S = 200.0
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PAINTED = (
    "() => [...document.querySelectorAll('path.choroplethlocation')]"
    ".some((p) => (p.getAttribute('d') || '').length > 0)"
)
SUB_FORUMS = "Include sub-forums and side meetings"
# The bare baseline: one plotly map, the app's map config, no data layer.
BASELINE_APP = """
import pandas as pd
import streamlit as st

from coopstats.figures.participation_map import map_config, participation_map

frame = pd.DataFrame({"iso3": ["FRA", "CHN", "BRA", "KEN"], "name": ["France", "China", "Brazil",
    "Kenya"], "editions": [5, 4, 1, 3], "first_year": [2010, 2011, 2019, 2012],
    "last_year": [2022, 2021, 2019, 2020], "roles": ["host", "speaker", "participant", "host"],
    "has_polygon": [True] * 4, "lat": [46.6, 35.0, -10.0, 0.2], "lon": [2.4, 103.0, -55.0, 37.9]})
labels = {"colorbar": "Editions", "editions": "Editions", "first_year": "First year",
          "last_year": "Last year", "roles": "Roles", "host_city": "Host city"}
fig = participation_map(frame, measure="editions", labels=labels, colors=["#d0e1f2", "#08306b"])
st.plotly_chart(fig, config=map_config("app/static/"), key="baseline_map")
"""


def baseline_app(work: Path) -> Path:
    """Write the bare map app beside a link to static/ (Streamlit serves the script's static/)."""
    folder = work / "baseline_app"
    folder.mkdir(parents=True, exist_ok=True)
    app = folder / "app.py"
    app.write_text(BASELINE_APP, encoding="utf-8")
    link = folder / "static"
    if not link.exists():
        link.symlink_to(ROOT / "static", target_is_directory=True)
    return app


async def _new_page(browser, console: list[str]):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})

    async def route(route) -> None:
        parts = urlsplit(route.request.url)
        external = (
            parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS
        )
        await (route.abort() if external else route.continue_())

    await context.route("**/*", route)
    page = await context.new_page()
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(f"uncaught: {e}"))
    return context, page


async def _startup_once(browser, app: Path, path: str, work: Path) -> tuple[float, float]:
    """(seconds to healthy, seconds from process start to the first shape painted)."""
    server = servers.start(app, work / "logs")
    try:
        health = server.wait_healthy()
        context, page = await _new_page(browser, [])
        await page.goto(f"{server.base_url}{path}", timeout=120_000)
        await page.wait_for_function(PAINTED, polling=50, timeout=120_000)
        painted = time.monotonic() - server.started
        await context.close()
        return health, painted
    finally:
        server.stop()


def geometry_bytes(base_url: str) -> tuple[int, int, str]:
    """(bytes on disk, bytes on the wire, content encoding) of the served 50m base map."""
    on_disk = (ROOT / "static" / "world_50m.json").stat().st_size
    request = urllib.request.Request(
        f"{base_url}/app/static/world_50m.json", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding") or "identity"
    return on_disk, len(body), encoding


async def startup(browser, work: Path, runs: int = 2) -> list[Result]:
    dashboard = ROOT / "serve.py"
    bare = baseline_app(work)
    ours, floor, health = [], [], []
    for _ in range(runs):  # interleaved, so drift hits both alike
        h, t = await _startup_once(browser, dashboard, "/map", work)
        ours.append(t)
        health.append(h)
        floor.append((await _startup_once(browser, bare, "/", work))[1])
    return [
        Result(
            "calibration.map_startup",
            None,
            round(statistics.median(floor), 3),
            "s",
            runs=runs,
            note="a bare Streamlit app drawing one plotly map with the dashboard's map "
            "function and base map: from `streamlit run` to the first shape painted; "
            "interleaved with the dashboard's own start-up",
        ),
        Result(
            "startup.map_painted",
            None,
            round(statistics.median(ours), 3),
            "s",
            runs=runs,
            note=f"bundled data; server healthy after {statistics.median(health):.2f} s",
        ),
    ]


def _quantile(values: list[float], q: float) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.2f} s"


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


async def _arrive(delay: float, *args) -> None:
    """A session that opens the page `delay` seconds after the first (users do not all click
    the same millisecond; a thundering herd of first paints would measure Chromium, not us)."""
    await asyncio.sleep(delay)
    await _session(*args)


def _count_finished_runs(page) -> dict[str, int]:
    """Count the server's "script finished" messages to this page, read off its WebSocket.

    The DOM's script-state attribute cannot be trusted for this: once a rerun takes a few
    tens of milliseconds, its "running" and "finished" messages arrive together and React
    renders only the last state, so an observer of the attribute misses the run."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    finished = {"runs": 0}

    def on_frame(payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = ForwardMsg()
        try:
            message.ParseFromString(bytes(payload))
        except Exception:  # not a ForwardMsg: not ours to count
            return
        if message.WhichOneof("type") == "script_finished":
            finished["runs"] += 1

    page.on("websocket", lambda socket: socket.on("framereceived", on_frame))
    return finished


async def _wait_for_run(finished: dict[str, int], before: int, timeout_s: float = 60.0) -> None:
    give_up = time.monotonic() + timeout_s
    while finished["runs"] <= before:
        if time.monotonic() > give_up:
            raise TimeoutError(f"no script run finished within {timeout_s:.0f} s of the click")
        await asyncio.sleep(0.01)


async def _session(browser, base_url: str, changes: int, out: dict, deadline: float) -> None:
    console: list[str] = []
    context, page = await _new_page(browser, console)
    finished = _count_finished_runs(page)
    try:
        started = time.monotonic()
        await page.goto(f"{base_url}/map", timeout=120_000)
        await page.wait_for_function(PAINTED, polling=100, timeout=120_000)
        out["first"].append(time.monotonic() - started)
        checkbox = page.get_by_test_id("stSidebar").get_by_text(SUB_FORUMS)
        for _ in range(changes):
            if time.monotonic() > deadline:  # bounded in time: fewer samples, not an error
                out["skipped"] = out.get("skipped", 0) + 1
                continue
            before = finished["runs"]
            clicked = time.monotonic()
            await checkbox.click(timeout=60_000)
            await _wait_for_run(finished, before)
            out["latency"].append(time.monotonic() - clicked)
            await page.wait_for_function(PAINTED, polling=20, timeout=60_000)
            out["painted"].append(time.monotonic() - clicked)
        failed = await page.locator('[data-testid="stException"]').count()
        failed += await page.get_by_text("could not be drawn").count()
        if failed:
            out["errors"].append(f"{failed} error element(s) on the page")
    except Exception as error:  # a timeout or a crash is an error of this session, not the run
        out["errors"].append(f"{type(error).__name__}: {str(error)[:160]}")
    finally:
        out["ended"] = out.get("ended", 0) + 1
        out["console"] += console
        await context.close()


async def concurrency(
    browser, base_url: str, server_pid: int, levels: tuple[int, ...], changes: int, data_label: str
) -> list[Result]:
    results = []
    ours = psutil.Process()
    for n in levels:
        out: dict[str, list] = {
            "first": [],
            "latency": [],
            "painted": [],
            "errors": [],
            "console": [],
        }
        server_tree = _tree(server_pid)
        server_pids = {p.pid for p in server_tree}
        browsers = [p for p in ours.children(recursive=True) if p.pid not in server_pids]
        cpu0 = (_cpu_seconds(server_tree), _cpu_seconds(browsers))
        started = time.monotonic()
        deadline = started + LEVEL_BUDGET_S
        sessions = asyncio.gather(
            *(
                _arrive(i * ARRIVAL_GAP_S, browser, base_url, changes, out, deadline)
                for i in range(n)
            )
        )
        try:
            await asyncio.wait_for(sessions, LEVEL_TIMEOUT_S)
        except TimeoutError:
            unfinished = n - out.get("ended", 0)
            out["errors"] += [f"stopped after {LEVEL_TIMEOUT_S:.0f} s"] * unfinished
        wall = time.monotonic() - started
        browsers = [p for p in ours.children(recursive=True) if p.pid not in server_pids]
        server_cpu = _cpu_seconds(_tree(server_pid)) - cpu0[0]
        browser_cpu = _cpu_seconds(browsers) - cpu0[1]
        capacity = wall * (psutil.cpu_count() or 1)
        latencies = sorted(out["latency"])
        p50 = statistics.median(latencies) if latencies else None
        p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else None
        share = (
            f"{wall:.1f} s wall on {psutil.cpu_count()} cores: browsers used "
            f"{browser_cpu:.1f} CPU-s ({100 * browser_cpu / capacity:.0f}% of the machine), "
            f"the server {server_cpu:.1f} CPU-s ({100 * server_cpu / capacity:.0f}%); "
            f"{out.get('skipped', 0)} changes left out past the {LEVEL_BUDGET_S:.0f} s budget; "
            f"map repainted after a change: p50 {_quantile(out['painted'], 0.5)}, "
            f"p95 {_quantile(out['painted'], 0.95)}; "
            f"first paint p50 {statistics.median(out['first']) if out['first'] else float('nan'):.2f} s; "
            f"{data_label}"
        )
        results += [
            Result(
                f"concurrency.{n}.p50",
                None,
                round(p50, 3) if p50 else None,
                "s",
                runs=len(latencies),
                note=share,
            ),
            Result(
                f"concurrency.{n}.p95",
                None,
                round(p95, 3) if p95 else None,
                "s",
                runs=len(latencies),
                note=share,
            ),
            Result(
                f"concurrency.{n}.errors",
                None,
                len(out["errors"]),
                "count",
                note="; ".join(out["errors"][:3])
                + (
                    f"; {len(out['console'])} console errors, e.g. {out['console'][0][:120]}"
                    if out["console"]
                    else ""
                ),
            ),
        ]
    return results


async def run(
    work: Path, *, startup_runs: int, levels: tuple[int, ...], changes: int, data_dir: Path | None
) -> list[Result]:
    from playwright.async_api import async_playwright

    results: list[Result] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=servers.CHROMIUM, args=servers.CHROMIUM_ARGS
        )
        if startup_runs:
            results += await startup(browser, work, startup_runs)
        env = {"COOPSTATS_DATA_DIR": str(data_dir.resolve())} if data_dir else None
        server = servers.start(ROOT / "serve.py", work / "logs", env)
        try:
            server.wait_healthy()
            disk, wire, encoding = geometry_bytes(server.base_url)
            results.append(
                Result(
                    "geometry.world_50m_bytes",
                    None,
                    round(wire / 1024, 1),
                    "KB",
                    note=f"served once, then cached by the browser; {disk / 1024:.0f} "
                    f"KB on disk, sent with Content-Encoding {encoding}",
                )
            )
            if levels:
                warm: dict[str, list] = {
                    "first": [],
                    "latency": [],
                    "painted": [],
                    "errors": [],
                    "console": [],
                }
                await _session(
                    browser, server.base_url, 2, warm, time.monotonic() + LEVEL_BUDGET_S
                )  # load and cache the dataset
                label = f"data: {data_dir.name}" if data_dir else "bundled data"
                results += await concurrency(
                    browser, server.base_url, server.process.pid, levels, changes, label
                )
        finally:
            server.stop()
        await browser.close()
    return results
