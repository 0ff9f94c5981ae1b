"""A list of participants brought into the store: merged with what an event has, as a changeset.

Reading the file, finding its header row and delegation column and resolving each distinct
delegation is `coopstats.registration`'s work, shared with the browser's import; this module
adds what the command line and the store need:

- `--map "NAME=CODE"` choices (`parse_maps`), checked against the indexes;
- the refusal to read a column of people's names (`looks_like_people`): when most distinct
  cells of the chosen column resolve to nothing, the import stops and asks for `--column`,
  without listing the cells;
- `plan_import`: one participation per participant with its count of delegates, merged with
  the event's rows (a registration never turns attendance back into a registration), the
  list's delegate count as a participants figure (pre-event for a registration list), and a
  source for the list (`--source-title`).

Personal data (names, positions, e-mail addresses, passport numbers) never leave the
delegation column: nothing else is kept, shown or stored.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from coopstats import registration
from coopstats.errors import DataError, Problem

LIST_KINDS = ("attendance", "registration")


@dataclass(frozen=True)
class Layout:
    """Where the delegations are: the header row (0-based) and the column's header."""

    header_row: int
    column: str


@dataclass
class Resolved:
    """One distinct delegation text: what it resolved to and on how many rows it stood."""

    input: str
    iso3: str | None
    org_id: str | None
    rows: int
    skipped: bool = False
    suggestions: list[dict[str, str]] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.skipped or self.iso3 is not None or self.org_id is not None


@dataclass
class Plan:
    """What an import would write: participations, figures, a source, and its counts."""

    participations: list[dict[str, object]]
    figures: list[dict[str, object]]
    source: dict[str, object] | None
    added: int = 0
    updated: int = 0


def read_delegations(
    name: str, data: bytes, ds, *, column: str | None, maps: dict[str, str | None]
) -> tuple[Layout, list[Resolved]]:
    """The layout of a list and its distinct delegations, resolved (maps applied)."""
    grid = registration.read_grid(name, data)
    header_row = registration.detect_header(grid)
    frame = registration.with_header(grid, header_row)
    headers = [c for c in frame.columns if c != "_line"]
    if column is not None:
        wanted = {c.strip().casefold(): c for c in headers}
        chosen = wanted.get(column.strip().casefold())
        if chosen is None and column.strip().isdigit() and 0 < int(column) <= len(headers):
            chosen = headers[int(column) - 1]
        if chosen is None:
            raise DataError([Problem("no column with this header", file=name, column="--column",
                                     value=column, expected="one of: " + ", ".join(map(repr, headers)),
                                     hint="give the header as written, or the column number")])  # fmt: skip
    else:
        chosen = registration.detect_delegation_column(frame, ds.countries, ds.organisations)
        if chosen is None:
            raise DataError([Problem(
                "no column of delegations found: no column holds country or organisation names",
                file=name, value=", ".join(map(repr, headers)) or "no header",
                expected="a column of delegations (countries, territories, organisations)",
                hint="name it with --column HEADER",
            )])  # fmt: skip
    found = registration.delegations(frame, chosen, ds.countries, ds.organisations)
    out = []
    for row in found.itertuples(index=False):
        text = str(row.text)
        if text in maps:
            code = maps[text]
            iso3 = code if code and ds.countries.is_known(code) else None
            org = code if code and iso3 is None else None
            out.append(Resolved(text, iso3, org, int(row.rows), skipped=code is None))
            continue
        iso3 = row.code if row.kind in ("country", "territory") else None
        org = row.code if row.kind == "organisation" else None
        suggestions = [{"code": c, "name": ds.participant_name(c)} for c in row.suggestions]
        out.append(Resolved(text, iso3, org, int(row.rows), suggestions=suggestions))
    layout = Layout(header_row, chosen)
    if looks_like_people(out):
        unresolved = sum(not d.resolved for d in out)
        raise DataError([Problem(
            f"the column {chosen!r} looks like names of people, not delegations: {unresolved} of "
            f"{len(out)} distinct cells name no country or organisation (they are not shown)",
            file=name, column=chosen, expected="the column that holds the delegations",
            hint=f"choose it with --column HEADER (the headers are: {', '.join(map(repr, headers))})",
        )])  # fmt: skip
    return layout, out


def looks_like_people(delegations: list[Resolved]) -> bool:
    """Most distinct cells resolve to nothing and were not mapped: names of people, likely."""
    if len(delegations) < 4:
        return False
    return sum(not d.resolved for d in delegations) / len(delegations) > 0.5


def parse_maps(maps: list[str], ds) -> dict[str, str | None]:
    """--map "NAME=CODE" (CODE: ISO-3, org_id, or skip) -> name -> code (None: skip)."""
    out: dict[str, str | None] = {}
    for text in maps:
        name, sep, code = text.rpartition("=")
        name, code = name.strip(), code.strip()
        if not sep or not name or not code:
            raise DataError([Problem("a --map needs NAME=CODE", column="--map", value=text,
                                     expected="NAME=CODE, CODE an ISO-3 code, an organisation "
                                              "id or skip",
                                     hint='--map "Rép. de Corée=KOR" or --map "Interpreters=skip"')])  # fmt: skip
        if code.lower() == "skip":
            out[name] = None
        elif ds.countries.is_known(code.upper()):
            out[name] = code.upper()
        elif ds.organisations.is_known(code.lower()):
            out[name] = code.lower()
        else:
            close = ds.countries.suggest(code) + ds.organisations.suggest(code)
            raise DataError([Problem("unknown code in --map", column="--map", value=code,
                                     expected="an ISO-3 code, an organisation id or skip",
                                     hint=f"did you mean {', '.join(close)}?" if close else
                                     "`coopstats resolve NAME` finds a code")])  # fmt: skip
    return out


