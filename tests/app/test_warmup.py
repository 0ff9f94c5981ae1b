"""The server's start-up work (coopstats.app.warmup, serve.py): pages' modules and the data
are ready before the first session."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from coopstats.app import warmup
from loops import run_alone

ROOT = Path(__file__).resolve().parents[2]


def test_serve_py_is_an_app_streamlit_runs_with_the_warm_up() -> None:
    found = discover_asgi_app(ROOT / "serve.py")
    assert found.is_asgi_app and found.app_name == "app"
    source = (ROOT / "serve.py").read_text(encoding="utf-8")
    assert 'st.App(\n    "dashboard.py",\n    lifespan=lifespan,' in source
    assert "middleware=[Middleware(VisitorWatch), Middleware(EarlyLoad)]" in source


def test_the_pages_modules_are_read_from_their_imports(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "import streamlit as st\nfrom coopstats.app import charts, view\n"
        "from coopstats.app.view import ask\nimport coopstats.figures.compare\n",
        encoding="utf-8",
    )
    found = warmup.page_imports(tmp_path)
    assert found == [
        "coopstats.app",
        "coopstats.app.charts",
        "coopstats.app.view",
        "coopstats.figures.compare",
    ]
    assert "coopstats.app.view.ask" not in found  # a function, not a module


def _loaded(*args: object) -> SimpleNamespace:
    """What a stub of data_source.warm returns: a dataset with no names to index."""
    return SimpleNamespace(countries=SimpleNamespace(keys={}))


def test_warm_up_imports_every_page_module_and_caches_the_dataset(monkeypatch, unfrozen) -> None:
    from coopstats.app import data_source
    from coopstats.settings import Settings
    from coopstats.store import select

    settings = Settings.from_env()
    data_source.store_dataset.clear()
    warmup.warm()
    assert all(name in sys.modules for name in warmup.page_imports())
    # What it imported and loaded is left out of later collections (see the test below).
    assert gc.get_freeze_count() > 0

    def no_second_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the first session loaded the data again")

    # The first session's call is a cache hit: nothing is loaded again (the store is the
    # selected source in the tests: COOPSTATS_HOME is a temporary folder).
    monkeypatch.setattr(data_source, "load_dataset", no_second_load)
    url = select(settings).url
    version = data_source._store(url).data_version()
    ds = data_source.store_dataset(url, version, settings)
    assert ds.tables.events.shape[0] > 0
    # The names of every language were indexed, so the first search does not wait for them.
    assert "_indexed" in vars(ds.countries)
    data_source.store_dataset.clear()


def test_warm_up_loads_the_data_before_the_modules_of_pages_opened_later(monkeypatch) -> None:
    from coopstats.app import data_source

    first_pages = set(warmup.page_imports(pages=warmup.FIRST_PAGES))  # before the patch below
    every_page = set(warmup.page_imports())
    done: list[str] = []
    monkeypatch.setattr(warmup.importlib, "import_module", done.append)
    monkeypatch.setattr(data_source, "warm", lambda *args: _loaded(done.append("data")))
    monkeypatch.setattr(warmup, "freeze_what_lasts", lambda: None)
    warmup.warm()
    first = done[: done.index("data")]
    assert set(first) == first_pages
    assert set(done) - {"data"} == every_page
    # The pages opened first are the default page and the map, and they exist.
    assert {p.stem for p in warmup.PAGES_DIR.glob("*.py")} >= set(warmup.FIRST_PAGES)
    source = (ROOT / "src/coopstats/app/shell.py").read_text(encoding="utf-8")
    assert 'page("overview.py", _("Overview"), "overview", default=True)' in source


def _warm_in_a_thread(monkeypatch, **kwargs) -> tuple[threading.Thread, list[str], set[str]]:
    """warm(**kwargs) started in a thread, recording what it imports and loads (nothing is),
    with the page modules it should import in the end."""
    from coopstats.app import data_source

    every_page = set(warmup.page_imports())  # before import_module is replaced below
    done: list[str] = []
    monkeypatch.setattr(warmup.importlib, "import_module", done.append)
    monkeypatch.setattr(data_source, "warm", lambda *args: _loaded(done.append("data")))
    monkeypatch.setattr(warmup, "freeze_what_lasts", lambda: None)
    monkeypatch.setattr(warmup, "_runs", warmup._Runs())
    thread = threading.Thread(target=warmup.warm, kwargs=kwargs)
    thread.start()
    return thread, done, every_page


def test_the_other_pages_wait_until_a_page_is_drawn(monkeypatch) -> None:
    thread, done, every_page = _warm_in_a_thread(monkeypatch, first_page_wait_s=60)
    thread.join(timeout=2)
    assert thread.is_alive() and done[-1] == "data"  # waiting, with the data loaded
    warmup.page_shown()
    thread.join(timeout=10)
    assert not thread.is_alive() and set(done) - {"data"} == every_page


def test_the_other_pages_wait_while_the_browser_paints_the_first(monkeypatch) -> None:
    thread, done, every_page = _warm_in_a_thread(
        monkeypatch, first_page_wait_s=60, after_first_page_s=1.5
    )
    thread.join(timeout=2)
    drawn = time.monotonic()
    warmup.page_shown()
    thread.join(timeout=0.5)
    assert thread.is_alive() and done[-1] == "data"  # the browser is painting: not yet
    thread.join(timeout=10)
    assert not thread.is_alive() and time.monotonic() - drawn >= 1.5
    assert set(done) - {"data"} == every_page


def test_the_shell_says_when_a_page_is_drawn() -> None:
    source = (ROOT / "src/coopstats/app/shell.py").read_text(encoding="utf-8")
    assert "    finally:\n        warmup.page_shown()" in source


def test_the_server_starts_without_python_pptx() -> None:
    code = (
        "import coopstats.app.warmup as w, sys; w.page_imports(); "
        "[__import__(m) for m in w.page_imports()]; print('pptx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_warm_up_hands_the_gil_over_sooner_while_it_runs_and_restores_the_default(
    monkeypatch,
) -> None:
    seen = []
    monkeypatch.setattr(warmup, "warm", lambda **_: seen.append(sys.getswitchinterval()))
    before = sys.getswitchinterval()
    warmup._warm_quietly()
    assert seen == [warmup.WARM_SWITCH_INTERVAL_S] and seen[0] < before
    assert sys.getswitchinterval() == before

    def failing(**_: object) -> None:
        raise RuntimeError("bad data")

    monkeypatch.setattr(warmup, "warm", failing)
    warmup._warm_quietly()  # logged, not raised: the first session shows the error
    assert sys.getswitchinterval() == before


@pytest.fixture
def unfrozen():
    """The test process's collector as it was: nothing frozen before or after."""
    gc.unfreeze()
    yield
    gc.unfreeze()


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_what_lasts_is_frozen_and_what_sessions_make_is_still_collected(unfrozen) -> None:
    lasting = _Node()
    lasting_ref = weakref.ref(lasting)
    warmup.freeze_what_lasts()
    assert gc.get_freeze_count() > 0
    # Made after the freeze (a session's garbage): a full collection still frees it.
    made_later = weakref.ref(_Node())
    gc.collect(2)
    assert made_later() is None
    # Made before it (the server's modules and dataset): skipped by every collection.
    del lasting
    gc.collect(2)
    assert lasting_ref() is not None


