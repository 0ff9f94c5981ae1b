"""What an editor's form or import becomes: rows for the store, gathered in one draft.

Form values arrive as text (from widgets); they are trimmed, blanks become None, and the rows
are shaped like the CSV tables (schema.py). Nothing is checked here beyond shape: the store
validates the whole draft with the loader's own rules before anything is written
(`coopstats.store.changesets.validate`), and the page shows those four-part messages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from coopstats.schema import Event, Figure, Participation, Source, columns

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class Submission:
    """One editor action: the rows to put and delete, and what the changeset will say."""

    summary: str
    kind: str
    source_id: str | None = None
    puts: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    deletes: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    # The versions of the events the editor read (Store.event_versions): if another writer
    # changed one of them since, the commit is refused as a conflict and nothing is written.
    expect: dict[str, int] = field(default_factory=dict)


def clean(value: object) -> object:
    """A widget value as a cell: text trimmed, blank text None, dates ISO 8601."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row(model: type, values: Mapping[str, object]) -> dict[str, object]:
    return {column: clean(values.get(column)) for column in columns(model)}


def slug(text: str, limit: int = 40) -> str:
    """An id made from text: lower-case letters, digits and '-' ('Ministry of X' -> 'ministry-of-x')."""
    return _SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-") or "x"


def _short_hash(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:6]


def event_row(values: Mapping[str, object]) -> dict[str, object]:
    """An events.csv row; an event id is made from the series, year and title when none is given."""
    row = _row(Event, values)
    if not row["event_id"] and row["series_id"] and row["start_date"]:
        year = str(row["start_date"])[:4]
        row["event_id"] = slug(f"{row['series_id']} {year} {row['title'] or ''}", 60)
    return row


def source_row(values: Mapping[str, object]) -> dict[str, object]:
    """A sources.csv row; the id is made from the URL's host (or the publisher) and a hash."""
    row = _row(Source, values)
    row["is_mirror"] = bool(values.get("is_mirror"))
    if not row["source_id"]:
        host = urlsplit(str(row["url"] or "")).hostname or str(row["publisher"] or "source")
        row["source_id"] = f"{slug(host, 24)}-{_short_hash(row['url'], row['title'])}"
    return row


def figure_row(values: Mapping[str, object]) -> dict[str, object]:
    """A figures.csv row; the id is made from the event, metric, scope and source."""
    row = _row(Figure, values)
    if not row["figure_id"]:
        row["figure_id"] = (
            f"{row['event_id']}-{row['metric']}-"
            f"{_short_hash(row['scope'], row['source_id'], row['status'])}"
        )
    return row


def participation_row(values: Mapping[str, object]) -> dict[str, object]:
    """A participations.csv row: iso3 or org_id (the other left empty)."""
    return _row(Participation, values)


# The store table of each retractable kind, and the columns that name one of its rows.
RETRACTABLE: dict[str, tuple[str, ...]] = {
    "figures": ("figure_id",),
    "participations": ("event_id", "iso3", "org_id", "role"),
    "events": ("event_id",),
}


def retraction(table: str, row: Mapping[str, object], reason: str,
               dependants: Sequence[tuple[str, dict[str, object]]] = ()) -> Submission:  # fmt: skip
    """Remove a row (and, for an event, the figures and participations that hang on it).

    The rows leave the dashboard; the history keeps them with the reason.
    """
    key = {c: clean(row.get(c)) for c in RETRACTABLE[table]}
    label = ", ".join(str(v) for v in key.values() if v)
    return Submission(
        summary=f"retract {table[:-1]} {label}: {reason.strip()}",
        kind="retract",
        deletes=[*dependants, (table, key)],
    )


def diff_table(changes: list) -> list[dict[str, object]]:
    """A changeset's changes cell by cell, for reading (changes: RowChange-like objects).

    Grain: one dict per changed cell (an insert or delete lists its non-empty cells). Keys:
    table, row, action (insert, update, delete), column, before, after. In the given order.
    """
    out: list[dict[str, object]] = []
    for change in changes:
        before, after = change.before or {}, change.after or {}
        action = (
            "insert" if change.before is None else "delete" if change.after is None else "update"
        )
        for column in dict.fromkeys([*before, *after]):
            old, new = before.get(column), after.get(column)
            if old == new or (old is None and new is None):
                continue
            out.append({"table": change.table, "row": change.key, "action": action,
                        "column": column, "before": old, "after": new})  # fmt: skip
    return out