def source_row(title: str, *, event_id: str, file_name: str, editor: str, language: str) -> dict:
    """A source for a list given by its title (--source-title)."""
    today = datetime.now(UTC).date().isoformat()
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "list"
    return {
        "source_id": f"list-{event_id}-{slug}",
        "url": None,
        "title": title,
        "publisher": "list of participants",
        "language": language,
        "published_date": None,
        "accessed_date": today,
        "is_mirror": False,
        "mirror_of": None,
        "notes": f"imported from the file {file_name} by {editor} on {today}; only the "
        "delegations were kept (no personal data)",
    }


def _language(texts: list[str]) -> str:
    """The language a list is written in, from its script (the source's language)."""
    joined = "".join(texts)
    for pattern, language in (("[\u0600-\u06ff]", "ar"), ("[\u4e00-\u9fff]", "zh"),
                              ("[\u0400-\u04ff]", "ru")):  # fmt: skip
        if re.search(pattern, joined):
            return language
    return "en"


def plan_import(
    ds,
    file_name: str,
    delegations: list[Resolved],
    *,
    event_id: str,
    role: str,
    mode: str,
    list_kind: str,
    source_id: str | None,
    source_title: str | None,
    editor: str,
) -> Plan:
    """The participations, figure and source an import writes, merged with what exists."""
    tables = ds.tables
    source = None
    if source_title:
        language = _language([d.input for d in delegations])
        source = source_row(source_title, event_id=event_id, file_name=file_name,
                            editor=editor, language=language)  # fmt: skip
        source_id = str(source["source_id"])
    elif not source_id:
        raise DataError([Problem("the list needs a source", column="--source",
                                 expected="--source ID (a source of sources.csv) or "
                                          "--source-title TEXT (a new source for this list)",
                                 hint='--source-title "Registration desk list, 12 May 2025"')])  # fmt: skip
    elif source_id not in set(tables.sources["source_id"]):
        close = [s for s in tables.sources["source_id"] if source_id.split("-")[0] in s][:3]
        raise DataError([Problem("unknown source", column="--source", value=source_id,
                                 expected="a source_id of the store's sources",
                                 hint=(f"did you mean {', '.join(close)}? " if close else "")
                                 + "or create one with --source-title TEXT")])  # fmt: skip
    status = "registered" if list_kind == "registration" else "attended"
    delegates: Counter[tuple[str | None, str | None]] = Counter()
    for d in delegations:
        if d.resolved and not d.skipped:
            delegates[(d.iso3, d.org_id)] += d.rows
    existing = {}
    for frame in (tables.participations, tables.registrations):
        if frame is None:
            continue
        rows = frame[frame["event_id"] == event_id]
        for row in rows.to_dict(orient="records"):
            key = (_text(row.get("iso3")), _text(row.get("org_id")), row["role"])
            existing[key] = row
    participations, added, updated = [], 0, 0
    columns = ("event_id", "iso3", "org_id", "role", "mode", "delegation_of", "source_id",
               "notes", "delegates", "status")  # fmt: skip
    for (iso3, org_id), count in delegates.items():
        old = existing.get((iso3, org_id, role))
        if old is None:
            participations.append({"event_id": event_id, "iso3": iso3, "org_id": org_id,
                                   "role": role, "mode": mode, "delegation_of": None,
                                   "source_id": source_id, "notes": None, "delegates": count,
                                   "status": status})  # fmt: skip
            added += 1
            continue
        if status == "registered" and old.get("status") != "registered":
            continue  # attendance is never turned back into a registration
        new = {c: _text(old.get(c)) if c != "delegates" else old.get(c) for c in columns}
        new.update(delegates=count, status=status)
        if new["mode"] == "unknown" and mode != "unknown":
            new["mode"] = mode
        if _changed(old, new):
            participations.append(new)
            updated += 1
    total = sum(delegates.values())
    figures = []
    if total:
        figures.append({
            "figure_id": re.sub(r"[^a-z0-9_\-]+", "-", f"{source_id}-delegates".lower()),
            "event_id": event_id, "metric": "participants", "scope": None, "value": total,
            "qualifier": "exact", "status": "reported" if status == "attended" else "pre_event",
            "source_id": source_id, "quote": None,
            "notes": f"delegates on the {list_kind} list ({len(delegates)} delegations)",
        })  # fmt: skip
    return Plan(participations, figures, source, added, updated)


def _text(value: object) -> object:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _changed(old: dict, new: dict) -> bool:
    for column, value in new.items():
        before = _text(old.get(column))
        if column == "delegates":
            before = None if before is None else int(before)
        if before != value:
            return True
    return False


def as_json(plan: Plan | None, delegations: list[Resolved], changeset: str | None) -> dict:
    """The `--json` report: resolved and unresolved inputs, counts, the changeset id."""
    return {
        "resolved": [{"input": d.input, "iso3": d.iso3, "org_id": d.org_id, "rows": d.rows}
                     for d in delegations if d.resolved],
        "unresolved": [{"input": d.input, "suggestions": d.suggestions}
                       for d in delegations if not d.resolved],
        "added": plan.added if plan else 0,
        "updated": plan.updated if plan else 0,
        "changeset": changeset,
    }  # fmt: skip
