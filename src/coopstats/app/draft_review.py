"""A draft document under review: its figures and participants as tables to edit, and the edited
tables (with the edited event fields) back as one draft document for `coopstats.drafts`.

No Streamlit here: the page stages the edits in widgets and tables, this module turns them into
the document, and the document is checked whole (drafts.check, then the store's own rules)
before anything is written. A row left incomplete is reported, never dropped silently.
"""

from __future__ import annotations

import math

import pandas as pd

from coopstats.errors import DataError, Problem

FIGURE_COLUMNS = ["metric", "value", "qualifier", "status", "scope", "quote"]
PARTICIPANT_COLUMNS = ["participant", "role", "mode", "status", "quote"]
EVENT_FIELDS = [
    "series_id", "edition_number", "kind", "title", "start_date", "end_date", "city",
    "host_iso3", "matched_event_id",
]  # fmt: skip


def figures_frame(record: dict) -> pd.DataFrame:
    """One row per drafted figure of a record, in the draft's order; columns FIGURE_COLUMNS."""
    rows = [{c: f.get(c) for c in FIGURE_COLUMNS} for f in record["figures"]]
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    return frame.astype({"value": "Int64"}).astype(
        {c: "object" for c in FIGURE_COLUMNS if c != "value"}
    )


def participants_frame(record: dict) -> pd.DataFrame:
    """One row per drafted participant of a record (its ISO-3 code or organisation id in
    `participant`), in the draft's order; columns PARTICIPANT_COLUMNS."""
    rows = [
        {"participant": p.get("iso3") or p.get("org_id"), **{c: p.get(c) for c in PARTICIPANT_COLUMNS[1:]}}
        for p in record["participants"]
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=PARTICIPANT_COLUMNS).astype("object")


def _cell(value: object) -> object:
    """A table cell as a JSON value: blanks and missing values are None."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def document(
    draft: dict,
    *,
    source: dict,
    events: list[dict],
    figures: list[pd.DataFrame],
    participants: list[pd.DataFrame],
    countries: set[str],
    name: str,
) -> dict:
    """The draft document to add: the draft's records with the edited event fields, figures and
    participants (one list entry per record), citing `source`.

    Raises a DataError listing every incomplete row (a figure without metric or value, a
    participant without code or role); the document itself is checked by `drafts.check`.
    """
    problems: list[Problem] = []
    records = []
    for i, record in enumerate(draft["records"]):
        event = {k: v for k, v in record["event"].items() if k != "spans"}
        event.update({k: _cell(events[i].get(k)) for k in EVENT_FIELDS if k in events[i]})
        out_figures = []
        for row_number, row in enumerate(figures[i].to_dict("records")):
            cells = {c: _cell(row.get(c)) for c in FIGURE_COLUMNS}
            if all(v is None for v in cells.values()):
                continue  # an empty row added and left
            where = f"records/{i}/figures/{row_number}"
            value = _whole_number(cells["value"])
            if value is None:
                problems.append(Problem("a figure has no whole number", file=name,
                                        column=f"{where}/value", value=cells["value"],
                                        expected="a whole number (0 or more)",
                                        hint="type the number, or delete the row"))  # fmt: skip
            for column in ("metric", "qualifier", "status"):
                if cells[column] is None:
                    problems.append(Problem(f"a figure has no {column}", file=name,
                                            column=f"{where}/{column}",
                                            expected=f"a {column} from the list",
                                            hint="choose one, or delete the row"))  # fmt: skip
            out_figures.append({**cells, "value": value})
        out_participants = []
        for row_number, row in enumerate(participants[i].to_dict("records")):
            cells = {c: _cell(row.get(c)) for c in PARTICIPANT_COLUMNS}
            if all(v is None for v in cells.values()):
                continue
            where = f"records/{i}/participants/{row_number}"
            code = cells.pop("participant")
            if code is None:
                problems.append(Problem("a participant is not chosen", file=name,
                                        column=f"{where}/participant",
                                        expected="a country, territory or organisation",
                                        hint="choose one, or delete the row"))  # fmt: skip
            if cells["role"] is None:
                problems.append(Problem("a participant has no role", file=name,
                                        column=f"{where}/role", expected="a role from the list",
                                        hint="choose one, or delete the row"))  # fmt: skip
            is_country = code in countries
            out_participants.append({"iso3": code if is_country else None,
                                     "org_id": None if is_country else code, **cells})  # fmt: skip
        records.append({"event": event, "figures": out_figures, "participants": out_participants})
    if problems:
        raise DataError(problems)
    return {
        "source": source,
        "language": draft.get("language"),
        "text": draft.get("text"),
        "records": records,
    }
