"""Playwright harness: serve a Streamlit app offline and drive it in Debian's Chromium.

Fixtures: `chromium_path`, `serve_app` (factory: app path -> base URL), `browser`, `page`
(records console errors, external requests and responses; blocks the external ones) and
`painted_paths` (count of drawn choropleth shapes). Every test under tests/browser gets the
`browser` marker, so `pytest -m "not browser"` skips them all.

Streamlit serves `static/` from the folder of the main script, not from the working directory,
and reads `.streamlit/config.toml` from the working directory. So apps run with cwd = the
repository root, and an app written elsewhere needs a `static` link beside it
(fixture `app_with_static`).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coopstats.export.chromium import PAGE_ARGS
from coopstats.replicas import streamlit_command

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = list(PAGE_ARGS)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
HEALTH_TIMEOUT_S = 60.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def write_app(directory: Path, source: str, name: str = "app.py") -> Path:
    """Write a throwaway app into `directory` beside a link to the repository's static/."""
    directory.mkdir(parents=True, exist_ok=True)
    app = directory / name
    app.write_text(source, encoding="utf-8")
    link = directory / "static"
    if not link.exists():
        link.symlink_to(REPO_ROOT / "static", target_is_directory=True)
    return app


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    # start_new_session made the server its own process group: end it and any children.
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def serve_app(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., str]]:
    """Factory: `serve_app(app_path, env=None)` starts `streamlit run` and returns its base URL.

    One server per (app, env) for the whole session; all are stopped at the end. The server runs
    with cwd = the repository root so that .streamlit/config.toml applies.
    """
    servers: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
    processes: list[subprocess.Popen[bytes]] = []
    logs = tmp_path_factory.mktemp("streamlit_logs")

    def start(app_path: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> str:
        app = Path(app_path).resolve()
        key = (str(app), tuple(sorted((env or {}).items())))
        if key in servers:
            return servers[key]
        port = _free_port()
        log_path = logs / f"{app.stem}-{port}.log"
        command = streamlit_command(port, app=app)
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env={**os.environ, **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        processes.append(process)
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while not _healthy(base_url):
            if process.poll() is not None or time.monotonic() > deadline:
                _stop(process)
                output = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                pytest.fail(
                    f"streamlit did not become healthy at {base_url}/_stcore/health within "
                    f"{HEALTH_TIMEOUT_S:.0f} s (exit code {process.poll()}); log {log_path}:\n"
                    f"{output}"
                )
            time.sleep(0.2)
        servers[key] = base_url
        return base_url

    yield start
    for process in processes:
        _stop(process)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; never a downloaded browser (`playwright install` is not used)."""
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium")
    if found:
        return Path(found)
    pytest.skip(
        "Chromium not found at /usr/bin/chromium: install the Debian package "
        "(sudo apt-get install chromium); CI does this in .ci/run"
    )


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh page that records what went wrong and never reaches past localhost.

    Attached lists: `page.console_errors` (console errors and uncaught exceptions),
    `page.external_requests` (URLs to any other host, all aborted) and `page.responses`
    ((url, status) of every local response).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    new_page.console_errors = []
    new_page.external_requests = []
    new_page.responses = []

    def route(route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            new_page.external_requests.append(url)
            route.abort()
        else:
            route.continue_()

    def console(message) -> None:
        if message.type == "error":
            new_page.console_errors.append(f"{message.text} ({message.location.get('url')})")

    context.route("**/*", route)
    new_page.on("console", console)
    new_page.on("pageerror", lambda error: new_page.console_errors.append(f"uncaught: {error}"))
    new_page.on("response", lambda r: new_page.responses.append((r.url, r.status)))
    yield new_page
    context.close()


def count_painted_paths(page, selector: str = "path.choroplethlocation", timeout_ms: int = 90_000):
    """How many `selector` paths have a non-empty `d` (entities without a shape get d="")."""
    # state="attached": a path with an empty `d` has no box, so it is never "visible".
    page.wait_for_selector(selector, state="attached", timeout=timeout_ms)
    return page.evaluate(
        "(selector) => [...document.querySelectorAll(selector)]"
        ".filter((p) => (p.getAttribute('d') || '').length > 0).length",
        selector,
    )


@pytest.fixture(scope="session")
def app_with_static() -> Callable[..., Path]:
    """`app_with_static(directory, source)`: write a throwaway app that can serve static/."""
    return write_app


@pytest.fixture(scope="session")
def painted_paths() -> Callable[..., int]:
    """`painted_paths(page)`: the number of choropleth shapes actually drawn on the page."""
    return count_painted_paths
