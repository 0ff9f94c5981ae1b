"""Creating, migrating, seeding, dumping and upgrading the store.

- `ensure`: on first use, create the store, migrate it and seed it from the bundled data (no
  set-up step); later, migrate it when a newer revision exists. Concurrent first uses wait for
  each other (a file lock for SQLite, an advisory lock for PostgreSQL).
- `migrate`: Alembic revisions to head, then `sync_schema` (tables and columns added to
  schema.py since, additive only).
- `seed`: load a validated data package into an empty store, as the first changeset.
- `dump`: write the store as a data package (CSV files and datapackage.json).
- `upgrade_data`: apply the bundled data's corrections as one changeset, keeping local edits
  and listing the conflicts.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import sqlalchemy as sa

from coopstats import schema
from coopstats.errors import DataError, Problem
from coopstats.load import dataset_version, load_tables
from coopstats.settings import BUNDLED_DATA_DIR
from coopstats.store import tables
from coopstats.store.changesets import (
    Changeset,
    Draft,
    commit,
    iter_rows,
    seed_rows,
)
from coopstats.store.engine import sqlite_path, writing
from coopstats.store.package import write_package
from coopstats.store.read import read_frames

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SEED_EDITOR = "coopstats"
# Alembic's table of the store's revision (its default name; env.py keeps it).
VERSION_TABLE = "alembic_version"

# Alembic (with Mako and Pygments, about 0.1 s of imports) is imported only to migrate: every
# server opens the store at start-up, and a store already at head needs none of it. `head`
# reads the revision files and `revision` the version table directly; a test checks both
# against Alembic's own answers.


def _config(connection: sa.Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _assigned(path: Path, name: str) -> str | None:
    """The string a revision file assigns to `name` at module level (None when None)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return ast.literal_eval(node.value) if node.value is not None else None
    return None


@functools.cache
def head() -> str:
    """The newest revision the code knows: the one no other revision names as its parent."""
    files = sorted((MIGRATIONS / "versions").glob("*.py"))
    revisions = {_assigned(f, "revision") for f in files}
    parents = {_assigned(f, "down_revision") for f in files}
    heads = sorted(r for r in revisions - parents if r)
    if len(heads) != 1:  # branches or a revision file it cannot read: Alembic decides
        from alembic.script import ScriptDirectory

        return str(ScriptDirectory(str(MIGRATIONS)).get_current_head())
    return heads[0]


def revision(engine: sa.Engine) -> str | None:
    """The store's revision; None for a store never migrated."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(VERSION_TABLE):
            return None
        rows = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) > 1:  # several heads stamped: Alembic's own answer (an error naming them)
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return rows[0] if rows else None


def migrate(engine: sa.Engine) -> None:
    """Run the Alembic revisions up to head, then add what schema.py has added since."""
    from alembic import command

    with writing(engine).begin() as conn:
        config = _config(conn)
        command.upgrade(config, "head")
        sync_schema(conn)


def sync_schema(conn: sa.Connection) -> list[str]:
    """Create the data tables and columns that schema.py has and the store lacks.

    Only additive changes are made (a new table, a new column); the names of what was added
    are returned. A column removed or retyped in schema.py needs an Alembic revision.
    """
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    inspector = sa.inspect(conn)
    existing = set(inspector.get_table_names())
    added = []
    operations = Operations(MigrationContext.configure(conn))
    for name, table in tables.DATA.items():
        if name not in existing:
            table.create(conn)
            added.append(name)
            continue
        have = {c["name"] for c in inspector.get_columns(name)}
        for column in table.columns:
            if column.name not in have:
                operations.add_column(name, column.copy())
                added.append(f"{name}.{column.name}")
    return added


@contextlib.contextmanager
def _first_use_lock(engine: sa.Engine) -> Iterator[None]:
    path = sqlite_path(str(engine.url))
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(4242013)"))
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(4242013)"))
                conn.commit()
        return
    if path is None:
        yield
        return
    try:
        import fcntl
    except ImportError:  # no POSIX locks (Windows): SQLite's own lock serialises the writes
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_empty(engine: sa.Engine) -> bool:
    """Whether the store holds no changeset yet."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(tables.changesets)).scalar() == 0


def ensure(engine: sa.Engine, seed_from: Path | None = BUNDLED_DATA_DIR) -> None:
    """Make the store usable: migrated to head, and seeded from `seed_from` when empty."""
    if revision(engine) == head() and not is_empty(engine):
        return
    with _first_use_lock(engine):
        if revision(engine) != head():
            migrate(engine)
        if seed_from is not None and is_empty(engine):
            seed(engine, seed_from, editor=SEED_EDITOR)


def raw_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """A data package's tables, validated, with only the model columns (registrations kept)."""
    loaded = load_tables(folder)
    out = {}
    for name, (_, model) in tables.MODELS.items():
        frame = getattr(loaded, name)
        if name == "participations" and loaded.registrations is not None:
            frame = pd.concat([frame, loaded.registrations], ignore_index=True)
        out[name] = frame[schema.columns(model)]
    return out


