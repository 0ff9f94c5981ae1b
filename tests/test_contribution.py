"""Form values into rows, retractions and readable diffs (coopstats.contribution)."""

from __future__ import annotations

from datetime import date

from coopstats.contribution import (
    diff_table,
    event_row,
    figure_row,
    retraction,
    slug,
    source_row,
)
from coopstats.store import RowChange


def test_values_are_trimmed_and_blanks_become_none():
    row = event_row({"series_id": "forum", "title": "  Fourth Forum ", "start_date": "2024-09",
                     "city": "  ", "notes": ""})  # fmt: skip
    assert row["title"] == "Fourth Forum" and row["city"] is None and row["notes"] is None
    assert row["event_id"] == "forum-2024-fourth-forum"
    assert (
        event_row({"event_id": "kept", "series_id": "forum", "start_date": "2024"})["event_id"]
        == "kept"
    )


def test_ids_are_made_for_new_sources_and_figures():
    source = source_row({"url": "https://www.example.org/a", "title": "A", "publisher": "P",
                         "accessed_date": date(2026, 11, 30), "is_mirror": True})  # fmt: skip
    assert source["source_id"].startswith("www-example-org-")
    assert source["accessed_date"] == "2026-11-30" and source["is_mirror"] is True
    figure = figure_row({"event_id": "e1", "metric": "countries", "value": 3,
                         "source_id": source["source_id"], "status": "reported"})  # fmt: skip
    assert figure["figure_id"].startswith("e1-countries-")
    assert slug("Ministère de l'Intérieur!") == "minist-re-de-l-int-rieur"


def test_a_retraction_deletes_by_key_with_the_reason_in_the_summary():
    made = retraction("participations", {"event_id": "e1", "iso3": "FRA", "org_id": None,
                                         "role": "participant", "mode": "video"}, " duplicate ")  # fmt: skip
    assert made.kind == "retract" and made.puts == []
    assert made.deletes == [("participations", {"event_id": "e1", "iso3": "FRA", "org_id": None,
                                                "role": "participant"})]  # fmt: skip
    assert made.summary == "retract participation e1, FRA, participant: duplicate"


def test_diff_table_lists_changed_cells_only():
    changes = [
        RowChange(
            "figures", '["f1"]', {"figure_id": "f1", "value": 3}, {"figure_id": "f1", "value": 4}
        ),
        RowChange(
            "participations", '["e1"]', None, {"event_id": "e1", "iso3": "FRA", "org_id": None}
        ),
    ]
    rows = diff_table(changes)
    assert rows[0] == {"table": "figures", "row": '["f1"]', "action": "update", "column": "value",
                       "before": 3, "after": 4}  # fmt: skip
    assert [r["column"] for r in rows[1:]] == ["event_id", "iso3"]
    assert {r["action"] for r in rows[1:]} == {"insert"}
