"""Every write is one changeset: one transaction that changes rows and records their history.

A writer gathers rows in a `Draft` (`put` inserts or replaces a row by its key, `delete`
removes one) and `commit`s it. In one transaction the store then:

1. checks the versions of the events the writer read (`expect`), raises `ConflictError` naming
   the changeset that came in between, and raises the version of every event touched;
2. reads the rows as they are (the before images), skips puts that change nothing;
3. writes the rows, the changeset (id, time, editor, summary, source) and, in the append-only
   `changes` table, the before and after image of every row.

Anything that fails rolls the whole transaction back: nothing is left behind. The rows are
checked against the table models and across tables before the transaction opens
(`validate`), with the loader's own four-part messages.
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from coopstats import schema
from coopstats.errors import DataError, Problem
from coopstats.store import tables
from coopstats.store.editors import aware
from coopstats.store.engine import writing
from coopstats.store.package import write_package

# Keys per IN (...) list: well under SQLite's and PostgreSQL's limits on bound parameters.
CHUNK = 500


@dataclass
class Draft:
    """The rows one changeset will put or delete, by store table name ('participations')."""

    puts: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    deletes: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    def put(self, table: str, row: dict[str, object]) -> None:
        """Insert the row, or replace the row with the same key."""
        _model(table)
        self.puts.append((table, row))

    def delete(self, table: str, row: dict[str, object]) -> None:
        """Delete the row with this key (only the key columns of `row` are read)."""
        _model(table)
        self.deletes.append((table, row))

    def __bool__(self) -> bool:
        return bool(self.puts or self.deletes)


@dataclass(frozen=True)
class RowChange:
    """One row's change: before is None for an insert, after is None for a delete."""

    table: str
    key: str
    before: dict[str, object] | None
    after: dict[str, object] | None

    @property
    def action(self) -> str:
        if self.before is None:
            return "insert"
        return "delete" if self.after is None else "update"


@dataclass(frozen=True)
class Changeset:
    """One recorded write. `id` is a string of digits; ids grow with time."""

    id: str
    time: datetime
    editor: str
    summary: str
    source_id: str | None
    kind: str
    reverts: str | None = None
    changes: int = 0

    def as_dict(self) -> dict[str, object]:
        """The JSON form `coopstats history --json` prints."""
        return {
            "id": self.id,
            "time": self.time.isoformat(),
            "editor": self.editor,
            "summary": self.summary,
            "source_id": self.source_id,
            "kind": self.kind,
            "reverts": self.reverts,
            "changes": self.changes,
        }


class ConflictError(DataError):
    """Another writer changed the same event (or row) since it was read; nothing was written."""


def default_editor(given: str | None = None, settings_editor: str = "") -> str:
    """--editor, else COOPSTATS_EDITOR, else the operating-system user."""
    if given:
        return given
    if settings_editor:
        return settings_editor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


def _model(table: str) -> type:
    if table not in tables.MODELS:
        raise DataError([Problem("unknown table", column="table", value=table,
                                 expected="one of: " + ", ".join(tables.MODELS))])  # fmt: skip
    return tables.MODELS[table][1]


def normalised(draft: Draft) -> tuple[dict[tuple[str, str], dict | None], list[str]]:
    """(table, key) -> the row after the draft (None: deleted), in order; and the tables touched.

    A later entry for the same key wins, as if applied one by one.
    """
    out: dict[tuple[str, str], dict | None] = {}
    for table, row in draft.deletes:
        model = _model(table)
        out[(table, tables.row_key(model, tables.plain_row(model, row)))] = None
    for table, row in draft.puts:
        model = _model(table)
        clean = tables.plain_row(model, row)
        out[(table, tables.row_key(model, clean))] = clean
    touched = sorted({table for table, _ in out})
    return out, touched


def read_rows(conn: sa.Connection, table: str, keys: list[str]) -> dict[str, dict[str, object]]:
    """The rows of a table with these keys, as plain rows of the model's columns."""
    model = _model(table)
    sql = tables.DATA[table]
    columns = [sql.c[c] for c in schema.columns(model)]
    out = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        query = sa.select(sql.c.row_key, *columns).where(sql.c.row_key.in_(chunk))
        for row in conn.execute(query).mappings():
            out[row["row_key"]] = tables.plain_row(model, dict(row))
    return out


def diff(conn: sa.Connection, draft: Draft, *, assume_empty: bool = False) -> list[RowChange]:
    """The changes the draft would make now: puts that change nothing are left out."""
    after, touched = normalised(draft)
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, key in after:
        by_table[table].append(key)
    before: dict[tuple[str, str], dict] = {}
    if not assume_empty:
        for table in touched:
            for key, row in read_rows(conn, table, by_table[table]).items():
                before[(table, key)] = row
    out = []
    for (table, key), row in after.items():
        old = before.get((table, key))
        if old == row:
            continue
        out.append(RowChange(table, key, old, row))
    return out


def _events_touched(changes: Iterable[RowChange]) -> set[str]:
    events: set[str] = set()
    for change in changes:
        for image in (change.before, change.after):
            if image and change.table in ("events", "figures", "participations"):
                events.add(str(image["event_id"]))
    return events


