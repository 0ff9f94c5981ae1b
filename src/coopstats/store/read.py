"""Reading the store into the loader's typed tables, now or as of a changeset.

Big tables are read through ADBC drivers when they are installed (Arrow-native: 10^6 rows come
out as Arrow columns without a Python object per cell): PostgreSQL's in this process, SQLite's
in a child process (arrowread.py says why). Otherwise, and for small SQLite stores, through
SQLAlchemy. Rows come in the order they were first written, as a CSV file keeps them.

`as_of` gives the tables as they were right after that changeset: the current rows, with every
row that a later changeset touched replaced by its before image in the first such changeset.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.ipc
import sqlalchemy as sa

from coopstats import schema
from coopstats.load import Tables, _derive, split_registrations
from coopstats.store import tables
from coopstats.store.engine import sqlite_path


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_SENTINELS = {"str": "''", "int": "0", "bool": "0", "float": "0.0"}


def _query(table: str, model: type, *, keys: bool, sqlite: bool) -> str:
    columns = (["row_key"] if keys else []) + schema.columns(model)
    listed = ", ".join(_quote(c) for c in columns)
    query = f"SELECT {listed} FROM {_quote(table)} ORDER BY row_id"
    if not sqlite:
        return query
    # The SQLite driver infers each column's type from the first rows it sees: a typed first
    # row (dropped after reading) keeps a column whose first values are all empty typed right.
    first = ", ".join(
        f"{_SENTINELS['str' if c == 'row_key' else tables.kind_of(model, c)]} AS {_quote(c)}"
        for c in columns
    )
    return f"SELECT {first} UNION ALL SELECT * FROM ({query})"


# Above this many rows a SQLite store is read through ADBC in a child process (arrowread.py);
# below it, Python's sqlite3 is quicker than starting the child.
ADBC_MIN_ROWS = 100_000


def _typed(frame: pd.DataFrame, model: type) -> pd.DataFrame:
    for column in schema.columns(model):
        kind = tables.kind_of(model, column)
        values = frame[column]
        if kind == "int":
            frame[column] = values.astype("Int64")
        elif kind == "bool":
            frame[column] = values.astype("bool")
        elif kind == "float":
            frame[column] = values.astype("float64")
        else:
            frame[column] = values.astype("str")
    return frame


_ARROW_TYPES = {pyarrow.int64(): pd.Int64Dtype(), pyarrow.int32(): pd.Int64Dtype()}.get


def _arrow_sqlite(path: Path, queries: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Run the queries through ADBC in a child process (see arrowread.py)."""
    with tempfile.TemporaryDirectory(prefix="coopstats-read-") as folder:
        subprocess.run(
            [sys.executable, str(Path(__file__).with_name("arrowread.py")), str(path), folder],
            input=json.dumps(queries).encode(), check=True, capture_output=True,
        )  # fmt: skip
        out = {}
        for name in queries:
            with pyarrow.memory_map(str(Path(folder) / f"{name}.arrow")) as source:
                arrow = pyarrow.ipc.open_file(source).read_all()
            out[name] = arrow.to_pandas(types_mapper=_ARROW_TYPES)
        return out


def _arrow_postgres(engine: sa.Engine, queries: dict[str, str]) -> dict[str, pd.DataFrame]:
    import adbc_driver_postgresql.dbapi as driver

    uri = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    out = {}
    with driver.connect(uri) as connection:
        for name, query in queries.items():
            with connection.cursor() as cursor:
                cursor.execute(query)
                out[name] = cursor.fetch_arrow_table().to_pandas(types_mapper=_ARROW_TYPES)
    return out


def _rows(engine: sa.Engine) -> int:
    participations = tables.DATA["participations"]
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.max(participations.c.row_id))).scalar() or 0)


def _has_adbc(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def read_frames(engine: sa.Engine, *, keys: bool = False) -> dict[str, pd.DataFrame]:
    """Every data table as a typed frame of its model's columns (and row_key with `keys`)."""
    sqlite = engine.dialect.name == "sqlite"
    path = sqlite_path(str(engine.url)) if sqlite else None
    queries = {
        name: _query(name, model, keys=keys, sqlite=sqlite)
        for name, (_, model) in tables.MODELS.items()
    }
    if path is not None and _has_adbc("adbc_driver_sqlite") and _rows(engine) >= ADBC_MIN_ROWS:
        frames = _arrow_sqlite(path, queries)
    elif engine.dialect.name == "postgresql" and _has_adbc("adbc_driver_postgresql"):
        frames = _arrow_postgres(engine, queries)
    else:
        frames = {}
        with engine.connect() as conn:
            for name, (_, model) in tables.MODELS.items():
                query = _query(name, model, keys=keys, sqlite=False)
                frames[name] = pd.read_sql_query(sa.text(query), conn)
    return {name: _typed(frames[name], model) for name, (_, model) in tables.MODELS.items()}


def frames_as_of(engine: sa.Engine, changeset_id: str) -> dict[str, pd.DataFrame]:
    """Every data table as it was right after changeset `changeset_id`."""
    frames = read_frames(engine, keys=True)
    changes = tables.changes
    query = (
        sa.select(changes.c.table_name, changes.c.row_key, changes.c.before)
        .where(changes.c.changeset_id > int(changeset_id))
        .order_by(changes.c.changeset_id, changes.c.id)
    )
    earliest: dict[tuple[str, str], str | None] = {}
    with engine.connect() as conn:
        for table, key, before in conn.execute(query):
            earliest.setdefault((table, key), before)
    touched: dict[str, dict[str, str | None]] = {}
    for (table, key), before in earliest.items():
        touched.setdefault(table, {})[key] = before
    for table, rows in touched.items():
        model = tables.MODELS[table][1]
        frame = frames[table]
        kept = frame[~frame["row_key"].isin(list(rows))]
        old = [dict(json.loads(before), row_key=key) for key, before in rows.items() if before]
        if old:
            restored = _typed(pd.DataFrame(old, columns=frame.columns), model)
            kept = pd.concat([kept, restored], ignore_index=True)
        frames[table] = kept
    return {name: frame.drop(columns="row_key") for name, frame in frames.items()}


def read_tables(engine: sa.Engine, as_of: str | None = None) -> Tables:
    """The store's tables as `load.load_tables` gives a folder's, with the derived columns."""
    frames = read_frames(engine) if as_of is None else frames_as_of(engine, as_of)
    frames = {name: frame.reset_index(drop=True) for name, frame in frames.items()}
    _derive(frames)
    return Tables(**split_registrations(frames))


def data_version(engine: sa.Engine) -> str:
    """The id of the latest changeset ('0' for an empty store): a cheap key for caches."""
    with engine.connect() as conn:
        latest = conn.execute(sa.select(sa.func.max(tables.changesets.c.id))).scalar()
    return str(latest or 0)