def test_the_imports_are_frozen_even_when_the_data_fails_to_load(monkeypatch, unfrozen) -> None:
    from coopstats.app import data_source

    def bad_data(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bad data")

    monkeypatch.setattr(data_source, "warm", bad_data)
    with pytest.raises(RuntimeError, match="bad data"):
        warmup.warm()
    assert gc.get_freeze_count() > 0


def test_serve_py_imports_neither_the_store_nor_pandas_before_the_server_listens() -> None:
    # Streamlit runs serve.py to find `app` before it listens: whatever it imports delays the
    # health check and the first page. Regression: the cookie route imported the store
    # (SQLAlchemy, pandas, pandera, Alembic), which put a second before the server listened.
    heavy = ("sqlalchemy", "alembic", "pandas", "pandera", "geopandas", "coopstats.store")
    code = (
        "import runpy, sys; runpy.run_path('serve.py'); "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


_REALPATHS_OF_A_FIRST_STACK = """
import inspect, os, sys
from coopstats.app import data_source, shell, view  # what the warm-up imports first
if sys.argv[1] == "mapped":
    from coopstats.app.warmup import map_module_files
    map_module_files()
calls, realpath = [], os.path.realpath
os.path.realpath = lambda *a, **k: calls.append(1) or realpath(*a, **k)
inspect.stack()  # what a process's first Streamlit element does (streamlit.env_util.is_repl)
print(len(calls), len(sys.modules))
"""


@pytest.mark.parametrize("mapped", [False, True])
def test_the_first_runs_stack_finds_the_module_files_mapped(mapped: bool) -> None:
    # Regression: the first run of a process spent 0.5 s in inspect.getmodule mapping every
    # module's file (a realpath each) before its first element left for the browser.
    done = subprocess.run(
        [sys.executable, "-c", _REALPATHS_OF_A_FIRST_STACK, "mapped" if mapped else "cold"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    realpaths, modules = map(int, done.stdout.split())
    assert modules > 1000
    if mapped:
        assert realpaths < 20
    else:  # the cost the warm-up takes off the first run
        assert realpaths > modules // 2


def _stub_warm(monkeypatch) -> list[str]:
    from coopstats.app import data_source

    visits: list[str] = []
    monkeypatch.setattr(warmup.importlib, "import_module", lambda name: None)
    monkeypatch.setattr(data_source, "warm", lambda *args: _loaded())
    monkeypatch.setattr(warmup, "freeze_what_lasts", lambda: None)
    monkeypatch.setattr(warmup, "_runs", warmup._Runs())
    monkeypatch.setattr(warmup, "_visited", threading.Event())
    monkeypatch.setattr(warmup, "visit", lambda path, port, base: visits.append(path))
    return visits


def test_a_server_nobody_has_visited_opens_its_first_pages_itself(monkeypatch) -> None:
    visits = _stub_warm(monkeypatch)
    warmup.warm(rehearse=warmup.REHEARSED_PAGES, port=8501)
    assert visits == ["map", ""]  # the world map, then the default page


def test_the_first_pages_are_left_to_a_browser_that_has_come(monkeypatch) -> None:
    visits = _stub_warm(monkeypatch)
    warmup._visited.set()
    warmup.warm(rehearse=warmup.REHEARSED_PAGES, port=8501)
    assert visits == []
    visits = _stub_warm(monkeypatch)
    warmup.run_begun()  # a browser's run began before the data was ready
    warmup.warm(rehearse=warmup.REHEARSED_PAGES, port=8501)
    assert visits == []


def test_only_a_browsers_requests_count_as_a_visit(monkeypatch) -> None:
    monkeypatch.setattr(warmup, "_visited", threading.Event())
    seen: list[str] = []

    async def app(scope, receive, send) -> None:
        seen.append(scope["path"])

    watch = warmup.VisitorWatch(app)
    for scope in (
        {"type": "http", "path": "/_stcore/health"},
        {"type": "http", "path": "/base/_stcore/health"},
        {"type": "http", "path": "/_stcore/metrics"},
        {"type": "websocket", "path": "/_stcore/stream"},  # the warm-up's own visit
    ):
        run_alone(lambda scope=scope: watch(scope, None, None))
    assert not warmup._visited.is_set() and len(seen) == 4
    run_alone(lambda: watch({"type": "http", "path": "/map"}, None, None))
    assert warmup._visited.is_set() and seen[-1] == "/map"


@pytest.mark.slow
def test_the_server_opens_the_map_before_any_browser_comes(tmp_path) -> None:
    # Seen from outside as a load balancer sees it: health checks and metrics only. Once the
    # warm-up has opened the first pages, the pages' query cache holds their answers.
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.headless", "true"],
        cwd=ROOT, env={**os.environ, "COOPSTATS_HOME": str(tmp_path)},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline, cached = time.monotonic() + 120, ""
        while time.monotonic() < deadline and 'cache="coopstats.app.view.query"' not in cached:
            time.sleep(0.5)
            try:
                url = f"http://127.0.0.1:{port}/_stcore/metrics"
                with urllib.request.urlopen(url, timeout=5) as response:
                    cached = response.read().decode()
            except OSError:
                continue
        assert 'cache="coopstats.app.view.query"' in cached, (tmp_path / "server.log").read_text()
        assert "Traceback" not in (tmp_path / "server.log").read_text()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


def test_a_server_it_cannot_reach_leaves_the_first_run_to_the_first_browser(monkeypatch) -> None:
    # Nothing listens on the port (a server bound to another address): the visit is refused,
    # the warm-up logs it and goes on to import the other pages.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free = sock.getsockname()[1]
    monkeypatch.setattr(warmup, "LISTEN_WAIT_S", 0.2)
    with pytest.raises(ConnectionRefusedError):
        warmup.visit("map", free)
    _stub_warm(monkeypatch)
    imported: list[str] = []
    monkeypatch.setattr(warmup.importlib, "import_module", imported.append)

    def refused(path: str, port: int, base: str) -> None:
        raise ConnectionRefusedError("nothing listens")

    monkeypatch.setattr(warmup, "visit", refused)
    warmup.warm(rehearse=warmup.REHEARSED_PAGES, port=free)
    assert set(imported) >= set(warmup.page_imports())
