"""The store's revision read without Alembic, and what opening a store imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from coopstats.store import Store, migrate
from coopstats.store.engine import engine_for

ROOT = Path(__file__).resolve().parents[2]


def test_head_is_alembics_head() -> None:
    assert migrate.head() == ScriptDirectory(str(migrate.MIGRATIONS)).get_current_head()


def test_revision_is_alembics_answer_before_and_after_migrating(store_url) -> None:
    engine = engine_for(store_url)

    def alembics() -> str | None:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    assert migrate.revision(engine) is None
    assert alembics() is None
    Store.open(store_url, seed_from=None)
    assert migrate.revision(engine) == alembics() == migrate.head()


def test_a_store_behind_head_is_still_migrated(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = engine_for(url)
    Store.open(url, seed_from=None)
    with engine.begin() as conn:  # as a store made before the editors' revision
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0001_store'"))
        conn.execute(sa.text("DROP TABLE pending_changes"))
    assert migrate.revision(engine) == "0001_store"
    Store.open(url, seed_from=None)
    assert migrate.revision(engine) == migrate.head()
    assert sa.inspect(engine).has_table("pending_changes")


def test_opening_a_store_at_head_imports_neither_alembic_nor_geopandas(tmp_path) -> None:
    # Every server opens the store at start-up: Alembic (with Mako and Pygments) is needed only
    # to migrate, and geopandas (which pandera asks about) not at all. Both cost start-up time.
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    Store.open(url)  # created, migrated and seeded here, in the test's process
    code = (
        "import sys; from coopstats.store import Store; "
        f"store = Store.open({url!r}); store.load_tables(); store.data_version(); "
        "print(sorted(m for m in ('alembic', 'mako', 'pygments', 'geopandas', 'pyproj') "
        "if m in sys.modules)); "
        "import geopandas; print('geopandas', geopandas.__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-2:] == ["[]", "geopandas geopandas"]
