"""The store: the dataset in SQLite (default) or PostgreSQL, with every write as a changeset.

    >>> from coopstats.store import Store, Draft
    >>> store = Store.open()                      # selected as below; created on first use
    >>> tables = store.load_tables()              # the loader's Tables (as_of="12": as then)
    >>> store.data_version()                      # '57': the latest changeset id, for caches
    >>> versions = store.event_versions(["gfmd-2016"])
    >>> draft = Draft()
    >>> draft.put("participations", {"event_id": "gfmd-2016", "iso3": "FRA", "role":
    ...           "participant", "mode": "in_person", "source_id": "gfmd-report-2016"})
    >>> store.commit(draft, editor="ana", summary="France named", source_id="...",
    ...              expect=versions)             # one transaction; ConflictError if changed
    >>> store.history()                           # [Changeset(id='58', ...), ...] newest first
    >>> store.undo("58", editor="ana")            # a new changeset; refuses if rows changed since

Selection (`location.select`): `--data DIR` / `COOPSTATS_DATA_DIR` is the read-only CSV mode
(no store); otherwise `COOPSTATS_DATABASE_URL`; otherwise `coopstats.sqlite` in `COOPSTATS_HOME`
(default: the user's data directory). SQLite runs in WAL mode.

Tables (`store.tables`) are derived from the pandera models of schema.py; the Alembic
revisions live in `store/migrations/versions` (the first is `0001_store`: later revisions,
such as editors or sign-in attempts, name it or its successor as `down_revision`).

Why an append-only history table written in the same transaction, rather than
SQLAlchemy-Continuum or sqlalchemy-history: see docs/store.md. In short, a changeset here is
a unit of meaning (an import, an undo) with an editor, a summary and a source, spanning many
tables; it must read the same on SQLite and PostgreSQL, be undone as a whole and give the
data as of any changeset. Those extensions version ORM objects per table through session
events and triggers, need ORM models for every table (we use tables derived from the pandera
schema) and fit a different unit of change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from coopstats.load import Tables
from coopstats.settings import BUNDLED_DATA_DIR, Settings
from coopstats.store import changesets, history, migrate, read
from coopstats.store.changesets import Changeset, ConflictError, Draft, RowChange, default_editor
from coopstats.store.engine import engine_for
from coopstats.store.location import DataSource, select, writable

__all__ = [
    "Changeset",
    "ConflictError",
    "DataSource",
    "Draft",
    "RowChange",
    "Store",
    "default_editor",
    "select",
    "writable",
]


@dataclass(frozen=True)
class Store:
    """One store, by URL. Every method opens and closes its own connections."""

    url: str

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        settings: Settings | None = None,
        seed_from: Path | None = BUNDLED_DATA_DIR,
    ) -> Store:
        """The store at `url` (default: as selected by the settings), migrated and seeded."""
        if url is None:
            source = select(settings or Settings.from_env())
            url = writable(source, "store")
        store = cls(url)
        migrate.ensure(store.engine, seed_from=seed_from)
        return store

    @property
    def engine(self) -> sa.Engine:
        return engine_for(self.url)

    # -- reading --------------------------------------------------------------------------

    def load_tables(self, as_of: str | None = None) -> Tables:
        return read.read_tables(self.engine, as_of=as_of)

    def data_version(self) -> str:
        return read.data_version(self.engine)

    def event_versions(self, event_ids: Iterable[str]) -> dict[str, int]:
        return changesets.event_versions(self.engine, event_ids)

    def history(self, limit: int | None = None) -> list[Changeset]:
        return history.history(self.engine, limit=limit)

    def changeset(self, changeset_id: str) -> Changeset:
        return history.changeset(self.engine, changeset_id)

    def changes_of(self, changeset_id: str) -> list[RowChange]:
        return history.changes_of(self.engine, changeset_id)

    def changed_since(self, changeset_id: str) -> list[Changeset]:
        """The changesets after `changeset_id`, newest first."""
        return [c for c in self.history() if int(c.id) > int(changeset_id)]

    # -- writing --------------------------------------------------------------------------

    def preview(self, draft: Draft) -> list[RowChange]:
        return changesets.preview(self.engine, draft)

    def commit(self, draft: Draft, **options: object) -> Changeset | None:
        return changesets.commit(self.engine, draft, **options)  # type: ignore[arg-type]

    def undo(self, changeset_id: str, *, editor: str) -> Changeset:
        return history.undo(self.engine, changeset_id, editor=editor)
