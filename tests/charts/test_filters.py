"""The active filters in the user's words: only what differs from the defaults, in order."""

from __future__ import annotations

from coopstats import Filters
from coopstats.charts.filters import filter_words, filters_line


def test_only_non_default_filters_are_named_in_the_language(ds):
    assert filter_words(ds, Filters(), "en") == []
    assert filters_line(ds, Filters(), "fr") != "All forum series and years"
    words = filter_words(ds, Filters(years=(2020, 2021), series=("gfmd",)), "en")
    assert words == [("Years", "2020–2021"), ("Forum series", "GFMD")]
    french = dict(filter_words(ds, Filters(regions=("Africa", "Asia")), "fr"))
    assert french == {"Région du monde": "Afrique, Asie"}
