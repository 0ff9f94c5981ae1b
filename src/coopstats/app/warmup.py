"""Work done when the server starts, before any browser connects: `serve.py`'s lifespan.

Streamlit runs nothing of an app until its first session, so the first official to open the
dashboard used to wait for the imports (pandas, pandera, plotly, Babel: about a second) and
the dataset's load and validation. Here a background thread does both while the server is
starting and the first browser is still loading Streamlit's frontend; the dataset lands in
the same `st.cache_resource` the pages read, so the first session finds it ready. If the
warm-up fails (bad data), the first session shows the error as before.

Then, unless a browser has already asked for a page, it opens the pages a browser opens first
(the world map, then the default page) itself, over Streamlit's own WebSocket protocol, as a
browser would: a first run in a new process pays once for what every later run finds ready
(the first pages' answers in `st.cache_data`, the dataset's memos, Streamlit's and plotly's
first-use work: about 0.3 s of CPU on the bundled data), so the first official to come no
longer pays it. When a browser is already loading the dashboard, its own first run does that
work; opening the pages beside it would only take the cores it needs (measured: 0.27 s later
to a painted map), so the warm-up leaves them (`VisitorWatch` notes the first request).

The other pages' modules are imported last, a few seconds after the first page has been drawn
for a browser: until then that browser is still painting it, on the same cores.
"""

from __future__ import annotations

import ast
import gc
import importlib
import inspect
import logging
import sys
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
PAGES_DIR = Path(__file__).resolve().parent / "pages"
WARM_SWITCH_INTERVAL_S = 0.0005
# The pages a browser opens first: the default page (/) and the world map (/map).
FIRST_PAGES = ("overview", "world_map")
# The other pages' modules are imported once a page is drawn, or after this long without one.
FIRST_PAGE_WAIT_S = 10.0
# ... and, when a page was drawn for a browser, this long after it: the browser is still painting
# it then (2-3 s after its run ends, on 2 cores), and the imports (0.5-1 s of CPU) took the
# cores it paints with: 1.37x to 1.26x the bare map app's start-up when left for 6 s.
OTHER_PAGES_AFTER_S = 6.0
# The pages the warm-up opens itself, by URL path ("" is the default page); a page's run may
# take this long before the warm-up gives up waiting for it.
REHEARSED_PAGES = ("map", "")
REHEARSAL_TIMEOUT_S = 60.0
REHEARSAL_USER_AGENT = "coopstats-warmup"
LISTEN_WAIT_S = 10.0


class _Runs:
    """How many runs of the dashboard this process has begun and drawn (the shell says both)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.begun = 0
        self.drawn = 0

    def begin(self) -> None:
        with self._changed:
            self.begun += 1

    def draw(self) -> None:
        with self._changed:
            self.drawn += 1
            self._changed.notify_all()

    def wait_drawn(self, more_than: int, timeout_s: float) -> bool:
        """Wait until more than `more_than` runs have been drawn, or `timeout_s` has passed."""
        with self._changed:
            return self._changed.wait_for(lambda: self.drawn > more_than, timeout_s)


_runs = _Runs()
_visited = threading.Event()
# Requests that are not a browser's: a load balancer's health checks, metrics scrapers.
PROBE_PATHS = ("/_stcore/health", "/_stcore/metrics", "/_stcore/script-health-check")


class VisitorWatch:
    """ASGI middleware (serve.py): notes the first HTTP request of a browser, that is any
    request but a health check or a metrics scrape. The warm-up's own visits are WebSocket
    only, so they are not counted."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if (
            scope["type"] == "http"
            and not _visited.is_set()
            and not str(scope.get("path", "")).endswith(PROBE_PATHS)
        ):
            _visited.set()
        await self.app(scope, receive, send)


