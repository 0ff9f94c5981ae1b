"""Cross-table checks: each test breaks one link in a valid folder and reads the message."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from coopstats.errors import DataError
from coopstats.integrity import check_tables, country_hint, period_bounds
from coopstats.load import load_tables
from datafactory import valid_rows, write_folder


def changed(table: str, index: int, /, **changes: str):
    rows = valid_rows()
    rows[table][index] = {**rows[table][index], **changes}
    return rows


def errors(tmp_path, rows) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_tables(write_folder(tmp_path, rows))
    return [p.message() for p in caught.value.errors]


def warnings(tmp_path, rows) -> list[str]:
    return [p.message() for p in load_tables(write_folder(tmp_path, rows)).warnings]


@pytest.mark.parametrize(
    ("table", "index", "changes", "message"),
    [
        (
            "events.csv",
            0,
            {"series_id": "forums"},
            "events.csv row 2, column series_id: unknown series_id: got 'forums'; expected an id "
            "listed in series.csv. Hint: did you mean 'forum'?",
        ),
        (
            "events.csv",
            2,
            {"parent_event_id": "forum-2032"},
            "events.csv row 4, column parent_event_id: unknown parent_event_id: got 'forum-2032'",
        ),
        (
            "figures.csv",
            0,
            {"source_id": "src_a"},
            "figures.csv row 2, column source_id: unknown source_id: got 'src_a'; expected an id "
            "listed in sources.csv. Hint: did you mean 'src-a'?",
        ),
        (
            "figures.csv",
            2,
            {"event_id": "forum-2025"},
            "figures.csv row 4, column event_id: unknown event_id: got 'forum-2025'",
        ),
        (
            "participations.csv",
            3,
            {"org_id": "interpool"},
            "participations.csv row 5, column org_id: unknown org_id: got 'interpool'; expected an "
            "id listed in organisations.csv. Hint: did you mean 'interpol'?",
        ),
        (
            "series.csv",
            0,
            {"source_id": "zzz"},
            "series.csv row 2, column source_id: unknown source_id: got 'zzz'; expected an id "
            "listed in sources.csv. Hint: add it to sources.csv or fix the id",
        ),
    ],
)
def test_unknown_ids(tmp_path, table, index, changes, message):
    assert message in "\n".join(errors(tmp_path, changed(table, index, **changes)))


@pytest.mark.parametrize(
    ("table", "index", "column", "code", "suggestion"),
    [
        ("participations.csv", 1, "iso3", "FRN", "did you mean FRA (France)?"),
        ("participations.csv", 1, "iso3", "GER", "DEU (Germany)"),
        ("events.csv", 0, "host_iso3", "CHA", "CHN (China)"),
        ("organisations.csv", 0, "hq_iso3", "XYZ", "use the ISO 3166 alpha-3 code"),
        ("reference/cities.csv", 1, "iso3", "FRN", "FRA (France)"),
    ],
)
def test_unknown_country_code_suggests_codes_and_names(
    tmp_path, table, index, column, code, suggestion
):
    found = errors(tmp_path, changed(table, index, **{column: code}))
    assert len(found) == 1
    assert f"column {column}: unknown country code: got '{code}'" in found[0]
    assert suggestion in found[0]


def test_country_hint_on_its_own():
    countries = pd.DataFrame({"iso3": ["FRA", "DEU"], "name_en": ["France", "Germany"]})
    assert country_hint("FRN", countries) == "did you mean FRA (France)?"


@pytest.mark.parametrize(
    ("index", "changes", "pattern"),
    [
        (
            2,
            {"parent_event_id": ""},
            r"row 4, column parent_event_id: a sub-forum or side "
            r"meeting needs a parent event",
        ),
        (
            0,
            {"parent_event_id": "forum-2024"},
            r"row 2, column parent_event_id: an edition has "
            r"no parent event",
        ),
        (
            0,
            {"kind": "sub_forum", "parent_event_id": "forum-2023-side"},
            r"row 2, column parent_event_id: parent is not an edition",
        ),
    ],
)
def test_parent_events(tmp_path, index, changes, pattern):
    found = "\n".join(errors(tmp_path, changed("events.csv", index, **changes)))
    assert re.search(pattern, found)


def test_parent_in_another_series(tmp_path):
    rows = changed("events.csv", 0, series_id="other")
    rows["series.csv"].append({**rows["series.csv"][0], "series_id": "other"})
    found = errors(tmp_path, rows)
    assert found == [
        "events.csv row 4, column parent_event_id: parent belongs to another series: got "
        "'forum-2023'; expected an edition of series forum. Hint: forum-2023 is in series other"
    ]


def test_end_before_start(tmp_path):
    with pytest.raises(
        DataError,
        match=r"events.csv row 2, column end_date: end date before "
        r"start date: got '2023-09-01'; expected a date on or after 2023-09-11",
    ):
        load_tables(write_folder(tmp_path, changed("events.csv", 0, end_date="2023-09-01")))


@pytest.mark.parametrize(
    ("changes", "pattern"),
    [
        (
            {"start_date": "2024-09-20"},
            r"row 3, column start_date: date does not match "
            r"date_precision: got '2024-09-20'; expected YYYY-MM "
            r"\(date_precision is month\)",
        ),
        ({"date_precision": "year"}, r"row 3, column start_date: date does not match"),
        (
            {"start_date": "2024-02-30", "date_precision": "day"},
            r"row 3, column start_date: not a calendar date: got '2024-02-30'",
        ),
    ],
)
def test_date_precision_and_calendar(tmp_path, changes, pattern):
    with pytest.raises(DataError, match=pattern):
        load_tables(write_folder(tmp_path, changed("events.csv", 1, **changes)))


def test_child_outside_its_parents_year_is_an_error(tmp_path):
    found = errors(tmp_path, changed("events.csv", 2, start_date="2022-09-11"))
    assert found == [
        "events.csv row 4, column start_date: held outside the year of its parent event: got "
        "'2022-09-11'; expected a date in 2023 (the year of forum-2023). Hint: check the date, "
        "or whether parent_event_id names the right edition"
    ]


def test_child_outside_its_parents_dates_is_a_warning(tmp_path):
    found = warnings(tmp_path, changed("events.csv", 2, start_date="2023-09-10"))
    assert found == [
        "events.csv row 4, column start_date: held outside the dates of its parent event: got "
        "'2023-09-10'; expected a date within the dates of forum-2023"
    ]
    # a month-precision date that may fall within the parent's dates is not flagged
    rows = changed("events.csv", 2, start_date="2023-09", date_precision="month")
    assert warnings(tmp_path / "month", rows) == []


def test_exactly_one_of_iso3_and_org_id(tmp_path):
    found = errors(tmp_path, changed("participations.csv", 3, iso3="FRA"))
    assert found[0].startswith("participations.csv row 5, column org_id: both iso3 and org_id")
    found = errors(tmp_path / "b", changed("participations.csv", 3, org_id=""))
    assert found[0].startswith("participations.csv row 5, column iso3: neither iso3 nor org_id")


def test_duplicate_participation(tmp_path):
    rows = valid_rows()
    rows["participations.csv"].append({**rows["participations.csv"][1], "mode": "video"})
    found = errors(tmp_path, rows)
    assert found == [
        "participations.csv row 7, column role: duplicate participation (same event, "
        "participant and role): got 'participant'. Hint: same as row 3; keep one row"
    ]


def test_duplicate_figure(tmp_path):
    rows = valid_rows()
    rows["figures.csv"].append({**rows["figures.csv"][2], "figure_id": "f4"})
    found = errors(tmp_path, rows)
    assert len(found) == 1
    assert found[0].startswith("figures.csv row 5, column figure_id: duplicate figure: got 'f4'")
    assert found[0].endswith("as row 4; keep one row")


@pytest.mark.parametrize("qualifier", ["exact", "up_to"])
def test_more_named_than_an_exact_figure_is_a_warning(tmp_path, qualifier):
    found = warnings(tmp_path, changed("figures.csv", 0, value="2", qualifier=qualifier))
    assert found == [
        "figures.csv row 2, column value: fewer than the participants named for this event: "
        "got 2; expected at least 3 (countries and territories named in participations.csv for "
        "forum-2023). Hint: check the figure and its qualifier, or the participations of this "
        "event"
    ]


def test_more_named_than_an_approximate_figure_is_fine(tmp_path):
    assert warnings(tmp_path, changed("figures.csv", 0, value="2", qualifier="about")) == []
    assert warnings(tmp_path / "b", changed("figures.csv", 0, value="2", status="invited")) == []


def test_organisation_count_is_compared_with_named_organisations(tmp_path):
    rows = changed("figures.csv", 0, metric="organisations", value="0")
    [found] = warnings(tmp_path, rows)
    assert "expected at least 1 (organisations named" in found


def test_figure_backed_only_by_a_mirror_is_a_warning(tmp_path):
    found = warnings(tmp_path, changed("figures.csv", 2, source_id="src-m"))
    assert found == [
        "figures.csv row 4, column source_id: the only sources of this figure are mirrors: got "
        "'src-m'. Hint: cite the original publisher's page too (see mirror_of in sources.csv)"
    ]
    # beside a figure from the original publisher, a mirror is fine
    assert warnings(tmp_path / "b", changed("figures.csv", 1, source_id="src-m")) == []


def test_check_tables_skips_checks_on_tables_that_failed(tmp_path):
    tables = load_tables(write_folder(tmp_path))
    broken = SimpleNamespace(**{**vars(tables), "events": None, "sources": None})
    assert check_tables(broken) == []


def test_many_failures_are_summarised(tmp_path):
    rows = valid_rows()
    template = rows["participations.csv"][1]
    rows["participations.csv"] += [{**template, "event_id": f"nowhere-{i}"} for i in range(60)]
    found = errors(tmp_path, rows)
    assert len(found) == 51
    assert found[-1] == "participations.csv, column event_id: 10 more rows: unknown event_id"


def test_period_bounds():
    dates = pd.Series(["2016", "2016-02", "2016-09-21", None, "2016-02-30"], dtype="string")
    first, last = period_bounds(dates)
    assert first.tolist()[:3] == [
        pd.Timestamp(d) for d in ["2016-01-01", "2016-02-01", "2016-09-21"]
    ]
    assert last.tolist()[:3] == [
        pd.Timestamp(d) for d in ["2016-12-31", "2016-02-29", "2016-09-21"]
    ]
    assert first[3:].isna().all()
