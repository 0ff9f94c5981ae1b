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
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coopstats import load_dataset
from coopstats.dataset import Dataset
from coopstats.load import Tables, load_tables
from coopstats.settings import BUNDLED_DATA_DIR

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