def page_imports(pages_dir: Path = PAGES_DIR, pages: tuple[str, ...] | None = None) -> list[str]:
    """The coopstats modules the page scripts import (read from their source, not run): of
    every page, or of the pages named in `pages` (file stems)."""
    found: dict[str, None] = {}
    for page in sorted(pages_dir.glob("*.py")):
        if pages is not None and page.stem not in pages:
            continue
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from coopstats.app import charts` names a module too.
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found.update((n, None) for n in names if n.split(".")[0] == "coopstats")
    return [name for name in found if _is_module(name)]


def _is_module(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # `from coopstats.app.view import current`: not a module
        return False


def run_begun() -> None:
    """Tell the warm-up that a run has begun (the shell calls it at the start of each run)."""
    _runs.begin()


def page_shown() -> None:
    """Tell the warm-up that a page has been drawn (the shell calls it at the end of each run)."""
    _runs.draw()


def warm(
    first_page_wait_s: float = 0.0,
    rehearse: tuple[str, ...] = (),
    port: int | None = None,
    base_path: str = "",
    after_first_page_s: float = 0.0,
) -> None:
    """Import the shell's and the first pages' modules; load the configured dataset into the
    cache the pages read; open the pages of `rehearse` (URL paths) of the server on `port`
    once, while no browser has asked for a page; then, `after_first_page_s` after a page has
    been drawn for a browser (or at once after `first_page_wait_s` without one), import the
    other pages' modules and index the dataset's country names in every language."""
    from coopstats.app import data_source, shell, view  # noqa: F401  (imported for its imports)
    from coopstats.settings import Settings

    # The first session waits for the data, and its run shares the GIL with whatever this
    # thread does meanwhile: the other pages' modules (Compare, the press release, extraction:
    # 0.5-1 s at start-up) are imported after the first page is drawn, not before.
    for module in page_imports(pages=FIRST_PAGES):
        importlib.import_module(module)
    try:
        dataset = data_source.warm(Settings.from_env(), view.dataset)
    finally:
        map_module_files()
        freeze_what_lasts()
    rehearsed = 0
    for path in rehearse if port else ():
        if _visited.is_set() or _runs.begun > rehearsed:  # a browser is here (see the top)
            break
        rehearsed += 1
        try:
            visit(path, port, base_path)
        except (OSError, TimeoutError, RehearsalError) as error:
            log.info("warm-up: page %r not opened ahead of the first browser: %s", path, error)
            break
    if rehearsed:
        freeze_what_lasts()  # the answers and figures the pages keep in their caches
    if _runs.wait_drawn(rehearsed, first_page_wait_s) and after_first_page_s > 0:
        time.sleep(after_first_page_s)  # a browser paints what its run sent
    for module in page_imports():
        importlib.import_module(module)
    # The names every language resolves (the search box, lists brought in): read when first
    # asked for (coopstats.countries), so read here, after the first page, not by the first
    # search.
    dataset.countries.keys  # noqa: B018
    freeze_what_lasts()


class RehearsalError(RuntimeError):
    """The server did not run a page the warm-up opened (never shown to a user: logged)."""


def visit(
    path: str, port: int, base_path: str = "", timeout_s: float = REHEARSAL_TIMEOUT_S
) -> None:
    """Open the page at URL `path` of the server on `port` (loopback) under `base_path`, as a
    browser does, over Streamlit's own protocol (`BackMsg` out, `ForwardMsg` back, the classes
    streamlit ships), and return once its run has finished."""

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    base = base_path.strip("/")
    stream = f"ws://127.0.0.1:{int(port)}/{base + '/' if base else ''}"
    started = time.monotonic()
    deadline = started + timeout_s
    while True:  # the warm-up may be ready before the server listens
        try:
            socket = connect(
                f"{stream}_stcore/stream",
                subprotocols=["streamlit"],  # type: ignore[list-item]
                user_agent_header=REHEARSAL_USER_AGENT,
                max_size=None,
                proxy=None,  # loopback, whatever proxy the environment names
                ping_interval=None,
                open_timeout=max(deadline - time.monotonic(), 0.1),
            )
            break
        except ConnectionRefusedError:
            # The server listens within a second of the warm-up's start; a refusal after
            # LISTEN_WAIT_S means it listens elsewhere (server.address): give up.
            if time.monotonic() > min(deadline, started + LISTEN_WAIT_S):
                raise
            time.sleep(0.05)
    with socket:
        message = BackMsg()
        message.rerun_script.page_name = path
        message.rerun_script.context_info.timezone = "UTC"
        socket.send(message.SerializeToString())
        while (left := deadline - time.monotonic()) > 0:
            frame = socket.recv(timeout=left)
            if isinstance(frame, str):
                continue
            reply = ForwardMsg()
            reply.ParseFromString(frame)
            if reply.WhichOneof("type") != "script_finished":
                continue
            if reply.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            if reply.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                raise RehearsalError(
                    f"the run of {path!r} ended with status {reply.script_finished}"
                )
            return
    raise TimeoutError(f"the run of {path!r} did not finish within {timeout_s:.0f} s")


def map_module_files() -> None:
    """Map the file of every module loaded so far to its module, once, here.

    A process's first Streamlit element asks whether it runs in a Python REPL
    (`streamlit.env_util.is_repl`, through `inspect.stack()`), and the first `inspect.stack()`
    of a process maps the file of every loaded module (`inspect.getmodule`: a `realpath` each,
    about 1,700 modules once pandas, plotly and the store are in). That was 0.5 s of the first
    run's CPU before its first element left for the browser (py-spy, start-up with a browser
    waiting). Mapped here, the run's own call finds the map made and adds only the modules
    imported since.
    """
    inspect.getmodule(map_module_files.__code__)


def freeze_what_lasts() -> None:
    """Leave what the server holds for its whole life out of every later garbage collection.

    Streamlit collects garbage in full after every run of a page (`runner.postScriptGC`), to
    keep a server's memory from creeping up. A full collection walks every object the collector
    tracks, and nearly all of them are the modules, classes and functions of Streamlit, pandas,
    plotly and the rest, and the loaded dataset with its name indexes: on the bundled data that
    walk was about 60% of the server's CPU per filter change (py-spy under 5 sessions).
    `gc.freeze` moves them to a generation the collector skips; what sessions create is still
    collected after each run, and frozen objects are still freed when nothing refers to them.
    The one cost: a reference cycle inside the first dataset, once a data change has replaced
    it in the cache, is never collected (at most that one dataset's cycles, until a restart).
    """
    gc.collect()
    gc.freeze()


def _warm_quietly() -> None:
    # While this thread imports and loads (pure Python, holding the GIL), the server's event
    # loop is sending the browser Streamlit's frontend: by default it waits up to 5 ms for the
    # GIL at every step, which slowed the frontend's first load by about half a second. A
    # shorter switch interval hands it over sooner; the default comes back when done.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(WARM_SWITCH_INTERVAL_S)
    try:
        from streamlit import config

        warm(
            first_page_wait_s=FIRST_PAGE_WAIT_S,
            after_first_page_s=OTHER_PAGES_AFTER_S,
            rehearse=REHEARSED_PAGES,
            port=config.get_option("server.port"),
            base_path=str(config.get_option("server.baseUrlPath") or ""),
        )
    except Exception:  # the first session reports a data error to the user; log it here
        log.exception("warm-up before the first session failed")
    finally:
        sys.setswitchinterval(interval)


@asynccontextmanager
async def lifespan(app: object) -> AsyncIterator[None]:
    """Start the warm-up in a thread and go on starting the server at once."""
    threading.Thread(target=_warm_quietly, name="coopstats-warmup", daemon=True).start()
    yield
