"""Draft records: events with their figures and named participants, from one source, to add.

`coopstats extract` writes a draft document from a news item; an analyst may also write one by
hand. `coopstats add DRAFT.json` checks it against `DRAFT_SCHEMA` (JSON Schema, documented in
docs/draft-record.md) and turns it into one changeset (`to_draft`):

- the document's source becomes a row of sources (reused when one with the same URL exists);
- each record's event is added, or updated when it names an existing event
  (`event_id` or `matched_event_id`): the fields it gives replace the stored ones;
- each figure and each participant cites the document's source;
- participants named only as invited or expected (`status` invited or pre_event) are kept out
  of the participations and listed in the source's notes;
- a sub-forum's record names its parent by `parent_event_id`, or by the position of the parent
  record in this document (`parent_record`, counted from 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlparse

import jsonschema

from coopstats import schema
from coopstats.errors import DataError, Problem

_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
_TEXT = {"type": ["string", "null"]}
_SPAN = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}

DRAFT_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://coopstats.example/draft-record.schema.json",
    "title": "coopstats draft document",
    "type": "object",
    "required": ["source", "records"],
    "properties": {
        "source": {
            "type": "object",
            "required": ["title"],
            "properties": {
                "url": {"type": ["string", "null"], "pattern": r"^https?://\S+$"},
                "title": {"type": ["string", "null"]},
                "publisher": _TEXT,
                "published_date": _DATE,
                "language": {"type": ["string", "null"], "pattern": r"^[a-z]{2}(-[A-Za-z]+)?$"},
            },
        },
        "language": _TEXT,
        "text": _TEXT,
        "records": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["event"],
                "properties": {
                    "event": {
                        "type": "object",
                        "properties": {
                            "event_id": {"type": ["string", "null"], "pattern": schema.ID_PATTERN},
                            "matched_event_id": _TEXT,
                            "series_id": _TEXT,
                            "edition_number": {"type": ["integer", "null"], "minimum": 1},
                            "kind": {"enum": [*schema.EVENT_KINDS, None]},
                            "title": _TEXT,
                            "theme": _TEXT,
                            "start_date": _DATE,
                            "end_date": _DATE,
                            "city": _TEXT,
                            "host_iso3": {"type": ["string", "null"], "pattern": r"^[A-Z]{3}$"},
                            "format": {"enum": [*schema.EVENT_FORMATS, None]},
                            "organiser": _TEXT,
                            "parent_event_id": _TEXT,
                            "parent_record": {"type": ["integer", "null"], "minimum": 0},
                            # Where each field was read in `text` (for review; not stored).
                            "spans": {"type": "object", "additionalProperties": _SPAN},
                        },
                    },
                    "figures": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["metric", "value", "qualifier", "status"],
                            "properties": {
                                "metric": {"enum": list(schema.METRICS)},
                                "value": {"type": "integer", "minimum": 0},
                                "qualifier": {"enum": list(schema.QUALIFIERS)},
                                "status": {"enum": list(schema.FIGURE_STATUSES)},
                                "scope": _TEXT,
                                "quote": _TEXT,
                                "span": _SPAN,
                            },
                        },
                    },
                    "participants": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["role"],
                            "properties": {
                                "iso3": {"type": ["string", "null"], "pattern": r"^[A-Z]{3}$"},
                                "org_id": _TEXT,
                                "role": {"enum": list(schema.ROLES)},
                                "mode": {"enum": [*schema.MODES, None]},
                                "status": {"enum": ["attended", "invited", "pre_event", None]},
                                "quote": _TEXT,
                                "span": _SPAN,
                            },
                        },
                    },
                },
            },
        },
    },
}


@dataclass
class Addition:
    """The rows a draft document adds or updates, by store table, and what it kept out."""

    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    events_new: list[str] = field(default_factory=list)
    events_updated: list[str] = field(default_factory=list)
    kept_out: list[str] = field(default_factory=list)
    source_id: str = ""

    def add(self, table: str, row: dict[str, object]) -> None:
        self.rows.setdefault(table, []).append(row)

    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.rows.items()}


def check(document: object, name: str) -> None:
    """A DataError listing every place the document departs from DRAFT_SCHEMA."""
    validator = jsonschema.Draft202012Validator(DRAFT_SCHEMA)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        raise DataError([
            Problem("does not fit the draft document", file=name,
                    column="/".join(str(p) for p in e.absolute_path) or "(document)",
                    value=e.instance if not isinstance(e.instance, dict | list) else None,
                    expected=e.message, hint="see docs/draft-record.md")
            for e in errors[:50]
        ])  # fmt: skip


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _precision(date: str) -> str:
    return {10: "day", 7: "month"}.get(len(date), "year")


def _source(document: dict, ds, today: str) -> tuple[str, dict | None]:
    source = document["source"]
    url = source.get("url")
    sources = ds.tables.sources
    if url:
        same = sources[sources["url"] == url]
        if len(same):
            return str(same["source_id"].iloc[0]), None
    host = urlparse(url).hostname if url else None
    stem = _slug(
        f"{host or source.get('publisher') or 'draft'} {source.get('published_date') or ''}"
    )
    stem = stem[:40] or "draft"
    source_id, n = stem, 2
    while source_id in set(sources["source_id"]):
        source_id, n = f"{stem}-{n}", n + 1
    row = {"source_id": source_id, "url": url, "title": source.get("title") or url or source_id,
           "publisher": source.get("publisher") or host or "unknown",
           "language": source.get("language") or document.get("language") or "en",
           "published_date": source.get("published_date"), "accessed_date": today,
           "is_mirror": False, "mirror_of": None, "notes": None}  # fmt: skip
    return source_id, row


def _event_id(event: dict, ds, taken: set[str]) -> str:
    year = (event.get("start_date") or "")[:4] or "undated"
    stem = _slug(f"{event.get('series_id') or 'event'}-{year}")
    if event.get("kind") in ("sub_forum", "side_meeting") and event.get("title"):
        stem = _slug(f"{stem}-{event['title']}")[:60]
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def to_addition(document: dict, ds, *, name: str) -> Addition:
    """The rows a checked draft document adds or updates (see the module docstring)."""
    today = datetime.now(UTC).date().isoformat()
    out = Addition()
    out.source_id, source_row = _source(document, ds, today)
    events = ds.tables.events.set_index("event_id", drop=False)
    taken = set(events.index)
    ids: list[str] = []
    columns = schema.columns(schema.Event)
    for position, record in enumerate(document["records"]):
        given = dict(record["event"])
        existing_id = given.get("event_id") or given.get("matched_event_id")
        if given.get("parent_record") is not None:
            parent = int(given["parent_record"])
            if parent >= position:
                raise DataError([Problem("a record names a parent that does not come before it",
                                         file=name, column=f"records/{position}/event/parent_record",
                                         value=parent, expected=f"a position below {position}")])  # fmt: skip
            given["parent_event_id"] = ids[parent]
        if existing_id and existing_id in taken and existing_id in events.index:
            row = {c: events.loc[existing_id, c] for c in columns}
            for column in columns:
                if given.get(column) is not None and column != "event_id":
                    row[column] = given[column]
            if given.get("start_date"):
                row["date_precision"] = _precision(given["start_date"])
            event_id = existing_id
            out.events_updated.append(event_id)
        else:
            event_id = existing_id or _event_id(given, ds, taken)
            start = given.get("start_date") or ""
            row = {c: given.get(c) for c in columns}
            row.update(event_id=event_id, kind=given.get("kind") or "edition",
                       date_precision=_precision(start) if start else None,
                       format=given.get("format") or "unknown", source_id=out.source_id)  # fmt: skip
            taken.add(event_id)
            out.events_new.append(event_id)
        ids.append(event_id)
        out.add("events", row)
        seen: set[str] = set()
        for figure in record.get("figures") or []:
            stem = _slug(
                f"{event_id}-{figure['metric']}-{figure.get('scope') or ''}-{out.source_id}"
            )
            figure_id, n = stem, 2
            while figure_id in seen:
                figure_id, n = f"{stem}-{n}", n + 1
            seen.add(figure_id)
            out.add("figures", {"figure_id": figure_id, "event_id": event_id,
                                "metric": figure["metric"], "scope": figure.get("scope"),
                                "value": figure["value"], "qualifier": figure["qualifier"],
                                "status": figure["status"], "source_id": out.source_id,
                                "quote": figure.get("quote"), "notes": None})  # fmt: skip
        for person in record.get("participants") or []:
            code = person.get("iso3") or person.get("org_id")
            if not code:
                continue
            if (person.get("status") or "attended") != "attended":
                out.kept_out.append(f"{code} ({person['status']}, {event_id})")
                continue
            out.add("participations", {
                "event_id": event_id, "iso3": person.get("iso3"), "org_id": person.get("org_id"),
                "role": person["role"], "mode": person.get("mode") or "unknown",
                "delegation_of": None, "source_id": out.source_id, "notes": None,
                "delegates": None, "status": "attended"})  # fmt: skip
    if source_row is not None:
        if out.kept_out:
            source_row["notes"] = "named as invited or expected, not as taking part: " + (
                "; ".join(out.kept_out))  # fmt: skip
        out.rows.setdefault("sources", []).insert(0, source_row)
    return out
