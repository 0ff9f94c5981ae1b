"""Simulated officials: Streamlit sessions driven over Streamlit's own WebSocket protocol.

No browser: each simulated official is one WebSocket to `/_stcore/stream` (subprotocol
`streamlit`) that sends `BackMsg` protobufs (`rerun_script` with a `ClientState`) and reads
`ForwardMsg` protobufs until `script_finished`, the classes the streamlit package ships. So the
machine's cores go to the server, and what is measured is the server.

An official opens a page, then changes a filter at random moments, every `think_s` seconds on
average (exponential gaps: arrivals at random, an official's pace), and waits for the run to
finish each time. A change is either a new year range on the sidebar's slider or the
sub-forums checkbox toggled. Officials arrive at random within the first seconds of a level.

Bounded: a level lasts `duration_s` (no change starts after it), every wait for the server
gives up after `REPLY_TIMEOUT_S` (an error), and a level is cancelled after its duration plus
`LEVEL_GRACE_S`. Only loopback addresses are accepted.

    python -m bench.sessions --levels 1 5 10 --duration 30           # bundled data
    python -m bench.sessions --data bench/data/syn-100000-seed1 --capacity
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench import server as servers
from bench.measure import Result
from coopstats.replicas import process_figures

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REPLY_TIMEOUT_S = 60.0
LEVEL_GRACE_S = 90.0
THINK_S = 5.0
ARRIVAL_S = 5.0
P95_LIMIT_S = 2.0
# A level whose p95 passes this stops the levels above it: they could only be slower.
HOPELESS_S = 10.0
LEVELS = (1, 5, 10, 20, 50)
YEARS_KEY = "years"
SUB_FORUMS_LABEL = "Include sub-forums and side meetings"


class ProtocolError(RuntimeError):
    """The server closed, timed out or reported an error in the page."""


@dataclass
class Widget:
    """A widget seen in the page's deltas: its id, kind and what a change may set."""

    id: str
    kind: str
    label: str
    low: float = 0.0
    high: float = 0.0
    value: object = None


@dataclass
class Session:
    """One simulated official: a WebSocket and what the page showed it."""

    url: str
    page: str
    socket: object = None
    widgets: dict[str, Widget] = field(default_factory=dict)
    query_string: str = ""
    problems: list[str] = field(default_factory=list)

    async def open(self) -> float:
        """Connect, run the page; seconds until its run finished."""
        parts = urlsplit(self.url)
        if parts.hostname not in LOOPBACK:
            raise ValueError(f"{self.url}: the load generator only talks to loopback addresses")
        stream = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        started = time.monotonic()
        self.socket = await asyncio.wait_for(
            # No keepalive pings of our own: a browser sends none, and on a starved machine a
            # pong late by 20 s closed the connection as an error of the session.
            websockets.connect(
                stream, subprotocols=["streamlit"], max_size=None, ping_interval=None
            ),
            REPLY_TIMEOUT_S,
        )
        await self._rerun([])
        return time.monotonic() - started

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def change(self, rng: random.Random) -> float:
        """Change one filter at random; seconds until the server's run finished."""
        state = WidgetState()
        slider = next((w for w in self.widgets.values() if w.kind == "slider"), None)
        checkbox = next((w for w in self.widgets.values() if w.kind == "checkbox"), None)
        if slider is not None and (checkbox is None or rng.random() < 0.75):
            a, b = sorted(rng.sample(range(int(slider.low), int(slider.high) + 1), 2))
            state.id = slider.id
            state.double_array_value.data.extend([float(a), float(b)])
        elif checkbox is not None:
            state.id = checkbox.id
            state.bool_value = not bool(checkbox.value)
            checkbox.value = state.bool_value
        else:
            raise ProtocolError("the page showed neither the year slider nor the checkbox")
        started = time.monotonic()
        await self._rerun([state])
        return time.monotonic() - started

    async def _rerun(self, states: list[WidgetState]) -> None:
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query_string
        client.page_name = self.page
        client.context_info.timezone = "UTC"
        client.context_info.locale = "en-GB"
        client.widget_states.widgets.extend(states)
        await self.socket.send(message.SerializeToString())
        await self._until_finished()

    async def _until_finished(self) -> None:
        give_up = time.monotonic() + REPLY_TIMEOUT_S
        while True:
            left = give_up - time.monotonic()
            if left <= 0:
                raise ProtocolError(f"no script_finished within {REPLY_TIMEOUT_S:.0f} s")
            try:
                frame = await asyncio.wait_for(self.socket.recv(), left)
            except TimeoutError as error:
                raise ProtocolError(f"no script_finished within {REPLY_TIMEOUT_S:.0f} s") from error
            if isinstance(frame, str):
                continue
            message = ForwardMsg()
            message.ParseFromString(frame)
            kind = message.WhichOneof("type")
            if kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("the page did not compile")
                if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "delta":
                self._read_delta(message)

    def _read_delta(self, message: ForwardMsg) -> None:
        delta = message.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.problems.append(f"exception: {element.exception.message[:120]}")
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            self.problems.append(f"error shown: {element.alert.body[:120]}")
        elif kind == "slider" and element.slider.id.endswith(f"-{YEARS_KEY}"):
            s = element.slider
            self.widgets[s.id] = Widget(s.id, "slider", s.label, s.min, s.max)
        elif kind == "checkbox" and element.checkbox.label == SUB_FORUMS_LABEL:
            c = element.checkbox
            known = self.widgets.get(c.id)
            value = known.value if known else (c.value if c.set_value else c.default)
            self.widgets[c.id] = Widget(c.id, "checkbox", c.label, value=value)


