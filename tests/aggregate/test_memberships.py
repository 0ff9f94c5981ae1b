"""Membership aggregations on small inline frames with plainly fake processes."""

from __future__ import annotations

import pandas as pd
import pytest

from coopstats.aggregate.memberships import (
    in_force,
    members_per_process,
    memberships_of,
    processes_per_country,
)


def frame(rows: list[tuple]) -> pd.DataFrame:
    columns = ["series_id", "iso3", "org_id", "status", "start_year", "end_year", "source_id"]
    out = pd.DataFrame(rows, columns=columns).astype({"series_id": "str", "status": "str"})
    out["notes"] = None
    for column in ("start_year", "end_year"):
        out[column] = out[column].astype("Int64")
    return out


ROWS = frame(
    [
        ("alpha", "AAA", None, "full_member", 2000, None, "s1"),
        ("alpha", "BBB", None, "full_member", 2010, 2015, "s1"),
        ("alpha", "CCC", None, "full_member", None, None, "s1"),
        ("beta", "AAA", None, "full_member", None, None, "s2"),
        ("beta", "BBB", None, "observer", None, None, "s2"),
        ("beta", None, "orgx", "full_member", None, None, "s2"),
    ]
)


@pytest.mark.parametrize(
    "year, expected",
    [
        (1999, ["BBB", "AAA"]),  # beta has no dated row: its undated rows count in any year
        (2000, ["AAA", "CCC", "AAA", "BBB"]),
        (2012, ["AAA", "BBB", "CCC", "AAA", "BBB"]),
        (2015, ["AAA", "CCC", "AAA", "BBB"]),  # ended in 2015: gone by the end of 2015
    ],
)
def test_in_force_at_the_end_of_a_year(year, expected):
    rows = in_force(ROWS, year)
    assert sorted(rows["iso3"].dropna().tolist()) == sorted(expected)


def test_processes_per_country_counts_members_and_lists_observers():
    out = processes_per_country(ROWS, year=2012)
    expected = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC"],
            "processes": [2, 1, 1],
            "member_of": ["alpha, beta", "alpha", "alpha"],
            "observer_of": ["", "beta", ""],
            "undated": [True, False, True],
        }
    ).astype({"iso3": "str", "member_of": "str", "observer_of": "str", "processes": "int64"})
    pd.testing.assert_frame_equal(out, expected)


def test_series_filter_narrows_the_processes():
    out = processes_per_country(ROWS, year=2012, series=("beta",))
    assert out["iso3"].tolist() == ["AAA", "BBB"]
    assert out["processes"].tolist() == [1, 0]


def test_empty_input_gives_the_columns():
    out = processes_per_country(ROWS.iloc[:0], year=2012)
    assert out.empty
    assert list(out.columns) == ["iso3", "processes", "member_of", "observer_of", "undated"]


def test_processes_per_country_does_not_change_its_input():
    before = ROWS.copy()
    processes_per_country(ROWS, year=2012)
    pd.testing.assert_frame_equal(ROWS, before)


def test_members_per_process():
    out = members_per_process(ROWS, year=2012)
    assert out.to_dict("records") == [
        {"series_id": "alpha", "countries": 3, "organisations": 0, "observers": 0, "undated": 1},
        {"series_id": "beta", "countries": 1, "organisations": 1, "observers": 1, "undated": 2},
    ]


def test_memberships_of_a_country_and_an_organisation():
    assert memberships_of(ROWS, "BBB")[["series_id", "status"]].values.tolist() == [
        ["alpha", "full_member"],
        ["beta", "observer"],
    ]
    assert memberships_of(ROWS, "orgx")["series_id"].tolist() == ["beta"]
