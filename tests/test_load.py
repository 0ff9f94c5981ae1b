"""The loader: one small bad file per failure mode, each reported with file, row and column."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopstats.errors import DataError
from coopstats.load import Tables, dataset_version, load_tables, read_table
from coopstats.schema import Figure, Source, columns
from coopstats.settings import BUNDLED_DATA_DIR
from datafactory import csv_text, valid_rows, write_folder


def messages(data: Path) -> list[str]:
    """Every problem message raised when loading `data` (fails when it loads)."""
    with pytest.raises(DataError) as caught:
        load_tables(data)
    return [p.message() for p in caught.value.problems]


def with_row(table: str, index: int, /, **changes: str):
    rows = valid_rows()
    rows[table][index] = {**rows[table][index], **changes}
    return rows


def test_valid_folder_loads_with_typed_and_derived_columns(tmp_path):
    tables = load_tables(write_folder(tmp_path))
    assert isinstance(tables, Tables)
    assert tables.warnings == ()
    assert tables.figures["value"].dtype == "Int64"
    assert tables.events["edition_number"].dtype == "Int64"
    assert tables.sources["is_mirror"].tolist() == [False, False, True]
    assert tables.countries["lat"].dtype == "float64"
    events = tables.events.set_index("event_id")
    assert events["year"].tolist() == [2023, 2024, 2023]
    assert events.loc["forum-2024", "start"] == pd.Timestamp("2024-09-01")
    assert events.loc["forum-2023", "end"] == pd.Timestamp("2023-09-12")
    assert pd.isna(events.loc["forum-2024", "end"])
    assert events["edition_id"].tolist() == ["forum-2023", "forum-2024", "forum-2023"]
    taking_part = tables.participations
    assert taking_part["participant_id"].tolist() == ["CHN", "FRA", "HKG", "interpol", "FRA"]
    assert taking_part["participant_type"].tolist() == [
        "country",
        "country",
        "territory",
        "organisation",
        "country",
    ]
    assert taking_part["notes"].isna().all()  # empty cells are missing, not ""
    assert tables.figures["quote"].iloc[1] == 'more than 100 countries, "and more"'


def test_unknown_qualifier_reads_like_a_sentence_with_a_suggestion(tmp_path):
    data = write_folder(tmp_path, with_row("figures.csv", 1, qualifier="over"))
    expected = (
        "figures.csv row 3, column qualifier: unknown qualifier: got 'over'; expected one of: "
        "exact, more_than, at_least, about, nearly, up_to. Hint: did you mean 'more_than'?"
    )
    with pytest.raises(DataError, match=re.escape(expected)):
        load_tables(data)


def test_misspelt_vocabulary_code_is_suggested(tmp_path):
    data = write_folder(tmp_path, with_row("figures.csv", 0, metric="countrys"))
    with pytest.raises(DataError, match=r"row 2, column metric: unknown metric.*'countries'"):
        load_tables(data)


def test_missing_column_lists_the_header(tmp_path):
    data = write_folder(tmp_path)
    rows = valid_rows()["figures.csv"]
    header = [c for c in columns(Figure) if c != "status"]
    (data / "figures.csv").write_text(csv_text("figures.csv", rows, header))
    with pytest.raises(
        DataError,
        match=r"figures.csv row 1, column status: missing column.*"
        r"Hint: the header row must name these columns: figure_id, event_id",
    ):
        load_tables(data)


def test_unexpected_column_suggests_the_closest_name(tmp_path):
    data = write_folder(tmp_path)
    rows = [{**row, "qualifer": row["qualifier"]} for row in valid_rows()["figures.csv"]]
    header = [c if c != "qualifier" else "qualifer" for c in columns(Figure)]
    (data / "figures.csv").write_text(csv_text("figures.csv", rows, header))
    found = messages(data)
    assert any(
        "column qualifer: unexpected column. Hint: did you mean 'qualifier'?" in m for m in found
    )
    assert any("column qualifier: missing column" in m for m in found)


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("-3", r"row 2, column value: negative number: got -3; expected 0 or more"),
        ("1.5", r"row 2, column value: not a whole number: got '1.5'; expected a whole number"),
        ("240.0", r"column value: not a whole number: got '240.0'.*Hint: write 240"),
        ("many", r"row 2, column value: not a whole number: got 'many'"),
        ("", r"row 2, column value: missing value; expected a value"),
    ],
)
def test_bad_values_in_a_number_column(tmp_path, value, pattern):
    data = write_folder(tmp_path, with_row("figures.csv", 0, value=value))
    with pytest.raises(DataError, match=pattern):
        load_tables(data)


def test_negative_and_non_integer_values_are_both_reported(tmp_path):
    rows = with_row("figures.csv", 0, value="-3")
    rows["figures.csv"][2]["value"] = "abc"
    found = messages(write_folder(tmp_path, rows))
    assert any("row 2, column value: negative number" in m for m in found)
    assert any("row 4, column value: not a whole number" in m for m in found)


def test_boolean_column_accepts_only_true_or_false(tmp_path):
    """Regression: a plain cast would read 'False' and 'maybe' as True."""
    data = write_folder(tmp_path, with_row("sources.csv", 0, is_mirror="False"))
    assert not load_tables(data).sources["is_mirror"].iloc[0]
    data = write_folder(tmp_path, with_row("sources.csv", 0, is_mirror="maybe"))
    with pytest.raises(DataError, match=r"sources.csv row 2, column is_mirror: not true or false"):
        load_tables(data)


def test_duplicate_key_names_the_first_use(tmp_path):
    data = write_folder(tmp_path, with_row("figures.csv", 2, figure_id="f1"))
    found = messages(data)
    assert found == [
        "figures.csv row 4, column figure_id: duplicate figure_id: got 'f1'; expected a value "
        "not used above. Hint: already used on row 2"
    ]


@pytest.mark.parametrize(
    ("column", "value", "pattern"),
    [
        ("host_iso3", "chn", r"column host_iso3: not an ISO-3 code: got 'chn'.*did you mean 'CHN'"),
        ("start_date", "11/09/2023", r"column start_date: not a date.*YYYY-MM-DD, YYYY-MM or YYYY"),
        ("event_id", "Forum 2023", r"column event_id: not a valid id"),
    ],
)
def test_badly_formed_values_are_described_without_regexes(tmp_path, column, value, pattern):
    data = write_folder(tmp_path, with_row("events.csv", 0, **{column: value}))
    with pytest.raises(DataError, match=pattern):
        load_tables(data)


def test_empty_file(tmp_path):
    data = write_folder(tmp_path)
    (data / "series.csv").write_bytes(b"")
    with pytest.raises(
        DataError,
        match=r"series.csv: is empty. Hint: the file needs a header "
        r"row: series_id,name,short_name",
    ):
        load_tables(data)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_file_is_refused_with_a_hint(tmp_path, encoding):
    data = write_folder(tmp_path)
    text = csv_text("series.csv", valid_rows()["series.csv"])
    (data / "series.csv").write_bytes(text.encode(encoding))
    with pytest.raises(DataError, match=r"series.csv: is saved as UTF-16.*re-save it as UTF-8"):
        load_tables(data)


def test_windows_1256_file_names_the_row(tmp_path):
    rows = valid_rows()
    first = {**rows["organisations.csv"][0], "name_ar": "", "name_zh": ""}
    rows["organisations.csv"] = [
        first,
        {**first, "org_id": "unodc", "name_ar": "مكتب الأمم المتحدة المعني بالمخدرات والجريمة"},
    ]
    data = write_folder(tmp_path, rows)
    path = data / "organisations.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1256"))
    with pytest.raises(
        DataError,
        match=r"organisations.csv row 3: is not UTF-8: byte .* at byte "
        r"offset \d+ .*Windows-1256 \(Arabic\).*re-save it as UTF-8",
    ):
        load_tables(data)


def test_latin1_file_names_the_row(tmp_path):
    data = write_folder(tmp_path, with_row("series.csv", 0, name="Forum de coopération"))
    path = data / "series.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(DataError, match=r"series.csv row 2: is not UTF-8.*Windows-1252"):
        load_tables(data)


def test_utf8_bom_is_tolerated_with_a_warning(tmp_path):
    data = write_folder(tmp_path)
    path = data / "series.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    tables = load_tables(data)
    assert tables.series["series_id"].tolist() == ["forum"]
    [warning] = tables.warnings
    assert warning.severity == "warning"
    assert warning.message().startswith("series.csv: starts with a UTF-8 byte-order mark")


def test_ragged_rows_are_reported_with_their_line(tmp_path):
    data = write_folder(tmp_path)
    path = data / "participations.csv"
    lines = path.read_text().splitlines()
    lines[2] += ",extra"
    lines[4] = "forum-2023,FRA"
    path.write_text("\n".join(lines) + "\n")
    found = messages(data)
    assert found[0] == (
        "participations.csv row 3: row has 9 fields: got 'forum-2023,FRA,,participant,in_person,"
        ",src-a,,extra'; expected 8 fields, one per column. Hint: put a value that holds a comma "
        "in double quotes"
    )
    assert found[1].startswith("participations.csv row 5: row has 2 fields")


def test_rows_are_editor_lines_after_blank_lines_and_multiline_values(tmp_path):
    rows = with_row("figures.csv", 0, quote="first line\nsecond line")
    rows["figures.csv"][2]["qualifier"] = "over"
    data = write_folder(tmp_path, rows)
    path = data / "figures.csv"
    path.write_text(path.read_text().replace("\nf2,", "\n\nf2,"))
    # header 1, f1 on lines 2-3, a blank line 4, f2 on 5, f3 on 6
    with pytest.raises(DataError, match=r"figures.csv row 6, column qualifier: unknown"):
        load_tables(data)


def test_missing_file(tmp_path):
    data = write_folder(tmp_path)
    (data / "figures.csv").unlink()
    with pytest.raises(DataError, match=r"figures.csv: file not found.*Hint: create it"):
        load_tables(data)


def test_missing_folder(tmp_path):
    with pytest.raises(DataError, match=r"data folder not found"):
        load_tables(tmp_path / "nowhere")


def test_all_problems_of_all_files_are_reported_together(tmp_path):
    data = write_folder(tmp_path, with_row("figures.csv", 1, qualifier="over"))
    (data / "series.csv").write_bytes(b"")
    with pytest.raises(DataError, match=r"^2 problems; first: ") as caught:
        load_tables(data)
    assert [p.file for p in caught.value.errors] == ["series.csv", "figures.csv"]


def test_a_file_with_errors_does_not_add_echoes_from_other_tables(tmp_path):
    # Unreadable events must not make every figure an "unknown event_id".
    data = write_folder(tmp_path)
    (data / "events.csv").write_bytes(b"")
    found = messages(data)
    assert len(found) == 1


def test_reference_tables_come_from_another_folder(tmp_path):
    data = write_folder(tmp_path)
    (tmp_path / "other").mkdir()
    (data / "reference").rename(tmp_path / "other" / "reference")
    # the data folder that holds reference/, or the reference folder itself
    assert len(load_tables(data, reference_dir=tmp_path / "other").countries) == 4
    assert len(load_tables(data, reference_dir=tmp_path / "other" / "reference").countries) == 4


def test_read_table_returns_frame_and_problems(tmp_path):
    path = write_folder(tmp_path) / "sources.csv"
    frame, problems = read_table(path, Source)
    assert problems == []
    assert frame.columns.tolist() == columns(Source)
    path.write_text(path.read_text().replace("2024-05-01", "2024-5-1", 1))
    frame, problems = read_table(path, Source)
    assert frame.empty
    assert [(p.file, p.row, p.column) for p in problems] == [("sources.csv", 2, "accessed_date")]


def test_dataset_version_follows_content(tmp_path):
    data = write_folder(tmp_path)
    version = dataset_version(data)
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    assert dataset_version(data) == version
    (data / "notes.txt").write_text("not data")
    assert dataset_version(data) == version
    (data / "datapackage.json").write_text("{}")
    assert dataset_version(data) != version


@pytest.mark.skipif(
    not (BUNDLED_DATA_DIR / "events.csv").exists(), reason="bundled data not written yet"
)
def test_bundled_data_loads():
    tables = load_tables(BUNDLED_DATA_DIR)
    assert not tables.events.empty
    assert all(p.severity == "warning" for p in tables.warnings)


@pytest.mark.parametrize(
    ("table", "column", "value", "suggestion"),
    [
        ("events.csv", "kind", "sub-forum", "sub_forum"),
        ("figures.csv", "qualifier", "More than", "more_than"),
        ("figures.csv", "qualifier", "~", "about"),
        ("participations.csv", "role", "co-chair", "co_chair"),
    ],
)
def test_vocabulary_labels_and_signs_point_to_their_code(
    tmp_path, table, column, value, suggestion
):
    data = write_folder(tmp_path, with_row(table, 0, **{column: value}))
    with pytest.raises(DataError, match=f"did you mean '{suggestion}'"):
        load_tables(data)


def test_duplicate_and_unnamed_header_columns(tmp_path):
    data = write_folder(tmp_path)
    path = data / "series.csv"
    lines = path.read_text().splitlines()
    path.write_text(f"{lines[0]},notes,\n{lines[1]},x,\n")
    found = messages(data)
    assert "series.csv row 1, column notes: column appears twice. Hint: delete one" in found
    assert any(m.startswith("series.csv row 1: column 10 has no name") for m in found)


def test_unclosed_quote(tmp_path):
    data = write_folder(tmp_path)
    path = data / "series.csv"
    path.write_text(path.read_text().replace("Example Forum", '"Example Forum'))
    with pytest.raises(DataError, match=r"series.csv row 2: row has \d+ fields.*a quote is not"):
        load_tables(data)


def test_windows_line_endings_keep_row_numbers(tmp_path):
    data = write_folder(tmp_path, with_row("figures.csv", 2, value="-1"))
    path = data / "figures.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(DataError, match=r"figures.csv row 4, column value: negative number"):
        load_tables(data)


def test_bad_number_in_a_float_column(tmp_path):
    rows = valid_rows()
    rows["reference/countries.csv"][1]["lat"] = "north"
    with pytest.raises(DataError, match=r"reference/countries.csv row 3, column lat: not a number"):
        load_tables(write_folder(tmp_path, rows))


_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters=',"\n'),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(quote=_TEXT, value=st.integers(min_value=0, max_value=10**12))
def test_values_round_trip_through_csv(tmp_path, quote, value):
    path = tmp_path / "figures.csv"
    row = {**valid_rows()["figures.csv"][0], "quote": quote, "value": str(value)}
    path.write_text(csv_text("figures.csv", [row]), encoding="utf-8")
    frame, problems = read_table(path, Figure)
    assert problems == []
    assert frame["quote"].iloc[0] == quote
    assert frame["value"].iloc[0] == value


def test_tables_with_a_header_and_no_rows_load(tmp_path):
    rows = valid_rows()
    for name in ("figures.csv", "participations.csv", "organisations.csv"):
        rows[name] = []
    tables = load_tables(write_folder(tmp_path, rows))
    assert tables.figures.empty
    assert tables.figures["value"].dtype == "Int64"
    assert tables.participations.columns[-2:].tolist() == ["participant_id", "participant_type"]


def test_semicolon_separated_file(tmp_path):
    data = write_folder(tmp_path)
    path = data / "series.csv"
    path.write_text(path.read_text().replace(",", ";"))
    found = messages(data)
    assert found == [
        "series.csv row 1: values are separated by ';', not by commas. Hint: save the file as "
        "CSV with commas (CSV UTF-8 in Excel)"
    ]


def test_duplicate_compound_key_is_one_problem_per_row(tmp_path):
    rows = valid_rows()
    rows["reference/cities.csv"].append({**rows["reference/cities.csv"][1], "lat": "45.8"})
    found = messages(write_folder(tmp_path, rows))
    assert found == [
        "reference/cities.csv row 4, column city: duplicate city and iso3: got 'Lyon'; expected "
        "a value not used above. Hint: already used on row 3"
    ]