def _check_versions(conn: sa.Connection, expect: dict[str, int], touched: set[str]) -> None:
    events = tables.DATA["events"]
    for event_id, version in sorted(expect.items()):
        bumped = conn.execute(
            sa.update(events)
            .where(events.c.event_id == event_id, events.c.version == int(version))
            .values(version=events.c.version + 1)
        ).rowcount
        if bumped != 1:
            raise _conflict(conn, event_id, version)
    rest = sorted(touched - set(expect))
    for start in range(0, len(rest), CHUNK):
        chunk = rest[start : start + CHUNK]
        conn.execute(
            sa.update(events)
            .where(events.c.event_id.in_(chunk))
            .values(version=events.c.version + 1)
        )


def _conflict(conn: sa.Connection, event_id: str, version: int) -> ConflictError:
    # Rows of the event, its figures and participations carry "event_id" in their images.
    mention = f'%"event_id": {json.dumps(event_id, ensure_ascii=False)}%'
    latest = conn.execute(
        sa.select(tables.changesets)
        .join(tables.changes, tables.changes.c.changeset_id == tables.changesets.c.id)
        .where(tables.changes.c.after.like(mention) | tables.changes.c.before.like(mention))
        .order_by(tables.changesets.c.id.desc())
        .limit(1)
    ).mappings().first()  # fmt: skip
    if latest is None:
        what = "the event is not in the store (deleted since it was read?)"
        by = ""
    else:
        what = "another writer changed this event since you read it"
        by = (f"changeset {latest['id']} by {latest['editor']} at "
              f"{aware(latest['time']).isoformat(timespec='seconds')}: {latest['summary']}")  # fmt: skip
    return ConflictError([Problem(
        what, file="events", column="version", value=event_id,
        expected=f"version {version} (as read); {by}".rstrip("; "),
        hint="nothing was written: reload the event, then apply your change again",
    )])  # fmt: skip


def _write_rows(conn: sa.Connection, changes: list[RowChange]) -> None:
    by_table: dict[tuple[str, str], list[RowChange]] = defaultdict(list)
    for change in changes:
        by_table[(change.table, change.action)].append(change)
    for (table, action), group in by_table.items():
        sql = tables.DATA[table]
        keys = [c.key for c in group]
        if action == "delete":
            for start in range(0, len(keys), CHUNK):
                conn.execute(sa.delete(sql).where(sql.c.row_key.in_(keys[start : start + CHUNK])))
        elif action == "insert":
            rows = [{"row_key": c.key, **(c.after or {})} for c in group]
            for start in range(0, len(rows), 50_000):
                conn.execute(sa.insert(sql), rows[start : start + 50_000])
        else:
            for change in group:
                conn.execute(
                    sa.update(sql).where(sql.c.row_key == change.key).values(**(change.after or {}))
                )


def _image(row: dict[str, object] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False, sort_keys=False)


def record(
    conn: sa.Connection,
    changes: list[RowChange],
    *,
    editor: str,
    summary: str,
    source_id: str | None,
    kind: str,
    reverts: str | None = None,
) -> Changeset:
    """Write the rows and their history in the connection's transaction; the new changeset."""
    now = datetime.now(UTC)
    new_id = conn.execute(
        sa.insert(tables.changesets)
        .values(time=now, editor=editor, summary=summary, source_id=source_id, kind=kind,
                reverts=int(reverts) if reverts else None)
        .returning(tables.changesets.c.id)
    ).scalar_one()  # fmt: skip
    _write_rows(conn, changes)
    history = [
        {"changeset_id": new_id, "table_name": c.table, "row_key": c.key,
         "before": _image(c.before), "after": _image(c.after)}
        for c in changes
    ]  # fmt: skip
    for start in range(0, len(history), 50_000):
        conn.execute(sa.insert(tables.changes), history[start : start + 50_000])
    return Changeset(str(new_id), now, editor, summary, source_id, kind, reverts, len(changes))


def _insert_sql(conn: sa.Connection, table: sa.Table, columns: list[str]) -> str:
    """An INSERT with one named parameter per column, in the connection's parameter style."""
    return str(sa.insert(table).values({c: sa.bindparam(c) for c in columns}).compile(
        dialect=conn.dialect))  # fmt: skip


