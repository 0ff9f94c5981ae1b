"""The Organisations page's charts (coopstats.charts.organisations)."""

from __future__ import annotations

import pandas as pd

from coopstats import Filters
from coopstats.charts import build_chart


def test_the_organisations_pages_two_charts_share_their_parts_but_not_their_tables(ds):
    # Both charts take the organisations, names, table and sources made once per filter
    # change; a chart whose table is changed must not change the other's, nor a later run's.
    filters = Filters(years=(2019, 2024))
    by_year = build_chart(ds, "organisations", filters, "fr")
    bar = build_chart(ds, "organisations-bar", filters, "fr")
    assert by_year.table is not bar.table
    pd.testing.assert_frame_equal(by_year.table, bar.table)
    assert (by_year.summary, by_year.source_ids) == (bar.summary, bar.source_ids)
    by_year.table.iloc[0, 0] = "changed"
    by_year.page_params["orgtype"] = ("changed",)
    again = build_chart(ds, "organisations-bar", filters, "fr")
    pd.testing.assert_frame_equal(again.table, bar.table)
    assert again.page_params == bar.page_params == {}
