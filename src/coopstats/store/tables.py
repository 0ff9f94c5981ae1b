"""The store's tables: one per table model of `coopstats.schema`, and the history beside them.

Data tables are derived from the pandera models, so a table or column added to schema.py
appears in the store at the next `coopstats db upgrade` (see `migrate.sync_schema`). Each data
table has, besides the model's columns:

- `row_id`, an integer surrogate primary key (never shown, never dumped);
- `row_key`, the row's natural key as text (unique), by which the history names the row.

`events` also has `version`, a counter raised by every changeset that touches the event, its
figures or its participations: the optimistic check for concurrent writers.

History: `changesets` (one row per write) and `changes` (the before and after image of every
row a changeset changed, as JSON). Both are append-only: triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import contextlib
import functools
import json
from pathlib import PurePosixPath

import pandas as pd
import sqlalchemy as sa

from coopstats import schema

metadata = sa.MetaData()

# Natural keys, where the model does not declare one (a unique column or Config.unique).
_KEYS: dict[type, tuple[str, ...]] = {
    schema.Participation: ("event_id", "iso3", "org_id", "role"),
    schema.CountryAlias: ("alias", "iso3", "language"),
}


def table_name(path: str) -> str:
    """The store's name of a data table: its CSV file's stem ('reference/cities.csv' -> 'cities')."""
    return PurePosixPath(path).stem


# Store table name -> (path in a data package, model), in the order of loading.
MODELS: dict[str, tuple[str, type]] = {
    table_name(path): (path, model)
    for path, model in {
        **schema.TABLES,
        **schema.OPTIONAL_TABLES,
        **schema.REFERENCE_TABLES,
        **schema.OPTIONAL_REFERENCE_TABLES,
    }.items()
}


@functools.cache
def key_columns(model: type) -> tuple[str, ...]:
    """The columns that name one row of a table model."""
    if model in _KEYS:
        return _KEYS[model]
    model_schema = schema.schema_of(model)
    unique = [name for name, column in model_schema.columns.items() if column.unique]
    if unique:
        return (unique[0],)
    if model_schema.unique:
        return tuple(model_schema.unique)
    return tuple(model_schema.columns)


@functools.cache
def kind_of(model: type, column: str) -> str:
    """'int', 'bool', 'float' or 'str': how a column is typed."""
    dtype = str(schema.schema_of(model).columns[column].dtype).lower()
    for kind in ("int", "bool", "float"):
        if dtype.startswith(kind):
            return kind
    return "str"


_SQL_TYPES = {"int": sa.BigInteger, "bool": sa.Boolean, "float": sa.Float, "str": sa.Text}


def _data_table(name: str, model: type) -> sa.Table:
    model_schema = schema.schema_of(model)
    columns = [
        sa.Column("row_id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("row_key", sa.Text, nullable=False, unique=True),
    ]  # fmt: skip
    optional = schema.OPTIONAL_COLUMNS.get(model, {})
    for column_name, column in model_schema.columns.items():
        nullable = column.nullable or column_name in optional
        sql_type = _SQL_TYPES[kind_of(model, column_name)]
        default = optional.get(column_name) or None
        columns.append(sa.Column(column_name, sql_type, nullable=nullable, server_default=default))
    if name == "events":
        columns.append(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    return sa.Table(name, metadata, *columns)


DATA: dict[str, sa.Table] = {name: _data_table(name, model) for name, (_, model) in MODELS.items()}

changesets = sa.Table(
    "changesets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("time", sa.DateTime(timezone=True), nullable=False),
    sa.Column("editor", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("source_id", sa.Text),
    # seed (db init), upgrade (bundled corrections), undo, import, add, edit
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("reverts", sa.Integer),
)

changes = sa.Table(
    "changes",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
              autoincrement=True),
    sa.Column("changeset_id", sa.Integer, sa.ForeignKey("changesets.id"), nullable=False),
    sa.Column("table_name", sa.Text, nullable=False),
    sa.Column("row_key", sa.Text, nullable=False),
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
    sa.Index("changes_row", "table_name", "row_key"),
    sa.Index("changes_changeset", "changeset_id"),
)  # fmt: skip

HISTORY_TABLES = ("changesets", "changes")

# Facts about the store itself: which data package it was seeded from (seed_version, the
# package's content hash), when it was last upgraded from the bundled data.
facts = sa.Table(
    "store_facts",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


def row_key(model: type, row: dict[str, object]) -> str:
    """The text that names a row in the store and its history: its key values as a JSON list."""
    return json.dumps([plain(row.get(c)) for c in key_columns(model)], ensure_ascii=False)


def plain(value: object) -> object:
    """A cell as JSON-able Python: None for missing, int, float, bool or str."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, int) or type(value).__name__.startswith("int"):
        return int(value)
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return float(value)
    return str(value)


def plain_row(model: type, row: dict[str, object]) -> dict[str, object]:
    """A row with exactly the model's columns, each a plain value, typed as the model says."""
    out: dict[str, object] = {}
    optional = schema.OPTIONAL_COLUMNS.get(model, {})
    for column in schema.columns(model):
        value = plain(row.get(column))
        if value == "" or value is None:
            value = optional.get(column) or None
        kind = kind_of(model, column)
        if value is not None and kind == "int" and isinstance(value, float | str):
            if (isinstance(value, float) and value.is_integer()) or (
                isinstance(value, str) and value.strip().lstrip("+-").isdigit()
            ):
                value = int(value)
        elif value is not None and kind == "float" and isinstance(value, int | str):
            with contextlib.suppress(ValueError):
                value = float(value)
        elif value is not None and kind == "bool" and isinstance(value, str | int):
            lowered = str(value).strip().lower()
            value = lowered in ("true", "1", "yes") if lowered in (
                "true", "1", "yes", "false", "0", "no") else value  # fmt: skip
        out[column] = value
    return out
