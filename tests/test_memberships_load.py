"""Memberships and names tables: the bundled files validate; one small bad file per failure mode."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coopstats.errors import DataError
from coopstats.load import load_tables, read_table
from coopstats.schema import MEMBERSHIP_STATUSES, Membership, Name, columns
from coopstats.settings import BUNDLED_DATA_DIR
from datafactory import valid_rows, write_folder

MEMBER = {
    "series_id": "forum",
    "iso3": "FRA",
    "org_id": "",
    "status": "full_member",
    "start_year": "2001",
    "end_year": "",
    "source_id": "src-a",
    "notes": "",
}
NAME = {
    "subject": "event",
    "subject_id": "forum-2023",
    "field": "title",
    "language": "zh",
    "value": "论坛",
    "source_id": "src-a",
    "notes": "",
}


def folder(tmp_path: Path, members: list[dict] = (), names: list[dict] = ()) -> Path:
    rows = valid_rows()
    if members:
        rows["memberships.csv"] = list(members)
    if names:
        rows["names.csv"] = list(names)
    return write_folder(tmp_path, rows)


def load_error(data: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_tables(data)
    return "\n".join(p.message() for p in caught.value.problems)


def test_bundled_memberships_and_names_validate():
    for name, model in (("memberships.csv", Membership), ("names.csv", Name)):
        frame, problems = read_table(BUNDLED_DATA_DIR / name, model)
        assert [p for p in problems if p.severity == "error"] == []
        assert list(frame.columns) == columns(model)
        assert len(frame) > 0


def test_bundled_memberships_cover_at_least_150_countries():
    tables = load_tables(BUNDLED_DATA_DIR)
    assert tables.memberships["iso3"].nunique() >= 150


def test_a_folder_without_the_optional_tables_loads_them_empty(tmp_path):
    tables = load_tables(write_folder(tmp_path))
    assert tables.memberships.empty and list(tables.memberships.columns) == columns(Membership)
    assert tables.memberships["start_year"].dtype == "Int64"
    assert tables.names.empty


def test_valid_memberships_load_typed(tmp_path):
    tables = load_tables(folder(tmp_path, [MEMBER, {**MEMBER, "iso3": "", "org_id": "interpol"}]))
    assert tables.memberships["start_year"].tolist() == [2001, 2001]
    assert pd.isna(tables.memberships["end_year"]).all()


def test_statuses_carry_the_correlates_of_war_codes():
    assert {code: spec["cow_code"] for code, spec in MEMBERSHIP_STATUSES.items()} == {
        "full_member": 1,
        "associate_member": 2,
        "observer": 3,
    }


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"status": "member"},
            r"memberships\.csv row 2, column status: unknown status: got 'member'",
        ),
        ({"status": "Observer"}, r"did you mean 'observer'\?"),
        ({"org_id": "interpol"}, r"row 2, column org_id: both iso3 and org_id are filled"),
        ({"iso3": ""}, r"row 2, column iso3: neither iso3 nor org_id is filled"),
        ({"end_year": "1999"}, r"column end_year: ends before it starts: got 1999"),
        ({"start_year": "2001.5"}, r"column start_year: not a whole number"),
        ({"start_year": "1066"}, r"column start_year: less than 1800"),
        (
            {"series_id": "forun"},
            r"column series_id: unknown series_id: got 'forun'.*did you mean 'forum'",
        ),
        ({"iso3": "FRX"}, r"column iso3: unknown country code: got 'FRX'"),
        ({"org_id": "interpal", "iso3": ""}, r"column org_id: unknown org_id: got 'interpal'"),
        ({"source_id": "src-z"}, r"column source_id: unknown source_id: got 'src-z'"),
    ],
)
def test_bad_membership_row_is_reported(tmp_path, change, message):
    assert_reported(folder(tmp_path, [{**MEMBER, **change}]), message)


def test_duplicate_membership_names_the_first_row(tmp_path):
    data = folder(tmp_path, [MEMBER, MEMBER])
    assert_reported(data, r"row 3, column status: duplicate membership.*same as row 2")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"subject_id": "forum-2032"}, r"names\.csv row 2, column subject_id: unknown event_id"),
        ({"field": "name"}, r"column field: not a field of a event"),
        ({"language": "en"}, r"column language: unknown language: got 'en'"),
        ({"subject": "city"}, r"column subject: unknown subject: got 'city'"),
        ({"value": ""}, r"column value: missing value"),
        ({"source_id": ""}, r"column source_id: missing value"),
    ],
)
def test_bad_name_row_is_reported(tmp_path, change, message):
    assert_reported(folder(tmp_path, names=[{**NAME, **change}]), message)


def test_series_names_must_name_a_series(tmp_path):
    row = {**NAME, "subject": "series", "subject_id": "forum-2023", "field": "name"}
    assert_reported(folder(tmp_path, names=[row]), r"unknown series_id: got 'forum-2023'")


def test_duplicate_name_is_reported(tmp_path):
    assert_reported(folder(tmp_path, names=[NAME, NAME]), r"row 3.*duplicate subject and")


def assert_reported(data: Path, pattern: str) -> None:
    with pytest.raises(DataError, match=pattern):
        load_tables(data)
