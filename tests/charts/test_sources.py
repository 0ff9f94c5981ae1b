"""The sources a chart cites, read from its data's source columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopstats.charts.chart import source_ids


def test_source_ids_are_read_from_single_ids_and_lists_once_each_in_order():
    single = pd.Series(["s-b", "s-a", None, "s-b", " s-c "], dtype="category")
    lists = pd.Series(["s-d; s-a", np.nan, "s-e;", ""])
    assert source_ids(single, lists) == ("s-a", "s-b", "s-c", "s-d", "s-e")
    assert source_ids(pd.Series([], dtype="str")) == ()


def test_source_ids_of_a_categorical_leave_out_unused_categories():
    # A selection's categorical may keep categories none of its rows hold.
    cited = pd.Series(pd.Categorical(["s-b", None, "s-b"], categories=["s-a", "s-b", "s-c"]))
    assert source_ids(cited) == ("s-b",)
    assert source_ids(cited.iloc[:0]) == ()
