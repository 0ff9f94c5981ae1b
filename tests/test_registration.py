"""Registration lists: limits, formats, header and delegation column detection, resolution."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from coopstats import registration as reg
from coopstats.countries import CountryIndex
from coopstats.errors import DataError
from coopstats.load import load_tables
from coopstats.organisations import OrganisationIndex
from coopstats.settings import BUNDLED_DATA_DIR


@pytest.fixture(scope="module")
def indexes():
    tables = load_tables(BUNDLED_DATA_DIR)
    return (CountryIndex.build(tables.countries, tables.country_aliases),
            OrganisationIndex.build(tables.organisations))  # fmt: skip


def xlsx(rows: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(rows).to_excel(writer, header=False, index=False)
    return buffer.getvalue()


LIST = [
    ["Registration list, 3rd Forum", "", ""],
    ["", "", ""],
    ["No.", "Name", "Pays / Country"],
    ["1", "A. Person", "Chine"],
    ["2", "B. Person", "France"],
    ["3", "C. Person", "france "],
    ["4", "D. Person", "INTERPOL"],
    ["5", "E. Person", "Frnace"],
    ["6", "F. Person", ""],
]


@pytest.mark.parametrize("suffix", [".xls", ".xlsm", ".XLS"])
def test_old_and_macro_workbooks_are_refused_saying_to_save_as_xlsx(suffix):
    with pytest.raises(DataError, match=r"save it as Excel Workbook \(\.xlsx\)"):
        reg.read_grid("list" + suffix, b"anything")


def test_other_formats_and_large_files_are_refused():
    with pytest.raises(DataError, match="not a registration list"):
        reg.read_grid("list.pdf", b"%PDF")
    with pytest.raises(DataError, match=r"file too large.*at most 10 MB"):
        reg.check_file("list.csv", reg.MAX_BYTES + 1)
    assert reg.check_file("LIST.CSV", reg.MAX_BYTES) == ".csv"


def test_too_many_rows_are_refused():
    text = "delegation\n" + "France\n" * (reg.MAX_ROWS + reg.HEADER_SEARCH_ROWS + 1)
    with pytest.raises(DataError, match="too many rows"):
        reg.read_grid("big.csv", text.encode())


def test_a_broken_xlsx_and_a_non_utf8_csv_say_what_to_do():
    with pytest.raises(DataError, match=r"could not be read as \.xlsx"):
        reg.read_grid("list.xlsx", b"not a zip")
    with pytest.raises(DataError, match="CSV saved as UTF-8"):
        reg.read_grid("list.csv", "Côte d'Ivoire".encode("latin-1"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv-semicolon", "csv-bom"])
def test_header_and_delegation_column_are_found(fmt, indexes):
    if fmt == "xlsx":
        grid = reg.read_grid("list.xlsx", xlsx(LIST))
    else:
        sep = ";" if fmt == "csv-semicolon" else ","
        text = "\n".join(sep.join(row) for row in LIST)
        data = text.encode("utf-8-sig" if fmt == "csv-bom" else "utf-8")
        grid = reg.read_grid("list.csv", data)
    header = reg.detect_header(grid)
    assert header == 2
    frame = reg.with_header(grid, header)
    assert list(frame.columns) == ["No.", "Name", "Pays / Country", "_line"]
    assert frame["_line"].tolist()[0] == 4
    assert reg.detect_delegation_column(frame, *indexes) == "Pays / Country"


def test_distinct_delegations_resolve_with_suggestions(indexes):
    frame = reg.with_header(reg.read_grid("list.xlsx", xlsx(LIST)), 2)
    found = reg.delegations(frame, "Pays / Country", *indexes).set_index("text")
    assert list(found.index) == ["Chine", "France", "france", "INTERPOL", "Frnace"]
    assert found.loc["Chine", "code"] == "CHN" and found.loc["Chine", "kind"] == "country"
    assert found.loc["INTERPOL", "kind"] == "organisation"
    assert found.loc["France", "rows"] == 1 and found.loc["france", "code"] == "FRA"
    assert found.loc["Frnace", "code"] is None
    assert "FRA" in found.loc["Frnace", "suggestions"]
    assert found.loc["Frnace", "first_line"] == 8


def test_rows_from_reviewed_choices_are_distinct_and_leave_out_what_was_left_out(indexes):
    frame = reg.with_header(reg.read_grid("list.xlsx", xlsx(LIST)), 2)
    found = reg.delegations(frame, "Pays / Country", *indexes)
    problems = reg.unresolved_problems(found, {}, "list.xlsx", "Pays / Country")
    assert len(problems) == 1
    assert "row 8" in problems[0].message() and "did you mean" in problems[0].message()
    rows = reg.participation_rows(found, {"Frnace": "FRA", "Chine": None}, indexes[0],
                                  event_id="e1", role="participant", mode="in_person",
                                  source_id="s1")  # fmt: skip
    assert [(r["iso3"], r["org_id"]) for r in rows] == [("FRA", None), (None, "interpol")]
    assert not reg.unresolved_problems(found, {"Frnace": None}, "list.xlsx", "c")


def test_the_template_reads_back_with_its_delegation_column(indexes):
    grid = reg.read_grid("template.xlsx", reg.template_bytes())
    frame = reg.with_header(grid, reg.detect_header(grid))
    assert reg.detect_delegation_column(frame, *indexes) == "delegation"