@dataclass
class Level:
    """What one level of concurrent sessions measured."""

    sessions: int
    opens: list[float] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    server_cpu_s: float = 0.0
    own_cpu_s: float = 0.0
    load_1m: float = 0.0

    def quantile(self, q: float) -> float | None:
        if not self.changes:
            return None
        ordered = sorted(self.changes)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def p50(self) -> float | None:
        return statistics.median(self.changes) if self.changes else None

    @property
    def p95(self) -> float | None:
        return self.quantile(0.95)

    @property
    def server_cpu_per_change(self) -> float | None:
        done = len(self.changes) + len(self.opens)
        return self.server_cpu_s / done if done else None

    def passes(self) -> bool:
        return self.p95 is not None and self.p95 <= P95_LIMIT_S and not self.errors


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children."""
    return process_figures(pid)[0]


async def _official(
    url: str, page: str, level: Level, rng: random.Random, ends: float, think_s: float
) -> None:
    await asyncio.sleep(rng.uniform(0, ARRIVAL_S))
    session = Session(url, page)
    try:
        level.opens.append(await session.open())
        while True:
            await asyncio.sleep(rng.expovariate(1 / think_s))
            if time.monotonic() >= ends:
                break
            level.changes.append(await session.change(rng))
    except (ProtocolError, OSError, websockets.ConnectionClosed, TimeoutError) as error:
        level.errors.append(f"{type(error).__name__}: {str(error)[:160]}")
    finally:
        level.errors += session.problems
        await session.close()


async def run_level(
    url: str,
    server_pid: int | None,
    sessions: int,
    *,
    page: str = "map",
    duration_s: float = 30.0,
    think_s: float = THINK_S,
    seed: int = 1,
) -> Level:
    """`sessions` officials on one server for `duration_s`; bounded in time."""
    level = Level(sessions)
    rng = random.Random(seed * 1000 + sessions)
    me = psutil.Process()
    own0 = me.cpu_times()
    server0 = cpu_seconds(server_pid) if server_pid else 0.0
    started = time.monotonic()
    ends = started + duration_s
    tasks = [
        _official(url, page, level, random.Random(rng.random()), ends, think_s)
        for _ in range(sessions)
    ]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), duration_s + LEVEL_GRACE_S)
    except TimeoutError:
        level.errors.append(f"level stopped after {duration_s + LEVEL_GRACE_S:.0f} s")
    level.wall_s = time.monotonic() - started
    own1 = me.cpu_times()
    level.own_cpu_s = (own1.user + own1.system) - (own0.user + own0.system)
    level.server_cpu_s = (cpu_seconds(server_pid) - server0) if server_pid else 0.0
    level.load_1m = round(psutil.getloadavg()[0], 2)
    return level


def results_of(level: Level, label: str, size: int | None) -> list[Result]:
    """A level's figures: p50, p95 and errors of a filter change, with CPU beside them."""
    n = level.sessions
    cores = psutil.cpu_count() or 1
    share = (
        f"{len(level.changes)} changes and {len(level.opens)} page opens in "
        f"{level.wall_s:.0f} s; server CPU {level.server_cpu_s:.1f} s "
        f"({100 * level.server_cpu_s / (level.wall_s * cores):.0f}% of {cores} cores), "
        f"per change or open {1000 * (level.server_cpu_per_change or 0):.0f} ms; "
        f"load generator CPU {level.own_cpu_s:.1f} s "
        f"({100 * level.own_cpu_s / (level.wall_s * cores):.0f}%); "
        f"page open p50 {statistics.median(level.opens) if level.opens else float('nan'):.2f} s; "
        f"{label}"
    )
    common = {"load_1m": level.load_1m, "runs": len(level.changes), "note": share}
    cpu_per_change = level.server_cpu_per_change
    return [
        Result(f"sessions.{n}.p50", size, _round(level.p50), "s", **common),
        Result(f"sessions.{n}.p95", size, _round(level.p95), "s", **common),
        Result(
            f"sessions.{n}.errors",
            size,
            len(level.errors),
            "count",
            load_1m=level.load_1m,
            note="; ".join(dict.fromkeys(level.errors))[:300],
        ),
        Result(
            f"sessions.{n}.server_cpu_per_change",
            size,
            _round(cpu_per_change),
            "s",
            load_1m=level.load_1m,
            note="server CPU seconds per filter change or page open",
        ),
        Result(
            f"sessions.{n}.generator_cpu",
            size,
            round(level.own_cpu_s / level.wall_s, 3) if level.wall_s else None,
            "cores",
            load_1m=level.load_1m,
            note="the load generator's own CPU, in cores used over the level",
        ),
    ]


