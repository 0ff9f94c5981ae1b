"""One column's distinct values in a selection, read without making the selection."""

from __future__ import annotations

import pandas as pd
import pytest

from coopstats.aggregate import Filters, select_participations, selected_values
from coopstats.aggregate.memo import Memos

FILTERS = [
    Filters(),
    Filters(years=(2010, 2018)),
    Filters(years=(1900, 1901)),
    Filters(regions=("Africa",), roles=("participant",)),
    Filters(participant_types=("organisation",), kinds=("edition",)),
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("column", ["source_id", "edition_id", "iso3"])
@pytest.mark.parametrize("selected_first", [False, True])
def test_selected_values_are_the_selections_distinct_values(ds, filters, column, selected_first):
    t = ds.tables
    tables = (t.participations, t.events, t.countries)
    memo = Memos()
    if selected_first:  # a selection made before changes nothing
        select_participations(*tables, filters, memo=memo)
    found = selected_values(*tables, filters, column, memo=memo)
    expected = select_participations(*tables, filters)[column].dropna().unique()
    assert found.tolist() == sorted(str(v) for v in expected)
    assert found.equals(selected_values(*tables, filters, column))
    assert isinstance(found, pd.Index)
