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
