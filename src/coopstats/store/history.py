"""The store's history read back: changesets newest first, the row changes of one, and undo.

Every write is a changeset (coopstats.store.changesets); here the `changesets` and `changes`
tables are read as `Changeset` and `RowChange` records, and a changeset is undone as a new
changeset that writes the before images back, refused when a later changeset changed the same
rows since.
"""

from __future__ import annotations

import json
from collections import defaultdict

import sqlalchemy as sa

from coopstats.errors import DataError, Problem
from coopstats.store import tables
from coopstats.store.changesets import CHUNK, Changeset, Draft, RowChange, commit, read_rows
from coopstats.store.editors import aware


def history(engine: sa.Engine, limit: int | None = None) -> list[Changeset]:
    """Changesets, newest first, with how many rows each changed."""
    counts = (
        sa.select(tables.changes.c.changeset_id, sa.func.count().label("n"))
        .group_by(tables.changes.c.changeset_id)
        .subquery()
    )
    query = (
        sa.select(tables.changesets, sa.func.coalesce(counts.c.n, 0).label("n"))
        .outerjoin(counts, counts.c.changeset_id == tables.changesets.c.id)
        .order_by(tables.changesets.c.id.desc())
    )
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [_changeset(row) for row in conn.execute(query).mappings()]


def _changeset(row) -> Changeset:
    return Changeset(
        id=str(row["id"]),
        time=aware(row["time"]),
        editor=row["editor"],
        summary=row["summary"],
        source_id=row["source_id"],
        kind=row["kind"],
        reverts=None if row["reverts"] is None else str(row["reverts"]),
        changes=int(row.get("n", 0) or 0),
    )


def changes_of(engine: sa.Engine, changeset_id: str) -> list[RowChange]:
    """The row changes of one changeset, in the order they were written."""
    query = (
        sa.select(tables.changes)
        .where(tables.changes.c.changeset_id == int(changeset_id))
        .order_by(tables.changes.c.id)
    )
    with engine.connect() as conn:
        return [_row_change(row) for row in conn.execute(query).mappings()]


def _row_change(row) -> RowChange:
    def load(text: str | None) -> dict | None:
        return None if text is None else json.loads(text)

    return RowChange(row["table_name"], row["row_key"], load(row["before"]), load(row["after"]))


def changeset(engine: sa.Engine, changeset_id: str) -> Changeset:
    """One changeset by id; a DataError naming the latest when there is none."""
    if not str(changeset_id).isdigit():
        raise DataError([Problem("not a changeset id", column="ID", value=changeset_id,
                                 expected="a number, as `coopstats history` lists them")])  # fmt: skip
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(tables.changesets).where(tables.changesets.c.id == int(changeset_id))
        ).mappings().first()  # fmt: skip
    if row is None:
        latest = history(engine, limit=1)
        hint = f"the latest is {latest[0].id}" if latest else "the store has no changesets yet"
        raise DataError([Problem("no such changeset", column="ID", value=changeset_id,
                                 hint=hint + "; `coopstats history` lists them")])  # fmt: skip
    return _changeset(row)


def undo(engine: sa.Engine, changeset_id: str, *, editor: str) -> Changeset:
    """Revert one changeset as a new changeset.

    Refuses (DataError naming it) when a later changeset changed any of the same rows and
    the row is not back as this changeset left it.
    """
    target = changeset(engine, changeset_id)
    rows = changes_of(engine, changeset_id)
    with engine.connect() as conn:
        # Rows later changesets changed and then changed back (an undo) do not stand in the way.
        moved = [c for c in rows if _current(conn, c) != c.after]
        later = _later_changes(conn, moved, int(changeset_id)) if moved else None
    if later is not None:
        raise DataError([Problem(
            f"changeset {changeset_id} cannot be undone: changeset {later.id} changed the same "
            "rows later", column="ID", value=changeset_id,
            expected=f"no later change to its rows; changeset {later.id} by {later.editor} at "
                     f"{later.time.isoformat(timespec='seconds')}: {later.summary}",
            hint=f"undo changeset {later.id} first, or change the rows by hand",
        )])  # fmt: skip
    draft = Draft()
    for change in rows:
        if change.before is None:
            draft.delete(change.table, change.after or {})
        else:
            draft.put(change.table, change.before)
    made = commit(engine, draft, editor=editor, kind="undo", reverts=changeset_id,
                  summary=f"undo changeset {changeset_id}: {target.summary}",
                  source_id=target.source_id)  # fmt: skip
    if made is None:
        raise DataError([Problem(f"changeset {changeset_id} changed nothing that can be undone",
                                 column="ID", value=changeset_id)])  # fmt: skip
    return made


def _current(conn: sa.Connection, change: RowChange) -> dict[str, object] | None:
    return read_rows(conn, change.table, [change.key]).get(change.key)


def _later_changes(conn: sa.Connection, rows: list[RowChange], after: int) -> Changeset | None:
    by_table: dict[str, list[str]] = defaultdict(list)
    for change in rows:
        by_table[change.table].append(change.key)
    first: int | None = None
    for table, keys in by_table.items():
        for start in range(0, len(keys), CHUNK):
            found = conn.execute(
                sa.select(sa.func.min(tables.changes.c.changeset_id)).where(
                    tables.changes.c.table_name == table,
                    tables.changes.c.row_key.in_(keys[start : start + CHUNK]),
                    tables.changes.c.changeset_id > after,
                )
            ).scalar()
            if found is not None and (first is None or found < first):
                first = found
    if first is None:
        return None
    row = conn.execute(
        sa.select(tables.changesets).where(tables.changesets.c.id == first)
    ).mappings().first()  # fmt: skip
    return _changeset(row)
