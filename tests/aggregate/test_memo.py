"""Remembered answers belong to a dataset: no module keeps any, and two datasets share none.

The memos (aggregate/memo.py) are keyed by the identity of the frames an answer was made from;
a dataset owns them (`Dataset.memo`) and hands them to the aggregations that use them.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from coopstats import Filters, load_dataset
from coopstats.aggregate import select_participations
from coopstats.aggregate.memo import FrameMemo, Memos
from coopstats.dataset import Dataset

SRC = Path(__file__).resolve().parents[2] / "src" / "coopstats"


def test_no_module_keeps_a_memo_of_answers() -> None:
    """Regression: selections, table codes, figure ranges and per-event answers were kept in
    module-level memos that tests and the benchmark had to empty by reaching into modules."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "FrameMemo":
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []


def test_two_datasets_of_the_same_tables_remember_apart(ds: Dataset) -> None:
    twin = Dataset(ds.tables, ds.countries, ds.organisations, ds.version)
    assert twin.memo is not ds.memo
    ds.event_summary(Filters())
    assert twin.memo.per_event.get(
        (ds.tables.events, ds.tables.figures, ds.tables.participations)
    ) is None  # fmt: skip
    assert twin == ds  # the memos take no part in equality or hashing
    assert hash(twin) == hash(ds)


def test_a_fresh_dataset_computes_what_a_remembering_one_returns(ds: Dataset) -> None:
    f = Filters(roles=("speaker",))
    warm = ds.event_summary(f)
    cold = replace(ds, memo=Memos()).event_summary(f)
    pd.testing.assert_frame_equal(warm, cold)


def test_keeping_shares_the_named_memos_and_starts_the_others_empty() -> None:
    memos = Memos()
    kept = memos.keeping("encodings", "ranges")
    assert kept.encodings is memos.encodings and kept.ranges is memos.ranges
    assert kept.selections is not memos.selections
    assert kept.per_event is not memos.per_event and kept.answers is not memos.answers
    with pytest.raises(ValueError, match="memos nope: expected some of encodings"):
        memos.keeping("nope")


def test_a_selection_without_memo_equals_the_remembered_one() -> None:
    ds = load_dataset()
    t = ds.tables
    f = Filters(regions=("Africa",))
    plain = select_participations(t.participations, t.events, t.countries, f)
    remembered = select_participations(t.participations, t.events, t.countries, f, memo=ds.memo)
    pd.testing.assert_frame_equal(plain, remembered)


def test_a_memo_forgets_an_answer_when_its_frame_is_gone() -> None:
    memo: FrameMemo[int] = FrameMemo(size=2)
    frame = pd.DataFrame({"a": [1]})
    memo.put((frame,), "k", 1)
    assert memo.get((frame,), "k") == 1
    other = pd.DataFrame({"a": [1]})
    assert memo.get((other,), "k") is None


def test_changing_a_selection_changes_neither_the_next_nor_the_remembered_one() -> None:
    """Selections of every row share the encoding's columns, copy-on-write: a caller that
    writes into its copy must not reach the next caller's."""
    ds = load_dataset()
    t = ds.tables
    before = select_participations(t.participations, t.events, t.countries, Filters())
    mine = ds.participations(Filters())
    mine.loc[0, "role"] = "observer" if mine.loc[0, "role"] != "observer" else "speaker"
    mine.loc[0, "year"] = 1
    mine["region"] = mine["region"].cat.add_categories(["Atlantis"]).fillna("Atlantis")
    pd.testing.assert_frame_equal(ds.participations(Filters()), before)
    fresh = select_participations(t.participations, t.events, t.countries, Filters(), memo=ds.memo)
    pd.testing.assert_frame_equal(fresh, before)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(years=(2015, 2019)),
        Filters(kinds=("edition",)),
        Filters(years=(2030, 2040)),
    ],
)
def test_events_selected_through_the_remembered_order_equal_a_sort_of_the_kept_rows(
    filters: Filters,
) -> None:
    """The events' order by start date then id is made once per table; the selection taken
    through it is the same frame, in the same order, as sorting the kept rows each time."""
    from coopstats.aggregate.filters import select_events

    events = load_dataset().tables.events
    # Shuffled, so that the table's own order is not already the sorted one.
    events = events.sample(frac=1.0, random_state=3)
    kept = events["kind"].isin(filters.kinds)
    if filters.years:
        kept &= events["year"].between(*filters.years)
    expected = events[kept].sort_values(["start", "event_id"], kind="stable")
    memo = Memos()
    for _ in range(2):  # made, then remembered
        assert select_events(events, filters, memo=memo).equals(expected)
    assert select_events(events, filters).equals(expected)
