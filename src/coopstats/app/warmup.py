"""Work done when the server starts, before any browser connects: `serve.py`'s lifespan.

Streamlit runs nothing of an app until its first session, so the first official to open the
dashboard used to wait for the imports (pandas, pandera, plotly, Babel: about a second) and
the dataset's load and validation. Here a background thread does both while the server is
starting and the first browser is still loading Streamlit's frontend; the dataset lands in
the same `st.cache_resource` the pages read, so the first session finds it ready. If the
warm-up fails (bad data), the first session shows the error as before.
"""

from __future__ import annotations

import ast
import gc
import importlib
import logging
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

log = logging.getLogger(__name__)
PAGES_DIR = Path(__file__).resolve().parent / "pages"
WARM_SWITCH_INTERVAL_S = 0.0005
# The pages a browser opens first: the default page (/) and the world map (/map).
FIRST_PAGES = ("overview", "world_map")
# The other pages' modules are imported once a page is drawn, or after this long without one.
FIRST_PAGE_WAIT_S = 10.0
_page_shown = threading.Event()


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


def page_shown() -> None:
    """Tell the warm-up that a page has been drawn (the shell calls it at the end of each run)."""
    _page_shown.set()


def warm(first_page_wait_s: float = 0.0) -> None:
    """Import the shell's and the first pages' modules; load the configured dataset into the
    cache the pages read; then, once a page has been drawn (or after `first_page_wait_s`),
    import the other pages' modules."""
    from coopstats.app import data_source, shell, view  # noqa: F401  (imported for its imports)
    from coopstats.settings import Settings

    # The first session waits for the data, and its run shares the GIL with whatever this
    # thread does meanwhile: the other pages' modules (Compare, the press release, extraction:
    # 0.5-1 s at start-up) are imported after the first page is drawn, not before.
    for module in page_imports(pages=FIRST_PAGES):
        importlib.import_module(module)
    try:
        data_source.warm(Settings.from_env(), view.dataset)
    finally:
        freeze_what_lasts()
    _page_shown.wait(first_page_wait_s)
    for module in page_imports():
        importlib.import_module(module)
    freeze_what_lasts()


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
        warm(first_page_wait_s=FIRST_PAGE_WAIT_S)
    except Exception:  # the first session reports a data error to the user; log it here
        log.exception("warm-up before the first session failed")
    finally:
        sys.setswitchinterval(interval)


@asynccontextmanager
async def lifespan(app: object) -> AsyncIterator[None]:
    """Start the warm-up in a thread and go on starting the server at once."""
    threading.Thread(target=_warm_quietly, name="coopstats-warmup", daemon=True).start()
    yield