def seed_rows(
    engine: sa.Engine, frames: dict[str, pd.DataFrame], *, editor: str, summary: str
) -> Changeset:
    """Load validated frames into an empty store as one changeset (kind 'seed'), in bulk.

    The same rows and history as `commit` would write, without comparing with rows that
    cannot exist yet: 10^6 rows go through the driver's executemany, not one statement each.
    """
    now = datetime.now(UTC)
    total = 0
    with writing(engine).begin() as conn:
        new_id = conn.execute(
            sa.insert(tables.changesets)
            .values(time=now, editor=editor, summary=summary, source_id=None, kind="seed")
            .returning(tables.changesets.c.id)
        ).scalar_one()
        history_sql = _insert_sql(conn, tables.changes,
                                  ["changeset_id", "table_name", "row_key", "before", "after"])  # fmt: skip
        for name, frame in frames.items():
            model = _model(name)
            columns = schema.columns(model)
            keys = tables.key_columns(model)
            rows = list(iter_rows(frame[columns]))
            data_sql = _insert_sql(conn, tables.DATA[name], ["row_key", *columns])
            for start in range(0, len(rows), 50_000):
                chunk = rows[start : start + 50_000]
                keyed = [
                    {"row_key": json.dumps([r[k] for k in keys], ensure_ascii=False), **r}
                    for r in chunk
                ]
                conn.exec_driver_sql(data_sql, keyed)
                history = [
                    {"changeset_id": new_id, "table_name": name, "row_key": r["row_key"],
                     "before": None, "after": json.dumps(chunk[i], ensure_ascii=False)}
                    for i, r in enumerate(keyed)
                ]  # fmt: skip
                conn.exec_driver_sql(history_sql, history)
            total += len(rows)
    return Changeset(str(new_id), now, editor, summary, None, "seed", None, total)


def commit(
    engine: sa.Engine,
    draft: Draft,
    *,
    editor: str,
    summary: str,
    source_id: str | None = None,
    kind: str = "edit",
    expect: dict[str, int] | None = None,
    reverts: str | None = None,
    check: bool = True,
    assume_empty: bool = False,
) -> Changeset | None:
    """Apply a draft as one changeset; None when it changes nothing.

    `expect` maps event ids to the versions the writer read (`event_versions`): a mismatch
    raises ConflictError and writes nothing. With `check`, the resulting tables are validated
    first (every problem raised as one DataError).
    """
    if check:
        validate(engine, draft)
    try:
        with writing(engine).begin() as conn:
            changes = diff(conn, draft, assume_empty=assume_empty)
            if not changes:
                return None
            _check_versions(conn, dict(expect or {}), _events_touched(changes))
            return record(conn, changes, editor=editor, summary=summary, source_id=source_id,
                          kind=kind, reverts=reverts)  # fmt: skip
    except sa.exc.IntegrityError as error:
        raise ConflictError([Problem(
            "the store refused the write: another writer changed the same rows at the same time",
            value=str(error.orig).splitlines()[0],
            hint="nothing was written; run the command again",
        )]) from None  # fmt: skip


def preview(engine: sa.Engine, draft: Draft) -> list[RowChange]:
    """What `commit` would change, without writing (for --dry-run); validates the draft too."""
    validate(engine, draft)
    with engine.connect() as conn:
        return diff(conn, draft)


def validate(engine: sa.Engine, draft: Draft) -> None:
    """Raise DataError when the tables after the draft would not load.

    The candidate tables are written as a data package to a temporary folder and read back by
    the loader, so a write meets exactly the checks a CSV file meets (types, vocabularies,
    links between tables). Problems name the store table and the row's key.
    """
    from coopstats.load import load_tables
    from coopstats.store.read import read_frames

    after, touched = normalised(draft)
    if not touched:
        return
    frames = read_frames(engine, keys=True)
    changed: dict[str, set[str]] = defaultdict(set)
    for (table, key), _row in after.items():
        changed[table].add(key)
    for table, keys in changed.items():
        frame = frames[table]
        kept = frame[~frame["row_key"].isin(keys)]
        new = [dict(row, row_key=key) for (t, key), row in after.items() if t == table and row]
        frames[table] = pd.concat([kept, pd.DataFrame(new, columns=frame.columns)],
                                  ignore_index=True) if new else kept  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="coopstats-check-") as folder:
        keys = write_package(frames, Path(folder))
        try:
            load_tables(Path(folder), Path(folder) / "reference")
        except DataError as error:
            errors = [p for p in error.problems if p.severity == "error"]
            raise DataError([_located(p, keys) for p in errors]) from None


def _located(problem: Problem, keys: dict[str, list[str]]) -> Problem:
    """A loader problem in the temporary package, named by store table and row key."""
    if problem.file is None:
        return problem
    table = tables.table_name(problem.file)
    where = f"{table} (in the store)"
    if problem.row is not None and table in keys and 0 <= problem.row - 2 < len(keys[table]):
        where = f"{table} row {keys[table][problem.row - 2]}"
    return replace(problem, file=where, row=None)


def event_versions(engine: sa.Engine, event_ids: Iterable[str]) -> dict[str, int]:
    """The current version of each event (absent: not in the store)."""
    ids = sorted(set(event_ids))
    events = tables.DATA["events"]
    out = {}
    with engine.connect() as conn:
        for start in range(0, len(ids), CHUNK):
            query = sa.select(events.c.event_id, events.c.version).where(
                events.c.event_id.in_(ids[start : start + CHUNK])
            )
            out.update({row.event_id: int(row.version) for row in conn.execute(query)})
    return out


def iter_rows(frame: pd.DataFrame) -> Iterator[dict[str, object]]:
    """The rows of a frame as dicts (missing values as None)."""
    clean = frame.astype(object).where(frame.notna(), None)
    yield from clean.to_dict(orient="records")
