"""The editions added to the bundled data, each with its dates, place and source.

One case per edition that was missing (see data/CHANGELOG.md); the test fails on the data
before it was added.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return pd.read_csv(DATA / "events.csv", dtype=str, keep_default_na=False).set_index("event_id")


@pytest.fixture(scope="module")
def sources() -> set[str]:
    return set(pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)["source_id"])


ADDED = [
    # event_id, start_date, end_date, city, host_iso3
    ("interpol-ga-2009", "2009-10-11", "", "Singapore", "SGP"),
    ("interpol-ga-2010", "2010-11-08", "2010-11-11", "Doha", "QAT"),
    ("interpol-ga-2011", "2011-10-31", "2011-11-03", "Hanoi", "VNM"),
    ("interpol-ga-2012", "2012-11-05", "2012-11-08", "Rome", "ITA"),
    ("interpol-ga-2013", "2013-10-21", "2013-10-24", "Cartagena", "COL"),
    ("interpol-ga-2014", "2014-11-03", "2014-11-07", "Monaco", "MCO"),
    ("interpol-ga-2015", "2015-11-02", "2015-11-05", "Kigali", "RWA"),
    ("interpol-ga-2016", "2016-11-07", "2016-11-10", "Nusa Dua", "IDN"),
    ("interpol-ga-2017", "2017-09-26", "2017-09-29", "Beijing", "CHN"),
    ("interpol-ga-2018", "2018-11-18", "2018-11-21", "Dubai", "ARE"),
    ("interpol-ga-2019", "2019-10-15", "2019-10-18", "Santiago", "CHL"),
    ("bali-process-2013", "2013-04-01", "2013-04-02", "Nusa Dua", "IDN"),
    ("rabat-process-2008", "2008-11-25", "2008-11-25", "Paris", "FRA"),
    ("khartoum-process-2015-sharm", "2015-04-23", "2015-04-24", "Sharm El Sheikh", "EGY"),
    ("khartoum-process-2016-addis", "2016-12-15", "2016-12-16", "Addis Ababa", "ETH"),
    ("khartoum-process-2017-addis", "2017-04-06", "2017-04-06", "Addis Ababa", "ETH"),
    ("khartoum-process-2020-hague", "2020-03-05", "2020-03-05", "The Hague", "NLD"),
    ("gfmd-2011", "2011-11-29", "2011-12-02", "Geneva", "CHE"),
    ("gfmd-2012", "2012-11-19", "2012-11-22", "Port Louis", "MUS"),
    ("grf-2023", "2023-12-13", "2023-12-15", "Geneva", "CHE"),
    ("gpscfl-2025-tourism-safety", "2025-09-13", "2025-09-13", "Sanya", "CHN"),
]


@pytest.mark.parametrize("event_id, start, end, city, host", ADDED, ids=[a[0] for a in ADDED])
def test_edition_is_entered_with_its_dates_place_and_source(
    events, sources, event_id, start, end, city, host
):
    assert event_id in events.index, f"{event_id} is missing"
    row = events.loc[event_id]
    assert (row["start_date"], row["end_date"], row["city"], row["host_iso3"]) == (
        start,
        end,
        city,
        host,
    )
    assert row["source_id"] in sources


@pytest.mark.parametrize(
    "parent, expected",
    [
        # The Paper and People's Daily name 8 of the 12 sub-forums of 2024; hk01 lists all 8 of 2025.
        ("gpscfl-2024", 8),
        ("gpscfl-2025", 8),
    ],
)
def test_known_gpscfl_sub_forums_are_events(events, parent, expected):
    subs = events[(events["parent_event_id"] == parent) & (events["kind"] == "sub_forum")]
    assert len(subs) == expected, sorted(subs.index)