def seed(engine: sa.Engine, folder: Path, *, editor: str) -> Changeset | None:
    """Load a data package into an empty store as one changeset (kind 'seed')."""
    folder = Path(folder)
    if not is_empty(engine):
        raise DataError([Problem(
            "the store already holds data; a data package is only loaded into an empty store",
            value=str(folder),
            hint="to restore a dump, point COOPSTATS_HOME or COOPSTATS_DATABASE_URL at a new, "
                 "empty store and run `coopstats db init --from DIR`",
        )])  # fmt: skip
    frames = raw_frames(folder)
    version = dataset_version(folder)
    made = seed_rows(engine, frames, editor=editor,
                     summary=f"loaded the data package {folder} (version {version})")  # fmt: skip
    set_fact(engine, "seed_version", version)
    return made


def set_fact(engine: sa.Engine, name: str, value: str) -> None:
    with writing(engine).begin() as conn:
        conn.execute(sa.delete(tables.facts).where(tables.facts.c.name == name))
        conn.execute(sa.insert(tables.facts).values(name=name, value=value))


def fact(engine: sa.Engine, name: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            sa.select(tables.facts.c.value).where(tables.facts.c.name == name)
        ).scalar()


def dump(engine: sa.Engine, folder: Path) -> dict[str, int]:
    """Write the store as a data package in `folder`; rows written per table."""
    frames = read_frames(engine)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_package(frames, folder)
    return {name: len(frame) for name, frame in frames.items()}


@dataclass(frozen=True)
class Conflict:
    """A row that both a local edit and a bundled correction changed: the local edit is kept."""

    table: str
    key: str
    local: dict[str, object] | None
    bundled: dict[str, object] | None

    def as_dict(self) -> dict[str, object]:
        return {"table": self.table, "key": json.loads(self.key), "local": self.local,
                "bundled": self.bundled}  # fmt: skip

    def describe(self) -> str:
        def state(row: dict | None) -> str:
            return "deleted" if row is None else "kept with other values"

        fields = ""
        if self.local and self.bundled:
            differing = [c for c in self.bundled if self.local.get(c) != self.bundled.get(c)]
            fields = " (" + ", ".join(
                f"{c}: local {self.local.get(c)!r}, bundled {self.bundled.get(c)!r}"
                for c in differing) + ")"  # fmt: skip
        elif self.local is None:
            fields = f" (deleted locally; bundled {state(self.bundled)})"
        else:
            fields = " (changed locally; deleted in the bundled data)"
        return f"{self.table} {self.key}{fields}"


@dataclass(frozen=True)
class Upgrade:
    changeset: Changeset | None
    applied: int
    conflicts: list[Conflict]
    version: str


def _base(engine: sa.Engine) -> dict[tuple[str, str], dict | None]:
    """Each row as the bundled data last gave it: the latest seed or upgrade image."""
    query = (
        sa.select(tables.changes.c.table_name, tables.changes.c.row_key, tables.changes.c.after)
        .join(tables.changesets, tables.changes.c.changeset_id == tables.changesets.c.id)
        .where(tables.changesets.c.kind.in_(("seed", "upgrade")))
        .order_by(tables.changes.c.changeset_id, tables.changes.c.id)
    )
    out: dict[tuple[str, str], dict | None] = {}
    with engine.connect() as conn:
        for table, key, after in conn.execute(query):
            out[(table, key)] = None if after is None else json.loads(after)
    return out


def _rows(frames: dict[str, pd.DataFrame]) -> dict[tuple[str, str], dict]:
    out = {}
    for name, frame in frames.items():
        model = tables.MODELS[name][1]
        for row in iter_rows(frame[schema.columns(model)]):
            clean = tables.plain_row(model, row)
            out[(name, tables.row_key(model, clean))] = clean
    return out


def upgrade_data(
    engine: sa.Engine, folder: Path = BUNDLED_DATA_DIR, *, editor: str, dry_run: bool = False
) -> Upgrade:
    """Apply what changed in the bundled data since the store was seeded or last upgraded.

    A row the bundled data changed is updated unless it was also edited locally; then the
    local edit is kept and the row is listed as a conflict.
    """
    base = _base(engine)
    bundled = _rows(raw_frames(Path(folder)))
    local = _rows(read_frames(engine))
    draft, conflicts, applied = Draft(), [], 0
    for table, key in sorted(set(base) | set(bundled)):
        old, new, mine = base.get((table, key)), bundled.get((table, key)), local.get((table, key))
        if new == old or mine == new:
            continue
        if mine == old:
            if new is None:
                draft.delete(table, mine or {})
            else:
                draft.put(table, new)
            applied += 1
        else:
            conflicts.append(Conflict(table, key, mine, new))
    version = dataset_version(Path(folder))
    made = None
    if draft and not dry_run:
        made = commit(engine, draft, editor=editor, kind="upgrade",
                      summary=f"corrections from the bundled data (version {version})")  # fmt: skip
    if not dry_run:
        set_fact(engine, "seed_version", version)
    return Upgrade(made, applied, conflicts, version)
