"""Host cities of the selected events: grouped per place, points from the cities table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopstats.aggregate.events import host_cities


def test_host_cities_group_titles_per_place_in_event_order_and_sorted():
    events = pd.DataFrame({
        "city": pd.Series(["Zeta", "Alpha", None, "Zeta", "Alpha"], dtype="str"),
        "host_iso3": pd.Series(["AAA", "BBB", "AAA", "AAA", None], dtype="str"),
        "title": pd.Series(["Fake 1", "Fake 2", "Fake 3", "Fake 4", "Fake 5"], dtype="str"),
    })  # fmt: skip
    cities = pd.DataFrame({"city": ["Zeta", "Gamma"], "iso3": ["AAA", "CCC"],
                           "lat": [1.5, 2.0], "lon": [-3.0, 4.0]})  # fmt: skip
    expected = pd.DataFrame({
        "city": pd.Series(["Alpha", "Zeta"], dtype="str"),
        "iso3": pd.Series(["BBB", "AAA"], dtype="str"),
        "lat": [np.nan, 1.5],
        "lon": [np.nan, -3.0],
        "events": pd.Series(["Fake 2", "Fake 1; Fake 4"], dtype="str"),
    })  # fmt: skip
    pd.testing.assert_frame_equal(host_cities(events, cities), expected)


def test_host_cities_of_events_naming_no_city_is_an_empty_frame_with_its_columns():
    events = pd.DataFrame({"city": pd.Series([None], dtype="str"),
                           "host_iso3": pd.Series(["AAA"], dtype="str"), "title": ["Fake"]})  # fmt: skip
    cities = pd.DataFrame({"city": ["Zeta"], "iso3": ["AAA"], "lat": [1.0], "lon": [2.0]})
    out = host_cities(events, cities)
    assert out.empty and list(out.columns) == ["city", "iso3", "lat", "lon", "events"]
