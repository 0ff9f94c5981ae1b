"""A draft under review: its tables and back to one draft document."""

import pandas as pd
import pytest

from coopstats.app import draft_review
from coopstats.errors import DataError

DRAFT = {
    "source": {"url": None, "title": None, "publisher": None, "published_date": None,
               "language": "fr"},
    "language": "fr",
    "text": "Plus de 2.000 délégués de 135 pays, dont le Maroc et l'OIM.",
    "records": [{
        "event": {"series_id": "gfmd", "edition_number": 11, "kind": "edition", "title": None,
                  "start_date": "2018-12-05", "end_date": None, "city": "Marrakesh",
                  "host_iso3": "MAR", "matched_event_id": "gfmd-2018",
                  "spans": {"city": [1, 2]}},
        "figures": [{"metric": "participants", "value": 2000, "qualifier": "more_than",
                     "status": "reported", "scope": None, "quote": "Plus de 2.000 délégués",
                     "span": [0, 22]}],
        "participants": [
            {"iso3": "MAR", "org_id": None, "role": "host", "mode": "unknown",
             "status": "attended", "quote": "Maroc", "span": [44, 49]},
            {"iso3": None, "org_id": "iom", "role": "participant", "mode": "unknown",
             "status": "attended", "quote": "OIM", "span": [55, 58]}],
    }],
}  # fmt: skip
SOURCE = {"url": "https://example.org/a", "title": "A", "published_date": "2018-12-07"}


def build(figures=None, participants=None, event=None) -> dict:
    record = DRAFT["records"][0]
    return draft_review.document(
        DRAFT, source=SOURCE, events=[event or {}],
        figures=[draft_review.figures_frame(record) if figures is None else figures],
        participants=[draft_review.participants_frame(record) if participants is None
                      else participants],
        countries={"MAR", "FRA"}, name="pasted text",
    )  # fmt: skip


def test_an_unedited_draft_comes_back_as_it_was_without_spans():
    document = build()
    record = document["records"][0]
    assert "spans" not in record["event"]
    assert record["event"]["matched_event_id"] == "gfmd-2018"
    assert record["figures"] == [{"metric": "participants", "value": 2000,
                                  "qualifier": "more_than", "status": "reported", "scope": None,
                                  "quote": "Plus de 2.000 délégués"}]  # fmt: skip
    assert [(p["iso3"], p["org_id"]) for p in record["participants"]] == [
        ("MAR", None), (None, "iom")]  # fmt: skip
    assert document["source"] == SOURCE and document["text"] == DRAFT["text"]


def test_edits_replace_the_drafted_values():
    frame = draft_review.figures_frame(DRAFT["records"][0])
    frame.loc[0, "value"] = 2100
    document = build(figures=frame, event={"city": " Rabat ", "edition_number": 12})
    assert document["records"][0]["figures"][0]["value"] == 2100
    assert document["records"][0]["event"]["city"] == "Rabat"
    assert document["records"][0]["event"]["edition_number"] == 12


def test_incomplete_rows_are_all_reported_and_empty_rows_dropped():
    figures = pd.concat([
        draft_review.figures_frame(DRAFT["records"][0]),
        pd.DataFrame([{"metric": "countries", "value": None, "qualifier": None,
                       "status": "reported"}, {}]),
    ], ignore_index=True)  # fmt: skip
    participants = pd.DataFrame([{"participant": None, "role": None, "mode": "video"}])
    with pytest.raises(DataError) as error:
        build(figures=figures, participants=participants)
    columns = [p.column for p in error.value.problems]
    assert columns == ["records/0/figures/1/value", "records/0/figures/1/qualifier",
                       "records/0/participants/0/participant", "records/0/participants/0/role"]  # fmt: skip
    assert all(p.file == "pasted text" and p.expected and p.hint for p in error.value.problems)