def _round(x: float | None) -> float | None:
    return round(x, 4) if x is not None else None


async def measure(
    data_dir: Path | None,
    size: int | None,
    *,
    levels: tuple[int, ...] = LEVELS,
    duration_s: float = 30.0,
    capacity: bool = True,
    log_dir: Path,
    log=print,
) -> list[Result]:
    """Levels of concurrent sessions on one fresh server; then, with `capacity`, the largest
    number of sessions whose p95 stays within 2 s: the gap between the last level that passed
    and the first that failed is halved twice. Levels stop early only past a p95 of 10 s."""
    env = {"COOPSTATS_DATA_DIR": str(Path(data_dir).resolve())} if data_dir else None
    label = f"data: {Path(data_dir).name}" if data_dir else "bundled data"
    server = servers.start(servers.ROOT / "serve.py", log_dir, env)
    results: list[Result] = []
    try:
        server.wait_healthy()
        warm = Session(server.base_url, "map")  # load and cache the dataset first
        await warm.open()
        await warm.close()
        passed, failed = 0, None
        for n in levels:
            level = await run_level(server.base_url, server.process.pid, n, duration_s=duration_s)
            log(f"{n} sessions: p50 {level.p50}, p95 {level.p95}, errors {len(level.errors)}")
            results += results_of(level, label, size)
            if level.passes():
                if failed is None:
                    passed = max(passed, n)
            else:
                failed = n if failed is None else failed
                if level.p95 is None or level.p95 > HOPELESS_S:
                    log(f"levels above {n} left out: p95 past {HOPELESS_S:g} s")
                    break
        if capacity:
            for _ in range(2):
                if failed is None or failed - passed <= 1:
                    break
                n = (passed + failed) // 2
                level = await run_level(
                    server.base_url, server.process.pid, n, duration_s=duration_s
                )
                log(f"{n} sessions: p50 {level.p50}, p95 {level.p95}, errors {len(level.errors)}")
                if level.passes():
                    passed = n
                else:
                    failed = n
            tried = ", ".join(str(n) for n in levels)
            results.append(
                Result(
                    "sessions.capacity",
                    size,
                    passed,
                    "sessions",
                    note=f"the most concurrent sessions with p95 ≤ {P95_LIMIT_S:g} s and no error "
                    f"on one process; first failing level: {failed if failed else 'none'} "
                    f"(levels {tried}, then halving the gap twice); {label}",
                )
            )
    finally:
        server.stop()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sessions", description=__doc__)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--levels", type=int, nargs="+", default=list(LEVELS))
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--capacity", action="store_true")
    args = parser.parse_args(argv)
    results = asyncio.run(
        measure(
            args.data,
            args.size,
            levels=tuple(args.levels),
            duration_s=args.duration,
            capacity=args.capacity,
            log_dir=servers.ROOT / "bench" / "results" / "work" / "logs",
            log=lambda m: print(m, file=sys.stderr, flush=True),
        )
    )
    sys.stdout.write(json.dumps([r.as_dict() for r in results]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
