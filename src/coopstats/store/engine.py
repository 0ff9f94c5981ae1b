"""Engines for the store: SQLite in WAL mode (one writer, many readers) or PostgreSQL.

SQLite connections wait up to 30 s for a lock and enforce foreign keys; a write transaction
(`writing(engine).begin()`) opens with BEGIN IMMEDIATE, so two writers queue instead of
failing half-way.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

_ENGINES: dict[str, sa.Engine] = {}


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL; None for another engine or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def engine_for(url: str) -> sa.Engine:
    """The engine of a store URL, made once per process (engines hold the connection pool)."""
    if url not in _ENGINES:
        _ENGINES[url] = _make(url)
    return _ENGINES[url]


def writing(engine: sa.Engine) -> sa.Engine:
    """The engine for a write transaction (`with writing(engine).begin() as conn`)."""
    return engine.execution_options(writing=True)


def dispose(url: str) -> None:
    """Close the pooled connections of a URL (tests, and before a file is removed)."""
    engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


def _make(url: str) -> sa.Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # Named parameters, as psycopg's pyformat: bulk inserts pass dicts to the driver (seed_rows).
    engine = sa.create_engine(url, connect_args={"timeout": 30}, paramstyle="named")

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, issue BEGIN (see the "begin" hook below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if path is not None:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A writer takes the write lock at once, so two writers queue (busy_timeout) instead
        # of failing when a read lock cannot be upgraded; readers never block in WAL mode.
        immediate = connection.get_execution_options().get("writing", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
