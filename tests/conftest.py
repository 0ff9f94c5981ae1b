"""Fixtures shared by the whole suite, and the rules that sort tests into the fast and slow sets.

Test folders mirror `src/coopstats/` (`tests/aggregate/` tests `coopstats/aggregate/`, and so on);
tests of top-level modules (`load.py`, `countries.py`, `cli.py`...) sit in `tests/` itself.
`tests/browser/` drives the served dashboard in Chromium: every test there is marked `browser`.

Markers (declared in pyproject.toml):
- `browser`: needs Debian's Chromium and a served dashboard (Playwright);
- `slow`: starts Chromium for image export (kaleido), builds synthetic data, runs long property
  searches, or needs a database server. `make test-fast` leaves both out; `make test` runs all.

The bundled dataset is loaded once per test process (`ds`, `bundled_tables`): it is read-only, so
sharing it is safe. A test that needs other data builds a small folder with `datafactory`.

Every test process gets a store of its own: COOPSTATS_HOME points at a temporary folder (without
it, `load_dataset()` and the dashboard would create and seed the store in the user's data
directory). `store_url` gives an empty store on each engine (SQLite, and PostgreSQL from
`postgres_server`, a server from Debian's package started in a temporary folder: slow).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from coopstats import load_dataset
from coopstats.dataset import Dataset
from coopstats.load import Tables, load_tables
from coopstats.settings import BUNDLED_DATA_DIR


def pytest_configure(config) -> None:
    home = tempfile.mkdtemp(prefix="coopstats-test-home-")
    os.environ["COOPSTATS_HOME"] = home
    os.environ.pop("COOPSTATS_DATABASE_URL", None)
    os.environ.pop("COOPSTATS_DATA_DIR", None)
    atexit.register(shutil.rmtree, home, ignore_errors=True)


REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # bench/ sits beside src/, not inside the installed package
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture(scope="session")
def ds() -> Dataset:
    """The bundled dataset (data/), loaded, validated and indexed once per test process."""
    return load_dataset()


@pytest.fixture(scope="session")
def bundled_tables() -> Tables:
    """The bundled data/ tables as the loader returns them, read once per test process."""
    return load_tables(BUNDLED_DATA_DIR)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for this test process (tests/pgserver.py); skipped without one."""
    from pgserver import INSTALL_HINT, PostgresServer, binaries

    if binaries() is None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is missing: {INSTALL_HINT} (.ci/run installs it)")
        pytest.skip(f"PostgreSQL is not installed: {INSTALL_HINT}")
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store_url(request, tmp_path):
    """An empty store on each engine: an SQLite file, or a new PostgreSQL database."""
    from coopstats.store.engine import dispose

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database(f"t{uuid.uuid4().hex[:12]}")
    yield url
    dispose(url)
